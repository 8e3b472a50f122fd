import type { Answer, AnswerBlock, AnswerCitation, Suggestion } from './answer';
import type { CityQuestions, Criterion } from './cityQuestions';
import { CITY_TEXTS } from './cityTexts';
import { renderPlainText } from './composeAnswer';
import type { Fact, KnowledgeBase, Language, Profile, Topic } from './schema';
import { pick } from './texts';

const NUMBER_FORMATS: Readonly<Record<Language, Intl.NumberFormat>> = {
  en: new Intl.NumberFormat('en-US'),
  es: new Intl.NumberFormat('es-MX'),
};

/** One row of a side-by-side comparison: a label and how to read each city's cell. */
interface Row {
  readonly id: string;
  readonly label: { en: string; es: string };
  readonly topics: readonly string[];
  readonly cell: (profile: Profile, kb: KnowledgeBase, language: Language) => string | null;
}

function factsOf(profile: Profile, topic: string): Fact[] {
  return profile.facts.filter((f) => f.topic === topic);
}

/** The names a fact states ("... was Federico Gutiérrez."), read from its English text. */
function namesIn(fact: Fact | undefined, language: Language): string | null {
  const m = /\b(?:was|were)\s+(.+?)\.?$/.exec(fact?.text.en ?? '');
  const names = m?.[1]?.trim() ?? null;
  if (!names || language === 'en') return names;
  return names
    .replace(/ and /g, ' y ')
    .replace(/\(current\)/g, '(actual)')
    .replace(/\(at the time of the (\d{4}) survey\)/g, '(en la encuesta de $1)');
}

function itemNames(facts: readonly Fact[], kb: KnowledgeBase, language: Language): string | null {
  const names = facts
    .filter((f) => !f.itemsOrdered)
    .flatMap((f) =>
      f.items.map((i) => {
        if (i.text) return pick(i.text, language);
        const area = kb.policyAreas.find((a) => a.id === i.policyArea);
        return area ? pick(area.name, language) : '';
      }),
    )
    .filter(Boolean);
  return names.length > 0 ? names.join('; ') : null;
}

const yesNo = (holds: boolean | undefined, language: Language): string =>
  pick(holds === false ? CITY_TEXTS.no : CITY_TEXTS.yes, language);

const ROWS: Readonly<Record<string, Row>> = {
  round: {
    id: 'round',
    label: { en: 'Survey round', es: 'Ronda de la encuesta' },
    topics: ['survey.about'],
    cell: (p) => String(p.survey.year),
  },
  population: {
    id: 'population',
    label: { en: 'Population', es: 'Población' },
    topics: ['city.population'],
    cell: (p, _kb, language) => {
      const figure = factsOf(p, 'city.population')
        .flatMap((f) => f.figures)
        .find((f) => f.unit === 'inhabitants');
      if (!figure) return null;
      const value = NUMBER_FORMATS[language].format(figure.value);
      return figure.year ? `${value} (${figure.year})` : value;
    },
  },
  mayor: {
    id: 'mayor',
    label: { en: 'Mayor', es: 'Alcalde o alcaldesa' },
    topics: ['city.mayor'],
    cell: (p, _kb, language) => namesIn(factsOf(p, 'city.mayor')[0], language),
  },
  lead: {
    id: 'lead',
    label: { en: 'Lead Innovation Officer', es: 'Responsable de innovación' },
    topics: ['innovation.lead'],
    cell: (p, _kb, language) => namesIn(factsOf(p, 'innovation.lead')[0], language),
  },
  strategy: {
    id: 'strategy',
    label: { en: 'Explicit innovation strategy', es: 'Estrategia de innovación explícita' },
    topics: ['innovation.strategy'],
    cell: (p, _kb, language) => {
      const fact = p.facts.find((f) => f.id === 'explicit-strategy');
      return fact ? yesNo(fact.holds, language) : null;
    },
  },
  team: {
    id: 'team',
    label: { en: 'Innovation team', es: 'Equipo de innovación' },
    topics: ['team.structure'],
    cell: (p, kb, language) => {
      const fact = factsOf(p, 'team.structure')[0];
      if (!fact) return null;
      const optionId = fact.option ?? (/independent/i.test(fact.text.en) ? 'independent' : null);
      const option = kb.vocabularies?.['team-structure']?.find((o) => o.id === optionId);
      const staff = fact.figures.find((f) => f.unit === 'people');
      const size = staff
        ? pick(CITY_TEXTS.staff(staff.value, staff.qualifier, staff.upTo), language)
        : null;
      const kind = option ? pick(option.name, language) : null;
      return [kind, size].filter(Boolean).join(', ') || null;
    },
  },
  roles: {
    id: 'roles',
    label: { en: 'Innovation roles', es: 'Perfiles de innovación' },
    topics: ['team.roles'],
    cell: (p, kb, language) => {
      const facts = factsOf(p, 'team.roles');
      const count = facts.flatMap((f) => f.figures).find((f) => f.unit === 'roles');
      const names = itemNames(facts, kb, language);
      if (!count && !names) return null;
      return count ? `${count.value}${names ? `: ${names}` : ''}` : names;
    },
  },
  areas: {
    id: 'areas',
    label: { en: 'Policy areas in focus', es: 'Áreas de política en foco' },
    topics: ['policy.areas'],
    cell: (p, kb, language) => {
      const facts = factsOf(p, 'policy.areas');
      if (facts.some((f) => f.holds === false)) return pick(CITY_TEXTS.noPriority, language);
      return itemNames(facts, kb, language);
    },
  },
  funding: {
    id: 'funding',
    label: { en: 'Dedicated innovation funding', es: 'Financiamiento dedicado a la innovación' },
    topics: ['funding.overview'],
    cell: (p, _kb, language) => {
      const fact = p.facts.find((f) => f.id === 'dedicated-funding');
      return fact ? yesNo(fact.holds, language) : null;
    },
  },
  goals: {
    id: 'goals',
    label: { en: 'Innovation is helping to', es: 'La innovación ayuda a' },
    topics: ['innovation.goals'],
    cell: (p, kb, language) => itemNames(factsOf(p, 'innovation.goals'), kb, language),
  },
  factors: {
    id: 'factors',
    label: { en: 'Critical success factors', es: 'Factores críticos de éxito' },
    topics: ['innovation.success-factors'],
    cell: (p, kb, language) => itemNames(factsOf(p, 'innovation.success-factors'), kb, language),
  },
  terms: {
    id: 'terms',
    label: { en: 'Terms associated with innovation', es: 'Términos asociados con la innovación' },
    topics: ['innovation.terms'],
    cell: (p, kb, language) => itemNames(factsOf(p, 'innovation.terms'), kb, language),
  },
  activities: {
    id: 'activities',
    label: { en: 'Most common innovation activities', es: 'Actividades de innovación más comunes' },
    topics: ['innovation.activities'],
    cell: (p, kb, language) => itemNames(factsOf(p, 'innovation.activities'), kb, language),
  },
};

/** The rows a topic compares; the profile at a glance for the comparison topic itself. */
const ROWS_OF_TOPIC: Readonly<Record<string, readonly string[]>> = {
  'city.mayor': ['mayor'],
  'city.population': ['population'],
  'innovation.lead': ['lead'],
  'innovation.strategy': ['strategy'],
  'team.structure': ['team', 'roles'],
  'team.roles': ['roles', 'team'],
  'policy.areas': ['areas'],
  'funding.overview': ['funding'],
  'funding.sources': ['funding'],
  'funding.activities': ['funding'],
  'funding.training': ['funding'],
  'innovation.goals': ['goals'],
  'innovation.success-factors': ['factors'],
  'innovation.terms': ['terms'],
  'innovation.activities': ['activities'],
};
const OVERVIEW_ROWS = [
  'round',
  'population',
  'mayor',
  'lead',
  'strategy',
  'team',
  'roles',
  'areas',
  'funding',
];

/** Cities per card column set: Teams shows three columns readably on a phone. */
export const MAX_COMPARISON_COLUMNS = 3;

function citationsFor(profiles: readonly Profile[], rows: readonly Row[]): AnswerCitation[] {
  const out: AnswerCitation[] = [];
  for (const p of profiles) {
    const facts = p.facts.filter((f) => rows.some((r) => r.topics.includes(f.topic)));
    const sections = [...new Set(facts.map((f) => f.citation?.section ?? ''))].filter(Boolean);
    if (sections.length === 0) continue;
    out.push({
      source: p.survey.source,
      year: p.survey.year,
      section: `${p.name.en}: ${sections.join(', ')}`,
      url: p.profileUrl,
    });
  }
  return out;
}

function finish(
  base: Omit<Answer, 'text' | 'factIds' | 'listFact' | 'entity'>,
  language: Language,
  factIds: readonly string[],
): Answer {
  return {
    ...base,
    factIds,
    listFact: null,
    entity: null,
    text: renderPlainText(base.title, base.blocks, base.citations, language, [], base.short),
  };
}

/** Sizes a yes/no comparison asks about ("is Akron bigger than Anchorage?"). */
const BIGGER =
  /\b(bigger|larger|more populous|more (?:people|inhabitants|residents|population)|mas grande|mas poblada|mas poblado|mayor|mas (?:habitantes|gente|poblacion|personas|residentes))\b/;
const SMALLER =
  /\b(smaller|less populous|(?:fewer|less) (?:people|inhabitants|residents|population)|mas pequena|mas pequeno|menos poblada|menor|mas chica|menos (?:habitantes|gente|poblacion|personas|residentes))\b/;

/** Words that make a size the team's ("the larger innovation team"), not the city's. */
const TEAM_WORDS =
  /\b(team|teams|staff|department|roles?|equipo|equipos|personal|departamento|perfiles)\b/;

/** Lowercase, without accents: what the size patterns read. */
function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

interface TableRow {
  readonly id: string;
  readonly label: string;
  readonly cells: readonly string[];
}

/**
 * The direct answer of a comparison: for "is A bigger than B?" yes or no with both
 * populations; otherwise the first compared point for every city.
 */
function comparisonShort(
  question: string,
  isYesNo: boolean,
  profiles: readonly Profile[],
  tableRows: readonly TableRow[],
  names: readonly string[],
  language: Language,
): string {
  const folded = foldText(question);
  const op = BIGGER.test(folded) ? 'gt' : SMALLER.test(folded) ? 'lt' : null;
  const [a, b] = profiles;
  const population = (p: Profile | undefined): number | null =>
    p?.facts.flatMap((f) => f.figures).find((f) => f.unit === 'inhabitants')?.value ?? null;
  if (isYesNo && op && a && b && profiles.length === 2) {
    const pa = population(a);
    const pb = population(b);
    if (pa !== null && pb !== null) {
      const holds = op === 'gt' ? pa > pb : pa < pb;
      const fmt = NUMBER_FORMATS[language];
      return pick(
        CITY_TEXTS.sizeAnswer(
          holds,
          names[0] ?? '',
          fmt.format(pa),
          names[1] ?? '',
          fmt.format(pb),
        ),
        language,
      );
    }
  }
  // "which city is larger?": the sizes first.
  const sizes = op ? tableRows.find((r) => r.id === 'population') : undefined;
  const row = sizes ?? tableRows.find((r) => r.id !== 'round') ?? tableRows[0];
  return row
    ? `${row.label}: ${row.cells.map((c, i) => `${names[i] ?? ''} ${c}`).join('; ')}.`
    : '';
}

/**
 * Two or more cities side by side: one row per compared point, one cell per city, in
 * the order named. A cell the stored page did not keep says so; never another city's fact.
 */
export function composeComparison(
  kb: KnowledgeBase,
  cityIds: readonly string[],
  topic: Topic | null,
  language: Language,
  suggestions: readonly Suggestion[],
  question = '',
  isYesNo = false,
): Answer | null {
  const profiles = cityIds
    .map((id) => kb.profiles.find((p) => p.id === id))
    .filter((p): p is Profile => p !== undefined);
  if (profiles.length < 2) return null;
  const topicRows = (topic && ROWS_OF_TOPIC[topic.id]) ?? OVERVIEW_ROWS;
  // "which city is larger?" without a team named: the sizes are the cities' populations.
  const folded = foldText(question);
  const asksSize = (BIGGER.test(folded) || SMALLER.test(folded)) && !TEAM_WORDS.test(folded);
  const rowIds = asksSize
    ? ['population', ...topicRows.filter((id) => id !== 'population')]
    : topicRows;
  const rows = rowIds.map((id) => ROWS[id]).filter((r): r is Row => r !== undefined);
  const names = profiles.map((p) => pick(p.name, language));
  const unknown = pick(CITY_TEXTS.notInProfile, language);
  const tableRows: TableRow[] = rows.map((row) => ({
    id: row.id,
    label: pick(row.label, language),
    cells: profiles.map((p) => row.cell(p, kb, language) ?? unknown),
  }));
  const table = {
    columns: names,
    rows: tableRows.map((r) => ({ label: r.label, cells: r.cells })),
  };
  const blocks: AnswerBlock[] = [
    {
      heading: null,
      text: pick(
        CITY_TEXTS.comparisonIntro(names, [...new Set(profiles.map((p) => p.survey.year))]),
        language,
      ),
      items: [],
      isOrdered: false,
      note: null,
    },
    // Row by row, so that plain text reads aloud as "Population: Leipzig 600,000; ...".
    ...tableRows.map((row, i) => ({
      heading: null,
      text: row.label,
      items: row.cells.map((cell, j) => `${names[j] ?? ''}: ${cell}`),
      isOrdered: false,
      note: null,
      isTableRow: true,
      ...(i === 0 ? { table } : {}),
    })),
  ];
  const citations = citationsFor(profiles, rows);
  const factIds = profiles.flatMap((p) =>
    p.facts.filter((f) => rows.some((r) => r.topics.includes(f.topic))).map((f) => f.id),
  );
  return finish(
    {
      kind: 'profile',
      language,
      short: comparisonShort(question, isYesNo, profiles, tableRows, names, language),
      topic: 'comparison',
      confidence: 1,
      city: profiles[0]?.id ?? null,
      cities: profiles.map((p) => p.id),
      unknownCity: null,
      policyArea: null,
      title: `${pick(CITY_TEXTS.comparisonTitle, language)} — ${names.join(', ')}`,
      blocks,
      citations,
      profileUrl: profiles[0]?.profileUrl ?? null,
      suggestions,
      alternatives: [],
    },
    language,
    [...new Set(factIds)],
  );
}

/** The words that describe a criterion in an answer ("focused on housing"). */
function describe(c: Criterion, language: Language): string {
  return pick(CITY_TEXTS.criterion(c), language);
}

/**
 * The cities whose profiles meet every criterion, counted, with how many profiles
 * cannot tell because their stored page lacks that section. Without criteria: every
 * profile, by country.
 */
export function composeCityList(
  kb: KnowledgeBase,
  questions: CityQuestions,
  criteria: readonly Criterion[],
  language: Language,
  suggestions: readonly Suggestion[],
): Answer {
  const name = (p: Profile): string => pick(p.name, language);
  const byName = (a: Profile, b: Profile): number => name(a).localeCompare(name(b), language);
  const blocks: AnswerBlock[] = [];
  let cities: Profile[];
  if (criteria.length === 0) {
    cities = [...kb.profiles].sort(byName);
    const byCountry = new Map<string, Profile[]>();
    for (const p of cities)
      byCountry.set(pick(p.country, language), [
        ...(byCountry.get(pick(p.country, language)) ?? []),
        p,
      ]);
    blocks.push({
      heading: null,
      text: pick(CITY_TEXTS.allCities(cities.length, byCountry.size), language),
      items: [...byCountry]
        .sort((a, b) => a[0].localeCompare(b[0], language))
        .map(([country, list]) => `${country}: ${list.map(name).join(', ')}`),
      isOrdered: false,
      note: null,
    });
  } else {
    const results = kb.profiles.map((p) => ({
      p,
      m: criteria.map((c) => questions.matches(p, c)),
    }));
    cities = results
      .filter((r) => r.m.every((x) => x === true))
      .map((r) => r.p)
      .sort(byName);
    const unknown = results
      .filter((r) => !r.m.includes(false) && r.m.includes('unknown'))
      .map((r) => r.p)
      .sort(byName);
    const what = criteria.map((c) => describe(c, language));
    blocks.push({
      heading: null,
      text: pick(CITY_TEXTS.matching(cities.length, kb.profiles.length, what), language),
      items: cities.map((p) => `${name(p)} (${pick(p.country, language)}, ${p.survey.year})`),
      isOrdered: false,
      note: null,
    });
    if (unknown.length > 0)
      blocks.push({
        heading: null,
        text: pick(
          CITY_TEXTS.unknownMatches(unknown.length, unknown.slice(0, 12).map(name)),
          language,
        ),
        items: [],
        isOrdered: false,
        note: null,
      });
  }
  const years = [...new Set(cities.map((p) => p.survey.year))].sort();
  const citations: AnswerCitation[] = years.map((year) => ({
    source:
      cities[0]?.survey.source ?? 'OECD / Bloomberg Philanthropies Innovation Capacity Survey',
    year,
    section: pick(
      CITY_TEXTS.profilesSection(cities.filter((p) => p.survey.year === year).length),
      'en',
    ),
    url: 'https://cities-innovation-oecd.com/',
  }));
  // The count sentence is the direct answer; the block keeps only the list under it.
  const first = blocks[0];
  const short = first?.text ?? null;
  if (first) blocks[0] = { ...first, text: '' };
  return finish(
    {
      kind: 'profile',
      language,
      short,
      topic: 'cities.list',
      confidence: 1,
      city: null,
      cities: cities.map((p) => p.id),
      unknownCity: null,
      policyArea: null,
      title: pick(CITY_TEXTS.listTitle, language),
      blocks,
      citations,
      profileUrl: null,
      suggestions,
      alternatives: [],
    },
    language,
    [],
  );
}
