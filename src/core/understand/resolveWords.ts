import type { CoreSettings } from '../defaults';
import type { CompiledLexicon } from '../lexicon';
import { stemWord } from '../normalize';
import type { Vocabulary } from '../vocabulary';
import type { Span } from './entities';
import { inSpans } from './findPlaces';
import type { QueryTerm, TopicIndex } from './scoreTopics';

/** A word of the question after correction, with how much it is trusted. */
export interface ResolvedWord {
  readonly word: string;
  readonly weight: number;
  readonly isCorrected: boolean;
}

/**
 * Step 2: words: known, shouted ("hiii"), misspelt (corrected, weighed less) or
 * unknown. Place names and numbers are kept as typed. `allowRealWords` lets ordinary
 * words be read as typos ("major" for "mayor"): only the second pass asks for it.
 * At most `maxCorrectionsPerQuestion` words are corrected, and words longer than
 * `maxTypoWordLength` never are: fuzzy search is the costly part.
 */
export function resolveWords(
  raw: readonly string[],
  protectedSpans: readonly Span[],
  vocabulary: Vocabulary,
  lexicon: CompiledLexicon,
  settings: Pick<
    CoreSettings,
    'correctedWordWeight' | 'maxCorrectionsPerQuestion' | 'maxTypoWordLength' | 'pronounWordWeight'
  >,
  allowRealWords: boolean,
  /** Words put in for a pronoun ("his team" -> "the lead innovation officer team"): not typed, they weigh less. */
  standIns: readonly Span[] = [],
): ResolvedWord[] {
  let corrections = 0;
  return raw.map((word, i) => {
    if (inSpans(standIns, i))
      return { word, weight: settings.pronounWordWeight, isCorrected: false };
    if (
      inSpans(protectedSpans, i) ||
      lexicon.stopwords.has(word) ||
      vocabulary.words.has(word) ||
      /^\d+$/.test(word) ||
      word.length > settings.maxTypoWordLength ||
      corrections >= settings.maxCorrectionsPerQuestion
    )
      return { word, weight: 1, isCorrected: false };
    corrections += 1;
    const fixed = vocabulary.correct(word, allowRealWords);
    return fixed
      ? { word: fixed, weight: settings.correctedWordWeight, isCorrected: true }
      : { word, weight: 1, isCorrected: false };
  });
}

/** Content terms for the topic scorer, and every content stem in order. */
export interface ContentTerms {
  readonly terms: readonly QueryTerm[];
  readonly stems: readonly string[];
}

/**
 * Step 3: content terms: no stopwords, no place names, no numbers. A word the topics
 * never use is replaced by a known word of its family ("populous" -> "population");
 * a generic word ("think", "parece") weighs little.
 */
export function contentTerms(
  resolved: readonly ResolvedWord[],
  skipSpans: readonly Span[],
  topics: TopicIndex,
  lexicon: CompiledLexicon,
  settings: Pick<CoreSettings, 'correctedWordWeight' | 'genericWordWeight'>,
): ContentTerms {
  const terms: QueryTerm[] = [];
  const stems: string[] = [];
  resolved.forEach((r, i) => {
    if (lexicon.stopwords.has(r.word) || inSpans(skipSpans, i) || /^\d+$/.test(r.word)) return;
    const stem = stemWord(r.word);
    stems.push(stem);
    if (topics.idf.has(stem)) {
      terms.push({ stem, weight: r.weight });
      return;
    }
    const family = topics.nearestStem(stem);
    if (family) terms.push({ stem: family, weight: r.weight * settings.correctedWordWeight });
    else
      terms.push({
        stem,
        weight: lexicon.genericWords.has(r.word) ? settings.genericWordWeight : r.weight,
      });
  });
  return { terms, stems };
}
