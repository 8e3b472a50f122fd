import { phraseAt, type CompiledLexicon } from '../lexicon';
import { normalizeText, tokenize } from '../normalize';

/** Clause ends: a stop, comma, colon or question mark before a space, or an opening ¿ or ¡. */
const CLAUSE_END = /(?<=[.!:;,?])(?=\s|[¿¡]|$)|(?=[¿¡])/u;

/**
 * The most words an introduction says after its opening: a longer clause carries the
 * question's matter ("I'm a resident and I heard the government wants more free WiFi ...").
 */
const MAX_INTRODUCTION_WORDS = 8;

/** Normalised words of each whitespace-separated piece of a clause, in order. */
function piecesOf(clause: string): Array<{ raw: string; words: number }> {
  return clause
    .split(/\s+/u)
    .filter((raw) => raw.length > 0)
    .map((raw) => ({ raw, words: tokenize(normalizeText(raw)).length }));
}

/** The clause from its normalised word `index` on, as typed (or '' when none is left). */
function clauseFrom(clause: string, index: number): string {
  let seen = 0;
  const pieces = piecesOf(clause);
  for (let k = 0; k < pieces.length; k += 1) {
    if (seen >= index)
      return pieces
        .slice(k)
        .map((p) => p.raw)
        .join(' ');
    seen += pieces[k]?.words ?? 0;
  }
  return '';
}

/** Where a restart ("and I wonder ...") begins after a self-introduction's opening, or -1. */
function restartAt(words: readonly string[], from: number, lexicon: CompiledLexicon): number {
  for (let i = from; i < words.length; i += 1) {
    const n = phraseAt(words, lexicon.selfIntroRestarts, i);
    if (n > 0) return i + n;
  }
  return -1;
}

/**
 * Drops a self-introduction before the question: "hi! I'm a journalist. Who led ...?",
 * "hola, soy periodista, ¿quién dirigía ...?", "I'm a civil servant in Utrecht and I wonder
 * how many ...". Who is asking is no detail asked, and a place the asker names about
 * themselves is not the city asked about. A clause is an introduction when, after any
 * greetings, it opens with one of the lexicon's cues; it ends at a stop, comma, colon or
 * question mark, or at a restart ("and I wonder"). Greetings before it go with it. The text
 * is kept whole when nothing would be left, or when no clause introduces the asker.
 */
export function dropSelfIntroduction(text: string, lexicon: CompiledLexicon): string {
  if (lexicon.selfIntroCues.length === 0) return text;
  const clauses = text.split(CLAUSE_END);
  let dropped = -1;
  let rest: string | null = null;
  for (let c = 0; c < clauses.length; c += 1) {
    const clause = clauses[c] ?? '';
    const words = tokenize(normalizeText(clause));
    if (words.length === 0) continue;
    let k = 0;
    for (let n = phraseAt(words, lexicon.selfIntroGreetings, k); n > 0;) {
      k += n;
      n = phraseAt(words, lexicon.selfIntroGreetings, k);
    }
    if (k === words.length) continue;
    const cue = phraseAt(words, lexicon.selfIntroCues, k);
    if (cue === 0) break;
    const restart = restartAt(words, k + cue, lexicon);
    const end = restart >= 0 ? restart : words.length;
    if (end - k - cue > MAX_INTRODUCTION_WORDS) break;
    dropped = c;
    if (restart >= 0) {
      rest = clauseFrom(clause, restart);
      break;
    }
  }
  if (dropped < 0) return text;
  const left = [rest ?? '', ...clauses.slice(dropped + 1)].join('').trim();
  return /\p{L}{2,}/u.test(left) ? left : text;
}
