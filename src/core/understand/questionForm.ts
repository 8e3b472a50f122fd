import { findPhrase, hasPhrase, phraseAt, type CompiledLexicon, type Phrase } from '../lexicon';
import { normalizeText, tokenize } from '../normalize';
import { readNumber } from './readNumber';

/** How a question asks: what shape its direct answer takes. */
export type FormKind = 'yesno' | 'count' | 'when' | 'why' | 'open';

/** A comparison with a number the question makes ("more than 100", "before 2020"). */
export interface Comparison {
  readonly op: 'more' | 'less' | 'atLeast' | 'atMost' | 'around' | 'before' | 'after' | 'equal';
  readonly value: number;
}

export interface QuestionForm {
  readonly kind: FormKind;
  /** "which areas don't have enough data", "what isn't funded": the complement is asked. */
  readonly isNegated: boolean;
  /** Two negations that cancel: "which areas are NOT short on data?" asks for the others. */
  readonly isDoubleNegated?: boolean;
  readonly comparison: Comparison | null;
}

export const OPEN_FORM: QuestionForm = Object.freeze({
  kind: 'open',
  isNegated: false,
  comparison: null,
});

function numberAfter(words: readonly string[], cues: readonly Phrase[]): number | null {
  for (let i = 0; i < words.length; i += 1) {
    const n = phraseAt(words, cues, i);
    if (n === 0) continue;
    // "more than 100", "before the 2020 survey", "más de 100 empleados", "over 20 million".
    for (let k = i + n; k < Math.min(words.length, i + n + 3); k += 1) {
      const found = readNumber(words, k, true);
      if (found) return found.value;
    }
  }
  return null;
}

function comparisonOf(words: readonly string[], lexicon: CompiledLexicon): Comparison | null {
  // "at least" before "more": "no less than 150" holds "less" inside it.
  const table: ReadonlyArray<readonly [Comparison['op'], readonly Phrase[]]> = [
    ['atLeast', lexicon.atLeastCues],
    ['atMost', lexicon.atMostCues],
    ['around', lexicon.aroundCues],
    ['more', lexicon.moreCues],
    ['less', lexicon.lessCues],
    ['before', lexicon.beforeCues],
    ['after', lexicon.afterCues],
  ];
  for (const [op, cues] of table) {
    const value = numberAfter(words, cues);
    if (value !== null) return { op, value };
  }
  for (let i = 0; i < words.length; i += 1) {
    const bare = readNumber(words, i);
    if (bare) return { op: 'equal', value: bare.value };
  }
  return null;
}

/** Accented Spanish question words as typed: "qué", "cómo" always ask. */
const ACCENTED_QUESTION_WORD =
  /(?<!\p{L})(?:qu[ée]|c[óo]mo|d[óo]nde|cu[áa]ndo|qui[ée]nes|qui[ée]n)(?!\p{L})/iu;
const ACCENTED = /[éóáí]/u;

/** English question words that open a question that is not yes/no. */
const EN_QUESTION_OPENER = /^(?:who|whom|whose|what|whats|which|where|wheres|how|hows)$/u;

/**
 * A Spanish question word that asks: any of them, except that the ones that are also
 * relatives or conjunctions ("los términos que más asocian", "como factor clave") ask only
 * when they open the question (after function words only: "en qué", "y cómo") or carry
 * their accent as typed.
 */
function hasSpanishQuestionWord(
  words: readonly string[],
  original: string,
  lexicon: CompiledLexicon,
): boolean {
  for (let i = 0; i < words.length; i += 1) {
    const n = phraseAt(words, lexicon.questionWordsEs, i);
    if (n === 0) continue;
    const word = words[i] ?? '';
    const opens = words.slice(0, i).every((w) => lexicon.stopwords.has(w));
    if (!lexicon.ambiguousQuestionWordsEs.has(word) || opens) return true;
  }
  const accented = ACCENTED_QUESTION_WORD.exec(original);
  return accented !== null && ACCENTED.test(accented[0]);
}

/** A Spanish verb: one of the lexicon's, or any word after a pronoun that stands only before one ("se paga"). */
function spanishVerbAt(words: readonly string[], lexicon: CompiledLexicon): number {
  const found = [
    findPhrase(words, lexicon.yesNoOpeners.es),
    findPhrase(words, lexicon.verbsEs),
  ].filter((i) => i >= 0);
  const listed = found.length > 0 ? Math.min(...found) : -1;
  const clitic = words.findIndex(
    (w, i) => lexicon.cliticsEs.has(w) && /^\p{L}{3,}$/u.test(words[i + 1] ?? ''),
  );
  if (listed < 0) return clitic;
  return clitic < 0 ? listed : Math.min(listed, clitic);
}

/**
 * Step 6: the form of a question, from its words (fillers already dropped): yes/no
 * (an English auxiliary opening it; "... or not" closing it; in Spanish, a verb opening
 * it, or a question with a verb and no question word), a count, a date, a reason, or
 * open; whether it is negated; and any comparison with a number.
 */
/** Words a closing "or not" / "o no" takes at the end of the question, or 0. */
function orNotLength(words: readonly string[], lexicon: CompiledLexicon): number {
  for (const cue of lexicon.orNotCues)
    if (cue.length <= words.length && phraseAt(words, [cue], words.length - cue.length) > 0)
      return cue.length;
  return 0;
}

/** True when the question closes with a tag that asks yes or no ("..., right?"). */
function closesWithTag(words: readonly string[], lexicon: CompiledLexicon): boolean {
  return lexicon.tagCues.some(
    (cue) => cue.length < words.length && phraseAt(words, [cue], words.length - cue.length) > 0,
  );
}

/** A year said alone ("2019?") names a date more often than it checks one. */
const isYear = (n: number): boolean => Number.isInteger(n) && n >= 1900 && n <= 2100;

function kindOf(
  words: readonly string[],
  original: string,
  lexicon: CompiledLexicon,
  closesWithOrNot: boolean,
  comparison: Comparison | null,
): FormKind {
  if (hasPhrase(words, lexicon.whyCues) && findPhrase(words, lexicon.whyCues) === 0) return 'why';
  if (hasPhrase(words, lexicon.countCues)) return 'count';
  if (hasPhrase(words, lexicon.whenCues)) return 'when';
  if (phraseAt(words, lexicon.yesNoOpeners.en) > 0) return 'yesno';
  // "who is the mayor of Aurora, USA?": an English question word opening it asks, whatever
  // Spanish verb a word spells ("usa").
  if (EN_QUESTION_OPENER.test(words[0] ?? '')) return 'open';
  if (hasSpanishQuestionWord(words, original, lexicon)) return 'open';
  const esVerb = spanishVerbAt(words, lexicon);
  const isQuestion = /[?¿]/.test(original) || closesWithOrNot;
  // A verb opening it, or anywhere in a question marked as one ("¿la cultura de innovación
  // en la ciudad es un factor de éxito?"); "... o no" asks yes or no whatever its verb.
  if (esVerb === 0 || (isQuestion && esVerb >= 0) || closesWithOrNot) return 'yesno';
  // "¿relacionan la innovación con ...?": a question opening with a plural verb form the
  // lexicon lacks (a word of 5 letters or more ending in -an/-en, and more words after it).
  if (isQuestion && words.length >= 3 && /^\p{L}{3,}[ae]n$/u.test(words[0] ?? '')) return 'yesno';
  // A statement asked back, with no question word: "so Mexico City has more than 2 million
  // people?", "Umeå has under 100,000 inhabitants?", "¿o sea, 4 personas?" check a figure;
  // "..., right?" / "¿..., verdad?" check any statement.
  if (closesWithTag(words, lexicon) && /[?¿]/.test(original)) return 'yesno';
  const checksFigure =
    comparison !== null && !(comparison.op === 'equal' && isYear(comparison.value));
  if (isQuestion && checksFigure) return 'yesno';
  return 'open';
}

/**
 * Step 6: the form of a question, from its words (fillers already dropped): yes/no
 * (an English auxiliary opening it; "... or not" closing it; in Spanish, a verb opening
 * it, or a question with a verb and no question word), a count, a date, a reason, or
 * open; whether it is negated; and any comparison with a number.
 *
 * Negations are counted: two cancel ("which areas are NOT short on data?" asks for the
 * areas with enough). A yes/no question's opening negation ("isn't it ...?", "¿no tiene
 * ...?") only expects the answer yes, and a closing "or not" offers both: neither counts.
 */
export function questionForm(
  words: readonly string[],
  original: string,
  lexicon: CompiledLexicon,
): QuestionForm {
  if (words.length === 0) return OPEN_FORM;
  const comparison = comparisonOf(words, lexicon);
  // The format words ("o no", "yes or no") may be gone from `words`: the typed text tells.
  const closing = orNotLength(words, lexicon);
  const typedClosing = orNotLength(tokenize(normalizeText(original)), lexicon);
  const kind = kindOf(words, original, lexicon, closing > 0 || typedClosing > 0, comparison);
  let negations = 0;
  for (let i = 0; i < words.length - closing;) {
    const n = phraseAt(words, lexicon.negationCues, i);
    if (n === 0) {
      i += 1;
      continue;
    }
    // Only a negation particle opens a question that expects yes ("isn't", "¿no ...?");
    // "¿faltan datos ...?" opens with a lack, which is what is asked.
    const isOpeningParticle =
      kind === 'yesno' &&
      i === 0 &&
      (words[0] === 'no' || words[0] === 'not' || phraseAt(words, lexicon.yesNoOpeners.en) > 0);
    if (!isOpeningParticle) negations += 1;
    i += n;
  }
  const isNegated = negations % 2 === 1;
  return negations >= 2 && !isNegated
    ? { kind, isNegated, comparison, isDoubleNegated: true }
    : { kind, isNegated, comparison };
}
