import type { CoreSettings } from '../defaults';
import { lexiconOf } from '../lexicon';
import { normalizeText, stemWord, tokenize } from '../normalize';
import type { KnowledgeBase } from '../schema';
import type { Vocabulary } from '../vocabulary';

/** A place name from a gazetteer (a package's list of world cities and countries). */
export interface Place {
  readonly name: string;
  /** People living there; unknown for curated names. */
  readonly population?: number;
}

/** A run of words in the question: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

interface PhraseEntry<T> {
  readonly words: readonly string[];
  readonly value: T;
}

/** Phrases indexed by first word; longest phrases are tried first. */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<PhraseEntry<T>>>();

  add(words: readonly string[], value: T): void {
    const first = words[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(first, list);
  }

  /** Every phrase that matches starting at word `i` (overlaps allowed). */
  matchesAt(words: readonly string[], i: number): Array<{ end: number; value: T }> {
    const candidates = this.byFirst.get(words[i] ?? '') ?? [];
    return candidates
      .filter((c) => c.words.every((w, k) => words[i + k] === w))
      .map((c) => ({ end: i + c.words.length, value: c.value }));
  }

  /** Every non-overlapping match, left to right, longest first at each position. */
  findAll(words: readonly string[], skip?: (index: number) => boolean): Array<Span & { value: T }> {
    const found: Array<Span & { value: T }> = [];
    let i = 0;
    while (i < words.length) {
      const candidates = skip?.(i) ? undefined : this.byFirst.get(words[i] ?? '');
      const hit = candidates?.find((c) =>
        c.words.every((w, k) => words[i + k] === w && !skip?.(i + k)),
      );
      if (hit) {
        found.push({ start: i, end: i + hit.words.length, value: hit.value });
        i += hit.words.length;
      } else {
        i += 1;
      }
    }
    return found;
  }
}

export interface EntityIndex {
  readonly cities: PhraseIndex<string>;
  readonly places: PhraseIndex<string>;
  /** One-word places that count only when capitalised in the question. */
  readonly minorPlaces: PhraseIndex<string>;
  /** Policy areas over content stems (stopwords removed, stemmed). */
  readonly areas: PhraseIndex<string>;
  /** Words that can never be the start of an unknown place name. */
  readonly knownWords: ReadonlySet<string>;
  /** Places that are also ordinary words here: places only when capitalised after "of", "in"... */
  readonly ambiguousPlaces: ReadonlySet<string>;
  readonly stopwords: ReadonlySet<string>;
}

/** Stems of the content words of a text, in order. */
export function contentStems(text: string, stopwords: ReadonlySet<string>): string[] {
  return tokenize(normalizeText(text))
    .filter((w) => !stopwords.has(w))
    .map(stemWord);
}

/**
 * Builds the indexes that find cities with a profile, places without one (from the
 * gazetteer, minus names that are ordinary words of this domain) and policy areas.
 */
export function buildEntityIndex(
  kb: KnowledgeBase,
  vocabulary: Vocabulary,
  gazetteer: readonly Place[],
  settings: Pick<CoreSettings, 'capitalRequiredBelow'>,
): EntityIndex {
  const { stopwords } = lexiconOf(kb);
  const isStopword = (word: string): boolean => stopwords.has(word);
  const capitalRequiredBelow = settings.capitalRequiredBelow;
  const cities = new PhraseIndex<string>();
  const aliasKeys = new Set<string>();
  for (const entry of kb.cityAliases.cities) {
    for (const alias of entry.aliases) {
      const words = tokenize(normalizeText(alias));
      cities.add(words, entry.city);
      aliasKeys.add(words.join(' '));
    }
  }
  for (const profile of kb.profiles) {
    for (const name of [profile.name.en, profile.name.es]) {
      const words = tokenize(normalizeText(name));
      cities.add(words, profile.id);
      aliasKeys.add(words.join(' '));
    }
  }

  const notPlaces = new Set(kb.cityAliases.notPlaces.map((n) => normalizeText(n)));
  // notPlaces only stop the gazetteer's reading of an ordinary word; a capitalised
  // "Reading" after "of" is still a place (see findCapitalisedPlace).
  const knownWords = new Set<string>([
    ...vocabulary.words,
    'spanish',
    'english',
    'espanol',
    'ingles',
  ]);
  const places = new PhraseIndex<string>();
  const minorPlaces = new PhraseIndex<string>();
  const seen = new Set<string>();
  const addPlace = (name: string, isCurated: boolean, population = 0): void => {
    const words = tokenize(normalizeText(name));
    const key = words.join(' ');
    if (words.length === 0 || seen.has(key) || aliasKeys.has(key) || notPlaces.has(key)) return;
    if (!isCurated) {
      if (words.length === 1 && key.length < 4) return;
      // A name made only of words this domain uses ("Mobile", "Police") is no evidence of a place.
      if (words.every((w) => knownWords.has(w) || notPlaces.has(w) || isStopword(w))) return;
    }
    seen.add(key);
    const isMinor = !isCurated && words.length === 1 && population < capitalRequiredBelow;
    (isMinor ? minorPlaces : places).add(words, name);
  };
  kb.cityAliases.otherPlaces.forEach((p) => addPlace(p, true));
  // Larger places first, so a name shared by a big and a small place keeps the big one's tier.
  [...gazetteer]
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
    .forEach((p) => addPlace(p.name, false, p.population ?? capitalRequiredBelow));

  const areas = new PhraseIndex<string>();
  // Focus-only areas are not in the data-availability chart: no `policyArea` entity.
  for (const area of kb.policyAreas) {
    if (area.focusOnly) continue;
    for (const lang of ['en', 'es'] as const) {
      for (const text of [area.name[lang], ...area.synonyms[lang]]) {
        const stems = contentStems(text, stopwords);
        if (stems.length > 0) areas.add(stems, area.id);
      }
    }
  }
  return {
    cities,
    places,
    minorPlaces,
    areas,
    knownWords,
    ambiguousPlaces: notPlaces,
    stopwords,
  };
}

/** A dot with two letters after it ("Site.Com", "www.x"): place names have none ("St. Louis", "D.C."). */
const LINK_LIKE = /\.\p{L}{2}/u;

const PREPOSITION =
  /(?:^|\s)(?:in|of|for|at|from|en|de|del|para|desde)\s+(?:(?:la|el|los|las|the)\s+)?((?:[A-ZÁÉÍÓÚÑ][\p{L}'’.-]*)(?:\s+(?:de|del|la|las|los|el|of|the|do|da|sur|norte)?\s*[A-ZÁÉÍÓÚÑ][\p{L}'’.-]*)*)/gu;

/**
 * A place the gazetteer does not know, named the way people name places: a
 * capitalised name after "in", "of", "en", "de"... whose words this domain never uses.
 */
export function findCapitalisedPlace(
  original: string,
  index: EntityIndex,
  coveredText: ReadonlySet<string>,
): string | null {
  for (const match of original.matchAll(PREPOSITION)) {
    const name = (match[1] ?? '').replace(/[.’'-]+$/u, '').trim();
    // "Evil-Site.Com" is an address, not a place: repeated, channels would render it as a link.
    if (LINK_LIKE.test(name)) continue;
    const words = tokenize(normalizeText(name));
    if (words.length === 0) continue;
    if (coveredText.has(words.join(' '))) continue;
    if (index.ambiguousPlaces.has(words.join(' '))) return name;
    const content = words.filter((w) => !index.stopwords.has(w));
    if (content.length === 0 || content.some((w) => index.knownWords.has(w) || w.length < 3))
      continue;
    return name;
  }
  return null;
}

/** True when the question writes `name` with a capital first letter (accents ignored). */
export function isWrittenCapitalised(original: string, name: string): boolean {
  const fold = (t: string): string => t.normalize('NFKD').replace(/\p{M}+/gu, '');
  const target = fold(name);
  const text = fold(original);
  let from = text.toLowerCase().indexOf(target.toLowerCase());
  while (from >= 0) {
    const before = text.charAt(from - 1);
    const after = text.charAt(from + target.length);
    const isWord = !/\p{L}/u.test(before) && !/\p{L}/u.test(after);
    if (isWord && /\p{Lu}/u.test(text.charAt(from))) return true;
    from = text.toLowerCase().indexOf(target.toLowerCase(), from + 1);
  }
  return false;
}

const YEAR = /\b(19\d\d|20\d\d)\b/;

/** A survey year the question names, if any. */
export function findYear(normalized: string): number | null {
  const m = YEAR.exec(normalized);
  return m ? Number(m[1]) : null;
}
