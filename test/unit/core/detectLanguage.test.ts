import { detectLanguage } from '../../../src/core/understand/detectLanguage';
import { lexiconOf } from '../../../src/core/lexicon';
import { NEW_CONVERSATION, type ConversationState, type Engine } from '../../../src/core/engine';
import { normalizeText, tokenize } from '../../../src/core/normalize';
import type { Language } from '../../../src/core/schema';
import type { Vocabulary } from '../../../src/core/vocabulary';
import { buildEngine, loadRealKnowledge } from './support';

const { markers } = lexiconOf(loadRealKnowledge());

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const withLanguage = (language: Language | null): ConversationState => ({
  ...NEW_CONVERSATION,
  language,
});

describe('language of a question, through the engine', () => {
  test.each([
    ['a one-word Spanish greeting', 'hola', 'es'],
    ['a one-word Spanish thanks', 'gracias', 'es'],
    ['a one-word Spanish topic word with an accent', 'población', 'es'],
    ['a one-word Spanish topic word without its accent', 'poblacion', 'es'],
    ['a Spanish question with ¿ and accents', '¿quién es la jefa de gobierno?', 'es'],
    ['a Spanish question without accents or ¿', 'quien es la jefa de gobierno', 'es'],
    ['a short Spanish phrase about data', 'datos de vivienda', 'es'],
    ['a one-word English greeting', 'hi', 'en'],
    ['a one-word English topic word', 'population', 'en'],
    ['an English question without a question mark', 'who is the mayor', 'en'],
    ['a one-word English thanks', 'thanks', 'en'],
    [
      'an English question naming the city in Spanish',
      'what is the population of Ciudad de México?',
      'en',
    ],
    [
      'a Spanish question naming the city in English',
      '¿cuál es la población de Mexico City?',
      'es',
    ],
  ])('%s (%j) is %s, confidently', (_name, question, language) => {
    const { understanding, answer } = engine.respond(question);
    expect(understanding.language).toBe(language);
    expect(understanding.isLanguageConfident).toBe(true);
    expect(answer.language).toBe(language);
  });

  test.each([
    ['en', 'es'],
    ['es', 'en'],
  ] as const)(
    'a confident %s question wins over a conversation in %s',
    (language, conversation) => {
      const question = language === 'es' ? '¿cuál es la población?' : 'what is the population?';
      const { understanding } = engine.respond(question, withLanguage(conversation));
      expect(understanding.language).toBe(language);
    },
  );

  test.each([
    ['a bare CDMX', 'CDMX'],
    ['a bare ADIP', 'ADIP'],
    ['a bare number', '150'],
  ])('%s is not confident about its language', (_name, question) => {
    expect(engine.respond(question).understanding.isLanguageConfident).toBe(false);
  });

  test.each([
    ['Spanish', 'es'],
    ['English', 'en'],
  ] as const)('a bare CDMX follows a conversation held in %s', (_name, language) => {
    const { understanding, answer } = engine.respond('CDMX', withLanguage(language));
    expect(understanding.isLanguageConfident).toBe(false);
    expect(understanding.language).toBe(language);
    expect(answer.language).toBe(language);
  });

  test('a bare CDMX at the start of a conversation falls back to English', () => {
    expect(engine.respond('CDMX', withLanguage(null)).understanding.language).toBe('en');
  });

  test('an unconfident message does not change the language the conversation is held in', () => {
    const turn = engine.respond('CDMX', withLanguage('es'));
    expect(turn.state.language).toBe('es');
  });
});

describe('detectLanguage on its own', () => {
  // A vocabulary that knows no words: only function words and spelling can decide.
  const emptyVocabulary: Vocabulary = {
    words: new Set(),
    languages: new Map(),
    correct: () => null,
  };
  const guess = (question: string, fallback: Language = 'en') =>
    detectLanguage(question, tokenize(normalizeText(question)), emptyVocabulary, fallback, markers);

  test.each([
    ['an opening question mark marks Spanish', '¿CDMX?', 'es'],
    ['an opening exclamation mark marks Spanish', '¡CDMX!', 'es'],
    ['an ñ marks Spanish', 'año', 'es'],
    ['Spanish function words mark Spanish', 'la ciudad de los datos', 'es'],
    ['English function words mark English', 'what is the city', 'en'],
  ])('%s (%j)', (_name, question, language) => {
    const result = guess(question);
    expect(result).toMatchObject({ language, isConfident: true });
    expect(result.margin).toBeGreaterThan(0);
  });

  test.each(['en', 'es'] as const)(
    'a text with no language marks keeps the fallback %s',
    (fallback) => {
      expect(guess('CDMX ADIP', fallback)).toEqual({
        language: fallback,
        isConfident: false,
        margin: 0,
      });
    },
  );

  test('a word the vocabulary knows in one language only counts for that language', () => {
    const vocabulary: Vocabulary = {
      words: new Set(['vivienda']),
      languages: new Map([['vivienda', new Set<Language>(['es'])]]),
      correct: () => null,
    };
    expect(detectLanguage('vivienda', ['vivienda'], vocabulary, 'en', markers)).toMatchObject({
      language: 'es',
      isConfident: true,
    });
  });

  test('a word the vocabulary knows in both languages decides nothing', () => {
    const vocabulary: Vocabulary = {
      words: new Set(['cdmx']),
      languages: new Map([['cdmx', new Set<Language>(['en', 'es'])]]),
      correct: () => null,
    };
    expect(detectLanguage('cdmx', ['cdmx'], vocabulary, 'es', markers)).toEqual({
      language: 'es',
      isConfident: false,
      margin: 0,
    });
  });
});
