import type { Answer } from '../../../src/core/answer';
import type { Engine } from '../../../src/core/engine';
import type { Profile } from '../../../src/core/schema';
import { buildAnswerCard } from '../../../src/channels/renderAnswerCard';
import { createEngineFromDir } from '../../../src/knowledge/createDefaultEngine';
import { buildEngine } from './support';

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

const profileOf = (id: string): Profile => {
  const profile = engine.kb.profiles.find((p) => p.id === id);
  if (!profile) throw new Error(`no profile ${id}`);
  return profile;
};

/** Answers a conversation and returns every answer. */
function converse(messages: readonly string[]): Answer[] {
  let state = undefined;
  const answers: Answer[] = [];
  for (const message of messages) {
    const turn = engine.respond(message, state);
    state = turn.state;
    answers.push(turn.answer);
  }
  return answers;
}

const focusAreas = (p: Profile): string[] =>
  p.facts
    .filter((f) => f.topic === 'policy.areas')
    .flatMap((f) => f.items.map((i) => i.policyArea ?? ''));

describe('cities side by side', () => {
  test('"Compare Leipzig with Mexico City" shows both, each with its own figures', () => {
    const answer = engine.ask('Compare Leipzig with Mexico City');
    expect(answer.topic).toBe('comparison');
    expect(answer.cities).toEqual(['leipzig', 'mexico-city']);
    expect(answer.text).toContain('- Leipzig: 600,000 (2019)');
    expect(answer.text).toContain('- Mexico City: 9,209,944 (2020)');
    expect(answer.text).toContain('- Leipzig: Burkhard Jung');
    expect(answer.text).toMatch(/- Mexico City: [^\n]*Sheinbaum/);
  });

  test('a point the stored page did not keep is said to be missing, never taken from the other city', () => {
    const answer = engine.ask('compare Oulu and Umeå');
    expect(answer.text).toContain('- Oulu: not in the profile I hold');
    expect(profileOf('oulu').sections).not.toContain('roles');
  });

  test('a question about one point compares that point ("who are the mayors of A and B?")', () => {
    const answer = engine.ask('¿Quiénes son los alcaldes de Grand Rapids y Jersey City?');
    expect(answer.topic).toBe('comparison');
    expect(answer.text).toContain('Bliss');
    expect(answer.text).toContain('Fulop');
    expect(answer.text).not.toContain('Población');
  });

  test('"is A bigger than B?" is answered yes or no first, with both populations', () => {
    const answer = engine.ask('Is Akron bigger than Anchorage?');
    expect(answer.short).toMatch(/^No: Akron had 197,846 inhabitants and Anchorage 298,192/);
  });

  test('a card shows at most three cities per row of columns', () => {
    const card = buildAnswerCard(engine.ask('compare Lima, Medellín, Quillota and Rosario'));
    const sets = card.body.filter((e) => e.type === 'ColumnSet');
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      if (set.type !== 'ColumnSet') continue;
      expect(set.columns.length).toBeLessThanOrEqual(3);
    }
    const headers = sets.filter((s) => s.type === 'ColumnSet' && s.spacing === 'Medium');
    expect(headers).toHaveLength(2);
  });
});

describe('lists of cities with a criterion', () => {
  test('a focus area: every city listed focuses on it', () => {
    const answer = engine.ask('¿Qué ciudades se enfocan en la resiliencia?');
    expect(answer.topic).toBe('cities.list');
    expect(answer.cities).toEqual(expect.arrayContaining(['anchorage', 'oakland', 'wellington']));
    for (const id of answer.cities) expect(focusAreas(profileOf(id))).toContain('resilience');
  });

  test('profiles whose page lacks the section are counted apart, not as "no"', () => {
    const answer = engine.ask('Which cities focus on housing?');
    const lacking = engine.kb.profiles.filter(
      (p) => p.sections !== undefined && !p.sections.includes('policy-areas'),
    );
    expect(lacking.length).toBeGreaterThan(0);
    expect(answer.text).toContain(`For ${lacking.length} more profile`);
  });

  test('a country: every profile of that country', () => {
    const answer = engine.ask('¿Qué ciudades mexicanas tienen perfil?');
    const mexican = engine.kb.profiles.filter((p) => p.country.en === 'Mexico').map((p) => p.id);
    expect([...answer.cities].sort()).toEqual(mexican.sort());
    expect(answer.cities).toEqual(expect.arrayContaining(['saltillo', 'san-pedro-garza-garcia']));
  });

  test('a region and a stated fact together', () => {
    const answer = engine.ask('Which Latin American cities have an explicit innovation strategy?');
    expect(answer.cities.length).toBeGreaterThan(0);
    for (const id of answer.cities) {
      const p = profileOf(id);
      expect([
        'Argentina',
        'Brazil',
        'Chile',
        'Colombia',
        'Costa Rica',
        'Mexico',
        'Peru',
      ]).toContain(p.country.en);
      expect(p.facts.find((f) => f.id === 'explicit-strategy')?.holds ?? true).toBe(true);
    }
  });

  test.each([
    [
      'Which cities use only one innovation role?',
      (p: Profile) =>
        p.facts.some((f) => f.figures.some((g) => g.unit === 'roles' && g.value === 1)),
    ],
    [
      'cities with more than 5 million inhabitants',
      (p: Profile) =>
        p.facts.some((f) => f.figures.some((g) => g.unit === 'inhabitants' && g.value > 5_000_000)),
    ],
    [
      'which cities have an independent innovation agency?',
      (p: Profile) =>
        p.facts.some(
          (f) =>
            f.topic === 'team.structure' &&
            (f.option === 'independent' || /independent/.test(f.text.en)),
        ),
    ],
  ] as const)('"%s": every city listed meets it', (question, meets) => {
    const answer = engine.ask(question);
    expect(answer.topic).toBe('cities.list');
    expect(answer.cities.length).toBeGreaterThan(0);
    for (const id of answer.cities) expect(meets(profileOf(id))).toBe(true);
  });

  test('"la" is an article, "LA" is Los Angeles', () => {
    expect(engine.ask('¿quién es el alcalde de la Ciudad de México?').city).toBe('mexico-city');
  });

  test('a country written as its code in capitals ("UK cities")', () => {
    const answer = engine.ask('which cities in the UK do you know?');
    expect([...answer.cities].sort()).toEqual(['bristol', 'liverpool-city-region', 'london']);
  });

  test('"no dedicated team" asks about the team, a success factor only when named as one', () => {
    const noTeam = engine.ask('which cities have no dedicated innovation team?');
    for (const id of noTeam.cities)
      expect(profileOf(id).facts.find((f) => f.topic === 'team.structure')?.holds).toBe(false);
    const factor = engine.ask('which cities name dedicated funding as a critical success factor?');
    for (const id of factor.cities)
      expect(
        profileOf(id)
          .facts.filter((f) => f.topic === 'innovation.success-factors')
          .some((f) =>
            f.items.some((i) => i.id === 'dedicated-funding' || i.text?.en === 'Dedicated funding'),
          ),
      ).toBe(true);
  });

  test('"which cities do you know?" names every profile, by country', () => {
    const answer = engine.ask('which cities do you know?');
    expect(answer.cities).toHaveLength(engine.kb.profiles.length);
    expect(answer.text).toContain('Colombia: Medellín');
  });

  test('a share of the surveyed cities is no list ("what share of cities ... like Mexico City?")', () => {
    expect(
      engine.ask('What share of cities have an explicit innovation strategy like Mexico City?')
        .topic,
    ).not.toBe('cities.list');
  });
});

describe('cities named in questions', () => {
  test.each([
    ['Who is the mayor of San José, Costa Rica?', null, 'San Jose, Costa Rica'],
    ['¿quién es el alcalde de San José de Costa Rica?', null, 'San Jose, Costa Rica'],
    ['Who is the mayor of Kansas City, Missouri?', null, 'Kansas City, Missouri'],
    ['Who is the mayor of Aurora, IL?', 'aurora', null],
    ['who is the mayor of San Jose?', 'san-jose', null],
    ['¿Cuántos habitantes tiene Saltillo, México?', 'saltillo', null],
    ['who is the mayor of Nueva York?', 'new-york-city', null],
    ['who leads innovation in CABA?', 'buenos-aires', null],
    ['who is the mayor of liverpool', 'liverpool-city-region', null],
    ['alcalde de Bruselas', 'brussels', null],
    ['¿Quién es el alcalde de Bogotá?', null, 'Bogotá'],
    ['who leads innovation in LA?', 'los-angeles', null],
  ])('"%s" is about %s (no profile: %s)', (question, city, unknown) => {
    const answer = engine.ask(question);
    if (city) expect(answer.city).toBe(city);
    expect(answer.unknownCity).toBe(unknown);
  });

  test('a follow-up keeps the city: "and its population?", then "what about Medellín?"', () => {
    const [, second, third] = converse([
      'who is the mayor of Lima?',
      'and its population?',
      'what about Medellín?',
    ]);
    expect(second?.city).toBe('lima');
    expect(second?.text).toContain('9,670,000');
    expect(third?.city).toBe('medellin');
    expect(third?.text).toContain('2,500,000');
  });

  test('the unknown-city reply no longer lists every city', () => {
    const answer = engine.ask('Who is the mayor of Hamburg?');
    expect(answer.kind).toBe('unknown-city');
    expect(answer.text).toContain(`${engine.kb.profiles.length} cities`);
    expect(answer.text).not.toContain('Winnipeg');
  });

  test('the welcome no longer lists every city', () => {
    const welcome = engine.welcome('en');
    expect(welcome.text).toContain(`${engine.kb.profiles.length} cities`);
    expect(welcome.text).not.toContain('Winnipeg');
  });
});

describe('partial profiles', () => {
  test.each([
    [
      'How does Winnipeg measure its innovation?',
      'winnipeg',
      'measurement.partnerships',
      'does not include that part',
    ],
    [
      '¿Cómo se financia la innovación en Pelotas?',
      'pelotas',
      'funding.overview',
      'no incluye esa parte',
    ],
    ["What is Maceio's population?", 'maceio', 'city.population', 'does not include that part'],
  ])(
    '"%s" keeps the topic and says the profile held lacks that part, with the public profile',
    (question, city, topic, says) => {
      const answer = engine.ask(question);
      expect(answer.city).toBe(city);
      expect(answer.topic).toBe(topic);
      expect(answer.text).toContain(says);
      expect(answer.text).toContain(profileOf(city).profileUrl);
      expect(answer.text).not.toMatch(/Sheinbaum|9,209,944|Merino/);
    },
  );

  test('a "no" the page states is a no: Bilbao has no dedicated team', () => {
    expect(engine.ask('Does Bilbao have a dedicated innovation team?').short).toMatch(/^No\b/);
  });

  test('a Spanish answer cites the section in Spanish', () => {
    expect(engine.ask('¿Quién es el alcalde de Medellín?').text).toContain('“Alcalde”');
  });
});

describe('DEFAULT_CITY', () => {
  test('another city can be the default', () => {
    const built = createEngineFromDir(undefined, {}, { defaultCity: 'medellin' });
    if (!built.ok) throw new Error(built.message);
    expect(built.engine.ask('who is the mayor?').text).toContain('Federico Gutiérrez');
  });

  test('a default city without a profile stops start-up with a clear message', () => {
    const built = createEngineFromDir(undefined, {}, { defaultCity: 'atlantis' });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.message).toContain('"atlantis"');
  });
});
