import { findPhrase, hasPhrase, phraseAt, type CompiledLexicon, type Phrase } from '../lexicon';

/** How a question asks: what shape its direct answer takes. */
export type FormKind = 'yesno' | 'count' | 'when' | 'why' | 'open';

/** A comparison with a number the question makes ("more than 100", "before 2020"). */
export interface Comparison {
  readonly op: 'more' | 'less' | 'before' | 'after' | 'equal';
  readonly value: number;
}

export interface QuestionForm {
  readonly kind: FormKind;
  /** "which areas don't have enough data", "what isn't funded": the complement is asked. */
  readonly isNegated: boolean;
  readonly comparison: Comparison | null;
}

export const OPEN_FORM: QuestionForm = Object.freeze({
  kind: 'open',
  isNegated: false,
  comparison: null,
});

const NUMBER = /^\d+$/;

function numberAfter(words: readonly string[], cues: readonly Phrase[]): number | null {
  for (let i = 0; i < words.length; i += 1) {
    const n = phraseAt(words, cues, i);
    if (n === 0) continue;
    // "more than 100", "before the 2020 survey", "más de 100 empleados".
    for (let k = i + n; k < Math.min(words.length, i + n + 3); k += 1)
      if (NUMBER.test(words[k] ?? '')) return Number(words[k]);
  }
  return null;
}

function comparisonOf(words: readonly string[], lexicon: CompiledLexicon): Comparison | null {
  const table: ReadonlyArray<readonly [Comparison['op'], readonly Phrase[]]> = [
    ['more', lexicon.moreCues],
    ['less', lexicon.lessCues],
    ['before', lexicon.beforeCues],
    ['after', lexicon.afterCues],
  ];
  for (const [op, cues] of table) {
    const value = numberAfter(words, cues);
    if (value !== null) return { op, value };
  }
  const bare = words.find((w) => NUMBER.test(w));
  return bare === undefined ? null : { op: 'equal', value: Number(bare) };
}

/**
 * Step 6: the form of a question, from its words (fillers already dropped): yes/no
 * (an English auxiliary opening it; in Spanish, a question with no question word and a
 * verb of being or having near its start), a count, a date, a reason, or open; whether
 * it is negated; and any comparison with a number.
 */
export function questionForm(
  words: readonly string[],
  original: string,
  lexicon: CompiledLexicon,
  esVerbWindow: number,
): QuestionForm {
  if (words.length === 0) return OPEN_FORM;
  const isNegated = hasPhrase(words, lexicon.negationCues);
  const comparison = comparisonOf(words, lexicon);
  const base = { isNegated, comparison };
  if (hasPhrase(words, lexicon.whyCues) && findPhrase(words, lexicon.whyCues) === 0)
    return { kind: 'why', ...base };
  if (hasPhrase(words, lexicon.countCues)) return { kind: 'count', ...base };
  if (hasPhrase(words, lexicon.whenCues)) return { kind: 'when', ...base };
  if (phraseAt(words, lexicon.yesNoOpeners.en) > 0) return { kind: 'yesno', ...base };
  const hasEsQuestionWord = hasPhrase(words, lexicon.questionWordsEs);
  const esVerb = findPhrase(words, lexicon.yesNoOpeners.es);
  const isQuestion = /[?¿]/.test(original);
  if (!hasEsQuestionWord && esVerb >= 0 && (esVerb === 0 || (isQuestion && esVerb < esVerbWindow)))
    return { kind: 'yesno', ...base };
  return { kind: 'open', ...base };
}
