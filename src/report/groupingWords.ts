/**
 * The words that say what a question is about, for grouping declined questions in the
 * report: "What's the GDP of Mexico City?" and "gdp mexico city" fall together. This is
 * deliberately cruder than the core's understanding (no typo correction, no synonyms):
 * an editor should see the questions as people worded them, grouped only when their
 * content words are the same.
 */

/** Function words of English and Spanish that never tell two questions apart. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the of in on at to for from by with about and or but is are was were be been am do does did ' +
    'what whats which who whos whom how when where why can could would should will shall may might ' +
    'i me my we our you your it its this that these those there here please tell know want like ' +
    'hi hello hey ok so just also any some much many there s t ' +
    'el la los las un una unos unas de del al a en y o pero es son fue era ser esta estan que ' +
    'cual cuales quien quienes como cuando donde por para con sin sobre mi mis me yo tu su sus ' +
    'hay este esta estos estas ese esa eso hola favor quiero saber dime puedes podrias se le lo'
  ).split(/\s+/),
);

/** Lowercase, without accents, letters and digits only, bracketed placeholders dropped. */
function plainWords(text: string): string[] {
  return text
    .replace(/\[[a-z]+\]/g, ' ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Endings of Spanish words whose plural adds -es (reunión, ciudad, mujer, lugar, luz). */
const SPANISH_ES_PLURAL_STEM = /(?:ion|ad|er|ar|or|al|el|il|ul|[aeiou]z)$/;

/** "lines" and "line", "cities" and "city", "reuniones" and "reunion" group together. */
function singular(word: string): string {
  if (word.length > 5 && word.endsWith('es') && SPANISH_ES_PLURAL_STEM.test(word.slice(0, -2)))
    return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The words of names (the profiles' cities and their aliases) as grouping drops them:
 * "gdp of mexico city" and "gdp?" ask the same of the same default city.
 */
export function nameWords(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.flatMap((name) => plainWords(name)).map(singular));
}

/** The sorted, distinct content words of a question, without function words and `ignored` ones. */
export function groupingWords(text: string, ignored: ReadonlySet<string> = new Set()): string[] {
  const words = plainWords(text)
    .filter((w) => !FUNCTION_WORDS.has(w) && (w.length > 1 || /\d/.test(w)))
    .map(singular)
    .filter((w) => !ignored.has(w));
  return [...new Set(words)].sort();
}
