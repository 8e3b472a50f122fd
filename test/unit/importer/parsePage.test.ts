import { buildProfile } from '../../../src/importer/buildProfile';
import { chooseCopy } from '../../../src/importer/chooseCopy';
import { importPage } from '../../../src/importer/importPage';
import { optionIndex } from '../../../src/importer/matchLabel';
import { parsePage, readNumber, roundOfShare } from '../../../src/importer/parsePage';
import { sharedRun } from '../../../src/importer/sharedWords';
import type { Profile } from '../../../src/core/schema';
import { loadRealKnowledge } from '../core/support';

// Pages written here in the survey site's layout, with made-up prose: the parser is
// tested on the format, not on any one stored page.
const HEADED = `URL: https://cities-innovation-oecd.com/cities/oulu-fin/
RETRIEVED-EXCERPT: yes

Oulu

Finland

Mayor

Ada Example

Population

203,567 (2018)

Innovation Website
Lead Innovation Officers

Bea One, Cy Two

Innovation is helping to:
  • Improve service delivery

  • Generate new sources of revenue

Critical success factors:
  • Dedicated funding

  • Leadership from Mayor

Spotlight on innovation in Oulu

The town tried a made-up scheme where lanterns were painted blue every winter to cheer up the harbour and its many bakers.

Vision and approach to innovation capacity

Along with 50% of cities surveyed, Oulu does not have an explicit innovation strategy. Similar to 20% of cities surveyed, Oulu approaches innovation capacity from a holistic/macro level.

Policy areas that Oulu is focused on

Education
Resilience
Policy areas by number of cities

Oulu utilizes 3 different innovation skills or roles

Project manager
Designer
Sociologist
Innovation roles by number of cities

Situated in the Mayor’s office, Oulu’s dedicated team for innovation consists of 12 staff.

Terms Oulu most associates with innovation

Experimentation
Data analytics

Oulu's most common innovation activities

Engaging residents in new ways
Human-centered design
e.g. prioriti`;

const FLAT = `URL: https://cities-innovation-oecd.com/cities/vilnius-ltu
RETRIEVED-EXCERPT: yes

Improve service delivery
Save costs and improve efficiency within the public sector
Human resource support
Dedicated innovation team
Lithuania
Ada Example
600,000
Bea One
Improve service delivery
Save costs and improve efficiency within the public sector
Human resource support
Dedicated innovation team
The town tried a made-up scheme where lanterns were painted blue every winter to cheer up the harbour.
Along with 50% of cities surveyed, Vilnius does not have an explicit innovation strategy. Similar to more than half of cities surveyed, Vilnius approaches innovation capacity both from a holistic/macro level, as well as in specific policy areas.
Situated in the City Manager’s office, Vilnius’ Chief Technology Officer, together with around 40 staff, is working on innovation programs.
Like 19% of cities surveyed, Vilnius does not have dedicated funding to support innovation capacity.
Vilnius has no reported sources of funding.
Vilnius does not fund any specific activities.
Vilnius ha`;

const kb = loadRealKnowledge();
const goals = optionIndex(kb.vocabularies?.goal ?? []);
const isGoal = (label: string): boolean => goals.find(label) !== undefined;

function importOne(text: string): Profile {
  const result = importPage([{ file: 'page.txt', text }], kb, new Map());
  if (!result.profile) throw new Error(result.problems.map((p) => p.why).join('; '));
  return result.profile;
}

function fact(profile: Profile, id: string): Profile['facts'][number] {
  const found = profile.facts.find((f) => f.id === id);
  if (!found) throw new Error(`no fact ${id}`);
  return found;
}

describe('a page with headings', () => {
  const page = parsePage(HEADED);

  test('the header gives city, country, mayor, population with its year and every lead officer', () => {
    expect(page).toMatchObject({
      slug: 'oulu-fin',
      name: 'Oulu',
      country: 'Finland',
      mayor: 'Ada Example',
      population: { value: 203567, year: 2018 },
      leads: ['Bea One', 'Cy Two'],
    });
  });

  test('the survey-wide shares tell the 2020 round', () => {
    expect(page.round).toBe(2020);
  });

  test('the sections are the ones the page holds, and the cut one is marked', () => {
    expect(page.sections).toEqual([
      'header',
      'goals',
      'success-factors',
      'spotlight',
      'strategy',
      'policy-areas',
      'roles',
      'team',
      'terms',
      'activities',
    ]);
    expect(page.truncatedSection).toBe('activities');
  });

  test('a page that says it lacks something is read as "no", with its share', () => {
    expect(page.strategy).toEqual({
      explicit: false,
      explicitShare: '50%',
      approach: 'holistic',
      approachShare: '20%',
    });
  });
});

describe('a page without headings', () => {
  const page = parsePage(FLAT, isGoal);

  test('goals and success factors are told apart by the vocabulary', () => {
    expect(page.goals?.map((l) => l.text)).toEqual([
      'Improve service delivery',
      'Save costs and improve efficiency within the public sector',
    ]);
    expect(page.successFactors?.map((l) => l.text)).toEqual([
      'Human resource support',
      'Dedicated innovation team',
    ]);
  });

  test('the header values are read between the two copies of the lists; a population without a year has none', () => {
    expect(page).toMatchObject({
      country: 'Lithuania',
      mayor: 'Ada Example',
      population: { value: 600000, year: null },
      leads: ['Bea One'],
      name: null,
    });
    expect(page.problems.map((p) => p.why)).toContain('population without a year');
  });

  test('the funding sentences are read, negatives included', () => {
    expect(page.funding).toMatchObject({
      dedicated: false,
      dedicatedShare: '19%',
      noSources: true,
      noFundedActivities: true,
    });
  });
});

describe('the header quirks of the stored copies', () => {
  test('a copy that starts at the mayor has no city, country or population, and says so', () => {
    const page = parsePage(
      HEADED.replace(/Oulu\n\nFinland\n\nMayor\n\n/, '').replace(
        /Population\n\n203,567 \(2018\)\n\n/,
        '',
      ),
    );
    expect(page).toMatchObject({
      name: null,
      country: null,
      population: null,
      mayor: 'Ada Example',
    });
    expect(page.problems.map((p) => p.why)).toEqual(
      expect.arrayContaining(['no city name line', 'no country line', 'no population line']),
    );
  });

  test('a population with a malformed digit grouping is reported and not turned into a figure', () => {
    const profile = importOne(HEADED.replace('203,567 (2018)', '39,6990'));
    const population = fact(profile, 'population');
    expect(population.figures).toEqual([]);
    expect(population.text.en).toContain('“39,6990”');
  });

  test.each([
    ['9,209,944', 9209944],
    ['39,6990', 396990],
    ['600,000', 600000],
    ['two', null],
  ])('readNumber reads %s as %s', (text, value) => {
    expect(readNumber(text)).toBe(value);
  });
});

describe('the survey round from the survey-wide shares', () => {
  test.each([
    ['50%', 2020],
    ['more than half', 2020],
    ['44%', 2018],
    ['40%', 2018],
    ['over one-third', 2018],
  ])('"%s" belongs to the %s round', (share, round) => {
    expect(roundOfShare(share)).toBe(round);
  });

  test('a page with the 2018 shares is imported as a 2018 profile, cited with 2018', () => {
    const profile = importOne(
      HEADED.replace('Along with 50%', 'Along with 56%').replace(
        'Similar to 20%',
        'Similar to 40%',
      ),
    );
    expect(profile.survey.year).toBe(2018);
    expect(profile.facts.every((f) => f.citation?.year === 2018)).toBe(true);
  });
});

describe('the profile made from a page', () => {
  const profile = importOne(HEADED);

  test('items are vocabulary ids with the vocabulary’s English and Spanish names', () => {
    expect(fact(profile, 'innovation-goals').items).toEqual([
      {
        id: 'improve-service-delivery',
        text: { en: 'Improve service delivery', es: 'Mejorar la prestación de servicios' },
        figures: [],
      },
      {
        id: 'generate-revenue',
        text: { en: 'Generate new sources of revenue', es: 'Generar nuevas fuentes de ingresos' },
        figures: [],
      },
    ]);
  });

  test('figures are values with their year, and the facts say the survey time', () => {
    expect(fact(profile, 'population').figures).toEqual([
      { id: 'population', value: 203567, unit: 'inhabitants', year: 2018 },
    ]);
    expect(fact(profile, 'innovation-roles').figures).toEqual([
      { id: 'roles', value: 3, unit: 'roles', year: 2020 },
    ]);
    expect(fact(profile, 'population').text.en.startsWith('{when}')).toBe(true);
  });

  test('"does not have" is recorded as a fact that does not hold, never as an absent fact', () => {
    expect(fact(profile, 'explicit-strategy')).toMatchObject({ holds: false });
    expect(fact(profile, 'explicit-strategy').text.en).toContain('did not have an explicit');
  });

  test('the team structure and size come from the team sentence', () => {
    expect(fact(profile, 'team-structure')).toMatchObject({
      holds: true,
      option: 'mayors-office',
      figures: [{ id: 'staff', value: 12, unit: 'people', year: 2020 }],
    });
  });

  test('focus areas of the chart and focus-only areas are both policy area ids', () => {
    expect(fact(profile, 'policy-focus').items.map((i) => i.policyArea)).toEqual([
      'education',
      'resilience',
    ]);
  });

  test('a label cut by the end of the copy is dropped, not guessed', () => {
    expect(fact(profile, 'common-activities').items.map((i) => i.id)).toEqual([
      'engaging-residents',
      'human-centered-design',
    ]);
  });

  test('sections the copy did not keep are not listed: they are unknown', () => {
    expect(profile.sections).not.toContain('funding');
    expect(profile.facts.some((f) => f.topic.startsWith('funding.'))).toBe(false);
  });

  test('every fact is cited with the round and a section of the vocabulary', () => {
    const sectionIds = new Set((kb.vocabularies?.section ?? []).map((s) => s.id));
    for (const f of profile.facts) {
      expect(f.citation?.year).toBe(2020);
      expect(sectionIds.has(f.citation?.sectionId ?? '')).toBe(true);
    }
  });

  test('without an own-words summary the spotlight paragraph is left out and reported', () => {
    expect(profile.facts.some((f) => f.topic === 'innovation.agency')).toBe(false);
    const result = importPage([{ file: 'page.txt', text: HEADED }], kb, new Map());
    expect(result.problems.map((p) => p.why)).toContain(
      'no own-words summary of the spotlight (knowledge/summaries/); paragraph left out',
    );
  });

  test('a summary that copies the page is refused', () => {
    const copying = {
      page: 'oulu-fin',
      spotlight: {
        heading: 'Spotlight on innovation in Oulu',
        summary: {
          en: 'Oulu said lanterns were painted blue every winter to cheer up the harbour.',
          es: 'Oulu pintaba faroles de azul.',
        },
      },
    };
    const result = importPage(
      [{ file: 'page.txt', text: HEADED }],
      kb,
      new Map([['oulu-fin', copying]]),
    );
    expect(result.profile?.facts.some((f) => f.id === 'spotlight')).toBe(false);
    expect(
      result.problems.some((p) => p.why.startsWith('the spotlight summary copies the page')),
    ).toBe(true);
  });

  test('an own-words summary becomes the spotlight fact in both languages', () => {
    const summary = {
      page: 'oulu-fin',
      spotlight: {
        heading: 'Spotlight on innovation in Oulu',
        summary: {
          en: 'Oulu brightened its port in winter.',
          es: 'Oulu iluminó su puerto en invierno.',
        },
      },
    };
    const result = importPage(
      [{ file: 'page.txt', text: HEADED }],
      kb,
      new Map([['oulu-fin', summary]]),
    );
    expect(result.profile?.facts.find((f) => f.id === 'spotlight')?.text).toEqual(
      summary.spotlight.summary,
    );
  });

  test('a label the vocabulary lacks drops its section and is reported with its line', () => {
    const result = importPage(
      [{ file: 'page.txt', text: HEADED.replace('Experimentation', 'Wizardry') }],
      kb,
      new Map(),
    );
    expect(result.profile?.sections).not.toContain('terms');
    expect(result.problems).toContainEqual({
      line: 56,
      why: 'term "Wizardry" is not in the vocabulary',
    });
  });

  test('a page of a city missing from places.yaml gives no profile', () => {
    const result = importPage(
      [{ file: 'page.txt', text: HEADED.replace('oulu-fin', 'atlantis-atl') }],
      kb,
      new Map(),
    );
    expect(result.profile).toBeNull();
  });
});

describe('choosing among the stored copies of a page', () => {
  test('the copy with headings is preferred, and header values it lacks come from a copy of its round', () => {
    const headedWithoutPopulation = HEADED.replace('oulu-fin', 'vilnius-ltu')
      .replace(/Population\n\n203,567 \(2018\)\n\n/, '')
      .replace(/Oulu/g, 'Vilnius');
    const chosen = chooseCopy(
      [
        { file: 'flat.txt', text: FLAT },
        { file: 'headed.txt', text: headedWithoutPopulation },
      ],
      isGoal,
    );
    expect(chosen?.file).toBe('headed.txt');
    expect(chosen?.page.population).toMatchObject({ value: 600000 });
    expect(chosen?.page.sections).toContain('funding');
    expect(chosen?.filledFrom).toEqual([{ file: 'flat.txt', what: 'population, funding' }]);
  });

  test('copies of another round are never mixed in', () => {
    const other = FLAT.replace('Along with 50%', 'Along with 56%')
      .replace('Similar to more than half', 'Similar to 40%')
      .replace(
        'Like 19% of cities surveyed, Vilnius does not have dedicated funding to support innovation capacity.\n',
        '',
      );
    const chosen = chooseCopy(
      [
        { file: 'headed.txt', text: HEADED },
        { file: 'other-round.txt', text: other },
      ],
      isGoal,
    );
    expect(chosen?.filledFrom).toEqual([]);
  });
});

describe('copying check', () => {
  const prose = ['The town tried a made-up scheme where lanterns were painted blue every winter.'];

  test('eight words in a row from the prose are found', () => {
    expect(sharedRun('a made-up scheme where lanterns were painted blue', prose)).toBe(
      'a made up scheme where lanterns were painted',
    );
  });

  test('seven words in a row are not a copy', () => {
    expect(sharedRun('scheme where lanterns were painted blue every', prose)).toBeNull();
  });

  test('a long proper name is data, not copying', () => {
    const names = [
      'They work with the Harvard Kennedy School of Government Innovation Field Lab on it.',
    ];
    expect(
      sharedRun(
        'It works with the Harvard Kennedy School of Government Innovation Field Lab.',
        names,
      ),
    ).toBeNull();
  });

  test('buildProfile is pure: the same page gives the same profile', () => {
    const page = parsePage(HEADED);
    const context = {
      vocabularies: kb.vocabularies ?? {},
      policyAreas: kb.policyAreas,
      places: kb.places ?? { regions: [], countries: [], cities: [], subdivisions: [] },
      summary: null,
    };
    expect(buildProfile(page, context)).toEqual(buildProfile(page, context));
  });
});
