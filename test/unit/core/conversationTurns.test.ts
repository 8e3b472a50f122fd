import type { Engine, Turn } from '../../../src/core/engine';
import { buildEngine, playConversation } from './support';

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const converse = (messages: readonly string[]): Turn[] => playConversation(engine, messages);

function textOf(turns: readonly Turn[], index: number): string {
  return turns.at(index)?.answer.text ?? '';
}

describe('acts after a request lead ("give me", "dame")', () => {
  test.each([
    ['en', ['how is innovation funded?', 'give me more details']],
    ['es', ['¿cómo se financia la innovación?', 'dame más detalles']],
  ])('(%s) %j is "more", not a question it cannot answer', (_language, messages) => {
    const turns = converse(messages);
    expect(turns.at(-1)?.answer.kind).toBe('profile');
    expect(turns.at(-1)?.answer.topic).toBe('funding.overview');
  });

  test('"more" once everything was sent says so and gives the whole answer again', () => {
    const turns = converse([
      '¿cómo se financia la innovación?',
      '¿puedes repetirlo?',
      'dame más detalles',
      'dame más detalles',
    ]);
    const text = textOf(turns, -1);
    expect(text).toMatch(/todo lo que dice el perfil/u);
    expect(text).toMatch(/Presupuesto municipal/u);
    expect(text).not.toMatch(/no tiene información/u);
  });
});

describe('asked twice to make it clearer', () => {
  test.each([
    ['en', ['what words does the city connect with innovation?', 'what?', "I don't understand"]],
    ['es', ['¿qué términos asocia Medellín con la innovación?', '¿qué?', 'no entiendo']],
    ['en', ['how many people work on innovation?', 'huh', 'i still dont understand']],
  ])('(%s) %j: the second rewording differs from the first and is no longer', (_l, messages) => {
    const turns = converse(messages);
    const [first, second] = [textOf(turns, 1), textOf(turns, 2)];
    expect(turns.at(-1)?.understanding.act?.kind).toBe('clarify');
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(first.length);
  });
});

describe('a comparison naming one city is with the conversation city', () => {
  test.each([
    [
      ['how many people live in Lima?', 'compare it with Mexico City'],
      ['lima', 'mexico-city'],
    ],
    [
      ['¿cuántos habitantes tiene Lima?', 'compárala con Madrid'],
      ['lima', 'madrid'],
    ],
    [
      ['who leads innovation in Medellín?', 'compare with Quillota'],
      ['medellin', 'quillota'],
    ],
  ])('%j compares %j', (messages, cities) => {
    expect(converse(messages).at(-1)?.answer.cities).toEqual(cities);
  });

  test.each([
    [
      ['tell me about Seoul', 'what about Busan?', 'compare them'],
      ['seoul', 'busan'],
    ],
    [
      ['¿cuántos habitantes tiene Lima?', '¿y Madrid?', 'compáralas'],
      ['lima', 'madrid'],
    ],
    [
      ['who is the mayor?', 'and Quillota?', 'compare both'],
      ['mexico-city', 'quillota'],
    ],
    [
      ['how many people live in Vienna?', 'and in Oulu?', 'which one is bigger?'],
      ['vienna', 'oulu'],
    ],
    [
      ['¿en qué áreas se enfoca Rosario?', '¿y Pelotas?', '¿cuál tiene más?'],
      ['rosario', 'pelotas'],
    ],
    [
      ['¿Medellín tiene estrategia?', '¿y el de Lima?', '¿cuál de los dos es más grande?'],
      ['medellin', 'lima'],
    ],
  ])('%j compares the last two cities %j', (messages, cities) => {
    expect(converse(messages).at(-1)?.answer.cities).toEqual(cities);
  });

  test('"how does Mexico City compare with other cities?" stays on Mexico City alone', () => {
    const turns = converse([
      'who leads innovation in Lima?',
      'how does Mexico City compare with other cities?',
    ]);
    expect(turns.at(-1)?.answer.cities).toEqual(['mexico-city']);
  });
});

describe('a follow-up naming only a city asks the last question of that city', () => {
  test.each([
    [['who is the mayor?', 'what about Lima?'], 'city.mayor', 'lima'],
    [['¿quién dirige la innovación en Quillota?', '¿y en Madrid?'], 'innovation.lead', 'madrid'],
    [
      ['what is the population of Bogotá?', 'ok, what about Medellín then?'],
      'city.population',
      'medellin',
    ],
    [['tell me about Lima', 'and Madrid?'], 'city.overview', 'madrid'],
  ])('%j answers %s for %s', (messages, topic, city) => {
    const { answer } = converse(messages).at(-1) ?? {};
    expect([answer?.topic, answer?.city]).toEqual([topic, city]);
  });
});

describe('"and now?" asks whether the last answer still holds', () => {
  test.each([
    ['en', ['who was the mayor of Mexico City?', 'and who is it now?'], /Brugada/u],
    ['es', ['¿quién era la jefa de gobierno?', '¿y hoy?'], /Brugada/u],
    ['en', ['who leads innovation in Lima?', 'and currently?'], /no later note/u],
  ])('(%s) %j gives the later note or says there is none', (_language, messages, said) => {
    const turns = converse(messages);
    expect(turns.at(-1)?.answer.topic).toBe(turns.at(0)?.answer.topic);
    expect(textOf(turns, -1)).toMatch(said);
  });
});

describe('the source of an answer that gave a later note', () => {
  test.each([
    ['es', ['¿quién gobierna la ciudad ahora?', '¿y cuál es la fuente de eso?']],
    ['en', ['who is the mayor now?', "and what's the source of that?"]],
  ])('(%s) %j names the survey and the note’s sources', (_language, messages) => {
    const turns = converse(messages);
    expect(turns.at(-1)?.understanding.act?.kind).toBe('source');
    expect(textOf(turns, -1)).toMatch(/OECD/u);
    expect(textOf(turns, -1)).toMatch(/CNN|infobae/u);
  });
});

describe('a city alone after a city without a profile re-asks the question', () => {
  test('"who is the mayor of Caracas?", "ok then Mexico City", "is she still in office?"', () => {
    const turns = converse([
      'who is the mayor of Caracas?',
      'ok then Mexico City',
      'is she still in office?',
    ]);
    expect(turns.at(1)?.answer.topic).toBe('city.mayor');
    expect(textOf(turns, -1)).toMatch(/Brugada/u);
  });
});

describe('a pronoun asking for a detail the profile lacks', () => {
  test.each([
    ['en', ['who is the lead innovation officer?', "what's his phone number then?"]],
    ['en', ['who leads innovation in Madrid?', 'what is his home address?']],
    ['en', ['who was the mayor of Lima?', 'what is his phone number?']],
    ['es', ['¿quién es el alcalde de Lima?', '¿y su correo?']],
    ['es', ['¿quién encabeza la innovación en Madrid?', '¿cuánto cobra?']],
    ['en', ['who leads innovation in Curitiba?', 'how much does she make?']],
  ])('(%s) %j: "the profile doesn\'t say", not "I can\'t answer"', (_language, messages) => {
    const { answer } = converse(messages).at(-1) ?? {};
    expect(answer?.kind).toBe('gap');
  });
});

describe('a possessive before another entity’s noun means that entity', () => {
  test.each([
    [
      ['who is the lead innovation officer?', 'fine, what does his agency do?'],
      'innovation.agency',
    ],
    [['¿quién es el responsable de innovación?', '¿y él dónde trabaja?'], 'team.structure'],
    [['who leads innovation?', 'how big is his team?'], 'team.structure'],
    [
      ['who runs innovation in Buenos Aires?', 'ok what does her team look like?'],
      'team.structure',
    ],
    [['¿quién dirige la innovación?', '¿cuántas personas tiene su equipo?'], 'team.structure'],
    [['¿quién es el alcalde de Lima?', '¿y cuál es su población?'], 'city.population'],
    [['who leads innovation?', 'what are his goals?'], 'innovation.goals'],
    [['¿quién dirige la innovación en Lima?', '¿y sus objetivos?'], 'innovation.goals'],
  ])('%j answers %s', (messages, topic) => {
    expect(converse(messages).at(-1)?.answer.topic).toBe(topic);
  });
});

describe('a bare name right after a list asks whether the list holds it', () => {
  test.each([
    [['how many innovation roles does the city use?', 'designers?'], /^Yes(?!\p{L})/u],
    [['how many innovation roles does the city use?', 'and sociologists?'], /^No(?!\p{L})/u],
    [['¿qué funciones de innovación usa Madrid?', '¿científicos de datos?'], /^Sí(?!\p{L})/u],
    [['which roles does Medellín have?', 'engineers?'], /^Yes(?!\p{L})/u],
    [['what words does the city connect with innovation?', 'and blockchain?'], /^No(?!\p{L})/u],
  ])('%j answers yes or no first', (messages, opening) => {
    const turns = converse(messages);
    expect(turns.at(-1)?.answer.topic).toBe(turns.at(0)?.answer.topic);
    expect(turns.at(-1)?.answer.short ?? '').toMatch(opening);
  });

  test('a bare topic word after a list is still its own question', () => {
    const turns = converse(['how many innovation roles does the city use?', 'population?']);
    expect(turns.at(-1)?.answer.topic).toBe('city.population');
  });
});

describe('a question whose one word reads two ways offers the other reading', () => {
  test.each([
    ['en', ['how many people?', 'yes'], 'team.structure'],
    ['es', ['¿cuántas personas?', 'sí'], 'team.structure'],
    ['es', ['¿cuánta gente?', 'sí'], 'team.structure'],
    ['en', ['people?', 'yes'], 'team.structure'],
  ])('(%s) %j: "yes" takes the offered reading', (_language, messages, topic) => {
    const turns = converse(messages);
    expect(turns.at(0)?.answer.alternatives.length).toBe(1);
    expect(turns.at(-1)?.answer.topic).toBe(topic);
  });

  test.each([
    ['es', ['¿qué es la ADIP?', '¿cuántas personas tiene?']],
    ['en', ['what is ADIP?', 'how many people?']],
  ])('(%s) %j: the entity the conversation is about settles it', (_language, messages) => {
    const { answer } = converse(messages).at(-1) ?? {};
    expect(answer?.topic).toBe('team.structure');
    expect(answer?.alternatives.length).toBe(1);
  });

  test('a clear one-word question offers nothing else', () => {
    expect(engine.respond('who is the mayor?').answer.alternatives).toEqual([]);
  });
});

describe('acts on an answer given from the conversation alone', () => {
  test('"¿de dónde sacaste eso?" after "¿y hoy quién es?" names the later note’s sources', () => {
    const turns = converse([
      '¿quién era la jefa de gobierno de la Ciudad de México?',
      '¿y hoy quién es?',
      '¿de dónde sacaste eso?',
    ]);
    expect(textOf(turns, -1)).toMatch(/CNN|infobae/u);
  });

  test('"sorry, I still don\'t understand" is still asking for a clearer answer', () => {
    const turns = converse(['who leads innovation?', 'sorry, I still don’t understand']);
    expect(turns.at(-1)?.understanding.act?.kind).toBe('clarify');
  });
});

describe('acts with nothing to act on', () => {
  test('"¿y la primera?" after an answer without a list says there was no list', () => {
    const turns = converse([
      '¿qué áreas de política le faltan datos en Medellín?',
      '¿y la primera?',
    ]);
    expect(turns.at(-1)?.answer.kind).toBe('chat');
    expect(textOf(turns, -1)).toMatch(/no tenía una lista/u);
  });

  test('"shorter" after "more" shortens the same topic, not one of its follow-ups', () => {
    const turns = converse(['what does Helsinki fund?', 'more details please', 'shorter']);
    expect(turns.at(-1)?.answer.topic).toBe(turns.at(0)?.answer.topic);
  });

  test('"can you explain that?" asks for a clearer answer', () => {
    const turns = converse(['how is innovation measured?', 'can you explain that?']);
    expect(turns.at(-1)?.understanding.act?.kind).toBe('clarify');
  });
});

describe('an ordinal after a list of cities', () => {
  test.each([
    [
      ['which cities are in Chile?', 'tell me about the first one', 'who is its mayor?'],
      'quillota',
    ],
    [['¿qué ciudades de Argentina hay?', 'la segunda', '¿y su población?'], 'godoy-cruz'],
  ])('%j goes on with that city', (messages, city) => {
    const turns = converse(messages);
    expect(turns.at(1)?.answer.topic).toBe('city.overview');
    expect(turns.map((t) => t.answer.city).slice(1)).toEqual([city, city]);
  });
});

describe('an opener that is also an out-of-scope word', () => {
  test.each(["fine. and the city's population?", 'fine, and the population?'])(
    '%s is still the question after it',
    (question) => {
      expect(converse(['who leads innovation?', question]).at(-1)?.answer.topic).toBe(
        'city.population',
      );
    },
  );
});

test('"which one is bigger?" compares the two cities on the topic of the conversation', () => {
  const turns = converse([
    'how many people live in Vienna?',
    'and in Oulu?',
    'which one is bigger?',
  ]);
  expect(turns.at(-1)?.answer.short ?? '').toMatch(/^Population: Vienna/u);
});

describe('more wordings of acts', () => {
  test.each([
    ["what's the connectivity model?", 'simpler please', 'clarify'],
    ['¿la ciudad tiene estrategia de innovación?', '¿y eso de dónde viene?', 'source'],
    ['¿la ciudad tiene estrategia de innovación?', 'dilo más sencillo', 'clarify'],
  ])('%s, then %s: %s', (question, act, kind) => {
    const turns = converse([question, act]);
    expect(turns.at(-1)?.understanding.act?.kind).toBe(kind);
    expect(turns.at(-1)?.answer.topic).toBe(turns.at(0)?.answer.topic);
  });
});

describe('a language switch after a reply that was not a profile answer', () => {
  test.each([
    [['what is the GDP of Mexico City?', 'en español'], 'gap'],
    [['what is the population of Bogotá?', 'in Spanish please'], 'unknown-city'],
  ])('%j gives the same reply in Spanish (%s)', (messages, kind) => {
    const turns = converse(messages);
    expect(turns.at(-1)?.answer.kind).toBe(kind);
    expect(turns.at(-1)?.answer.language).toBe('es');
  });
});

describe('ordinals by number', () => {
  test.each([
    ['number two', 2],
    ['and number 3?', 3],
    ['el número uno', 1],
  ])('%s picks item %d of the list', (ordinal, position) => {
    const turns = converse(['what does innovation help Mexico City achieve?', ordinal]);
    expect(turns.at(-1)?.understanding.act).toEqual({ kind: 'ordinal', position });
  });
});
