import fc from 'fast-check';
import { normalizeText, squeezeDoubles, stemWord, tokenize } from '../../../src/core/normalize';

// Fixed seed: property tests must give the same run every time.
const PROPERTY_RUNS = { seed: 20201, numRuns: 1000 } as const;

describe('normalizeText', () => {
  test.each([
    ['folds upper case to lower case', 'Who IS the MAYOR', 'who is the mayor'],
    ['drops Spanish accents', 'Población', 'poblacion'],
    [
      'drops terminal colour escapes glued to a word',
      '\u001b[31mwho is the mayor\u001b[0m',
      'who is the mayor',
    ],
    ['drops accents inside a city name', 'Ciudad de México', 'ciudad de mexico'],
    ['drops the tilde of ñ', 'Año señal', 'ano senal'],
    [
      'drops inverted question and exclamation marks',
      '¿Quién es la jefa de gobierno?',
      'quien es la jefa de gobierno',
    ],
    ['drops opening and closing exclamation marks', '¡Hola!', 'hola'],
    ['turns runs of punctuation into one space', 'mayor???...!!! population', 'mayor population'],
    ['cuts three repeated letters to two', 'hiii', 'hii'],
    ['cuts a long run of repeated letters to two', 'thaaaaanks', 'thaanks'],
    ['keeps an ordinary double letter', 'funding staff', 'funding staff'],
    ['splits hyphenated words', 'data-driven decision-making', 'data driven decision making'],
    ['splits a hyphenated city name', 'Mexico-City', 'mexico city'],
    ['splits abbreviations with dots', 'Mexico D.F.', 'mexico d f'],
    [
      'splits an apostrophe contraction',
      "what's the city's population",
      'what s the city s population',
    ],
    [
      'keeps digits and splits thousands separators',
      '9,209,944 people in 2020',
      '9 209 944 people in 2020',
    ],
    ['does not squeeze repeated digits', '1000', '1000'],
    ['trims and collapses white space', '   who \t is \n the   mayor  ', 'who is the mayor'],
    ['unfolds typographic ligatures', 'ﬁnancing', 'financing'],
    ['folds a dotted capital I', 'İstanbul', 'istanbul'],
    ['removes emoji around words', '😀 hola 🙂', 'hola'],
    ['removes zero-width and direction marks', '\u200Fhello\u200D', 'hello'],
    ['gives an empty string for emoji only', '🎉🎉🎉', ''],
    ['gives an empty string for punctuation only', '¿?¡! ... ---', ''],
    ['gives an empty string for an empty string', '', ''],
  ])('%s: %j -> %j', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test.each([
    ['Japanese', '東京の人口は？'],
    ['Chinese', '墨西哥城的人口是多少'],
    ['Korean', '멕시코시티 인구'],
    ['Arabic (right to left)', 'ما هو عدد السكان'],
    ['Hebrew (right to left)', 'מה האוכלוסייה של העיר'],
    ['mixed scripts with emoji', 'CDMX 人口 😀 السكان'],
    ['a lone surrogate', '\uD83D'],
    ['combining marks without a base letter', '\u0301\u0301\u0301'],
  ])('does not throw on %s and keeps only letters, digits and single spaces', (_name, input) => {
    const out = normalizeText(input);
    expect(out).toMatch(/^(?:[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)?$/u);
  });

  test('keeps the letters of non-Latin scripts instead of dropping them', () => {
    expect(normalizeText('東京の人口は？')).toBe('東京の人口は');
    expect(normalizeText('ما هو عدد السكان')).toBe('ما هو عدد السكان');
  });

  test('gives only lowercase letters, digits and single spaces for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        (s) =>
          /^(?:[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)?$/u.test(normalizeText(s)) &&
          normalizeText(s) === normalizeText(s).toLowerCase(),
      ),
      PROPERTY_RUNS,
    );
  });

  test('is idempotent: normalising twice changes nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        (s) => normalizeText(normalizeText(s)) === normalizeText(s),
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('tokenize', () => {
  test.each([
    ['gives no words for an empty text', '', []],
    ['gives one word for one word', 'population', ['population']],
    ['splits on single spaces, in order', 'who is the mayor', ['who', 'is', 'the', 'mayor']],
  ])('%s', (_name, input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  test('never gives an empty word for a normalised text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) =>
        tokenize(normalizeText(s)).every((w) => w.length > 0 && !w.includes(' ')),
      ),
      PROPERTY_RUNS,
    );
  });

  test.each([
    ['¿Quién es la jefa de gobierno?', ['quien', 'es', 'la', 'jefa', 'de', 'gobierno']],
    ['Data-driven decision-making!!!', ['data', 'driven', 'decision', 'making']],
    ['hiii 👋', ['hii']],
  ])('splits the normalised form of %j into words', (input, expected) => {
    expect(tokenize(normalizeText(input))).toEqual(expected);
  });
});

describe('squeezeDoubles', () => {
  test.each([
    ['cuts a doubled letter to one', 'hii', 'hi'],
    ['cuts every doubled letter', 'helloo', 'helo'],
    ['leaves a word without doubles alone', 'population', 'population'],
    ['leaves doubled digits alone', '2000', '2000'],
  ])('%s: %j -> %j', (_name, input, expected) => {
    expect(squeezeDoubles(input)).toBe(expected);
  });
});

describe('stemWord', () => {
  test.each([
    ['funding, funded and fund share a stem', ['funding', 'funded', 'fund', 'funds']],
    ['sources and source share a stem', ['sources', 'source']],
    ['ciudades and ciudad share a stem', ['ciudades', 'ciudad']],
    ['decisiones and decision share a stem', ['decisiones', 'decision']],
    ['cities and city share a stem', ['cities', 'city']],
    ['policies and policy share a stem', ['policies', 'policy']],
    ['financed, financing and finance share a stem', ['financed', 'financing', 'finance']],
    ['measured and measure share a stem', ['measured', 'measure']],
    ['partnerships and partnership share a stem', ['partnerships', 'partnership']],
    ['habitantes and habitante share a stem', ['habitantes', 'habitante']],
    ['fuentes and fuente share a stem', ['fuentes', 'fuente']],
    ['areas and area share a stem', ['areas', 'area']],
    ['datos and dato share a stem', ['datos', 'dato']],
    ['innovations and innovation share a stem', ['innovations', 'innovation']],
    ['mayors and mayor share a stem', ['mayors', 'mayor']],
  ])('%s', (_name, words) => {
    const stems = new Set(words.map(stemWord));
    expect(stems.size).toBe(1);
  });

  test.each([
    ['bus', 'bus'],
    ['census', 'census'],
    ['this', 'this'],
    ['class', 'class'],
    ['data', 'data'],
    ['2020s', '2020s'],
    ['a', 'a'],
    ['', ''],
  ])('leaves %j as %j (no plural to remove, or too short, or a number)', (word, expected) => {
    expect(stemWord(word)).toBe(expected);
  });

  test.each([
    ['staff', 'state'],
    ['data', 'date'],
    ['mayor', 'major'],
    ['fund', 'fun'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(stemWord(a)).not.toBe(stemWord(b));
  });

  test('never throws and never lengthens a word', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), (s) => {
        const word = normalizeText(s).replace(/ /g, '');
        return stemWord(word).length <= word.length;
      }),
      PROPERTY_RUNS,
    );
  });
});
