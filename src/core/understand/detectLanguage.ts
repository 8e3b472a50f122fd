import type { Language } from '../schema';
import type { Vocabulary } from '../vocabulary';

export interface LanguageGuess {
  readonly language: Language;
  /** False when nothing in the question marks a language (a name, "ADIP", "ok"). */
  readonly isConfident: boolean;
  /** How far the winning language leads (marker points); 0 when not confident. */
  readonly margin: number;
}

/** Function words and question words of each language (knowledge/lexicon.yaml). */
export type LanguageMarkers = Readonly<Record<Language, ReadonlySet<string>>>;

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
  markers: LanguageMarkers,
): LanguageGuess {
  let en = 0;
  let es = 0;
  for (const word of words) {
    if (markers.en.has(word)) en += 1;
    if (markers.es.has(word)) es += 1;
    const langs = vocabulary.languages.get(word);
    if (langs && langs.size === 1) {
      if (langs.has('en')) en += 0.75;
      else es += 0.75;
    }
  }
  if (/[¿¡ñÑ]/.test(original)) es += 1.5;
  else if (/[áéíóúÁÉÍÓÚ]/.test(original)) es += 0.75;
  if (en === es) return { language: fallback, isConfident: false, margin: 0 };
  return { language: es > en ? 'es' : 'en', isConfident: true, margin: Math.abs(es - en) };
}
