import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProfileSchema, type Fact, type Profile } from '../../../src/core/schema';
import type { PageCopy } from '../../../src/importer/chooseCopy';
import { importPage, slugOfFile } from '../../../src/importer/importPage';
import { LabelIndex, optionIndex } from '../../../src/importer/matchLabel';
import { parsePage } from '../../../src/importer/parsePage';
import { sharedRun } from '../../../src/importer/sharedWords';
import { SummaryFileSchema, type SummaryFile } from '../../../src/core/schema';
import { load } from 'js-yaml';
import { findProjectRoot } from '../../../src/knowledge/readKnowledgeDir';
import { loadRealKnowledge } from '../core/support';

// The survey pages live beside the checkout (../shared, as the brief lays it out),
// not in the repository: they are third-party text. SHARED_DIR points elsewhere.
const ROOT = findProjectRoot(__dirname);
const SHARED = process.env.SHARED_DIR ?? join(ROOT, '..', 'shared');
const PAGES = join(SHARED, 'profiles', 'pages');
const SEED = join(SHARED, 'seed', 'mexico-city-profile.txt');
const describeWithPages = existsSync(PAGES) && existsSync(SEED) ? describe : describe.skip;

const kb = loadRealKnowledge();

function readSummaries(): Map<string, SummaryFile> {
  const dir = join(ROOT, 'knowledge', 'summaries');
  const out = new Map<string, SummaryFile>();
  for (const name of readdirSync(dir)) {
    const summary = SummaryFileSchema.parse(load(readFileSync(join(dir, name), 'utf8')));
    out.set(summary.page, summary);
  }
  return out;
}

function copiesOf(file: string): PageCopy[] {
  const slug = slugOfFile(file);
  const variants = join(PAGES, 'variants');
  return [
    { file, text: readFileSync(file, 'utf8') },
    ...readdirSync(variants)
      .filter((n) => n.startsWith(`${slug}--`))
      .sort()
      .map((n) => ({ file: join(variants, n), text: readFileSync(join(variants, n), 'utf8') })),
  ];
}

/** Every text a profile shows: fact texts, notes and items in both languages. */
function textsOf(profile: Profile): string[] {
  return profile.facts.flatMap((f) => [
    f.text.en,
    f.text.es,
    ...(f.note ? [f.note.en, f.note.es] : []),
    ...f.items.flatMap((i) => [
      i.text?.en ?? '',
      i.text?.es ?? '',
      i.detail?.en ?? '',
      i.detail?.es ?? '',
    ]),
  ]);
}

describeWithPages('the 89 stored profile pages', () => {
  const summaries = readSummaries();
  const files = existsSync(PAGES)
    ? readdirSync(PAGES)
        .filter((n) => n.endsWith('.txt'))
        .sort()
        .map((n) => join(PAGES, n))
    : [];
  const imports = new Map(
    files.map((f) => [slugOfFile(f), importPage(copiesOf(f), kb, summaries)]),
  );

  test('every page gives a profile', () => {
    expect(files).toHaveLength(89);
    const failed = [...imports].filter(([, r]) => r.profile === null).map(([slug]) => slug);
    expect(failed).toEqual([]);
  });

  test('the profiles in knowledge/cities are exactly what the importer makes (Mexico City’s is hand-made)', () => {
    for (const [slug, result] of imports) {
      if (slug === 'mexico-city-mex') continue;
      const made = ProfileSchema.parse(JSON.parse(JSON.stringify(result.profile)));
      const stored = kb.profiles.find((p) => p.id === made.id);
      expect({ slug, profile: stored }).toEqual({ slug, profile: made });
    }
  });

  test('no imported text repeats eight words in a row of the page’s free-text paragraphs', () => {
    const copied: string[] = [];
    for (const file of files) {
      const prose = copiesOf(file).flatMap((c) => parsePage(c.text).prose);
      // The stored profiles, as the bot loads them (equal to the imports, see above).
      const id = imports.get(slugOfFile(file))?.profile?.id;
      const profile = kb.profiles.find((p) => p.id === id);
      // Only imported profiles (a hand-made one has no `sections`): the importer's promise.
      if (!profile?.sections) continue;
      for (const text of textsOf(profile)) {
        const run = sharedRun(text, prose);
        if (run) copied.push(`${profile.id}: "${run}"`);
      }
    }
    expect(copied).toEqual([]);
  });

  test('every profile is of the round its survey-wide shares tell, and cites it', () => {
    for (const [, result] of imports) {
      const profile = result.profile;
      if (!profile) continue;
      for (const fact of profile.facts) expect(fact.citation?.year).toBe(profile.survey.year);
    }
    expect(imports.get('kansas-city-us')?.profile?.survey.year).toBe(2018);
    expect(imports.get('montreal-ca')?.profile?.survey.year).toBe(2018);
    expect(imports.get('medellin-col')?.profile?.survey.year).toBe(2020);
  });

  const profileOf = (slug: string): Profile => {
    const profile = imports.get(slug)?.profile;
    if (!profile) throw new Error(`no profile for ${slug}`);
    return profile;
  };
  const factOf = (slug: string, id: string): Fact | undefined =>
    profileOf(slug).facts.find((f) => f.id === id);

  test.each(['brussels-bel', 'maceio-bra'])(
    '%s: the copy has no population line, so the profile has no population fact',
    (slug) => {
      expect(factOf(slug, 'population')).toBeUndefined();
      expect(factOf(slug, 'mayor')).toBeDefined();
    },
  );

  test('Vilnius: a population without a year, taken from the copy of the same round that has it', () => {
    expect(factOf('vilnius-ltu', 'population')?.figures).toEqual([
      { id: 'population', value: 600000, unit: 'inhabitants' },
    ]);
    expect(factOf('vilnius-ltu', 'population')?.text.en).toContain('no year');
  });

  test('Chelsea: "39,6990" is quoted as printed, never turned into a figure', () => {
    expect(factOf('chelsea-us', 'population')?.figures).toEqual([]);
    expect(factOf('chelsea-us', 'population')?.text.en).toContain('39,6990');
  });

  test.each([
    ['indianopolis-us', 'indianapolis', 'Indianapolis'],
    ['liverpool-uk', 'liverpool-city-region', 'Liverpool City Region'],
    ['new-york-city-us', 'new-york-city', 'New York City'],
    ['sao-paulo-bra', 'sao-paulo', 'São Paulo'],
    ['medellin-col', 'medellin', 'Medellín'],
  ])('the page %s becomes the profile %s (%s)', (slug, id, name) => {
    expect(profileOf(slug)).toMatchObject({ id, name: { en: name } });
  });

  test('a page that says the city has no dedicated team records a "no", not an absence', () => {
    expect(factOf('bilbao-esp', 'team-structure')).toMatchObject({ holds: false });
    expect(profileOf('bilbao-esp').sections).toContain('team');
  });

  test('the problems are reported with their line', () => {
    const chelsea = imports.get('chelsea-us');
    expect(chelsea?.problems).toContainEqual({
      line: 14,
      why: 'population "39,6990" has a malformed digit grouping; not recorded as a figure',
    });
  });
});

describeWithPages(
  'the importer on the seed page reproduces the hand-made Mexico City profile',
  () => {
    const handMade = kb.profiles.find((p) => p.id === 'mexico-city');
    const result = importPage(
      [{ file: SEED, text: readFileSync(SEED, 'utf8') }],
      kb,
      readSummaries(),
    );
    const imported = result.profile;
    const areaIndex = new LabelIndex(kb.policyAreas, (a) => [a.name.en, ...a.labels]);

    /** A fact's content as comparable data: figures, and items as ids. */
    function contentOf(fact: Fact, kind: string | undefined): unknown {
      const options = kind ? optionIndex(kb.vocabularies?.[kind as 'goal'] ?? []) : null;
      return {
        figures: fact.figures.map((f) => ({ value: f.value, unit: f.unit })),
        items: fact.items.map(
          (i) =>
            i.id ??
            i.policyArea ??
            options?.find(i.text?.en ?? '')?.id ??
            areaIndex.find(i.text?.en ?? '')?.id ??
            i.text?.en,
        ),
        ordered: fact.itemsOrdered ?? false,
      };
    }

    const KIND: Record<string, string> = {
      'innovation.goals': 'goal',
      'innovation.success-factors': 'success-factor',
      'team.roles': 'role',
      'innovation.terms': 'term',
      'innovation.activities': 'activity',
      'funding.sources': 'funding-source',
    };

    test('the seed imports as mexico-city, 2020 round, every section held', () => {
      expect(result.problems).toEqual([]);
      expect(imported).toMatchObject({
        id: 'mexico-city',
        survey: { year: 2020 },
        profileUrl: handMade?.profileUrl,
      });
      expect(imported?.truncatedSection).toBeUndefined();
    });

    // The figures and lists of every fact the two share, by fact id.
    const shared = [
      'population',
      'innovation-goals',
      'success-factors',
      'explicit-strategy',
      'policy-focus',
      'innovation-roles',
      'innovation-terms',
      'common-activities',
      'ranked-activities',
      'dedicated-funding',
      'funding-sources',
      'training-funding',
      'data-sufficient',
      'data-insufficient',
    ];
    test.each(shared)('fact %s: the same figures and the same items', (id) => {
      const mine = handMade?.facts.find((f) => f.id === id);
      const theirs = imported?.facts.find((f) => f.id === id);
      if (!mine || !theirs)
        throw new Error(`fact ${id} missing: hand-made ${!!mine}, imported ${!!theirs}`);
      expect(contentOf(theirs, KIND[theirs.topic])).toEqual(contentOf(mine, KIND[mine.topic]));
      expect(theirs.figures.map((f) => f.year ?? 2020)).toEqual(
        mine.figures.map((f) => f.year ?? 2020),
      );
    });

    test.each([
      ['mayor', 'Claudia Sheinbaum Pardo'],
      ['lead-innovation-officer', 'Antonio Peña Merino'],
    ])('fact %s names %s', (id, name) => {
      expect(imported?.facts.find((f) => f.id === id)?.text.en).toContain(name);
      expect(handMade?.facts.find((f) => f.id === id)?.text.en).toContain(name);
    });

    test('the team: an independent department of 150 staff', () => {
      const team = imported?.facts.find((f) => f.id === 'team-structure');
      expect(team).toMatchObject({ option: 'independent', holds: true });
      expect(team?.figures.map((f) => f.value)).toEqual(
        handMade?.facts.find((f) => f.id === 'independent-department')?.figures.map((f) => f.value),
      );
    });

    test('the partnerships name the same partners', () => {
      const partners = optionIndex(kb.vocabularies?.partner ?? []);
      for (const id of ['partnerships', 'data-partnerships']) {
        const mine = handMade?.facts.find((f) => f.id === id);
        const theirs = imported?.facts.find((f) => f.id === id);
        expect(theirs?.items.map((i) => i.id)).toEqual(
          partners.findIn(mine?.text.en ?? '').map((o) => o.id),
        );
      }
    });

    test('the funded activities: the city’s two choices and the chart’s counts', () => {
      const funded = imported?.facts.find((f) => f.id === 'funded-activities');
      const mine = handMade?.facts.find((f) => f.id === 'funded-activities');
      const choices = (fact: Fact | undefined): string[] =>
        (fact?.items ?? [])
          .filter((i) => i.isCityChoice)
          .map(
            (i) =>
              optionIndex(kb.vocabularies?.['funded-activity'] ?? []).find(i.text?.en ?? '')?.id ??
              i.id ??
              '',
          );
      expect(choices(funded)).toEqual(choices(mine));
      // Counts stand before their labels on the site's charts (issue 9): each label gets the count above it.
      expect(funded?.items.map((i) => [i.id, i.figures[0]?.value ?? null])).toEqual([
        ['launching-project', 47],
        ['idea-generation', 79],
        ['digital-systems', 51],
        ['physical-infrastructure', 36],
        ['paying-for-services', 30],
      ]);
    });
  },
);
