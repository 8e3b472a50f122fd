import type { Engine, Turn } from '../../../src/core/engine';
import { renderAnswerActivity } from '../../../src/channels/renderAnswerActivity';
import { buildEngine, last, playConversation } from './support';

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const converse = (messages: readonly string[]): Turn[] => playConversation(engine, messages);

describe('"and theirs?" / "¿y la nuestra?": the last topic, for the other city', () => {
  test('after a side-by-side answer, the topic the cities were compared on', () => {
    const turn = last(
      converse(['who was the lead innovation officer of Rosario and Medellín?', 'and theirs?']),
    );
    expect(turn.understanding.act?.kind).toBe('otherCity');
    expect(turn.answer.text).toMatch(/Paula Zapata/u);
    expect(turn.answer.text).not.toMatch(/German Giro/u);
    expect(turn.state.city).toBe('medellin');
  });

  test.each([
    ['and ours?', 'en'],
    ['¿y la nuestra?', 'es'],
    ['what about the other city?', 'en'],
  ])('after two cities in a row, %s goes back to the first', (followUp) => {
    const turn = last(
      converse(['what are the critical success factors of Rosario?', 'and in Medellín?', followUp]),
    );
    expect(turn.answer.text).toMatch(/Rosario/u);
    expect(turn.answer.text).toMatch(/Human resource support|Apoyo de recursos humanos/u);
    expect(turn.state.city).toBe('rosario');
  });

  test('with no other city in the conversation it is not taken as a city switch', () => {
    const turn = last(converse(['who was the mayor of Bilbao?', 'and theirs?']));
    expect(turn.answer.text).not.toMatch(/Juan María Aburto/u);
    expect(turn.state.city).toBe('bilbao');
  });
});

describe('"in each?" puts the question to both cities of the conversation', () => {
  test('population of each after two cities', () => {
    const turn = last(
      converse([
        'who was the lead innovation officer of Rosario?',
        'and in Medellín?',
        'how many people live in each?',
      ]),
    );
    expect(turn.answer.text).toMatch(/995,000/u);
    expect(turn.answer.text).toMatch(/2,500,000/u);
  });
});

describe('the source of "that figure" and the link', () => {
  test.each([
    ['¿de dónde sale ese dato?', /Población/u],
    ['where does that figure come from?', /Population/u],
  ])('%s gives the sources of the last answer, not a topic', (followUp, section) => {
    const turn = last(converse(['how many people lived in Bilbao?', followUp]));
    expect(turn.understanding.act?.kind).toBe('source');
    expect(turn.answer.text).toMatch(section);
    expect(turn.answer.text).not.toMatch(/funding|financiamiento/iu);
  });

  test.each(['¿me pasas el enlace?', 'can you send me the link?', 'link please'])(
    '%s gives the public profile address of the last answer',
    (followUp) => {
      const turn = last(converse(['who was the mayor of Bilbao?', followUp]));
      expect(turn.understanding.act?.kind).toBe('source');
      expect(turn.answer.text).toMatch(/cities-innovation-oecd\.com\/cities\/bilbao-esp/u);
    },
  );

  test('"¿esa información?" alone is not read as a yes', () => {
    const turn = last(converse(['who was the mayor of Bilbao?', '¿esa información?']));
    expect(turn.understanding.act?.kind).not.toBe('affirm');
  });
});

describe('on Teams, an answer without a direct sentence still says something beside its card', () => {
  test('a profile at a glance gets its first paragraph, not the title alone', () => {
    const turn = last(converse(['¿qué me puedes contar de Lisboa?']));
    expect(turn.answer.short ?? null).toBeNull();
    const activity = renderAnswerActivity(turn.answer, 'cards', 'msteams');
    expect(activity.text).not.toBe(turn.answer.title);
    expect(String(activity.text)).toMatch(/Fernando Medina/u);
  });
});

describe("a profile at a glance names another city's sections in that city's words", () => {
  test("Lisbon's mayor section is the Alcaldía, not Mexico City's Jefa de Gobierno", () => {
    const turn = last(converse(['¿qué me puedes contar de Lisboa?']));
    expect(turn.answer.text).toMatch(/Alcaldía/u);
    expect(turn.answer.text).not.toMatch(/Jefa de Gobierno/u);
  });

  test('a section printed in the plural ("Lead Innovation Officers") keeps a Spanish name whole', () => {
    const turn = last(converse(['¿qué me puedes contar de Lisboa?']));
    expect(turn.answer.text).toMatch(/Responsable de innovación”/u);
    expect(turn.answer.text).not.toMatch(/innovacións/u);
  });
});

describe('"go back to Mexico City" / "vuelve a Medellín": the last question, of that city', () => {
  test.each([
    ['go back to mexico city', /Mexico City/u, /81%/u],
    ["let's go back to Mexico City", /Mexico City/u, /81%/u],
  ])('%s asks the last question again of the city named', (back, city, fact) => {
    const turn = last(
      converse(['how is innovation funded in Mexico City?', 'and in Medellín?', back]),
    );
    expect(turn.understanding.gap).toBeNull();
    expect(turn.answer.text).toMatch(city);
    expect(turn.answer.text).toMatch(fact);
    expect(turn.state.city).toBe('mexico-city');
  });

  test('vuelve a Medellín, in Spanish', () => {
    const turn = last(
      converse(['¿quién lidera la innovación en Medellín?', '¿y en Rosario?', 'vuelve a Medellín']),
    );
    expect(turn.answer.text).toMatch(/Paula Zapata/u);
    expect(turn.state.city).toBe('medellin');
  });

  test.each([
    ['back to English', 'language'],
    ['go back to cards', 'style'],
  ])('%s is still a command', (message, kind) => {
    const turn = last(converse(['¿quién era el alcalde de Bilbao?', 'text only', message]));
    const act = turn.understanding.act;
    expect(act?.kind).toBe('command');
    expect(act?.kind === 'command' ? act.command.kind : null).toBe(kind);
  });
});

describe('replies of no preference ("whatever", "no sé") are acknowledged, not read as a topic', () => {
  test.each(['whatever', 'no sé', "I don't know", 'me da igual'])('%s', (reply) => {
    const turn = last(converse(['who was the mayor of Seoul?', reply]));
    expect(turn.understanding.act?.kind).toBe('acknowledge');
    expect(turn.state.city).toBe('seoul');
  });
});
