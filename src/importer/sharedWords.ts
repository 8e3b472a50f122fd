/** Short words that stay lowercase inside names ("Office of Performance and Innovation"). */
const NAME_JOINERS = new Set([
  'a',
  'an',
  'and',
  'at',
  'de',
  'del',
  'for',
  'in',
  'of',
  'on',
  's',
  'the',
  'to',
  'y',
  'la',
  'el',
  'da',
  'do',
]);

interface Word {
  readonly folded: string;
  /** Part of a proper name: capitalised or a digit in the source. */
  readonly isNameLike: boolean;
  readonly isJoiner: boolean;
}

/** The words of a text, folded (case, accents, punctuation), with whether each is written as a name. */
function wordsOf(text: string): Word[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => {
      const folded = w.toLowerCase();
      return { folded, isNameLike: /^[\p{Lu}\p{N}]/u.test(w), isJoiner: NAME_JOINERS.has(folded) };
    });
}

/**
 * A run of the source that is mostly a proper name ("the Harvard Kennedy School's
 * Innovation Field Lab", "Tallahassee Engaged in Meaningful Productivity for
 * Opportunity"): names are data, so repeating one is no copying. A run with three or
 * more ordinary lowercase words is prose.
 */
function isNameRun(words: readonly Word[]): boolean {
  return words.filter((w) => !w.isNameLike && !w.isJoiner).length < 3;
}

/**
 * The first run of at least `n` consecutive words that `text` shares with any of the
 * `sources` (third-party prose), or null; runs that are proper names do not count.
 * Used so that no imported fact copies a page's free-text paragraphs.
 */
export function sharedRun(text: string, sources: readonly string[], n = 8): string | null {
  const runs = new Set<string>();
  for (const source of sources) {
    const words = wordsOf(source);
    for (let i = 0; i + n <= words.length; i += 1) {
      const run = words.slice(i, i + n);
      if (!isNameRun(run)) runs.add(run.map((w) => w.folded).join(' '));
    }
  }
  const words = wordsOf(text).map((w) => w.folded);
  for (let i = 0; i + n <= words.length; i += 1) {
    const run = words.slice(i, i + n).join(' ');
    if (runs.has(run)) return run;
  }
  return null;
}
