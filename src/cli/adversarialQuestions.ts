/** A small deterministic generator (mulberry32), so every run sends the same questions. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ligatures that grow under Unicode normalisation (U+FB03 "ﬃ" becomes "ffi"). */
const LIGATURES = ['\uFB00', '\uFB01', '\uFB02', '\uFB03', '\uFB04'] as const;

/**
 * The adversarial case of issue 10: distinct questions of exactly `length` characters
 * made of long made-up Latin words, some of them ligature-heavy, so that every word is
 * unknown (nothing cached) and the text grows when normalised.
 */
export function adversarialQuestions(count: number, length = 500, seed = 10): string[] {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const pick = (chars: readonly string[] | string): string =>
    chars[Math.floor(random() * chars.length)] ?? 'a';
  const questions: string[] = [];
  for (let q = 0; q < count; q += 1) {
    const words: string[] = [];
    let size = 0;
    const isLigatureHeavy = q % 2 === 1;
    while (size < length) {
      const wordLength = 6 + Math.floor(random() * 30);
      let word = '';
      for (let i = 0; i < wordLength; i += 1)
        word += isLigatureHeavy && random() < 0.6 ? pick(LIGATURES) : pick(letters);
      if (random() < 0.5) word = word.charAt(0).toUpperCase() + word.slice(1);
      words.push(word);
      size += word.length + 1;
    }
    questions.push(words.join(' ').slice(0, length).trimEnd().padEnd(length, 'x'));
  }
  return questions;
}
