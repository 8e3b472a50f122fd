import { ProfileSectionSchema, type ProfileSection } from '../core/schema';
/**
 * Reads one stored profile page of the survey site (cities-innovation-oecd.com) into
 * plain parts: the header, the option lists, the survey sentences and the free-text
 * paragraphs, each with the line it came from. Pure: text in, parts out. Two layouts
 * exist: the page with its headings, and a flattened copy that lost them (lists and
 * sentences only); see parseFlatPage.
 */

/** Something on the page the importer could not read: where, and why. */
export interface PageProblem {
  readonly line: number;
  readonly why: string;
}

/** A line of the page with its 1-based number. */
export interface PageLine {
  readonly n: number;
  readonly text: string;
}

/** Section ids, in page order: the profile schema's (they name what a profile holds, `sections`). */
export const PAGE_SECTIONS = ProfileSectionSchema.options;
export type PageSection = ProfileSection;

export interface ParsedActivity {
  readonly label: string;
  readonly detail: string | null;
  readonly line: number;
}

export interface ParsedPage {
  readonly url: string | null;
  readonly slug: string | null;
  readonly hasHeadings: boolean;
  /** The survey round the page's survey-wide percentages belong to. */
  readonly round: 2018 | 2020 | null;
  readonly name: string | null;
  readonly country: string | null;
  readonly mayor: string | null;
  readonly population: { value: number; year: number | null; line: number } | null;
  /** A population printed so that no number can be read from it safely ("39,6990"). */
  readonly malformedPopulation: { text: string; line: number } | null;
  readonly leads: readonly string[];
  readonly goals: readonly PageLine[] | null;
  readonly successFactors: readonly PageLine[] | null;
  readonly spotlight: { heading: string; paragraphs: readonly string[]; truncated: boolean } | null;
  readonly strategy: {
    explicit: boolean;
    explicitShare: string;
    approach: 'both' | 'holistic' | 'specific' | null;
    approachShare: string | null;
  } | null;
  /** Free text of the vision section beyond the two survey sentences (prose). */
  readonly strategyNotes: readonly string[];
  readonly focusAreas: {
    labels: readonly PageLine[];
    descriptions: ReadonlyArray<{ name: string; text: string; line: number }>;
    noPriority: boolean;
  } | null;
  readonly roles: { count: number | null; labels: readonly PageLine[]; line: number } | null;
  readonly team: { text: string; line: number } | null;
  readonly terms: readonly PageLine[] | null;
  readonly activities: {
    common: readonly ParsedActivity[];
    ranked: readonly PageLine[];
  } | null;
  readonly funding: {
    dedicated: boolean | null;
    dedicatedShare: string | null;
    sources: readonly PageLine[] | null;
    noSources: boolean;
    fundedActivities: readonly PageLine[] | null;
    noFundedActivities: boolean;
    training: { share: string; line: number } | null;
    /** "X also invests in digital systems and physical infrastructure." */
    invests?: { text: string; line: number };
  } | null;
  readonly measurement: { sentences: readonly PageLine[] } | null;
  readonly dataAvailability: {
    sufficient: readonly PageLine[];
    insufficient: readonly PageLine[];
  } | null;
  /** Sections the page holds, in page order. */
  readonly sections: readonly PageSection[];
  /** The section the stored copy was cut in (its last part may be missing). */
  readonly truncatedSection: PageSection | null;
  /** The line the stored copy was cut in, if it was cut. */
  readonly cutLine: number | null;
  /** Every free-text paragraph of the page (third-party prose, never copied). */
  readonly prose: readonly string[];
  readonly problems: readonly PageProblem[];
}

const APOSTROPHE = "['’]";
const H = {
  goals: /^Innovation is helping to:?\s*$/,
  factors: /^Critical success factors:?\s*$/,
  spotlight: /^Spotlight on innovation in (.+)$/,
  snapshotNote: /^Note: The City Innovation Snapshot/,
  vision: /^Vision and approach to innovation capacity\s*$/,
  policy: /^Policy areas that (.+) (?:is|are) focused on\s*$/,
  policyEnd: /^Policy areas by number of cities\s*$/,
  roles:
    /^(?:(.+?) utilizes (\d+) (?:different )?innovation skills? or roles?|Innovation skills or roles)\s*$/,
  rolesEnd: /^Innovation roles by number of cities\s*$/,
  terms: /^Terms (.+) most associates? with innovation\s*$/,
  activities: new RegExp(`^(.+?)${APOSTROPHE}s? most common innovation activities\\s*$`),
  funding: /^How is innovation funded here\?\s*$/,
  sources: /^Top sources of funding\s*$/,
  funded: /^Activities being funded\s*$/,
  measured: /^How is innovation measured\?\s*$/,
  data: /^Data availability by policy area\s*$/,
} as const;

const STRATEGY =
  /(?:Along with|Like|Similar to) ((?:\d+%|more than half|over one-third)) of cities surveyed, .+? (has|does not have) an explicit innovation strategy/;
const APPROACH =
  /Similar to ((?:\d+%|more than half|over one-third)) of cities surveyed, .+? approaches innovation capacity (both from a holistic\/macro level|from a holistic\/macro level|in specific policy areas)/;
const FUNDING =
  /(?:Like|Along with|Similar to) (\d+%) of cities surveyed, .+? (has|does not have) dedicated funding/;
const TRAINING = /Similar to (\d+%) of participating cities.*training staff and building capacity/;
const NO_SOURCES = /has no reported sources of funding/;
const NO_FUNDED = /does not fund any specific activities/;
const NO_PRIORITY = /does not prioriti[sz]e policy (?:sectors|areas)/;
const POPULATION = /^(\d[\d,.]*)\s*(?:\((\d{4})\))?\s*$/;
const FUNDING_FOOTNOTE = /^\*"Training staff and building capacity" is not an option/;

/** The round a survey-wide share belongs to (the 2018 and 2020 rounds printed different shares). */
export function roundOfShare(share: string): 2018 | 2020 | null {
  if (['44%', '56%', '40%', 'over one-third'].includes(share)) return 2018;
  if (['50%', 'more than half', '20%', '81%', '19%', '61%'].includes(share)) return 2020;
  return null;
}

/** Reads "9,209,944" / "39,6990" as a number; null when it is no number. */
export function readNumber(text: string): number | null {
  const digits = text.replace(/[,.]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  return Number(digits);
}

function linesOf(text: string): PageLine[] {
  return text.split(/\r?\n/).map((t, i) => ({ n: i + 1, text: t.replace(/\s+$/u, '') }));
}

function bullet(text: string): string | null {
  const m = /^\s*•\s*(.+)$/.exec(text);
  return m?.[1]?.trim() ?? null;
}

/** A line is prose when it reads as a sentence, not a label. */
function isSentence(text: string): boolean {
  return text.length > 90 || /[.!?:]["”’)]?$/.test(text.trim());
}

interface Region {
  readonly section: PageSection;
  readonly heading: PageLine;
  readonly body: PageLine[];
}

const FLAT_START = /^(?:Improve|Simplify|Save|Generate|Increase|Reduce|Enhance)/;

/**
 * Parses a page; the layout is found from its headings. `isGoal` tells goal labels
 * from success-factor labels in a copy without headings.
 */
export function parsePage(text: string, isGoal?: (label: string) => boolean): ParsedPage {
  const lines = linesOf(text);
  const url = lines.find((l) => l.text.startsWith('URL:'))?.text.replace(/^URL:\s*/, '') ?? null;
  const slug = url ? (/\/cities\/([^/]+)\/?$/.exec(url)?.[1] ?? null) : null;
  const hasHeadings = lines.some((l) => H.goals.test(l.text.trim()));
  const body = lines.filter((l) => !/^(URL:|RETRIEVED-EXCERPT:)/.test(l.text));
  // Only a stored excerpt ("RETRIEVED-EXCERPT: yes") can be cut; a whole page (the seed) is not.
  const isExcerpt = lines.some((l) => /^RETRIEVED-EXCERPT:\s*yes/i.test(l.text));
  const last = isExcerpt ? [...body].reverse().find((l) => l.text.trim() !== '') : undefined;
  return hasHeadings
    ? parseWithHeadings(body, url, slug, last ?? null)
    : parseFlatPage(body, url, slug, last ?? null, isGoal);
}

function emptyPage(url: string | null, slug: string | null, hasHeadings: boolean): Mutable {
  return {
    url,
    slug,
    hasHeadings,
    round: null,
    name: null,
    country: null,
    mayor: null,
    population: null,
    malformedPopulation: null,
    leads: [],
    goals: null,
    successFactors: null,
    spotlight: null,
    strategy: null,
    strategyNotes: [],
    focusAreas: null,
    roles: null,
    team: null,
    terms: null,
    activities: null,
    funding: null,
    measurement: null,
    dataAvailability: null,
    sections: [],
    truncatedSection: null,
    cutLine: null,
    prose: [],
    problems: [],
  };
}

type Mutable = { -readonly [K in keyof ParsedPage]: ParsedPage[K] } & {
  problems: PageProblem[];
  prose: string[];
};

/** A stored copy ends mid-word or mid-sentence: its last line is cut. */
function isCut(last: PageLine | null): boolean {
  if (!last) return false;
  const t = last.text.trim();
  return !/[.!?:)”"]$/.test(t) || t.length < 3;
}

function readStrategy(page: Mutable, line: PageLine): boolean {
  const s = STRATEGY.exec(line.text);
  const a = APPROACH.exec(line.text);
  if (!s && !a) return false;
  const approachText = a?.[2] ?? null;
  page.strategy = {
    explicit: s ? s[2] === 'has' : (page.strategy?.explicit ?? false),
    explicitShare: s?.[1] ?? page.strategy?.explicitShare ?? '',
    approach:
      approachText === null
        ? (page.strategy?.approach ?? null)
        : approachText.startsWith('both')
          ? 'both'
          : approachText.startsWith('from')
            ? 'holistic'
            : 'specific',
    approachShare: a?.[1] ?? page.strategy?.approachShare ?? null,
  };
  if (!s && !page.strategy.explicitShare) {
    page.problems.push({
      line: line.n,
      why: 'the strategy sentence has no explicit-strategy part',
    });
  }
  return true;
}

function readFunding(page: Mutable, line: PageLine): boolean {
  const f = FUNDING.exec(line.text);
  const t = TRAINING.exec(line.text);
  const funding = page.funding ?? {
    dedicated: null,
    dedicatedShare: null,
    sources: null,
    noSources: false,
    fundedActivities: null,
    noFundedActivities: false,
    training: null,
  };
  if (f) {
    page.funding = { ...funding, dedicated: f[2] === 'has', dedicatedShare: f[1] ?? null };
    return true;
  }
  if (t) {
    page.funding = { ...funding, training: { share: t[1] ?? '', line: line.n } };
    return true;
  }
  const invests = /^.+? also invests in (.+?)\.?$/.exec(line.text.trim());
  if (invests) {
    page.funding = { ...funding, invests: { text: invests[1] ?? '', line: line.n } };
    return true;
  }
  if (NO_SOURCES.test(line.text)) {
    page.funding = { ...funding, noSources: true, sources: [] };
    return true;
  }
  if (NO_FUNDED.test(line.text)) {
    page.funding = { ...funding, noFundedActivities: true, fundedActivities: [] };
    return true;
  }
  return false;
}

function decideRound(page: Mutable): void {
  const shares = [
    page.strategy?.explicitShare,
    page.strategy?.approachShare,
    page.funding?.dedicatedShare,
    page.funding?.training?.share,
  ].filter((s): s is string => Boolean(s));
  const rounds = new Set(shares.map(roundOfShare).filter((r): r is 2018 | 2020 => r !== null));
  if (rounds.size === 1) page.round = [...rounds][0] ?? null;
  else if (rounds.size > 1)
    page.problems.push({
      line: 0,
      why: `survey-wide shares of both rounds (${shares.join(', ')})`,
    });
  else page.problems.push({ line: 0, why: 'no survey-wide share tells the survey round' });
}

function headerOf(page: Mutable, header: PageLine[]): void {
  const labels = /^(?:Mayor|Population|Lead Innovation Officers?|Innovation Website)$/;
  const rows = header.map((l) => ({ n: l.n, text: l.text.trim() })).filter((r) => r.text !== '');
  const values = rows.filter((r) => !labels.test(r.text));
  const labelAt = (label: RegExp): number => rows.findIndex((r) => label.test(r.text));
  const valueAfter = (label: RegExp): PageLine | undefined => {
    const i = labelAt(label);
    const next = i >= 0 ? rows[i + 1] : undefined;
    return next && !labels.test(next.text) ? next : undefined;
  };
  // The population value anchors the rest: [city, country,] mayor, population, lead.
  const popAt = values.findIndex((v) => /^\d[\d,.]*\s*(?:\(\d{4}\))?$/.test(v.text));
  const leadValue = valueAfter(/^Lead Innovation Officers?$/);
  const mayorValue = valueAfter(/^Mayor$/);
  if (popAt >= 0) {
    readPopulation(page, values[popAt] as PageLine);
    page.mayor = mayorValue?.text ?? values[popAt - 1]?.text ?? null;
    const mayorAt = values.findIndex((v) => v.text === page.mayor);
    page.country = values[mayorAt - 1]?.text ?? null;
    page.name = values[mayorAt - 2]?.text ?? null;
  } else if (mayorValue) {
    page.mayor = mayorValue.text;
    const mayorAt = values.findIndex((v) => v.n === mayorValue.n);
    page.country = values[mayorAt - 1]?.text ?? null;
    page.name = values[mayorAt - 2]?.text ?? null;
  } else {
    // Some copies start at the mayor's name: the city, country and population lines were not kept.
    const leadAt = leadValue ? values.findIndex((v) => v.n === leadValue.n) : values.length;
    page.mayor = values[leadAt - 1]?.text ?? null;
  }
  if (leadValue) page.leads = splitNames(leadValue.text);
  const first = header.find((l) => l.text.trim() !== '')?.n ?? 1;
  if (!page.name) page.problems.push({ line: first, why: 'no city name line' });
  if (!page.country) page.problems.push({ line: first, why: 'no country line' });
  if (popAt < 0) page.problems.push({ line: first, why: 'no population line' });
}

/** Reads "9,209,944 (2020)"; a malformed grouping ("39,6990") is reported, not guessed. */
function readPopulation(page: Mutable, line: PageLine): void {
  const m = POPULATION.exec(line.text);
  const digits = m?.[1] ?? '';
  const isGrouped = /^\d{1,3}(?:,\d{3})*$/.test(digits) || /^\d+$/.test(digits);
  const value = m && isGrouped ? readNumber(digits) : null;
  if (m && value !== null) {
    page.population = { value, year: m[2] ? Number(m[2]) : null, line: line.n };
    if (!m[2]) page.problems.push({ line: line.n, why: 'population without a year' });
  } else {
    page.malformedPopulation = { text: line.text, line: line.n };
    page.problems.push({
      line: line.n,
      why: `population "${line.text}" has a malformed digit grouping; not recorded as a figure`,
    });
  }
}

/** "Juhani Heikka, Aarne Kultalahti" -> two names; the "(current)" notes stay with their name. */
export function splitNames(raw: string): string[] {
  return raw
    .split(/,\s*(?![^()]*\))/)
    .map((n) => n.trim())
    .filter(Boolean);
}

function listBody(body: readonly PageLine[]): PageLine[] {
  return body
    .map((l) => ({ n: l.n, text: bullet(l.text) ?? l.text.trim() }))
    .filter((l) => l.text !== '');
}

function parseWithHeadings(
  all: PageLine[],
  url: string | null,
  slug: string | null,
  last: PageLine | null,
): ParsedPage {
  const page = emptyPage(url, slug, true);
  // Cut the page into regions at its headings.
  const regions: Region[] = [];
  const header: PageLine[] = [];
  let current: Region | null = null;
  const open = (section: PageSection, heading: PageLine): void => {
    current = { section, heading, body: [] };
    regions.push(current);
  };
  for (const line of all) {
    const t = line.text.trim();
    if (H.goals.test(t)) open('goals', line);
    else if (H.factors.test(t)) open('success-factors', line);
    else if (H.spotlight.test(t)) open('spotlight', line);
    else if (H.vision.test(t)) open('strategy', line);
    else if (H.policy.test(t)) open('policy-areas', line);
    else if (H.roles.test(t)) open('roles', line);
    else if (H.rolesEnd.test(t) || H.policyEnd.test(t)) open('team', line);
    else if (H.terms.test(t)) open('terms', line);
    else if (H.activities.test(t)) open('activities', line);
    else if (H.funding.test(t)) open('funding', line);
    else if (H.measured.test(t)) open('measurement', line);
    else if (H.data.test(t)) open('data-availability', line);
    else if (current) (current as Region).body.push(line);
    else header.push(line);
  }
  headerOf(page, header);
  const sections = new Set<PageSection>(['header']);
  const cutLine = isCut(last) ? last : null;
  let funding: PageLine[] = [];

  for (const region of regions) {
    const body = region.body.filter((l) => l.text.trim() !== '');
    switch (region.section) {
      case 'goals':
        page.goals = listBody(body);
        break;
      case 'success-factors':
        page.successFactors = listBody(body);
        break;
      case 'spotlight': {
        const paragraphs = body
          .filter((l) => !H.snapshotNote.test(l.text.trim()))
          .map((l) => l.text.trim());
        page.spotlight = {
          heading: region.heading.text.trim(),
          paragraphs,
          truncated: cutLine !== null && body.some((l) => l.n === cutLine.n),
        };
        page.prose.push(...paragraphs);
        break;
      }
      case 'strategy':
        for (const line of body) {
          if (!readStrategy(page, line) && !H.snapshotNote.test(line.text.trim())) {
            page.strategyNotes = [...page.strategyNotes, line.text.trim()];
            page.prose.push(line.text.trim());
          }
        }
        if (!page.strategy)
          page.problems.push({ line: region.heading.n, why: 'no explicit-strategy sentence' });
        break;
      case 'policy-areas': {
        const labels: PageLine[] = [];
        const descriptions: Array<{ name: string; text: string; line: number }> = [];
        let noPriority = false;
        for (const line of body) {
          const t = line.text.trim();
          const d = /^([^:]{2,60}):\s+(.+)$/.exec(t);
          if (NO_PRIORITY.test(t)) noPriority = true;
          else if (d && isSentence(d[2] ?? '')) {
            descriptions.push({ name: d[1] ?? '', text: d[2] ?? '', line: line.n });
            page.prose.push(d[2] ?? '');
          } else if (isSentence(t) && t.length > 60) page.prose.push(t);
          else labels.push({ n: line.n, text: t });
        }
        page.focusAreas = { labels, descriptions, noPriority };
        break;
      }
      case 'roles': {
        const m = H.roles.exec(region.heading.text.trim());
        // A page without role counts prints a team sentence here instead of a list.
        const sentences = body.filter((l) => isSentence(l.text.trim()));
        if (sentences.length > 0) {
          page.team = {
            text: sentences.map((l) => l.text.trim()).join(' '),
            line: sentences[0]?.n ?? 0,
          };
          sections.add('team');
        }
        const labels = listBody(body.filter((l) => !isSentence(l.text.trim())));
        const count = m?.[2] ? Number(m[2]) : null;
        if (count !== null || labels.length > 0)
          page.roles = { count, labels, line: region.heading.n };
        break;
      }
      case 'team': {
        if (H.policyEnd.test(region.heading.text.trim())) {
          // "Policy areas by number of cities" closes the policy list; what follows
          // (without a roles heading) is the team sentence, if any.
          if (body.length === 0) break;
        }
        if (body.length === 0) break;
        if (page.team) {
          page.team = {
            ...page.team,
            text: `${page.team.text} ${body.map((l) => l.text.trim()).join(' ')}`,
          };
          break;
        }
        page.team = { text: body.map((l) => l.text.trim()).join(' '), line: body[0]?.n ?? 0 };
        break;
      }
      case 'terms':
        page.terms = listBody(body);
        break;
      case 'activities': {
        const common: ParsedActivity[] = [];
        const ranked: PageLine[] = [];
        let isRanked = false;
        for (const line of body) {
          const t = line.text.trim();
          if (/^\d+\.\s*\d+$/.test(t)) {
            isRanked = true;
            continue;
          }
          if (isRanked) ranked.push({ n: line.n, text: t });
          else if (/^e\.g\./.test(t)) {
            const prev = common.pop();
            if (prev) common.push({ ...prev, detail: t.replace(/^e\.g\.\s*/, '') });
          } else common.push({ label: t, detail: null, line: line.n });
        }
        page.activities = { common, ranked };
        break;
      }
      case 'funding':
        funding = body;
        break;
      case 'measurement':
        page.measurement = { sentences: body.map((l) => ({ n: l.n, text: l.text.trim() })) };
        break;
      case 'data-availability': {
        // Two counts, then "Sufficient data" and its areas, then "Insufficient data" and its areas.
        const sufficient: PageLine[] = [];
        const insufficient: PageLine[] = [];
        let list: PageLine[] | null = null;
        for (const line of body) {
          const t = line.text.trim();
          if (/^Sufficient data$/i.test(t)) list = sufficient;
          else if (/^Insufficient data$/i.test(t)) list = insufficient;
          else if (list && !/^\d+$/.test(t)) list.push({ n: line.n, text: t });
        }
        page.dataAvailability = { sufficient, insufficient };
        break;
      }
    }
    sections.add(region.section);
  }
  if (!page.team) sections.delete('team');
  if (!page.roles) sections.delete('roles');
  if (funding.length > 0 || regions.some((r) => r.section === 'funding'))
    readFundingRegion(page, regions);
  if (!page.funding) sections.delete('funding');
  if (page.roles && page.roles.labels.length === 0 && page.roles.count === null)
    sections.delete('roles');
  page.sections = PAGE_SECTIONS.filter((s) => sections.has(s));
  if (cutLine) {
    page.truncatedSection = sectionOfLine(page.sections, regions, cutLine.n);
    page.cutLine = cutLine.n;
  }
  decideRound(page);
  return page;
}

function sectionOfLine(
  sections: readonly PageSection[],
  regions: readonly Region[],
  n: number,
): PageSection | null {
  let found: PageSection | null = 'header';
  for (const r of regions) if (r.heading.n <= n) found = r.section;
  // The team region also opens at "Policy areas by number of cities".
  return found && sections.includes(found) ? found : (sections[sections.length - 1] ?? null);
}

/** The funding part: the dedicated-funding sentence, the sources, the funded activities, training. */
function readFundingRegion(page: Mutable, regions: readonly Region[]): void {
  const start = regions.findIndex((r) => r.section === 'funding');
  if (start < 0) return;
  const region = regions[start];
  if (!region) return;
  let part: 'intro' | 'sources' | 'funded' = 'intro';
  const sources: PageLine[] = [];
  const funded: PageLine[] = [];
  let hasSources = false;
  let hasFunded = false;
  for (const line of region.body) {
    const t = line.text.trim();
    if (t === '') continue;
    if (H.sources.test(t)) {
      part = 'sources';
      hasSources = true;
      continue;
    }
    if (H.funded.test(t)) {
      part = 'funded';
      hasFunded = true;
      continue;
    }
    if (FUNDING_FOOTNOTE.test(t)) continue;
    if (readFunding(page, line)) continue;
    if (part === 'sources') {
      // The chart repeats a label with its explanation ("This could include...").
      if (!isSentence(t) && !sources.some((s) => s.text === t))
        sources.push({ n: line.n, text: t });
    } else if (part === 'funded') funded.push({ n: line.n, text: t });
  }
  if (page.funding) {
    page.funding = {
      ...page.funding,
      sources: hasSources ? sources : page.funding.sources,
      fundedActivities: hasFunded ? funded : page.funding.fundedActivities,
    };
  } else if (hasSources || hasFunded) {
    page.problems.push({
      line: region.heading.n,
      why: 'funding lists without the dedicated-funding sentence',
    });
  }
}

/**
 * A copy that lost its headings keeps the lists (goals and success factors twice, one
 * label a line), the header values (country, mayor, population, lead officer), the
 * spotlight paragraph and the survey sentences, but not the policy-area, role and term
 * lists. Goals and success factors are told apart with the vocabulary (`isGoal`).
 */
export function parseFlatPage(
  all: PageLine[],
  url: string | null,
  slug: string | null,
  last: PageLine | null,
  isGoal: (label: string) => boolean = (l) => FLAT_START.test(l),
): ParsedPage {
  const page = emptyPage(url, slug, false);
  const rows = all
    .filter((l) => l.text.trim() !== '')
    .map((l) => ({ n: l.n, text: l.text.trim() }));
  // The two copies of the goal + factor lists enclose the header values.
  const firstProse = rows.findIndex((r) => isSentence(r.text));
  const head = rows.slice(0, firstProse < 0 ? rows.length : firstProse);
  const key = (r: PageLine): string => r.text;
  let listLen = 0;
  for (let len = 1; len * 2 <= head.length; len += 1) {
    const a = head.slice(0, len).map(key).join('\n');
    const idx = head
      .map(key)
      .join('\n')
      .indexOf(a, a.length + 1);
    if (idx > 0 && head.slice(0, len).every((r) => !/^\d[\d,.]*/.test(r.text))) listLen = len;
  }
  const list = head.slice(0, listLen);
  const second = head.findIndex((r, i) => i >= listLen && r.text === list[0]?.text);
  const values = head.slice(listLen, second > 0 ? second : head.length);
  // The goals come first: the success factors start at the first label that is no goal.
  const split = list.findIndex((r) => !isGoal(r.text));
  page.goals = split < 0 ? list : list.slice(0, split);
  page.successFactors = split < 0 ? [] : list.slice(split);
  // Values: [country,] mayor, population, lead officer(s).
  const popAt = values.findIndex((v) => POPULATION.test(v.text));
  if (popAt >= 0) {
    const raw = values[popAt];
    if (raw) readPopulation(page, raw);
    page.mayor = values[popAt - 1]?.text ?? null;
    page.country = popAt >= 2 ? (values[popAt - 2]?.text ?? null) : null;
    const lead = values[popAt + 1]?.text;
    if (lead) page.leads = splitNames(lead);
  } else {
    page.problems.push({
      line: values[0]?.n ?? 1,
      why: 'no population value among the header values',
    });
  }
  page.problems.push({
    line: rows[0]?.n ?? 1,
    why: 'no headings: no city name; policy-area, role and term lists not readable',
  });
  const sections = new Set<PageSection>(['header', 'goals', 'success-factors']);
  const tail = rows.slice(firstProse < 0 ? rows.length : firstProse);
  const ranked: PageLine[] = [];
  for (const [i, row] of tail.entries()) {
    const t = row.text;
    if (H.snapshotNote.test(t) || FUNDING_FOOTNOTE.test(t)) continue;
    if (H.policyEnd.test(t) || H.rolesEnd.test(t)) continue;
    if (isCut(last) && row.n === last?.n && !isSentence(t)) continue;
    if (readStrategy(page, row)) {
      sections.add('strategy');
      continue;
    }
    if (readFunding(page, row)) {
      sections.add('funding');
      continue;
    }
    const d = /^([^:]{2,60}):\s+(.+)$/.exec(t);
    if (d && isSentence(d[2] ?? '') && page.strategy) {
      const focus = page.focusAreas ?? { labels: [], descriptions: [], noPriority: false };
      page.focusAreas = {
        ...focus,
        descriptions: [...focus.descriptions, { name: d[1] ?? '', text: d[2] ?? '', line: row.n }],
      };
      page.prose.push(d[2] ?? '');
      sections.add('policy-areas');
      continue;
    }
    if (
      /innovation work|dedicated team|team for innovation|staff/.test(t) &&
      page.strategy &&
      isSentence(t)
    ) {
      page.team = { text: t, line: row.n };
      sections.add('team');
      continue;
    }
    if (/has developed partnerships|data partnerships/.test(t)) {
      page.measurement = { sentences: [...(page.measurement?.sentences ?? []), row] };
      sections.add('measurement');
      continue;
    }
    if (!isSentence(t) && page.strategy) {
      ranked.push(row);
      continue;
    }
    if (!page.strategy && i === 0) {
      page.spotlight = { heading: '', paragraphs: [t], truncated: false };
      sections.add('spotlight');
    } else if (!page.strategy && page.spotlight) {
      page.spotlight = { ...page.spotlight, paragraphs: [...page.spotlight.paragraphs, t] };
    }
    page.prose.push(t);
  }
  if (ranked.length >= 5) {
    page.activities = { common: [], ranked };
    sections.add('activities');
  }
  page.sections = PAGE_SECTIONS.filter((s) => sections.has(s));
  if (isCut(last)) {
    page.truncatedSection = page.sections[page.sections.length - 1] ?? null;
    page.cutLine = last?.n ?? null;
  }
  decideRound(page);
  return page;
}
