import type { CompiledLexicon } from '../lexicon';
import {
  findCapitalisedPlace,
  isWrittenCapitalised,
  type EntityIndex,
  type Span,
} from './entities';

/** The places a question names, found on its words as typed. */
export interface PlacesFound {
  /** Spans of cities that have a profile (aliases, names). */
  readonly citySpans: ReadonlyArray<Span & { value: string }>;
  /** Spans of places without a profile. */
  readonly placeSpans: ReadonlyArray<Span & { value: string }>;
  /** The first place without a profile, as written. */
  readonly unknownCity: string | null;
  /** Profile-city names that a qualifier showed to be namesakes ("Kansas City, Missouri"). */
  readonly vetoed?: readonly Span[];
}

export function inSpans(spans: readonly Span[], i: number): boolean {
  return spans.some((s) => i >= s.start && i < s.end);
}

/**
 * Step 1: places, on the words as typed (a typo fixer must not turn "Lima" into a known
 * word). A longer place name wins over a profile alias inside it ("New Mexico" is not
 * "Mexico"); a one-word minor place counts only when written with a capital, after a
 * preposition, or as a long name opening the question.
 */
export function findPlaces(
  raw: readonly string[],
  original: string,
  entities: EntityIndex,
  lexicon: CompiledLexicon,
  minOpeningPlaceLength: number,
  isDictionaryWord?: (word: string) => boolean,
): PlacesFound {
  const majorSpans = entities.places.findAll(raw);
  const citySpans = entities.cities
    .findAll(raw)
    .filter(
      (c) =>
        !majorSpans.some(
          (p) => p.start <= c.start && p.end >= c.end && p.end - p.start > c.end - c.start,
        ),
    );
  const minorSpans = entities.minorPlaces
    .findAll(raw, (i) => inSpans(citySpans, i) || inSpans(majorSpans, i))
    .filter(
      (s) =>
        isWrittenCapitalised(original, s.value) ||
        lexicon.placePrepositions.has(raw[s.start - 1] ?? '') ||
        // "villahermosa cuanta gente tiene": a long name opening the question is its subject.
        (s.start === 0 &&
          s.value.length >= minOpeningPlaceLength &&
          !isDictionaryWord?.(raw[0] ?? '')),
    );
  const placeSpans = [...majorSpans, ...minorSpans].sort((a, b) => a.start - b.start);
  let unknownCity = placeSpans[0]?.value ?? null;
  if (!unknownCity) {
    const covered = new Set(citySpans.map((s) => raw.slice(s.start, s.end).join(' ')));
    unknownCity = findCapitalisedPlace(original, entities, covered);
  }
  return { citySpans, placeSpans, unknownCity };
}
