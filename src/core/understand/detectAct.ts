import { DEFAULTS } from '../defaults';
import { phraseAt, type ActKind, type CompiledLexicon, type Phrase } from '../lexicon';
import type { Language } from '../schema';

/** Things a person can tell the bot that are not questions about a profile. */
export type Command =
  | { readonly kind: 'style'; readonly style: 'text' | 'cards' }
  | { readonly kind: 'language'; readonly language: Language }
  | { readonly kind: 'more' }
  | { readonly kind: 'help' };

/**
 * What a message does to the conversation, when it is not (only) a question:
 * a command, an act on the last answer, a correction ("no, I meant the sources": the
 * rest is the question meant) or an ordinal over the last list ("the third one").
 */
export type Act =
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: ActKind }
  | { readonly kind: 'correction'; readonly rest: readonly string[] }
  | { readonly kind: 'ordinal'; readonly position: number };

/** Drops polite words at both ends ("please", "ok", "gracias"), keeping at least one word. */
function trimPolite(words: readonly string[], polite: readonly Phrase[]): readonly string[] {
  let start = 0;
  let end = words.length;
  for (;;) {
    const n = phraseAt(words.slice(0, end), polite, start);
    if (n === 0 || end - start - n < 1) break;
    start += n;
  }
  for (;;) {
    let cut = 0;
    for (const p of polite) {
      if (p.length > end - start - 1) continue;
      if (p.every((w, k) => words[end - p.length + k] === w)) {
        cut = p.length;
        break;
      }
    }
    if (cut === 0) break;
    end -= cut;
  }
  return words.slice(start, end);
}

function languageCommand(words: readonly string[], lexicon: CompiledLexicon): Language | null {
  const whole = lexicon.languageNames.get(words.join(' '));
  if (whole) return whole;
  const lead = phraseAt(words, lexicon.languageLeads);
  if (lead === 0) return null;
  return lexicon.languageNames.get(words.slice(lead).join(' ')) ?? null;
}

const DEMONSTRATIVES: ReadonlyMap<string, string> = new Map([
  ...['that', 'this', 'those', 'these'].map((w) => [w, 'that'] as const),
  ...['ese', 'esa', 'esos', 'esas', 'este', 'esta', 'estos', 'estas'].map(
    (w) => [w, 'eso'] as const,
  ),
]);

/**
 * The words with "that figure" / "ese dato" said as "that" / "eso", or null when the
 * message has no such pair: a pointer at the last answer reads as the bare pronoun.
 */
function pointersAsPronouns(
  words: readonly string[],
  lexicon: CompiledLexicon,
): readonly string[] | null {
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const pronoun = DEMONSTRATIVES.get(word);
    if (pronoun && lexicon.pointerNouns.has(words[i + 1] ?? '')) {
      out.push(pronoun);
      i += 1;
      changed = true;
    } else out.push(word);
  }
  return changed ? out : null;
}

/** A list position typed as a bare number: 1 to 99. */
const BARE_POSITION = /^[1-9]\d?$/u;

function ordinalOf(words: readonly string[], lexicon: CompiledLexicon): number | null {
  let position: number | null = null;
  for (let i = 0; i < words.length; i += 1) {
    // The longest phrase first: "second to last" is one ordinal, not "second" and "last".
    let found: number | undefined;
    let length = 0;
    for (let n = Math.min(3, words.length - i); n >= 1 && found === undefined; n -= 1) {
      found = lexicon.ordinals.get(words.slice(i, i + n).join(' '));
      length = n;
    }
    if (found !== undefined) {
      if (position !== null && position !== found) return null;
      position = found;
      i += length - 1;
      continue;
    }
    const word = words[i] ?? '';
    if (!lexicon.listWords.has(word) && !lexicon.stopwords.has(word)) return null;
  }
  return position;
}

/**
 * The act a whole message is, or null for a question. Takes the message's normalised
 * words; `hasPause` tells that the message opened with a word and a comma ("no, the
 * sources"), which makes a leading "no" a correction rather than a Spanish negation.
 *
 * Invariant: commands and acts match the whole message (polite words aside), so a
 * question that merely contains "more" or "why" is never taken for one.
 */
export function detectAct(
  words: readonly string[],
  lexicon: CompiledLexicon,
  hasPause = false,
  maxCompositeActWords: number = DEFAULTS.maxCompositeActWords,
): Act | null {
  if (words.length === 0) return null;
  const act = actOfWords(words, lexicon, hasPause, maxCompositeActWords);
  if (act) return act;
  // Only the acts on the last answer itself: "¿esa información?" is no "yes" ("eso").
  const pointed = pointersAsPronouns(words, lexicon);
  const onAnswer = pointed ? actOfWords(pointed, lexicon, hasPause, maxCompositeActWords) : null;
  return onAnswer && POINTED_ACTS.has(onAnswer.kind) ? onAnswer : null;
}

/** Acts a demonstrative with a noun can point ("where does that figure come from?"). */
const POINTED_ACTS: ReadonlySet<Act['kind']> = new Set(['source', 'repeat', 'why', 'clarify']);

function actOfWords(
  words: readonly string[],
  lexicon: CompiledLexicon,
  hasPause: boolean,
  maxCompositeActWords: number,
): Act | null {
  const trimmed = trimPolite(words, lexicon.polite);
  // "dame más detalles", "give me the short version": the lead only asks for the act; an
  // act phrase that holds the lead itself ("¿puedes repetirlo?") is read whole.
  const lead = phraseAt(trimmed, lexicon.requestLeads);
  if (lead > 0 && lead < trimmed.length)
    return (
      actOfCore(trimmed.slice(lead), lexicon, hasPause, maxCompositeActWords) ??
      actOfCore(trimmed, lexicon, hasPause, maxCompositeActWords)
    );
  return actOfCore(trimmed, lexicon, hasPause, maxCompositeActWords);
}

/** The act a message is, once polite words and a request lead are set aside. */
function actOfCore(
  core: readonly string[],
  lexicon: CompiledLexicon,
  hasPause: boolean,
  maxCompositeActWords: number,
): Act | null {
  const key = core.join(' ');
  const phrase = lexicon.commands.get(key);
  if (phrase === 'styleText') return { kind: 'command', command: { kind: 'style', style: 'text' } };
  if (phrase === 'styleCards')
    return { kind: 'command', command: { kind: 'style', style: 'cards' } };
  if (phrase === 'more') return { kind: 'command', command: { kind: 'more' } };
  if (phrase === 'help') return { kind: 'command', command: { kind: 'help' } };
  const language = languageCommand(core, lexicon);
  if (language) return { kind: 'command', command: { kind: 'language', language } };
  const act = lexicon.acts.get(key);
  if (act) return { kind: act };
  // "too long, shorter please": several phrases of one act, said together.
  if (core.length <= maxCompositeActWords)
    for (const [kind, vocabulary] of lexicon.actWords)
      if (
        core.every((w) => vocabulary.has(w) || lexicon.stopwords.has(w)) &&
        core.some((_, i) =>
          [1, 2, 3].some((n) => lexicon.acts.get(core.slice(i, i + n).join(' ')) === kind),
        )
      )
        return { kind };
  const opener = phraseAt(core, lexicon.correctionOpeners);
  if (opener > 0 && opener < core.length) return { kind: 'correction', rest: core.slice(opener) };
  if (hasPause && core.length > 1 && lexicon.acts.get(core[0] ?? '') === 'deny')
    return { kind: 'correction', rest: core.slice(1) };
  // A bare number that picked no offered suggestion ("5" after a list of seven) picks
  // that item of the last list.
  if (core.length === 1 && BARE_POSITION.test(core[0] ?? ''))
    return { kind: 'ordinal', position: Number(core[0]) };
  const position = ordinalOf(core, lexicon);
  if (position !== null) return { kind: 'ordinal', position };
  return null;
}
