import type { Answer } from '../core/answer';

/** A summary shorter than this takes the next sentence too ("Hello!" alone says nothing). */
const MIN_SUMMARY_SENTENCE = 60;
/** Longer summaries are cut at a word: the summary is heard on every answer. */
const MAX_SUMMARY_CHARS = 320;

/**
 * Sentence ends: ".", "!", "?" or "…" followed by a space and what starts a sentence.
 * Figures ("9,209,944", "81%") and abbreviations inside a sentence ("e.g. the") do not
 * match, because what follows them is not a capital, a digit or an opening mark.
 */
const SENTENCE_END = /(?<=[.!?…])\s+(?=[A-ZÁÉÍÓÚÑ¿¡“"(0-9])/u;

/** The first sentences of a text, at least MIN_SUMMARY_SENTENCE characters when there are more. */
export function leadSentences(text: string): string {
  const sentences = text.replace(/\s+/g, ' ').trim().split(SENTENCE_END);
  let out = '';
  for (const sentence of sentences) {
    out = out ? `${out} ${sentence}` : sentence;
    if (out.length >= MIN_SUMMARY_SENTENCE) break;
  }
  if (out.length <= MAX_SUMMARY_CHARS) return out;
  const cut = out.slice(0, MAX_SUMMARY_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}

/**
 * The answer as one hears it: the title, then the direct answer (`short`, from the
 * core), or the first sentences of the answer's first text when there is none; never
 * more than MAX_SUMMARY_CHARS after the title. This is
 * what screen readers announce and what the history reads (Web Chat's fallback text,
 * the card's `speak`), and Teams' one-line preview is its title.
 */
export function summaryOf(answer: Answer): string {
  const first = answer.blocks.find((block) => block.text.trim() !== '')?.text ?? '';
  // The core's `short` is one or two sentences; a long one is cut like any other lead.
  const direct = leadSentences(answer.short?.trim() || first);
  if (!direct) return answer.title;
  const title = answer.title.trim();
  return /[.!?…:]$/u.test(title) ? `${title} ${direct}` : `${title}. ${direct}`;
}
