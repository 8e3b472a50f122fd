import { lexiconOf } from '../../../src/core/lexicon';
import { normalizeText, tokenize } from '../../../src/core/normalize';
import { questionForm } from '../../../src/core/understand/questionForm';
import { dropSelfIntroduction } from '../../../src/core/understand/selfIntroduction';
import { buildEngine, loadRealKnowledge } from './support';

// Single questions, round 3 (test/eval/forms3.txt): self-introductions before a question,
// yes/no checks on figures said loosely, options named in other words.
const kb = loadRealKnowledge();
const lexicon = lexiconOf(kb);
const words = (text: string): string[] => tokenize(normalizeText(text));
const form = (q: string) => questionForm(words(q), q, lexicon);

describe('a self-introduction before the question is no detail asked', () => {
  test.each([
    ['hola! soy periodista. ¿quién dirigía la innovación?', '¿quién dirigía la innovación?'],
    ['Hi, I am a teacher: who was the mayor?', 'who was the mayor?'],
    ['I work for an NGO, what are the goals?', 'what are the goals?'],
    ['I m a nurse in Leeds and I wonder how many staff there are', 'how many staff there are'],
  ])('%j asks %j', (typed, asked) => {
    expect(dropSelfIntroduction(typed, lexicon)).toBe(asked);
  });

  test('a text that introduces nobody, or holds nothing after the introduction, is kept', () => {
    expect(dropSelfIntroduction('hi, who was the mayor?', lexicon)).toBe('hi, who was the mayor?');
    expect(dropSelfIntroduction("I'm a journalist.", lexicon)).toBe("I'm a journalist.");
    // A long clause carries the question's matter: it stays.
    const long =
      "I'm a resident and I heard the government wants more free WiFi in parks, what is it?";
    expect(dropSelfIntroduction(long, lexicon)).toBe(long);
    expect(dropSelfIntroduction('is 1.5 million the population?', lexicon)).toBe(
      'is 1.5 million the population?',
    );
  });

  test('the question after an introduction is answered, not read as a gap', () => {
    const engine = buildEngine();
    const answer = engine.ask('hola! soy periodista. ¿quién dirigía la innovación en la cdmx?');
    expect(answer.topic).toBe('innovation.lead');
    expect(answer.text).toContain('Peña Merino');
    const other = engine.ask(
      'soy investigador en Madrid, ¿quién era el responsable de innovación de Ámsterdam?',
    );
    expect(other.topic).toBe('innovation.lead');
    expect(other.text).toContain('Baron');
  });

  test('a city named only in the introduction is the city asked about', () => {
    const engine = buildEngine();
    const answer = engine.ask('soy de Lima. ¿quién era el alcalde?');
    expect(answer.city).toBe('lima');
    expect(answer.text).toContain('Jorge Muñoz Wells');
  });
});

describe('a statement asked back checks a figure: yes or no first', () => {
  test.each([
    ['so mexico city has more than 2 million people?', 'yesno'],
    ['Umeå has under 100 thousand inhabitants?', 'yesno'],
    ['¿o sea, 4 personas en el equipo?', 'yesno'],
    ['Femke Halsema was the mayor, right?', 'yesno'],
    ['population in 2019?', 'open'],
    ['the population of Bilbao?', 'open'],
  ])('%j is %s', (q, kind) => {
    expect(form(q).kind).toBe(kind);
  });

  test('"a million" and "un millón" are numbers after a comparison word', () => {
    expect(form('so Amsterdam has over a million inhabitants?').comparison).toEqual({
      op: 'more',
      value: 1_000_000,
    });
    expect(form('¿tiene más de un millón de habitantes?').comparison).toEqual({
      op: 'more',
      value: 1_000_000,
    });
  });

  const engine = buildEngine();
  test.each([
    ['so mexico city has more than 2 million people?', /^Yes\b/],
    ['so mexico city has fewer than 2 million people?', /^No\b/],
    ['so Amsterdam has over a million inhabitants?', /^No\b/],
    ['Curitiba is above 1.5 million people, right?', /^Yes\b/],
    ['¿o sea, 4 personas en el equipo de innovación de Ámsterdam?', /^No\b/],
    ['¿entonces la cdmx tiene más de 2 millones de habitantes?', /^Sí(?!\p{L})/u],
  ])('%j', (question, lead) => {
    expect(engine.ask(question).short ?? '').toMatch(lead);
  });
});

describe('"is it true that ...?" asks how, not about "true"', () => {
  const engine = buildEngine();
  test.each([
    ["is it true that Femke Halsema was Amsterdam's mayor?", /^Yes\b/, 'Halsema'],
    ['is it true that Cris Alessi was the mayor of Curitiba?', /^No\b/, 'Greca'],
    ['¿es cierto que Rafael Greca era el alcalde de Curitiba?', /^Sí(?!\p{L})/u, 'Greca'],
    [
      '¿es verdad que Dave Gerner era el responsable de innovación de Adelaida?',
      /^Sí(?!\p{L})/u,
      'Gerner',
    ],
  ])('%j', (question, lead, name) => {
    const answer = engine.ask(question);
    expect(answer.short ?? '').toMatch(lead);
    expect(answer.text).toContain(name);
  });
});

describe("a year asked of a figure is the figure's own date", () => {
  const engine = buildEngine();
  test.each([
    ["is Adelaide's population figure from 2020?", /^No — 2018\b/],
    ["is Amsterdam's population figure from 2019?", /^Yes — 2019\b/],
    ['¿el dato de población de Adelaida es de 2019?', /^No — 2018\b/],
  ])('%j', (question, lead) => {
    expect(engine.ask(question).short ?? '').toMatch(lead);
  });
});

describe('a scale word of the number compared is no detail asked', () => {
  const engine = buildEngine();
  test.each([
    ['¿Oulu tiene menos de 100 mil habitantes?', /^No\b/],
    ['¿Umeå tiene más de 100 mil habitantes?', /^Sí(?!\p{L})/u],
    ['does Oulu have fewer than 100 thousand inhabitants?', /^No\b/],
  ])('%j', (question, lead) => {
    const answer = engine.ask(question);
    expect(answer.topic).toBe('city.population');
    expect(answer.short ?? '').toMatch(lead);
  });
});

describe('survey options named in other words (lexicon optionPhrases)', () => {
  const engine = buildEngine();
  test.each([
    ['does innovation help Curitiba cut costs?', /^Yes\b/],
    ['is Amsterdam using innovation to make money for the city?', /^No\b/],
    ['does Amsterdam link innovation with experimenting?', /^Yes\b/],
    ['¿Curitiba usa la innovación para conseguir nuevos ingresos?', /^Sí(?!\p{L})/u],
    ['¿la innovación ayuda a Adelaida a generar ingresos nuevos?', /^No\b/],
  ])('%j', (question, lead) => {
    expect(engine.ask(question).short ?? '').toMatch(lead);
  });

  test('every option id given other words is a survey option', () => {
    const ids = new Set(Object.values(kb.vocabularies ?? {}).flatMap((o) => o.map((x) => x.id)));
    for (const id of lexicon.optionPhrases.keys()) expect(ids).toContain(id);
  });
});

describe("a person's age is no fact the profile holds; more Spanish verbs ask yes or no", () => {
  const engine = buildEngine();
  test.each(['how old is Antonio Peña Merino?', '¿qué edad tiene Antonio Peña Merino?'])(
    '%j is declined without the lead officer fact',
    (question) => {
      const answer = engine.ask(question);
      expect(answer.topic).not.toBe('innovation.lead');
      expect(answer.text).not.toContain('150');
    },
  );

  test.each([
    ['¿Ámsterdam relaciona la innovación con experimentar?', 'yesno'],
    ['¿Ámsterdam innova para mejorar la vida de los residentes?', 'yesno'],
  ])('%j is %s', (q, kind) => {
    expect(form(q).kind).toBe(kind);
  });
});
