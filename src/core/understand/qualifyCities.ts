import { normalizeText, tokenize } from '../normalize';
import type { KnowledgeBase } from '../schema';
import { PhraseIndex, type Span } from './entities';
import type { PlacesFound } from './findPlaces';

/** A country or state named right after a city ("Kansas City, Missouri"). */
interface Qualifier {
  readonly country: string;
  /** The state's folded English name, for a subdivision. */
  readonly state: string | null;
  /** A two-letter code: counts only when written in capitals. */
  readonly code: string | null;
}

export interface CityQualifiers {
  readonly index: PhraseIndex<Qualifier>;
  /** Profile id -> its country id and folded state name. */
  readonly homes: ReadonlyMap<string, { country: string | null; state: string | null }>;
}

/** Words that may stand between a city and its state or country. */
const JOINERS = new Set(['de', 'del', 'in', 'en']);

const fold = (text: string): string => tokenize(normalizeText(text)).join(' ');

/** Builds the index of countries and states that can qualify a city's name. */
export function buildCityQualifiers(kb: KnowledgeBase): CityQualifiers {
  const index = new PhraseIndex<Qualifier>();
  const places = kb.places;
  for (const country of places?.countries ?? []) {
    for (const name of [country.name.en, country.name.es, ...country.labels]) {
      const words = tokenize(normalizeText(name));
      // Short codes ("US", "UK") are ordinary words too often ("us"): not qualifiers.
      // An abbreviation ("USA") is also a word ("¿... México usa más ...?": uses): it
      // counts written in capitals or after a comma, like a state's code.
      const isAbbreviation = /^[A-Z]{3}$/.test(name);
      if (words.join('').length > 2)
        index.add(words, { country: country.id, state: null, code: isAbbreviation ? name : null });
    }
  }
  for (const sub of places?.subdivisions ?? []) {
    const state = fold(sub.names[0] ?? '');
    for (const name of sub.names) {
      const isCode = /^[A-Z]{2}$/.test(name);
      index.add(tokenize(normalizeText(name)), {
        country: sub.country,
        state,
        code: isCode ? name : null,
      });
    }
  }
  const homes = new Map(
    kb.profiles.map((p) => [
      p.id,
      { country: p.countryId ?? null, state: p.state ? fold(p.state.en) : null },
    ]),
  );
  return { index, homes };
}

const title = (words: readonly string[]): string =>
  words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

/**
 * Step: a country or state right after a city's name tells namesakes apart. When it
 * is the profile city's own ("Saltillo, Mexico", "Aurora, Illinois") it is consumed,
 * so it names no second city; when it is another ("San José, Costa Rica", "Kansas
 * City, Missouri") the place is a city without a profile.
 */
export function qualifyCities(
  places: PlacesFound,
  raw: readonly string[],
  original: string,
  qualifiers: CityQualifiers,
): PlacesFound {
  const consumed: Span[] = [];
  const kept: Array<Span & { value: string }> = [];
  const vetoed: Span[] = [];
  let unknownCity = places.unknownCity;
  let isUnknownFromQualifier = false;
  for (const span of places.citySpans) {
    if (consumed.some((c) => span.start >= c.start && span.start < c.end)) continue;
    // "San José, Costa Rica", "San José de Costa Rica", "Aurora in Colorado".
    const at = JOINERS.has(raw[span.end] ?? '') ? span.end + 1 : span.end;
    const hit = qualifiers.index.matchesAt(raw, at).find(
      (q) =>
        q.value.code === null ||
        new RegExp(`\\b${q.value.code}\\b`).test(original) ||
        // A country's abbreviation after a comma ("Aurora, usa"); a state's two letters
        // after a comma are a word as often ("de la cdmx, va").
        (q.value.code.length === 3 && new RegExp(`,\\s*${q.value.code}\\b`, 'i').test(original)),
    );
    const home = qualifiers.homes.get(span.value);
    if (!hit || !home) {
      kept.push(span);
      continue;
    }
    const q = hit.value;
    const isHome = q.country === home.country && (q.state === null || q.state === home.state);
    consumed.push({ start: span.end, end: hit.end });
    if (isHome) kept.push(span);
    else vetoed.push({ start: span.start, end: hit.end });
    if (!isHome && !isUnknownFromQualifier) {
      unknownCity = `${title(raw.slice(span.start, span.end))}, ${title(raw.slice(at, hit.end))}`;
      isUnknownFromQualifier = true;
    }
  }
  if (consumed.length === 0) return places;
  const outside = (s: Span): boolean => !consumed.some((c) => s.start < c.end && s.end > c.start);
  const placeSpans = places.placeSpans.filter(outside);
  // A place that was only the qualifier ("Costa Rica" after "San José") is no other place.
  if (!isUnknownFromQualifier && places.unknownCity && placeSpans.length < places.placeSpans.length)
    unknownCity = placeSpans[0]?.value ?? null;
  return { citySpans: kept.filter(outside), placeSpans, unknownCity, vetoed };
}
