import type { Engine } from '../../../src/core/engine';
import { normalizeText } from '../../../src/core/normalize';
import type { Profile } from '../../../src/core/schema';
import {
  allFactFragments,
  allFigures,
  buildEngine,
  defaultProfile,
  expectedFigureText,
  namedPeople,
} from './support';

let engine: Engine;
let profile: Profile;
beforeAll(() => {
  engine = buildEngine();
  profile = defaultProfile(engine.kb);
});

/** The data-availability chart's areas: focus-only areas are no `policyArea` entity. */
function dataAreas(): typeof engine.kb.policyAreas {
  return engine.kb.policyAreas.filter((a) => !a.focusOnly);
}

describe('cities that have a profile', () => {
  test.each([
    ['Mexico City', 'Who is the mayor of Mexico City?'],
    ['CDMX', 'population of CDMX'],
    ['Ciudad de México', '¿Cuál es la población de la Ciudad de México?'],
    ['Mexico D.F.', 'How is innovation funded in Mexico D.F.?'],
    ['lowercase mexico city', 'who leads innovation in mexico city'],
    ['lowercase cdmx', 'datos de salud en la cdmx'],
    ['Ciudad de Mexico without its accent', 'jefa de gobierno de ciudad de mexico'],
    ['a hyphenated Mexico-City', 'Mexico-City population'],
  ])('%s names mexico-city (%j)', (_name, question) => {
    const { understanding } = engine.respond(question);
    expect(understanding.city).toBe('mexico-city');
    expect(understanding.isCityNamed).toBe(true);
    expect(understanding.unknownCity).toBeNull();
  });

  test('every alias in the knowledge base names its city', () => {
    const misses: string[] = [];
    for (const entry of engine.kb.cityAliases.cities) {
      for (const alias of entry.aliases) {
        const u = engine.respond(`population of ${alias}`).understanding;
        if (u.city !== entry.city || !u.isCityNamed || u.unknownCity !== null) misses.push(alias);
      }
    }
    expect(engine.kb.cityAliases.cities.length).toBeGreaterThan(0);
    expect(misses).toEqual([]);
  });

  test('a question that names no city is about the default city, without claiming it was named', () => {
    const { understanding } = engine.respond('who is the mayor?');
    expect(understanding.city).toBe(engine.kb.defaultCity);
    expect(understanding.isCityNamed).toBe(false);
  });
});

// Cities deliberately absent from ../shared/eval/dev.txt and test/eval/questions.txt.
describe('cities without a profile', () => {
  test.each([
    ['capitalised, after "of"', 'Who is the mayor of Porto?', 'Porto'],
    ['lowercase, after "of"', 'population of porto', 'Porto'],
    ['capitalised, after "in"', 'How is innovation funded in Osaka?', 'Osaka'],
    ['lowercase, after "in"', 'how is innovation funded in osaka', 'Osaka'],
    ['capitalised, at the start', 'Hamburg innovation strategy', 'Hamburg'],
    ['capitalised, as the subject', 'Does Kampala have enough housing data?', 'Kampala'],
    ['lowercase, after "in", at the end', 'who leads innovation in hanoi', 'Hanoi'],
    ['capitalised, after "in", at the end', 'What is the population in Lagos?', 'Lagos'],
    ['lowercase, after "of", short question', 'mayor of accra', 'Accra'],
    [
      'capitalised, after "in", a Dutch city',
      'How many staff work on innovation in Rotterdam?',
      'Rotterdam',
    ],
    ['Spanish name, capitalised, after "de"', '¿Quién es el alcalde de Oporto?', 'Oporto'],
    ['Spanish question, capitalised, after "de"', 'población de Zaragoza', 'Zaragoza'],
    [
      'Spanish question, lowercase, after "en"',
      'financiamiento de la innovación en zaragoza',
      'Zaragoza',
    ],
    [
      'Spanish question, lowercase, after "en", with an area',
      'datos de salud en guayaquil',
      'Guayaquil',
    ],
    ['Spanish, "la ciudad de" a city', 'la ciudad de Arequipa', 'Arequipa'],
    [
      'Spanish, capitalised, after "en"',
      '¿Cómo se financia la innovación en Casablanca?',
      'Casablanca',
    ],
  ])('%s: %j is about %s', (_name, question, city) => {
    const { understanding, answer } = engine.respond(question);
    expect(normalizeText(understanding.unknownCity ?? '')).toBe(normalizeText(city));
    expect(answer.kind).toBe('unknown-city');
    expect(answer.unknownCity).toBe(understanding.unknownCity);
  });

  test('the profile names people whose names must not leak (the check below is not empty)', () => {
    expect(namedPeople(profile).length).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['Who is the mayor of Porto?'],
    ['population of porto'],
    ['How is innovation funded in Osaka?'],
    ['Does Kampala have enough housing data?'],
    ['población de Zaragoza'],
    ['datos de salud en guayaquil'],
  ])('the answer to %j gives no Mexico City facts, figures or citations', (question) => {
    const { answer } = engine.respond(question);
    expect(answer.citations).toEqual([]);
    expect(answer.profileUrl).toBeNull();
    expect(answer.topic).toBeNull();
    for (const fragment of allFactFragments(profile)) expect(answer.text).not.toContain(fragment);
    for (const name of namedPeople(profile))
      expect(answer.text).not.toContain(name.split(' ')[1] ?? name);
    for (const { figure } of allFigures(profile)) {
      if (figure.value < 100) continue; // small counts (5, 8, 11) could be any number in a sentence
      expect(answer.text).not.toContain(expectedFigureText(figure, answer.language));
      expect(answer.text).not.toContain(String(figure.value));
    }
  });

  test.each([
    ['en', 'Who is the mayor of Porto?'],
    ['es', 'población de Zaragoza'],
  ] as const)(
    'the %s answer names the place and the cities the bot does know',
    (language, question) => {
      const { understanding, answer } = engine.respond(question);
      expect(answer.language).toBe(language);
      expect(answer.text).toContain(understanding.unknownCity ?? '(missing)');
      for (const p of engine.kb.profiles) expect(answer.text).toContain(p.name[language]);
    },
  );
});

describe('a city without a profile next to a city with one', () => {
  // "Mexico" is also an alias of mexico-city: a country name that qualifies another city
  // ("Mexicali, Mexico") must yield to that city, or its question gets Mexico City's facts.
  test.each([
    ['population of Hermosillo, Mexico', 'Hermosillo'],
    ['Who is the mayor of Mexicali, Mexico?', 'Mexicali'],
    ['¿Cuántos habitantes tiene Monterrey, México?', 'Monterrey'],
  ])('%j is about %s, which has no profile', (question, city) => {
    const { understanding, answer } = engine.respond(question);
    expect(understanding.unknownCity).toBe(city);
    expect(answer.citations).toEqual([]);
  });

  // A question naming a profiled city and one without a profile is answered for the
  // first, and says that there is no profile for the other (TEXTS.alsoUnknownCity).
  test('"population of Mexico City and Porto" says there is no profile for Porto', () => {
    const { answer } = engine.respond('population of Mexico City and Porto');
    expect(answer.text).toContain('Porto');
  });
});

describe('ordinary words that are also small places', () => {
  test.each([
    ['split', 'how is the funding split?'],
    ['reading', 'what am I reading'],
    ['mobile', 'mobile data'],
    ['tema', '¿cuál es el tema de la innovación?'],
    ['surprise', 'any surprise in the funding?'],
    ['pueblo', '¿cuántos habitantes tiene el pueblo?'],
  ])('lowercase %j not after a preposition is no unknown city (%j)', (_word, question) => {
    const { understanding, answer } = engine.respond(question);
    expect(understanding.unknownCity).toBeNull();
    expect(answer.kind).not.toBe('unknown-city');
  });

  test.each([
    ['Tema', 'population of Tema'],
    ['Pueblo', 'who is the mayor of Pueblo'],
  ])('%s after a preposition is an unknown city (%j)', (city, question) => {
    expect(engine.respond(question).understanding.unknownCity).toBe(city);
  });

  // cityAliases.yaml `notPlaces` stops only the lowercase, preposition-less reading of
  // these words ("what am I reading"): capitalised after a preposition they are places.
  test.each([
    ['Reading', 'Who is the mayor of Reading?'],
    ['Mobile', 'What is the population of Mobile?'],
    ['Split', 'Who is the mayor of Split?'],
    ['Nice', 'How is innovation funded in Nice?'],
    ['Bath', 'Who is the mayor of Bath?'],
  ])('capitalised %s after a preposition is an unknown city (%j)', (city, question) => {
    const { understanding, answer } = engine.respond(question);
    expect(understanding.unknownCity).toBe(city);
    expect(answer.citations).toEqual([]);
  });
});

describe('policy areas', () => {
  test('every policy area is found by its English and Spanish name', () => {
    const misses: string[] = [];
    for (const area of dataAreas()) {
      const questions = [`Is there data on ${area.name.en}?`, `¿Hay datos sobre ${area.name.es}?`];
      for (const question of questions) {
        const u = engine.respond(question).understanding;
        if (u.policyArea !== area.id || u.topic?.id !== 'data.availability')
          misses.push(`${question} -> ${u.policyArea} / ${u.topic?.id}`);
      }
    }
    expect(dataAreas()).toHaveLength(19);
    expect(misses).toEqual([]);
  });

  test('every synonym of every policy area is found in a data question', () => {
    const misses: string[] = [];
    for (const area of dataAreas()) {
      for (const synonym of area.synonyms.en) {
        const u = engine.respond(`does the city have data on ${synonym}?`).understanding;
        if (u.policyArea !== area.id) misses.push(`en ${synonym} -> ${u.policyArea}`);
      }
      for (const synonym of area.synonyms.es) {
        const u = engine.respond(`¿la ciudad tiene datos de ${synonym}?`).understanding;
        if (u.policyArea !== area.id) misses.push(`es ${synonym} -> ${u.policyArea}`);
      }
    }
    expect(misses).toEqual([]);
  });

  test.each([
    ['Is there data on healthcare?', 'health'],
    ['data about labor', 'labour'],
    ['data about labour', 'labour'],
    ['¿hay datos de vivienda?', 'housing'],
    ['datos de educacion', 'education'],
    ['does the city have data on public transit?', 'transport'],
    ['is there information on garbage collection?', 'waste'],
    ['statistics on crime', 'policing'],
    ['¿hay estadísticas de medio ambiente?', 'environment'],
    ['data on the environment and climate change', 'environment'],
    ['data on urban decay', 'blight'],
  ])('%j is about the policy area %s', (question, areaId) => {
    const { understanding, answer } = engine.respond(question);
    expect(understanding.policyArea).toBe(areaId);
    expect(understanding.topic?.id).toBe('data.availability');
    expect(answer.policyArea).toBe(areaId);
  });

  test.each([['who is the mayor?'], ['how is innovation funded?'], ['¿cuál es la población?']])(
    '%j names no policy area',
    (question) => {
      expect(engine.respond(question).understanding.policyArea).toBeNull();
    },
  );
});

describe('survey year', () => {
  test.each([
    ['Who was the mayor in 2018?', 2018],
    ['population 2020', 2020],
    ['¿cuál era la población en 2020?', 2020],
    ['funding in the 2018 survey', 2018],
    ['who is the mayor?', null],
    ['how many people work there? 150?', null],
    ['population 9209944', null],
  ])('%j asks about the survey year %p', (question, year) => {
    expect(engine.respond(question).understanding.surveyYear).toBe(year);
  });
});
