import { lexiconOf } from '../../../src/core/lexicon';
import { normalizeText, tokenize } from '../../../src/core/normalize';
import { questionForm } from '../../../src/core/understand/questionForm';
import { readNumber } from '../../../src/core/understand/readNumber';
import { buildEngine, loadRealKnowledge } from './support';

// Single questions, round 2 (test/eval/forms2.txt): comparisons with a number as people
// say them, data-area counts compared, sizes between two cities, Spanish "carece".
const kb = loadRealKnowledge();
const lexicon = lexiconOf(kb);
const words = (text: string): string[] => tokenize(normalizeText(text));
const form = (q: string) => questionForm(words(q), q, lexicon);

describe('comparison words with a number', () => {
  test.each([
    ['does ADIP have at least 150 staff?', 'atLeast', 150],
    ['¿la cdmx tiene al menos 9 millones de habitantes?', 'atLeast', 9_000_000],
    ['does the city use at most 5 roles?', 'atMost', 5],
    ['does Buenos Aires have around 3 million people?', 'around', 3_000_000],
    ['¿la agencia tiene unas 150 personas?', 'around', 150],
    ['does Umeå use more than five innovation roles?', 'more', 5],
    ['is mexico city missing data in fewer than five areas?', 'less', 5],
    ['¿usa más de ocho perfiles?', 'more', 8],
  ])('%j compares %s %d', (q, op, value) => {
    expect(form(q).comparison).toEqual({ op, value });
  });

  test('a number word counts only after a comparison word: "the two cities" is no figure', () => {
    expect(form('do the two cities have a strategy?').comparison).toBeNull();
    expect(readNumber(['two', 'cities'], 0)).toBeNull();
    expect(readNumber(['two', 'million'], 0, true)).toEqual({ value: 2_000_000, end: 2 });
  });
});

describe('yes/no with a number answers yes or no first', () => {
  const engine = buildEngine();
  test.each([
    ['does ADIP have at least 150 staff?', /^Yes\b/],
    ['does ADIP have at least 151 staff?', /^No\b/],
    ['does ADIP have around 150 employees?', /^Yes\b/],
    ['does the digital agency have around 300 staff?', /^No\b/],
    ['does Umeå use more than five innovation roles?', /^Yes\b/],
    ['does Umeå use more than six innovation roles?', /^No\b/],
    ['does mexico city have sufficient data in at least ten policy areas?', /^Yes\b/],
    ['is mexico city missing data in fewer than five areas?', /^No\b/],
    ['¿le faltan datos en más de 5 áreas?', /^Sí(?!\p{L})/u],
  ])('%j', (question, lead) => {
    expect(engine.ask(question).short ?? '').toMatch(lead);
  });

  test('"around" takes a tenth either side of the number', () => {
    const buenosAires = kb.profiles.find((p) => p.id === 'buenos-aires');
    const people = buenosAires?.facts
      .flatMap((f) => f.figures)
      .find((f) => f.unit === 'inhabitants')?.value;
    expect(people).toBeGreaterThan(2_700_000);
    expect(engine.ask('does Buenos Aires have around 3 million people?').short).toMatch(/^Yes\b/);
    expect(engine.ask('does Buenos Aires have around 2 million people?').short).toMatch(/^No\b/);
  });

  test('"¿carece de ...?" is a yes/no question with a lack: what the profile states, turned round', () => {
    expect(engine.ask('¿la cdmx carece de un equipo de innovación?').short).toMatch(/^No\b/);
    expect(engine.ask('¿Bilbao carecía de un equipo de innovación dedicado?').short).toMatch(
      /^Sí(?!\p{L})/u,
    );
  });
});

describe('sizes between two cities', () => {
  const engine = buildEngine();
  test.each([
    ['does Buenos Aires have more people than Mexico City?', /^No\b/],
    ['¿Oulu tiene más habitantes que Umeå?', /^Sí(?!\p{L})/u],
    ['does Umeå have fewer inhabitants than Oulu?', /^Yes\b/],
  ])('%j answers yes or no first', (question, lead) => {
    const answer = engine.ask(question);
    expect(answer.topic).toBe('comparison');
    expect(answer.short).toMatch(lead);
  });

  test('"which city is larger?" shows the populations, not the teams', () => {
    const answer = engine.ask('which city is larger, Oulu or Umeå?');
    expect(answer.short).toMatch(/^Population: Oulu 203,567/);
    expect(
      engine.ask('which city has the larger innovation team, Oulu or Umeå?').short,
    ).not.toMatch(/^Population/);
  });
});

describe('people of any city named in a yes/no question', () => {
  const engine = buildEngine();
  const nameOf = (cityId: string, topicId: string): string => {
    const fact = kb.profiles.find((p) => p.id === cityId)?.facts.find((f) => f.topic === topicId);
    return /\b(?:was|were)\s+([^:.;()]+)/u.exec(fact?.text.en ?? '')?.[1] ?? '';
  };

  test('a full name is never "corrected" into another word ("Horacio" is no "horario")', () => {
    const mayor = nameOf('buenos-aires', 'city.mayor');
    expect(mayor).toMatch(/^Horacio /);
    const answer = engine.ask(`¿${mayor} era el alcalde de Buenos Aires?`);
    expect(answer.topic).toBe('city.mayor');
    expect(answer.short).toMatch(/^Sí(?!\p{L})/u);
    expect(engine.ask(`was ${mayor} the mayor of Buenos Aires?`).short).toMatch(/^Yes\b/);
  });

  test('"one of the lead innovation officers" asks about the list of them', () => {
    const answer = engine.ask("is Malin Lagervall one of Umeå's lead innovation officers?");
    expect(answer.topic).toBe('innovation.lead');
    expect(answer.short).toMatch(/^Yes\b/);
    expect(
      engine.ask('¿Peter Juneblad es uno de los responsables de innovación de Umeå?').short,
    ).toMatch(/^Sí(?!\p{L})/u);
  });
});

describe('"which ... not ...?" over a list of survey options', () => {
  const engine = buildEngine();
  test('the options the city did not list, then the ones it did', () => {
    const answer = engine.ask('which innovation roles does Umeå not have?');
    expect(answer.topic).toBe('team.roles');
    const [notListed, listed] = (answer.short ?? '').split('It listed:');
    expect(notListed).toMatch(/did not list: .*Designer/);
    expect(notListed).not.toMatch(/Data scientist/);
    expect(listed).toMatch(/Data scientist/);
  });

  test('in Spanish, for success factors', () => {
    const short = engine.ask('¿qué factores de éxito no eligió Bilbao?').short ?? '';
    expect(short).toMatch(/no señaló: .*Financiamiento dedicado/);
    expect(short).toMatch(/Señaló: .*Enfoque en la medición/);
  });

  test('a list the stored page cut is never complemented (the rest is unknown)', () => {
    const cut = kb.profiles
      .flatMap((p) => p.facts.map((f) => ({ p, f })))
      .find(
        ({ f }) =>
          f.topic === 'team.roles' &&
          f.figures.some((g) => g.unit === 'roles' && g.value > f.items.length),
      );
    expect(cut).toBeDefined();
    const short =
      engine.ask(`which innovation roles does ${cut?.p.name.en ?? ''} not have?`).short ?? '';
    expect(short).not.toMatch(/did not list/);
  });
});

describe('words that are also names of places or Spanish verbs', () => {
  const engine = buildEngine();
  test('"usa" in a Spanish question is the verb, not the USA', () => {
    const answer = engine.ask('¿la ciudad de méxico usa más de 8 perfiles de innovación?');
    expect(answer.unknownCity).toBeNull();
    expect(answer.city).toBe('mexico-city');
    expect(answer.short).toMatch(/^No\b/);
  });

  test('"USA" in capitals or after a comma still qualifies a city', () => {
    expect(engine.ask('who is the mayor of Aurora USA?').city).toBe('aurora');
    expect(engine.ask('who is the mayor of aurora, usa?').city).toBe('aurora');
  });

  test('an English question word opening it is no yes/no question, whatever Spanish verb follows', () => {
    expect(form('who is the mayor of aurora, usa?').kind).toBe('open');
    expect(engine.ask('who is the mayor of aurora, usa?').short).not.toMatch(/^(Yes|No)\b/);
  });
});

describe('membership in a ranking of every survey option says nothing', () => {
  const engine = buildEngine();
  test('"one of the most common activities?" is answered from the city\'s own list', () => {
    const mexico = kb.profiles.find((p) => p.id === 'mexico-city');
    const ranking = mexico?.facts.find((f) => f.id === 'ranked-activities');
    const common = mexico?.facts.find((f) => f.id === 'common-activities');
    expect(ranking?.items.some((i) => /human-centered/i.test(i.text?.en ?? ''))).toBe(true);
    expect(common?.items.some((i) => /human-centered/i.test(i.text?.en ?? ''))).toBe(false);
    const answer = engine.ask(
      "is human-centered design one of mexico city's most common innovation activities?",
    );
    expect(answer.short).toMatch(/^No\b/);
    expect(
      engine.ask(
        "is promoting data-driven analytics one of mexico city's most common innovation activities?",
      ).short,
    ).toMatch(/^Yes\b/);
  });
});

describe("a policy area's statistic is not its data's availability", () => {
  const engine = buildEngine();
  test.each([
    ['¿cuál es la tasa de desempleo de Buenos Aires?', /no lo dice/],
    ['¿cuál es el porcentaje de vivienda informal en la cdmx?', /no lo dice/],
  ])('%j is "the profile doesn\'t say", with no area status', (question, lead) => {
    const answer = engine.ask(question);
    expect(answer.kind).toBe('gap');
    expect(answer.short).toMatch(lead);
    expect(answer.text).not.toMatch(/tenía datos/);
  });

  test("with a data word, the area's data is what is asked", () => {
    const answer = engine.ask('¿hay datos sobre la tasa de desempleo?');
    expect(answer.topic).toBe('data.availability');
    expect(answer.policyArea).toBe('labour');
  });
});

describe('people counted', () => {
  const engine = buildEngine();
  test.each([
    ['how many lead innovation officers did Umeå have?', /^3\. .*Gammelgard/],
    ['¿cuántos responsables de innovación tenía Oulu?', /^2\. .*Heikka/],
  ])('%j gives the number of people the profile names, then them', (question, shape) => {
    expect(engine.ask(question).short).toMatch(shape);
  });
});
