/**
 * Words the channel renderings add around an answer (the core's own sentences are in
 * src/core/texts.ts), in both languages.
 */
export const CHANNEL_TEXTS = {
  suggestionsIntro: { en: 'You can ask:', es: 'Puedes preguntar:' },
  numberHint: {
    en: 'Type a number to ask that question.',
    es: 'Escribe un número para hacer esa pregunta.',
  },
  moreSections: (count: number) => ({
    en: count === 1 ? 'and 1 more section' : `and ${count} more sections`,
    es: count === 1 ? 'y 1 sección más' : `y ${count} secciones más`,
  }),
} as const;
