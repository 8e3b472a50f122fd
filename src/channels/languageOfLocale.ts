import type { Language } from '../core/schema';

/** The answer language a channel locale ("es-MX", "en-us") suggests, or null when it suggests none. */
export function languageOfLocale(locale: unknown): Language | null {
  // Typed as a string by botbuilder, but it is whatever the client sent.
  if (typeof locale !== 'string' || locale === '') return null;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'es') return 'es';
  if (primary === 'en') return 'en';
  return null;
}
