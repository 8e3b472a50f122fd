import type { Engine, Turn } from '../../../src/core/engine';
import { buildEngine, playConversation, last } from './support';

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const converse = (messages: readonly string[]): Turn[] => playConversation(engine, messages);

describe('a keyword phrase written around a pronoun ("where does he work?")', () => {
  test.each([
    [['who leads innovation in Oulu?', 'where does she work?'], 'oulu'],
    [['name of the lead innovation officer in Seoul?', 'and where do they work?'], 'seoul'],
    [['who was the Lead Innovation Officer?', 'where does he work?'], 'mexico-city'],
  ])('%j asks where the person works: the team, not the person again', (messages, city) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe('team.structure');
    expect(turn.answer.city).toBe(city);
  });

  test('after the workplace, "he" still points at the person', () => {
    const turns = converse([
      'who leads innovation in Leipzig?',
      'where does he work?',
      'is he the mayor?',
    ]);
    expect(turns[1]?.state.lastEntity).toBe('lead');
    expect(last(turns).answer.topic).toBe('city.mayor');
    expect(last(turns).answer.text).toMatch(/\bNo\b/u);
  });

  test('a possessive still names its own noun ("how big is his team?")', () => {
    const turn = last(converse(['who is the lead innovation officer?', 'how big is his team?']));
    expect(turn.answer.topic).toBe('team.structure');
    expect(turn.understanding.pronounEntity).toBe('agency');
  });
});

describe('a question about a person is never about the survey ("how old is she?")', () => {
  test.each([
    [['who was the mayor of Seoul?', 'how old is he?']],
    [['who leads innovation in Medellín?', 'and how old is she?']],
    [['who is the lead innovation officer?', 'where does he work?', 'how old is he?']],
  ])('%j: the profile does not say, no survey facts', (messages) => {
    const turn = last(converse(messages));
    expect(turn.answer.kind).toBe('gap');
    expect(turn.answer.topic).not.toBe('survey.about');
    expect(turn.answer.text).not.toMatch(/\b147\b/u);
  });

  test.each([
    ['how old is the mayor of Leipzig?'],
    ['how old is the lead innovation officer of Lima?'],
  ])('%s (the person named by their post): the profile does not say', (question) => {
    const answer = engine.ask(question);
    expect(answer.kind).toBe('gap');
    expect(answer.text).not.toMatch(/\b147\b|^2020:/u);
  });

  test.each([['¿qué edad tiene?'], ['¿y cuántos años tiene?']])(
    'Spanish leaves the subject unsaid: %s after the lead officer is his age',
    (question) => {
      const turn = last(converse(['¿quién dirigía la innovación en Medellín?', question]));
      expect(turn.answer.kind).toBe('gap');
      expect(turn.answer.language).toBe('es');
    },
  );

  test('"how old is the survey?" after a person is still about the survey', () => {
    const turn = last(converse(['¿quién era el alcalde de Lima?', 'how old is the survey?']));
    expect(turn.answer.topic).toBe('survey.about');
  });

  test('"where is she based?" is where the person works', () => {
    const turn = last(converse(['who led innovation in Quillota?', 'where is she based?']));
    expect(turn.answer.topic).toBe('team.structure');
    expect(turn.answer.city).toBe('quillota');
  });

  test('"how old is this data?" after a person is still about the survey', () => {
    const turn = last(converse(['who was the mayor of Seoul?', 'how old is this data?']));
    expect(turn.answer.topic).toBe('survey.about');
  });
});

describe('a whole act in the other language switches the conversation', () => {
  test.each([
    [['what are the critical success factors in Vienna?', 'no lo entiendo'], 'es'],
    [['what terms does Leipzig associate with innovation?', 'perdón, no entendí'], 'es'],
    [['¿quién dirige la innovación en Lima?', "sorry, I don't understand"], 'en'],
  ])('%j is answered in %s', (messages, language) => {
    const turn = last(converse(messages));
    expect(turn.understanding.act?.kind).toBe('clarify');
    expect(turn.answer.language).toBe(language);
    expect(turn.state.language).toBe(language);
  });

  test.each([
    [['¿quién era el alcalde de Oulu?', 'ok']],
    [['¿quién era el alcalde de Oulu?', 'what?']],
    [['who was the mayor of Oulu?', 'en español por favor', 'sorry']],
  ])('%j: a one-word act keeps the language', (messages) => {
    const turn = last(converse(messages));
    expect(turn.answer.language).toBe('es');
  });

  test('a language the person chose holds against a two-word act', () => {
    const turn = last(converse(['¿quién era el alcalde?', 'in English please', 'no entiendo']));
    expect(turn.answer.language).toBe('en');
  });
});

describe('describing words around a question ("what does it look like?")', () => {
  test.each([
    ["what does Seoul's innovation team look like?", 'team.structure'],
    ['what does the funding look like in Mexico City?', 'funding.overview'],
  ])('%j is about %s', (question, topic) => {
    expect(engine.ask(question).topic).toBe(topic);
  });
});

describe('Spanish pay questions in the plural ("¿cuánto cobran?")', () => {
  test.each([['¿cuánto cobran?'], ['¿cuánto ganan al mes?']])(
    'after two lead officers, %s: the profile gives no amounts',
    (question) => {
      const turn = last(converse(['¿quiénes dirigen la innovación en Oulu?', question]));
      expect(turn.answer.kind).toBe('gap');
      expect(turn.answer.language).toBe('es');
      expect(turn.answer.text).not.toMatch(/€\s?\d|\d\s?euros/u);
    },
  );
});

describe('an ordinal over the policy areas of a profile without a data section', () => {
  test.each([
    [['which policy areas did Quillota focus on?', 'the second'], 'Social inclusion'],
    [['¿en qué áreas de política se enfocaba Bilbao?', 'la primera'], 'Gobernanza digital'],
  ])('%j names the area (%s), not a missing data section', (messages, area) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe('policy.areas');
    expect(turn.answer.text).toContain(area);
    expect(turn.answer.text).not.toMatch(/did not keep it|no la conservó/u);
  });

  test("the profile's own paragraph on the area comes with it", () => {
    const turn = last(converse(['which policy areas does Oulu focus on?', 'the fourth one']));
    expect(turn.answer.text).toContain('Digital Health');
    expect(turn.answer.factIds).toContain('area-digital-health');
  });

  test('an area of the data lists still answers its data', () => {
    const turn = last(converse(['which areas lack data?', 'the third']));
    expect(turn.answer.topic).toBe('data.availability');
  });
});

describe('"which ones" after a question about cities lists those cities', () => {
  test.each([
    [['how many cities were surveyed?', 'which ones focus on social inclusion?'], 'Quillota'],
    [['¿cuántas ciudades respondieron?', '¿cuáles se enfocan en transporte?'], 'Leipzig'],
  ])('%j lists the cities (%s among them)', (messages, city) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe('cities.list');
    expect(turn.answer.text).toContain(city);
  });

  test('"which ones" after a list of roles is not a list of cities', () => {
    const turn = last(converse(['what roles does Medellín use?', 'which ones are technical?']));
    expect(turn.answer.topic).not.toBe('cities.list');
  });
});

describe('"and with Lima?" after a comparison keeps comparing', () => {
  test.each([
    [
      ['how big is Helsinki?', 'compare it with Stockholm', 'and with Lima?'],
      ['helsinki', 'lima'],
    ],
    [
      ['how big is Helsinki?', 'compare it with Caracas', '¿y con Estocolmo?'],
      ['helsinki', 'stockholm'],
    ],
  ])('%j compares %j', (messages, cities) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe('comparison');
    expect(turn.answer.cities).toEqual(cities);
  });

  test('"and Madrid?" alone after a comparison moves on to Madrid', () => {
    const turn = last(converse(['compare the population of Lima and Medellín', 'and Madrid?']));
    expect(turn.answer.topic).not.toBe('comparison');
    expect(turn.answer.city).toBe('madrid');
  });
});

describe('an email address is a contact detail no profile holds', () => {
  test.each([["what's her email?"], ['¿y su correo?']])('%s after a person', (question) => {
    const turn = last(converse(['who leads innovation in Turin?', question]));
    expect(turn.answer.kind).toBe('gap');
    expect(turn.understanding.gap?.kind).toBe('contact');
    expect(turn.answer.text).not.toMatch(/@/u);
  });
});
