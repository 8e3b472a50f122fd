const DIGITS = /^\d+$/;

/** Small numbers written as words ("more than five roles", "más de ocho perfiles"). */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  [
    'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty',
    'cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte',
  ].flatMap((list) => list.split(' ').map((w, n) => [w, n] as const)),
);

const GLUED = /^(\d+)(m|k)$/;

/** The factor a scale word gives a number ("million", "millones", "mil", "k"), or 1. */
function scaleOf(word: string | undefined): number {
  if (word === undefined) return 1;
  if (/^(million|millions|millones|millon|mn|m)$/.test(word)) return 1_000_000;
  if (/^(thousand|thousands|mil|k)$/.test(word)) return 1000;
  return 1;
}

/**
 * A number as normalized words say it, from word `i`: "150"; "20 000 000" (digit groups:
 * normalizing turns "20,000,000" into groups); "9 2 million" (normalizing turns the point of
 * "9.2" into a space, so two digits or fewer before a scale word are decimals); "5 millones",
 * "20m", "3 mil"; with `allowWords`, "five", "ocho" too. `end` is the index after the last word read. Null when word `i` is no number.
 */
export function readNumber(
  words: readonly string[],
  i: number,
  allowWords = false,
): { value: number; end: number } | null {
  const first = words[i] ?? '';
  const glued = GLUED.exec(first);
  if (glued) return { value: Number(glued[1]) * scaleOf(glued[2]), end: i + 1 };
  // "over a million", "más de un millón": an article before a scale word is one of it.
  if (allowWords && /^(a|an|one|un|uno|el)$/.test(first)) {
    const scale = scaleOf(words[i + 1]);
    if (scale > 1 && words[i + 1] !== 'm' && words[i + 1] !== 'k')
      return { value: scale, end: i + 2 };
  }
  const word = allowWords ? NUMBER_WORDS.get(first) : undefined;
  // Only after a comparison cue ("more than five"): "the two cities" is no figure. "uno"/"one" alone is an article or pronoun more often than a number: from two up.
  if (word !== undefined && word >= 2) {
    const scale = scaleOf(words[i + 1]);
    return scale > 1 ? { value: word * scale, end: i + 2 } : { value: word, end: i + 1 };
  }
  if (!DIGITS.test(first)) return null;
  let digits = first;
  let end = i + 1;
  while (first.length <= 3 && /^\d{3}$/.test(words[end] ?? '')) {
    digits += words[end] ?? '';
    end += 1;
  }
  let value = Number(digits);
  const next = words[end] ?? '';
  if (end === i + 1 && /^\d{1,2}$/.test(next) && scaleOf(words[end + 1]) > 1) {
    value = Number(`${first}.${next}`);
    end += 1;
  }
  const scale = scaleOf(words[end]);
  if (scale > 1) {
    value *= scale;
    end += 1;
  }
  return { value, end };
}
