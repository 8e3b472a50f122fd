import type { Engine, Turn } from '../../../src/core/engine';
import { buildEngine, playConversation, last } from './support';

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const converse = (messages: readonly string[]): Turn[] => playConversation(engine, messages);

describe('ordinals counted from the end ("el penúltimo", "second to last")', () => {
  test.each([
    ['¿qué perfiles de innovación usa Rosario?', 'el penúltimo', /comunicación/u],
    ['which innovation roles does Rosario use?', 'the second to last one', /Communication/u],
    ['which innovation roles does Medellín use?', 'last but one', /Communication/u],
    ['which innovation roles does Medellín use?', 'third to last', /Sociologist/u],
  ])('%s / %s picks the item counted from the end', (question, ordinal, item) => {
    const turn = last(converse([question, ordinal]));
    expect(turn.understanding.act?.kind).toBe('ordinal');
    expect(turn.answer.text).toMatch(item);
  });

  test('a list too short for the position says so, counting from the end', () => {
    const turn = last(
      converse(['what does Mexico City see as its innovation terms?', 'antepenúltimo']),
    );
    expect(turn.answer.text).toMatch(/no item 3 from the end/u);
  });
});

describe('several questions in one message share the city the first one names', () => {
  test('a long message asking two things of Turin answers both for Turin', () => {
    const turn = last(
      converse([
        "Hello, I'm preparing a briefing and need two things from the Turin profile, please: who were the lead innovation officers there, and what was innovation helping the city to do?",
      ]),
    );
    expect(turn.answer.text).toMatch(/Paola Pisano/u);
    expect(turn.answer.text).toMatch(/Save costs/u);
    expect(turn.answer.text).not.toMatch(/Mexico City/u);
    expect(turn.state.city).toBe('turin');
  });

  test('a second question naming its own city keeps it', () => {
    const turn = last(
      converse(['who was the mayor of Rosario and how many people live in Medellín?']),
    );
    expect(turn.answer.text).toMatch(/Pablo Javkin/u);
    expect(turn.answer.text).toMatch(/2,500,000/u);
  });
});

describe('a correction naming only a city re-asks the last question of it', () => {
  test.each([
    [['¿cuántos habitantes tenía Curitiba?', 'no, en Medellín'], 'city.population', 'medellin'],
    [['who was the mayor of Rosario?', 'no, I meant Bilbao'], 'city.mayor', 'bilbao'],
    [['who leads innovation in Helsinki?', 'no, Turin'], 'innovation.lead', 'turin'],
  ])('%j answers the same topic for the corrected city', (messages, topic, city) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe(topic);
    expect(turn.answer.city).toBe(city);
  });

  test('a correction naming a new question still answers that question', () => {
    const turn = last(converse(['how many people live in Medellín?', 'no, I meant the mayor']));
    expect(turn.answer.topic).toBe('city.mayor');
    expect(turn.answer.city).toBe('medellin');
  });
});

describe('a year alone after a question ("and in 2018?") asks it of another survey round', () => {
  test('a 2020 profile says it holds that round only, then gives its answer', () => {
    const turn = last(
      converse(['how many people worked on innovation in Mexico City?', 'and in 2018?']),
    );
    expect(turn.answer.topic).toBe('team.structure');
    expect(turn.answer.text).toMatch(/2020 survey only, so I have nothing for 2018/u);
    expect(turn.answer.text).toMatch(/150/u);
  });

  test('in Spanish, for a 2018 profile asked of 2020', () => {
    const turn = last(converse(['¿quién era el alcalde de Denver?', '¿y en 2020?']));
    expect(turn.answer.topic).toBe('city.mayor');
    expect(turn.answer.text).toMatch(/encuesta de 2018, así que no tengo nada de 2020/u);
    expect(turn.answer.text).toMatch(/Michael Hancock/u);
  });

  test("the profile's own round answers plainly", () => {
    const turn = last(converse(['who was the mayor of Denver?', 'and in 2018?']));
    expect(turn.answer.topic).toBe('city.mayor');
    expect(turn.answer.text).not.toMatch(/nothing for/u);
  });
});

describe('asking for a summary in other words ("can you summarise it in one sentence?")', () => {
  test.each([
    'can you summarise it in one sentence?',
    'sum it up in one line',
    '¿me lo puedes resumir en una frase?',
  ])('%s shortens the last answer, for the same city', (request) => {
    const turns = converse([
      'what did Saltillo consider critical for innovation to succeed?',
      request,
    ]);
    const turn = last(turns);
    expect(turn.understanding.act?.kind).toBe('shorter');
    expect(turn.answer.city).toBe('saltillo');
    expect(turn.answer.text.length).toBeLessThan(turns[0]?.answer.text.length ?? 0);
  });

  test('a question that opens with "can you" is still a question', () => {
    const turn = last(converse(['can you tell me who the mayor of Rosario was?']));
    expect(turn.understanding.act).toBeNull();
    expect(turn.answer.text).toMatch(/Pablo Javkin/u);
  });
});

describe('an act phrase that holds a request lead is read whole', () => {
  test.each([
    ['¿puedes repetirlo?', 'repeat'],
    ['can you repeat that?', 'repeat'],
    ['could you make it shorter?', 'shorter'],
  ])('%s is the act %s', (message, kind) => {
    const turn = last(converse(['¿cómo se financia la innovación en la ciudad?', message]));
    expect(turn.understanding.act?.kind).toBe(kind);
  });
});

describe('clear small talk stays small talk over a weaker profile match', () => {
  test.each([
    [['how many people live in Oulu?', "that's all"], 'chat.goodbye'],
    [["that's all"], 'chat.goodbye'],
  ])('%j is small talk, not the profile at a glance', (messages, topic) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe(topic);
  });

  test.each([
    ['hi, who is the mayor?', 'city.mayor'],
    ['hello, how is innovation funded?', 'funding.overview'],
    ['thanks, who leads innovation?', 'innovation.lead'],
  ])('a question inside small talk is still the question: %s', (message, topic) => {
    expect(last(converse([message])).answer.topic).toBe(topic);
  });
});

describe('asking again in other words', () => {
  test('"can you say it in Spanish?" switches the language of the last answer', () => {
    const turn = last(converse(['who leads innovation in Lisbon?', 'can you say it in Spanish?']));
    expect(turn.understanding.act).toEqual({
      kind: 'command',
      command: { kind: 'language', language: 'es' },
    });
    expect(turn.answer.language).toBe('es');
  });

  test.each(['what did you just tell me?', '¿qué me dijiste?', 'is that right?'])(
    '%s gives the last answer again',
    (message) => {
      const turn = last(converse(['who leads innovation in Lisbon?', message]));
      expect(turn.understanding.act?.kind).toBe('repeat');
      expect(turn.answer.text).toMatch(/Ana Margarida Figueiredo/u);
    },
  );
});

describe('a bare number that picked no suggestion picks that item of the last list', () => {
  test('"5" after seven roles is the fifth role', () => {
    const turn = last(converse(['which roles did Medellín use?', '5']));
    expect(turn.understanding.act).toEqual({ kind: 'ordinal', position: 5 });
    expect(turn.answer.text).toMatch(/Sociologist: item 5 of the 7/u);
  });

  test('a number past the end of the list says so', () => {
    const turn = last(converse(['which roles did Medellín use?', '9']));
    expect(turn.answer.text).toMatch(/no item 9/u);
  });

  test('a year is not a list position', () => {
    const turn = last(converse(['which roles did Medellín use?', '2018']));
    expect(turn.understanding.act).toBeNull();
  });
});

describe('a question the profile cannot answer still moves the conversation to its city', () => {
  test.each([
    [['how old is the mayor of Bilbao?', 'who leads innovation there?'], 'innovation.lead'],
    [
      ['¿cuál es el salario del alcalde de Bilbao?', '¿y cuántos habitantes tiene?'],
      'city.population',
    ],
  ])('%j answers the follow-up for that city', (messages, topic) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe(topic);
    expect(turn.answer.city).toBe('bilbao');
  });

  test('"the penultimate one" counts from the end', () => {
    const turn = last(converse(['which roles did Medellín use?', 'the penultimate one']));
    expect(turn.answer.text).toMatch(/Communication officer: item 6 of the 7/u);
  });
});

describe('a yes/no check of the year ("was that in 2018?")', () => {
  test('of another round is not a yes: the profile holds one round', () => {
    const turn = last(converse(['who was the mayor of Bilbao?', 'was that in 2018?']));
    expect(turn.answer.text).not.toMatch(/^.*\bYes\b/mu);
    expect(turn.answer.text).toMatch(/2020 survey only, so I have nothing for 2018/u);
  });

  test("of the profile's own round answers it", () => {
    const turn = last(converse(['who was the mayor of Bilbao?', 'is that from 2020?']));
    expect(turn.answer.topic).toBe('city.mayor');
    expect(turn.answer.text).toMatch(/Juan María Aburto/u);
  });
});
