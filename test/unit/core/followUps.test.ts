import { DEFAULTS } from '../../../src/core/defaults';
import {
  NEW_CONVERSATION,
  type ConversationState,
  type Engine,
  type Turn,
} from '../../../src/core/engine';
import type { Profile } from '../../../src/core/schema';
import {
  allFactFragments,
  buildEngine,
  defaultProfile,
  expectedFigureText,
  factById,
  figureById,
  topicById,
  playConversation,
  last,
} from './support';

let engine: Engine;
let profile: Profile;
beforeAll(() => {
  engine = buildEngine();
  profile = defaultProfile(engine.kb);
});

const converse = (messages: readonly string[], start?: ConversationState): Turn[] =>
  playConversation(engine, messages, start);

describe('follow-up questions use the conversation', () => {
  test.each([
    [
      'funding, then its sources',
      ['how is innovation funded?', 'what about the sources?'],
      'funding.sources',
      'en',
    ],
    [
      'funding, then "and where does it come from?"',
      ['how is innovation funded?', 'and where does it come from?'],
      'funding.sources',
      'en',
    ],
    [
      'the mayor in Spanish, then "¿y la población?"',
      ['¿Quién es la jefa de gobierno?', '¿y la población?'],
      'city.population',
      'es',
    ],
    [
      'the agency, then how many work there',
      ['what is ADIP?', 'how many people work there?'],
      'team.structure',
      'en',
    ],
  ])('%s', (_name, messages, topic, language) => {
    const turn = last(converse(messages));
    expect(turn.answer.topic).toBe(topic);
    expect(turn.answer.language).toBe(language);
    expect(turn.state.lastTopic).toBe(topic);
  });

  test('a data question, then "and health?", gives the health data status', () => {
    const turns = converse(['is there data on housing?', 'and health?']);
    const first = turns[0];
    const second = last(turns);
    expect(first?.answer.policyArea).toBe('housing');
    expect(second.answer.topic).toBe('data.availability');
    expect(second.answer.policyArea).toBe('health');
    expect(second.state.policyArea).toBe('health');
    const holder = profile.facts.find(
      (f) => f.dataStatus && f.items.some((i) => i.policyArea === 'health'),
    );
    expect(second.answer.text).toContain(`had ${holder?.dataStatus ?? '(no status)'} data on`);
  });

  test('"how many people work there?" after the agency answers with the staff figure', () => {
    const staff = figureById(factById(profile, 'independent-department'), 'staff');
    const turn = last(converse(['what is ADIP?', 'how many people work there?']));
    expect(turn.answer.text).toContain(expectedFigureText(staff, 'en'));
    expect(staff.value).toBe(150);
  });

  test('"¿y la población?" after a Spanish question answers in Spanish with the population figure', () => {
    const population = figureById(factById(profile, 'population'), 'population');
    const turn = last(converse(['¿Quién es la jefa de gobierno?', '¿y la población?']));
    expect(turn.answer.text).toContain(expectedFigureText(population, 'es'));
    expect(turn.answer.text).toContain('En el momento de la encuesta de 2020');
  });

  test('the same follow-up without context is not taken as the follow-up topic', () => {
    const alone = engine.respond('what about the sources?');
    const after = last(converse(['how is innovation funded?', 'what about the sources?']));
    expect(after.understanding.isFollowUp).toBe(true);
    expect(alone.understanding.isFollowUp).toBe(false);
  });
});

describe('a city without a profile, then a follow-up', () => {
  test('"what about Porto?" after a Mexico City question is declined as a city without a profile', () => {
    const turn = last(converse(['who is the mayor?', 'what about Porto?']));
    expect(turn.answer.kind).toBe('unknown-city');
    expect(turn.answer.citations).toEqual([]);
  });

  // The conversation state keeps the city without a profile (`unknownCity`), so an
  // elliptic follow-up about it is declined again instead of getting Mexico City's facts.
  test('"and the mayor?" after a question about Porto gives no Mexico City facts', () => {
    const turn = last(converse(['population of Porto', 'and the mayor?']));
    expect(turn.answer.citations).toEqual([]);
  });
});

describe('"tell me more"', () => {
  test.each([['tell me more'], ['more'], ['dime más'], ['go on']])(
    '%j after the mayor adds the blocks of the next follow-up topics',
    (more) => {
      const mayor = topicById(engine.kb, 'city.mayor');
      const [first, second] = converse(['who is the mayor?', more]);
      const extraTitles = mayor.followUps
        .slice(0, 2)
        .map((id) => topicById(engine.kb, id).title[second?.answer.language ?? 'en']);
      expect(second?.answer.topic).toBe('city.mayor');
      expect(second?.answer.blocks.length).toBeGreaterThan(first?.answer.blocks.length ?? 0);
      const headings = second?.answer.blocks.map((b) => b.heading) ?? [];
      for (const title of extraTitles) expect(headings).toContain(title);
    },
  );

  test('"tell me more" after the mayor shows the follow-up topics\' facts and citations', () => {
    const population = figureById(factById(profile, 'population'), 'population');
    const turn = last(converse(['who is the mayor?', 'tell me more']));
    expect(turn.answer.text).toContain(expectedFigureText(population, 'en'));
    const sections = turn.answer.citations.map((c) => c.section);
    expect(sections).toContain(factById(profile, 'population').citation?.section);
  });

  test('"tell me more" keeps the language of the conversation', () => {
    const turn = last(converse(['¿Quién es la jefa de gobierno?', 'tell me more']));
    expect(turn.answer.language).toBe('es');
    expect(turn.state.language).toBe('es');
  });

  test('"tell me more" with nothing asked yet says so and gives no facts', () => {
    const { answer } = engine.respond('tell me more');
    expect(answer.kind).toBe('command');
    expect(answer.citations).toEqual([]);
  });
});

describe('commands', () => {
  test.each([['in Spanish please'], ['en español'], ['responde en español']])(
    '%j re-answers the last topic in Spanish',
    (command) => {
      const turn = last(converse(['who is the mayor?', command]));
      expect(turn.answer.topic).toBe('city.mayor');
      expect(turn.answer.language).toBe('es');
      expect(turn.state.language).toBe('es');
      expect(turn.answer.text).toContain('En el momento de la encuesta de 2020');
      expect(turn.answer.text).not.toContain('At the time of the');
    },
  );

  test('"in English" re-answers the last topic in English', () => {
    const turn = last(converse(['¿cuál es la población?', 'in English']));
    expect(turn.answer.topic).toBe('city.population');
    expect(turn.answer.language).toBe('en');
    expect(turn.answer.text).toContain('At the time of the 2020 survey');
  });

  test('the language asked for stays for the next question, even a language-neutral one', () => {
    const turn = last(converse(['who is the mayor?', 'in Spanish please', 'CDMX']));
    expect(turn.answer.language).toBe('es');
  });

  test.each([
    ['text only', 'text'],
    ['plain text please', 'text'],
    ['solo texto', 'text'],
    ['cards', 'cards'],
    ['tarjetas', 'cards'],
  ] as const)('%j sets the answer style to %s', (command, style) => {
    const from: ConversationState = {
      ...NEW_CONVERSATION,
      style: style === 'text' ? 'cards' : 'text',
    };
    const turn = engine.respond(command, from);
    expect(turn.state.style).toBe(style);
    expect(turn.answer.kind).toBe('command');
  });

  test('a style command keeps the last topic, so "tell me more" still works after it', () => {
    const turns = converse(['who is the mayor?', 'text only', 'tell me more']);
    expect(turns[1]?.state.lastTopic).toBe('city.mayor');
    expect(last(turns).answer.topic).toBe('city.mayor');
  });

  test('a question that contains "more" or "spanish" is not taken for a command', () => {
    expect(
      engine.respond('tell me more about the spanish funding sources').understanding.command,
    ).toBeNull();
  });
});

describe('problem messages', () => {
  test.each([
    ['an empty message', ''],
    ['a message of spaces', '    '],
    ['a message of punctuation only', '?!...'],
    ['a 600-character message', 'who is the mayor? '.repeat(40).slice(0, 600)],
    ['a message one character over the limit', 'a'.repeat(DEFAULTS.maxQuestionLength + 1)],
  ])('%s gets a problem answer with no facts', (_name, message) => {
    const { answer, understanding } = engine.respond(message);
    expect(answer.kind).toBe('problem');
    expect(understanding.problem).not.toBeNull();
    expect(answer.topic).toBeNull();
    expect(answer.citations).toEqual([]);
    expect(answer.profileUrl).toBeNull();
    expect(answer.text.length).toBeGreaterThan(0);
    for (const fragment of allFactFragments(profile)) expect(answer.text).not.toContain(fragment);
  });

  test('a message exactly at the limit is still read as a question', () => {
    const question = 'who is the mayor?'.padEnd(DEFAULTS.maxQuestionLength, ' ');
    expect(engine.respond(question).understanding.problem).toBeNull();
  });

  test('the over-long and the empty message are told apart', () => {
    expect(engine.respond('').understanding.problem).toBe('empty');
    expect(engine.respond('x'.repeat(600)).understanding.problem).toBe('too-long');
  });

  test('a problem message does not forget the conversation', () => {
    const turns = converse(['who is the mayor?', '', 'tell me more']);
    expect(turns[1]?.state.lastTopic).toBe('city.mayor');
    expect(last(turns).answer.topic).toBe('city.mayor');
  });

  test('a Spanish conversation gets the problem message in Spanish', () => {
    const turn = last(converse(['hola', '']));
    expect(turn.answer.language).toBe('es');
  });
});
