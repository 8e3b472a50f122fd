import { NEW_CONVERSATION, readChatState } from '../../../src/core/chatState';
import { DEFAULTS } from '../../../src/core/defaults';
import { lexiconOf } from '../../../src/core/lexicon';
import { normalizeText, tokenize } from '../../../src/core/normalize';
import type { KnowledgeBase } from '../../../src/core/schema';
import { chooseTopic, type ChoiceContext } from '../../../src/core/understand/chooseTopic';
import { detectAct } from '../../../src/core/understand/detectAct';
import { buildEntityIndex } from '../../../src/core/understand/entities';
import { findPlaces } from '../../../src/core/understand/findPlaces';
import { questionForm } from '../../../src/core/understand/questionForm';
import { contentTerms, resolveWords } from '../../../src/core/understand/resolveWords';
import { buildTopicIndex } from '../../../src/core/understand/scoreTopics';
import { createUnderstander } from '../../../src/core/understand/understand';
import { buildVocabulary } from '../../../src/core/vocabulary';
import { SMALL_GAZETTEER, smallKnowledge } from '../../fixtures/knowledge/smallKnowledge';

const kb: KnowledgeBase = smallKnowledge();
const lexicon = lexiconOf(kb);
const vocabulary = buildVocabulary(kb, {
  typoThreshold: DEFAULTS.typoThreshold,
  minTypoLength: DEFAULTS.minTypoLength,
  cacheSize: 100,
});
const entities = buildEntityIndex(kb, vocabulary, SMALL_GAZETTEER, DEFAULTS);
const topics = buildTopicIndex(kb, DEFAULTS);
const words = (text: string): string[] => tokenize(normalizeText(text));

describe('step: places', () => {
  test.each([
    ['population of Lisbon', null, 'Lisbon'],
    ['who is the mayor of Testville', 'testville', null],
    ['tv city population', 'testville', null],
    ['mayor of Farburg?', null, 'Farburg'],
  ])('%j names the profile city %j and the city without a profile %j', (q, city, unknown) => {
    const found = findPlaces(words(q), q, entities, lexicon, DEFAULTS.minOpeningPlaceLength);
    expect(found.citySpans[0]?.value ?? null).toBe(city);
    expect(found.unknownCity).toBe(unknown);
  });
});

describe('step: words', () => {
  test('a misspelt word is corrected to a word of the knowledge, and weighs less', () => {
    const [fixed] = resolveWords(['populaton'], [], vocabulary, lexicon, DEFAULTS, false);
    expect(fixed).toEqual({
      word: 'population',
      weight: DEFAULTS.correctedWordWeight,
      isCorrected: true,
    });
  });

  test('at most maxCorrectionsPerQuestion words are corrected in one question', () => {
    const typos = ['populaton', 'populaton', 'populaton'];
    const settings = { ...DEFAULTS, maxCorrectionsPerQuestion: 2 };
    const fixed = resolveWords(typos, [], vocabulary, lexicon, settings, false);
    expect(fixed.map((r) => r.isCorrected)).toEqual([true, true, false]);
  });

  test('a word longer than maxTypoWordLength is never corrected', () => {
    const long = `population${'n'.repeat(DEFAULTS.maxTypoWordLength)}`;
    const [kept] = resolveWords([long], [], vocabulary, lexicon, DEFAULTS, false);
    expect(kept?.isCorrected).toBe(false);
  });

  test('stopwords and numbers are left out of the content terms', () => {
    const resolved = resolveWords(
      words('what is the population in 2020'),
      [],
      vocabulary,
      lexicon,
      DEFAULTS,
      false,
    );
    expect(contentTerms(resolved, [], topics, lexicon, DEFAULTS).stems).toEqual([
      'what',
      'population',
    ]);
  });
});

describe('step: dialogue act or command', () => {
  test.each([
    ['yes', 'affirm'],
    ['sí, por favor', 'affirm'],
    ['no', 'deny'],
    ['can you repeat that', 'repeat'],
    ['shorter please', 'shorter'],
    ['¿qué?', 'clarify'],
    ['I don’t understand', 'clarify'],
    ['ok', 'acknowledge'],
    ['vale', 'acknowledge'],
    ['where does that come from?', 'source'],
    ['why?', 'why'],
  ])('%j is the act %s', (message, kind) => {
    expect(detectAct(words(message), lexicon)?.kind).toBe(kind);
  });

  test.each([
    ['in Spanish please', 'es'],
    ['y en español?', 'es'],
    ['back to English', 'en'],
    ['en inglés', 'en'],
  ])('%j switches the language to %s', (message, language) => {
    expect(detectAct(words(message), lexicon)).toEqual({
      kind: 'command',
      command: { kind: 'language', language },
    });
  });

  test.each([
    ['the third one?', 3],
    ['and the last?', -1],
    ['what does the profile say about the second?', 2],
    ['el último', -1],
  ])('%j points at item %i of the last list', (message, position) => {
    expect(detectAct(words(message), lexicon)).toEqual({ kind: 'ordinal', position });
  });

  test('"no, I meant the sources" is a correction carrying the question meant', () => {
    expect(detectAct(words('no, I meant the sources'), lexicon)).toEqual({
      kind: 'correction',
      rest: ['the', 'sources'],
    });
  });

  test.each([
    'what is the population',
    'is there more data on housing?',
    'no tiene datos de vivienda',
  ])('the question %j is no act', (message) => {
    expect(detectAct(words(message), lexicon)).toBeNull();
  });
});

describe('step: question form', () => {
  const form = (q: string) => questionForm(words(q), q, lexicon);
  test.each([
    ['Is housing one of the focus areas?', 'yesno'],
    ['does the city have a strategy', 'yesno'],
    ['¿la vivienda tiene datos suficientes?', 'yesno'],
    ['¿hay datos de salud?', 'yesno'],
    ['how many people work there', 'count'],
    ['¿cuántos habitantes tiene?', 'count'],
    ['when was the agency created?', 'when'],
    ['why?', 'why'],
    ['what is the population', 'open'],
    ['¿cuál es la población?', 'open'],
    // Spanish: a verb anywhere in a question with no question word asks yes or no.
    ['¿la movilidad está entre sus prioridades?', 'yesno'],
    ['¿se financia la formación del personal?', 'yesno'],
    ['la ciudad cuenta con un equipo propio o no', 'yesno'],
    // "que" as a relative asks nothing; as the opening word (even unaccented) it does.
    ['¿los perfiles que tiene la ciudad incluyen diseñadores?', 'yesno'],
    ['¿en que areas faltan datos?', 'open'],
    ['¿y dónde se encuentra la agencia?', 'open'],
    ['la agencia, ¿dónde está?', 'open'],
    ['¿la población?', 'open'],
    ['dime la población', 'open'],
  ])('%j asks in the form %s', (q, kind) => {
    expect(form(q).kind).toBe(kind);
  });

  test.each([
    ['which areas don’t have enough data', true],
    ['where is the city short on data?', true],
    ['which areas have enough data', false],
    // Two negations cancel; a yes/no question's opening negation and a closing "or not" don't count.
    ['which areas are not short on data?', false],
    ['which areas have no shortage of data?', false],
    ["isn't housing one of the focus areas?", false],
    ['¿no tiene la ciudad una estrategia?', false],
    ['tiene la ciudad una estrategia o no', false],
    ['is housing not one of the focus areas?', true],
    // A lack opening the question is what is asked, not a particle that expects "yes".
    ['¿faltan datos de vivienda?', true],
    ['lacking data on health?', true],
  ])('%j is negated: %s', (q, isNegated) => {
    expect(form(q).isNegated).toBe(isNegated);
  });

  test('two negations that cancel are marked, so the complement of the complement is asked', () => {
    expect(form('which areas are not short on data?').isDoubleNegated).toBe(true);
    expect(form('which areas are short on data?').isDoubleNegated).toBeUndefined();
  });

  test.each([
    ['tiene la ciudad una estrategia o no', 'yesno'],
    ['does the city have a strategy or not', 'yesno'],
    ["don't they have enough data on health?", 'yesno'],
    ['got enough data on housing?', 'yesno'],
    ['any data on transport?', 'yesno'],
  ])('%j asks yes or no', (q, kind) => {
    expect(form(q).kind).toBe(kind);
  });

  test.each([
    ['more than 100 staff?', { op: 'more', value: 100 }],
    ['¿tiene menos de 200 empleados?', { op: 'less', value: 200 }],
    ['was it set up before the 2020 survey?', { op: 'before', value: 2020 }],
    ['was it created in 2018', { op: 'equal', value: 2018 }],
    ['is the population above 9.5 million?', { op: 'more', value: 9_500_000 }],
    ['¿viven más de 8 millones de personas?', { op: 'more', value: 8_000_000 }],
    ['over 20,000,000 residents?', { op: 'more', value: 20_000_000 }],
    ['fewer than 3 mil personas?', { op: 'less', value: 3000 }],
  ])('%j compares with %j', (q, comparison) => {
    expect(form(q).comparison).toEqual(comparison);
  });
});

describe('step: topic choice (ordered rules)', () => {
  const base: ChoiceContext = {
    settings: DEFAULTS,
    lastTopic: undefined,
    pronounTopics: [],
    policyArea: null,
    dataCues: 0,
    areaWords: 0,
    termCount: 2,
    isPersonal: false,
    namedCity: null,
    dataTopicId: 'data.availability',
    overviewTopic: null,
  };
  const topic = (id: string) => {
    const t = kb.topics.find((x) => x.id === id);
    if (!t) throw new Error(id);
    return t;
  };

  test('a profile question inside small talk is answered, not the small talk', () => {
    const choice = chooseTopic(
      [
        { topic: topic('chat.greeting'), confidence: 0.7 },
        { topic: topic('city.mayor'), confidence: 0.5 },
      ],
      base,
    );
    expect(choice.chosen?.topic.id).toBe('city.mayor');
  });

  test('an out-of-scope topic that ranks first declines', () => {
    const choice = chooseTopic(
      [
        { topic: topic('out-of-scope'), confidence: 0.6 },
        { topic: topic('city.mayor'), confidence: 0.5 },
      ],
      base,
    );
    expect(choice).toMatchObject({ chosen: null, isDeclined: true });
  });

  test('under the threshold nothing is chosen', () => {
    const low = DEFAULTS.minConfidence - 0.01;
    expect(chooseTopic([{ topic: topic('city.mayor'), confidence: low }], base).chosen).toBeNull();
  });

  test('the topics that follow the last answer get the follow-up boost', () => {
    const scores = [
      { topic: topic('city.population'), confidence: 0.4 },
      { topic: topic('data.availability'), confidence: 0.42 },
    ];
    expect(chooseTopic(scores, base).chosen?.topic.id).toBe('data.availability');
    const after = chooseTopic(scores, { ...base, lastTopic: topic('city.mayor') });
    expect(after.chosen?.topic.id).toBe('city.population');
  });

  test('a policy area with a data word lifts data availability over the floor', () => {
    const choice = chooseTopic([{ topic: topic('data.availability'), confidence: 0.2 }], {
      ...base,
      policyArea: 'housing',
      dataCues: 1,
      areaWords: 1,
    });
    expect(choice.chosen?.confidence).toBeGreaterThanOrEqual(DEFAULTS.dataFloor.withCue);
  });
});

describe('the whole pipeline on the small knowledge base', () => {
  const understander = createUnderstander(kb, SMALL_GAZETTEER);
  test.each([
    ['who is the mayor?', 'city.mayor'],
    ['hey quick question who is the mayor', 'city.mayor'],
    ['ok so what is the population', 'city.population'],
    ['what is the weather tomorrow', null],
  ])('%j is understood as %j', (q, id) => {
    expect(understander.understand(q).topic?.id ?? null).toBe(id);
  });

  test('a pronoun points at the last entity: "how many people live in it?" after the city', () => {
    const u = understander.understand('how many inhabitants does it have', { lastEntity: 'city' });
    expect(u.pronounEntity).toBe('city');
    expect(u.topic?.id).toBe('city.population');
  });

  test('"and the mayor?" after a city without a profile stays about that city', () => {
    const u = understander.understand('and the mayor?', { unknownCity: 'Bogota' });
    expect(u.unknownCity).toBe('Bogota');
  });
});

describe('the conversation state', () => {
  test('a state saved without the newer fields is read with their defaults', () => {
    const old = {
      lastTopic: 'city.mayor',
      city: 'testville',
      policyArea: null,
      language: 'es',
      style: 'text',
    };
    expect(readChatState(old)).toEqual({ ...NEW_CONVERSATION, ...old });
  });

  test('unknownCity survives being stored and read back', () => {
    const state = { ...NEW_CONVERSATION, unknownCity: 'Lisbon' };
    expect(readChatState(JSON.parse(JSON.stringify(state)))?.unknownCity).toBe('Lisbon');
  });

  test.each([
    ['a wrong style', { style: 'holograms' }],
    ['a language the bot does not speak', { language: 'fr' }],
    ['not an object', 'chat'],
  ])('%s makes a stored value unreadable', (_name, bad) => {
    expect(
      readChatState(typeof bad === 'string' ? bad : { ...NEW_CONVERSATION, ...bad }),
    ).toBeNull();
  });
});
