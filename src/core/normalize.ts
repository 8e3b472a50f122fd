/** A terminal escape sequence ("\u001b[31m"): pasted from a terminal, it is no word. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const TERMINAL_ESCAPE = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|[@-_])/gu;

/**
 * Folds a text to the form every matcher compares: lowercase, no accents, letters
 * and digits only, runs of three or more equal letters cut to two.
 */
export function normalizeText(input: string): string {
  return input
    .replace(TERMINAL_ESCAPE, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1$1')
    .trim();
}

/** Splits a normalised text into words. */
export function tokenize(normalized: string): string[] {
  return normalized.length === 0 ? [] : normalized.split(' ');
}

/** Cuts doubled letters to one ("hii" -> "hi"): a second chance for shouted words. */
export function squeezeDoubles(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

// Ordered suffix rules; the first that applies wins. Invariant: the same rules run
// on knowledge and on questions, so a stem only has to be consistent, not a word.
const SUFFIX_RULES: ReadonlyArray<readonly [string, string, number]> = [
  ['iones', 'ion', 6],
  ['ies', 'y', 4],
  ['ing', '', 6],
  ['ed', '', 5],
  ['es', '', 5],
  ['s', '', 4],
  ['e', '', 5],
];

/** A light English/Spanish stemmer: plurals and the commonest verb endings. */
export function stemWord(word: string): string {
  if (/\d/.test(word)) return word;
  for (const [suffix, replacement, minLength] of SUFFIX_RULES) {
    if (word.length >= minLength && word.endsWith(suffix)) {
      if (suffix === 's' && /(ss|us|is)$/.test(word)) continue;
      const stem = word.slice(0, word.length - suffix.length) + replacement;
      return stem.endsWith('e') && stem.length >= 5 ? stem.slice(0, -1) : stem;
    }
  }
  return word;
}
