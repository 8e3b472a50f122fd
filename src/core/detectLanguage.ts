import type { Language } from './schema';
import { MARKERS_EN, MARKERS_ES } from './stopwords';
import type { Vocabulary } from './vocabulary';

export interface LanguageGuess {
  readonly language: Language;
  /** False when nothing in the question marks a language (a name, "ADIP", "ok"). */
  readonly isConfident: boolean;
}

/**
 * Guesses English or Spanish from function words, the knowledge base's own words in
 * each language, and Spanish spelling (accents, ñ, ¿ ¡). Works on one-word questions
 * ("hola", "población") because the vocabulary knows which language a word is from.
 */
export function detectLanguage(
  original: string,
  words: readonly string[],
  vocabulary: Vocabulary,
  fallback: Language,
): LanguageGuess {
  let en = 0;
  let es = 0;
  for (const word of words) {
    if (MARKERS_EN.has(word)) en += 1;
    if (MARKERS_ES.has(word)) es += 1;
    const langs = vocabulary.languages.get(word);
    if (langs && langs.size === 1) {
      if (langs.has('en')) en += 0.75;
      else es += 0.75;
    }
  }
  if (/[¿¡ñÑ]/.test(original)) es += 1.5;
  else if (/[áéíóúÁÉÍÓÚ]/.test(original)) es += 0.75;
  if (en === es) return { language: fallback, isConfident: false };
  return { language: es > en ? 'es' : 'en', isConfident: true };
}
