import { citiesHint } from './citiesHint';
import { CITY_TEXTS } from './cityTexts';
import { isSectionMissing } from './profileSections';
import type { Answer, AnswerBlock, AnswerCitation, AnswerKind, Suggestion } from './answer';
import { directAnswer, type DirectQuestion } from './directAnswer';
import type {
  Fact,
  Figure,
  KnowledgeBase,
  LaterChange,
  Language,
  Localized,
  Profile,
  Topic,
} from './schema';
import { pick, TEXTS } from './texts';
import type { Gap } from './understand/findGap';

/** What an answer is composed from: a topic (or none), the entities, the language. */
export interface AnswerRequest {
  readonly topic: Topic | null;
  readonly language: Language;
  readonly confidence: number;
  readonly city: string;
  readonly unknownCity: string | null;
  readonly policyArea: string | null;
  readonly surveyYear: number | null;
  /** A city without a profile named beside the profile's city: the answer says so. */
  readonly alsoUnknownCity?: string | null;
  readonly alternatives: readonly Topic[];
  /** Extra topics to show after the main one ("tell me more"). */
  readonly extraTopics?: readonly Topic[];
  readonly maxSuggestions: number;
  /** The question's form and what it names, for the direct answer. */
  readonly question?: DirectQuestion;
  /** A detail the profile does not hold: the answer says so instead of showing facts. */
  readonly gap?: Gap | null;
  /** The question asks whether a fact still holds: later notes are given, as such. */
  readonly isAboutNow?: boolean;
  /** Facts already sent in the conversation: "tell me more" leaves them out. */
  readonly skipFacts?: ReadonlySet<string>;
}

const OPEN_QUESTION: DirectQuestion = {
  form: { kind: 'open', isNegated: false, comparison: null },
  mentions: [],
  policyArea: null,
  pronounEntity: null,
  asksSufficient: false,
};

const PLACEHOLDER = /\{([a-z0-9-]+)(\.year)?\}/g;

// Built once: toLocaleString builds a formatter on every call.
const NUMBER_FORMATS: Readonly<Record<Language, Intl.NumberFormat>> = {
  en: new Intl.NumberFormat('en-US'),
  es: new Intl.NumberFormat('es-MX'),
};

function formatFigure(figure: Figure, language: Language): string {
  // Mexican Spanish writes 9,209,944 as English does; percentages have no space.
  if (figure.unit === 'percent-of-cities') return `${figure.value}%`;
  return NUMBER_FORMATS[language].format(figure.value);
}

/** Fills `{when}` and figure placeholders. `{when}` becomes the survey's time on the first fact only. */
function fillText(
  text: string,
  fact: Fact,
  year: number,
  language: Language,
  isFirst: boolean,
): string {
  let out = text;
  if (out.includes('{when}')) {
    if (isFirst) {
      out = out.replace('{when}', pick(TEXTS.when(year), language));
    } else {
      out = out.replace(/^\{when\},\s*/, '').replace('{when}', pick(TEXTS.when(year), language));
      out = out.charAt(0).toUpperCase() + out.slice(1);
    }
  }
  return out.replace(PLACEHOLDER, (whole, id: string, isYear?: string) => {
    const figure = fact.figures.find((f) => f.id === id);
    if (!figure) return whole;
    return isYear ? String(figure.year ?? year) : formatFigure(figure, language);
  });
}

function itemText(item: Fact['items'][number], kb: KnowledgeBase, language: Language): string {
  const area = item.policyArea ? kb.policyAreas.find((a) => a.id === item.policyArea) : undefined;
  const base = item.text ? pick(item.text, language) : area ? pick(area.name, language) : '';
  const counts = item.figures
    .filter((f) => f.unit === 'cities')
    .map((f) => (language === 'en' ? `${f.value} cities` : `${f.value} ciudades`));
  const detail = item.detail ? ` (${pick(item.detail, language)})` : '';
  const mine = item.isCityChoice
    ? language === 'en'
      ? ' — funded by this city'
      : ' — financiado por esta ciudad'
    : '';
  return `${base}${detail}${counts.length ? `: ${counts.join(', ')}` : ''}${mine}`;
}

/**
 * A fact's citation in the answer's language: a section of the vocabulary is named in
 * Spanish for a Spanish answer («Alcalde», not "Mayor"); what follows its title on the
 * page (": Connectivity") is kept as printed.
 */
/** The title of the section a fact is cited from, in the answer's language. */
export function sectionTitle(
  fact: Fact,
  profile: Profile,
  kb?: KnowledgeBase,
  language: Language = 'en',
): string {
  const printed = fact.citation?.section ?? pick(profile.name, 'en');
  if (language === 'en') return printed;
  const sections = kb?.vocabularies?.section ?? [];
  // A hand-made profile names its sections only as printed: they are found by title.
  const option = fact.citation?.sectionId
    ? sections.find((o) => o.id === fact.citation?.sectionId)
    : sections.find((o) => printed.startsWith(o.name.en.replace('{city}', profile.name.en)));
  if (!option) return printed;
  const english = option.name.en.replace('{city}', profile.name.en);
  // What follows the title (": Connectivity"), not the end of a word ("Officers": a plural).
  const tail = printed.startsWith(english) ? printed.slice(english.length) : '';
  const rest = /^\p{L}/u.test(tail) ? '' : tail;
  return `${option.name[language].replace('{city}', pick(profile.name, language))}${rest}`;
}

function citationOf(
  fact: Fact,
  profile: Profile,
  kb?: KnowledgeBase,
  language: Language = 'en',
): AnswerCitation {
  return {
    source: fact.citation?.source ?? profile.survey.source,
    year: fact.citation?.year ?? profile.survey.year,
    section: sectionTitle(fact, profile, kb, language),
    url: profile.profileUrl,
  };
}

function factBlock(
  fact: Fact,
  kb: KnowledgeBase,
  profile: Profile,
  language: Language,
  heading: string | null,
  isFirst: boolean,
): AnswerBlock {
  const year = fact.citation?.year ?? profile.survey.year;
  return {
    heading,
    text: fillText(pick(fact.text, language), fact, year, language, isFirst),
    items: fact.items.map((item) => itemText(item, kb, language)),
    isOrdered: fact.itemsOrdered ?? false,
    note: fact.note ? pick(fact.note, language) : null,
  };
}

function uniqueCitations(citations: readonly AnswerCitation[]): AnswerCitation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.source}|${c.year}|${c.section}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line per source and survey year: "Source: <survey>, 2020, sections “A”, “B”." */
export function citationLines(citations: readonly AnswerCitation[], language: Language): string[] {
  const groups = new Map<string, { source: string; year: number; sections: string[] }>();
  for (const c of citations) {
    const key = `${c.source}|${c.year}`;
    const group = groups.get(key) ?? { source: c.source, year: c.year, sections: [] };
    group.sections.push(`“${c.section}”`);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    const word =
      g.sections.length > 1 ? pick(TEXTS.sections, language) : pick(TEXTS.section, language);
    return `${pick(TEXTS.source, language)}: ${g.source}, ${g.year}, ${word} ${g.sections.join(', ')}.`;
  });
}

/** Renders blocks, citations and suggestions as the plain text every channel can show. */
export function renderPlainText(
  title: string,
  blocks: readonly AnswerBlock[],
  citations: readonly AnswerCitation[],
  language: Language,
  alternatives: readonly Suggestion[] = [],
  short: string | null = null,
): string {
  const lines: string[] = [title];
  if (short) lines.push('', short);
  for (const block of blocks) {
    lines.push('');
    // Blank lines keep headings and citations apart where the text is read as markdown (Web Chat).
    if (block.heading) lines.push(block.heading, '');
    // The direct answer already said this sentence.
    if (block.text && block.text !== short) lines.push(block.text);
    block.items.forEach((item, i) =>
      lines.push(block.isOrdered ? `${i + 1}. ${item}` : `- ${item}`),
    );
    if (block.note) lines.push(`(${block.note})`);
  }
  if (alternatives.length > 0) {
    // Quoted, so a label's own question mark is not doubled by the sentence's.
    const choices = alternatives
      .map((a) => `“${a.label}”`)
      .join(` ${pick(TEXTS.orElse, language)} `);
    lines.push('', `${pick(TEXTS.didYouMean, language)} ${choices}${language === 'es' ? '?' : ''}`);
  }
  if (citations.length > 0) {
    lines.push('');
    for (const line of citationLines(citations, language)) lines.push(line, '');
    const url = citations[0]?.url;
    if (url) lines.push(`${pick(TEXTS.profilePage, language)}: ${url}`);
    else lines.pop();
  }
  return lines.join('\n');
}

/** The topic's own wording, or its wording for other cities when it names one city's things. */
function wordingOf(
  topic: Topic,
  city: string | null,
): { title: Topic['title']; suggestion?: Topic['suggestion']; button?: Topic['button'] } {
  const own = topic.cityWording;
  return own && city !== null && city !== own.city ? own.elsewhere : topic;
}

/** The suggestion that leads to a topic, in one language (for an answer about `city`, if given). */
export function suggestionFor(
  topic: Topic,
  language: Language,
  city: string | null = null,
): Suggestion | null {
  const wording = wordingOf(topic, city);
  if (!wording.suggestion) return null;
  const text = pick(wording.suggestion, language);
  return wording.button
    ? { label: text, value: text, button: pick(wording.button, language) }
    : { label: text, value: text };
}

/**
 * True when a profile can answer the topic: a topic the default city answers from its own
 * facts leads nowhere for a profile without facts on it (Quillota has no funding facts).
 */
function hasFactsFor(kb: KnowledgeBase, topic: Topic, profile: Profile | null): boolean {
  if (!profile || topic.kind !== 'profile') return true;
  const covers = (p: Profile): boolean =>
    p.facts.some((f) => f.topic === topic.id || topic.includes.includes(f.topic));
  const reference = kb.profiles.find((p) => p.id === kb.defaultCity);
  return covers(profile) || !reference || !covers(reference);
}

function suggestionsFor(
  kb: KnowledgeBase,
  ids: readonly string[],
  language: Language,
  max: number,
  exclude: ReadonlySet<string>,
  profile: Profile | null = null,
): Suggestion[] {
  const out: Suggestion[] = [];
  for (const id of ids) {
    if (exclude.has(id)) continue;
    const topic = kb.topics.find((t) => t.id === id);
    const s =
      topic && hasFactsFor(kb, topic, profile)
        ? suggestionFor(topic, language, profile?.id ?? null)
        : null;
    if (s) out.push(s);
    if (out.length >= max) break;
  }
  return out;
}

/** Topics offered when there is nothing else to offer (welcome, fallback, help). */
export const STARTER_TOPICS: readonly string[] = [
  'funding.overview',
  'city.mayor',
  'team.structure',
  'data.availability',
];

/** Suggestions for the start of a conversation or after a question the bot cannot answer. */
export function starterSuggestions(
  kb: KnowledgeBase,
  language: Language,
  max: number,
  profile: Profile | null = null,
): Suggestion[] {
  return suggestionsFor(kb, STARTER_TOPICS, language, max, new Set(), profile);
}

function simpleAnswer(
  kind: AnswerKind,
  language: Language,
  title: string,
  body: string,
  suggestions: readonly Suggestion[],
  extra: Partial<Answer> = {},
): Answer {
  const blocks: AnswerBlock[] = [
    { heading: null, text: body, items: [], isOrdered: false, note: null },
  ];
  return {
    kind,
    language,
    topic: null,
    confidence: 0,
    city: null,
    unknownCity: null,
    policyArea: null,
    title,
    blocks,
    citations: [],
    profileUrl: null,
    suggestions,
    alternatives: [],
    short: null,
    cities: [],
    factIds: [],
    listFact: null,
    entity: null,
    text: renderPlainText(title, blocks, [], language),
    ...extra,
  };
}

/** An answer that is only a message (commands, problems), with starter suggestions. */
export function composeMessage(
  kb: KnowledgeBase,
  kind: AnswerKind,
  language: Language,
  title: Localized,
  body: Localized,
  max: number,
): Answer {
  return simpleAnswer(
    kind,
    language,
    pick(title, language),
    pick(body, language),
    starterSuggestions(kb, language, max),
  );
}

/** Not a list of every city (there are 89): how many, and how to find them. */
function knownCities(kb: KnowledgeBase, language: Language, place: string | null = null): string {
  return citiesHint(kb, language, place);
}

function composeDataArea(
  kb: KnowledgeBase,
  profile: Profile,
  areaId: string,
  language: Language,
): { blocks: AnswerBlock[]; facts: Fact[] } {
  const area = kb.policyAreas.find((a) => a.id === areaId);
  const areaName = area ? pick(area.name, language) : areaId;
  const cityName = pick(profile.name, language);
  const dataFacts = profile.facts.filter((f) => f.topic === 'data.availability' && f.dataStatus);
  const holder = dataFacts.find((f) => f.items.some((i) => i.policyArea === areaId));
  const counts = Object.fromEntries(dataFacts.map((f) => [f.dataStatus, f.items.length])) as Record<
    string,
    number | undefined
  >;
  const blocks: AnswerBlock[] = [];
  if (holder?.dataStatus) {
    const year = holder.citation?.year ?? profile.survey.year;
    blocks.push({
      heading: null,
      text: pick(TEXTS.areaStatus(holder.dataStatus, areaName, cityName, year), language),
      items: [],
      isOrdered: false,
      note: null,
    });
  } else {
    const dataTitle = kb.topics.find((t) => t.id === 'data.availability')?.title;
    blocks.push({
      heading: null,
      text: isSectionMissing(profile, 'data.availability')
        ? pick(
            CITY_TEXTS.partial(
              cityName,
              dataTitle ? pick(dataTitle, language) : areaName,
              profile.profileUrl,
            ),
            language,
          )
        : pick(TEXTS.areaUnknown(areaName, cityName), language),
      items: [],
      isOrdered: false,
      note: null,
    });
  }
  if (counts.sufficient !== undefined && counts.insufficient !== undefined) {
    blocks.push({
      heading: null,
      text: pick(TEXTS.areaCounts(counts.sufficient, counts.insufficient), language),
      items: [],
      isOrdered: false,
      note: null,
    });
  }
  return { blocks, facts: holder ? [holder] : dataFacts };
}

/** Facts that compare the city with the other surveyed cities. */
function comparisonFacts(profile: Profile): Fact[] {
  return profile.facts.filter(
    (f) =>
      f.figures.some((g) => g.unit === 'percent-of-cities') ||
      f.items.some((i) => i.figures.some((g) => g.unit === 'cities')),
  );
}

const DATE_FORMATS: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
  es: new Intl.DateTimeFormat('es-MX', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
};

/** "5 October 2024" / "5 de octubre de 2024". */
function formatIsoDate(iso: string, language: Language): string {
  return DATE_FORMATS[language].format(new Date(`${iso}T00:00:00Z`));
}

function textBlock(text: string, heading: string | null = null): AnswerBlock {
  return { heading, text, items: [], isOrdered: false, note: null };
}

function laterCitations(change: LaterChange, language: Language): AnswerCitation[] {
  return change.sources.map((source) => ({
    source: source.name,
    year: Number(source.date.slice(0, 4)),
    section: `${pick(TEXTS.laterSection, language)}, ${formatIsoDate(source.date, language)}`,
    url: source.url ?? '',
  }));
}

/** The title line of a profile answer. */
function titleOf(topic: Topic, profile: Profile, language: Language): string {
  return `${pick(wordingOf(topic, profile.id).title, language)} — ${pick(profile.name, language)}`;
}

/**
 * Composes the answer for an understood question. Pure: the same request and
 * knowledge always give the same answer.
 */
export function composeAnswer(kb: KnowledgeBase, request: AnswerRequest): Answer {
  const { language, topic } = request;
  const max = request.maxSuggestions;

  if (request.unknownCity && (!topic || topic.kind === 'profile')) {
    const title = pick(TEXTS.unknownCityTitle, language);
    const body = pick(
      TEXTS.unknownCity(request.unknownCity, knownCities(kb, language, request.unknownCity)),
      language,
    );
    return simpleAnswer(
      'unknown-city',
      language,
      title,
      body,
      starterSuggestions(kb, language, max),
      { unknownCity: request.unknownCity, confidence: request.confidence },
    );
  }
  const profile =
    kb.profiles.find((p) => p.id === request.city) ??
    kb.profiles.find((p) => p.id === kb.defaultCity) ??
    kb.profiles[0];
  if (!profile) throw new Error('composeAnswer: the knowledge base has no profile');
  const cityName = pick(profile.name, language);

  if (request.gap && topic?.kind !== 'chat') return composeGap(kb, request, profile, request.gap);
  if (!topic || topic.kind === 'none') {
    const named = kb.profiles.find((p) => p.id === request.city);
    return simpleAnswer(
      'fallback',
      language,
      pick(TEXTS.fallbackTitle, language),
      pick(TEXTS.fallback(named ? cityName : knownCities(kb, language)), language),
      starterSuggestions(kb, language, max),
      { confidence: request.confidence },
    );
  }
  if (topic.kind === 'chat') {
    const suggestions = starterSuggestions(kb, language, max);
    const reply = pick(topic.reply ?? topic.title, language);
    return simpleAnswer('chat', language, pick(topic.title, language), reply, suggestions, {
      topic: topic.id,
      confidence: request.confidence,
      short: reply,
    });
  }

  const blocks: AnswerBlock[] = [];
  const facts: Fact[] = [];
  const extraCitations: AnswerCitation[] = [];
  let policyArea: string | null = null;
  let short: string | null;
  let cities: string[] = [profile.id];
  const skip = request.skipFacts ?? new Set<string>();
  const question = request.question ?? OPEN_QUESTION;
  const fill = (fact: Fact, lang: Language, isFirst: boolean): string =>
    fillText(
      pick(fact.text, lang),
      fact,
      fact.citation?.year ?? profile.survey.year,
      lang,
      isFirst,
    );

  const factsOf = (t: Topic): Fact[] => {
    if (t.id === 'comparison') return comparisonFacts(profile);
    if (t.id === 'survey.about') return [...(kb.survey?.facts ?? [])];
    return profile.facts.filter((f) => f.topic === t.id);
  };
  const addFacts = (own: readonly Fact[], heading: string | null): void => {
    own
      .filter((f) => !skip.has(f.id))
      .forEach((fact, i) => {
        blocks.push(
          factBlock(fact, kb, profile, language, i === 0 ? heading : null, blocks.length === 0),
        );
        facts.push(fact);
      });
  };

  if (topic.id === 'data.availability' && request.policyArea) {
    policyArea = request.policyArea;
    const area = composeDataArea(kb, profile, request.policyArea, language);
    blocks.push(...area.blocks);
    facts.push(...area.facts);
    const status = area.facts.length === 1 ? area.facts[0]?.dataStatus : undefined;
    const first = area.blocks[0]?.text ?? '';
    if (status && question.form.kind === 'yesno') {
      const asksSufficient = !question.form.isNegated;
      const isYes = (status === 'sufficient') === asksSufficient;
      short = `${isYes ? (language === 'en' ? 'Yes' : 'Sí') : 'No'} — ${first}`;
    } else short = first;
  } else if (topic.id === 'cities.list') {
    const names = kb.profiles.map((p) => `${pick(p.name, language)} (${p.survey.year})`).join(', ');
    short = pick(TEXTS.citiesList(names), language);
    blocks.push(textBlock(short));
    cities = kb.profiles.map((p) => p.id);
  } else {
    const own = factsOf(topic);
    const direct = directAnswer(
      kb,
      profile,
      topic,
      own.filter((f) => !skip.has(f.id)),
      question,
      language,
      fill,
    );
    const shown = direct.onlyFacts ? own.filter((f) => direct.onlyFacts?.includes(f.id)) : own;
    addFacts(shown, null);
    if (!direct.onlyFacts)
      for (const id of topic.includes) {
        const included = kb.topics.find((t) => t.id === id);
        if (included)
          addFacts(factsOf(included), pick(wordingOf(included, profile.id).title, language));
      }
    short = direct.short || null;
    if (topic.id === 'survey.about') {
      const dates = pick(TEXTS.profileDates(cityName, profile.survey.year), language);
      blocks.push(textBlock(dates));
      for (const change of profile.laterChanges) {
        blocks.push(
          textBlock(
            `${pick(TEXTS.laterNote(formatIsoDate(change.date, language)), language)} ${pick(change.text, language)}`,
          ),
        );
        extraCitations.push(...laterCitations(change, language));
      }
    }
  }
  for (const extra of request.extraTopics ?? [])
    addFacts(factsOf(extra), pick(wordingOf(extra, profile.id).title, language));

  // "who is the mayor now?": the survey's fact, then any dated later note, said as such.
  if (request.isAboutNow && topic.id !== 'survey.about') {
    const changes = profile.laterChanges.filter((c) => c.topic === topic.id);
    const base = short ?? '';
    const sentence = base.replace(/^(Yes|Sí|No) — /u, '');
    if (changes.length > 0) {
      const notes = changes.map(
        (c) =>
          `${pick(TEXTS.laterNote(formatIsoDate(c.date, language)), language)} ${pick(c.text, language)}`,
      );
      for (const note of notes) blocks.push(textBlock(note));
      blocks.push(textBlock(pick(TEXTS.laterLimit, language)));
      for (const c of changes) extraCitations.push(...laterCitations(c, language));
      short = `${sentence} ${notes[0] ?? ''}`.trim();
    } else {
      const year = facts[0]?.citation?.year ?? profile.survey.year;
      const limit = pick(TEXTS.noLaterNote(year), language);
      blocks.push(textBlock(limit));
      short = `${sentence} ${limit}`.trim();
    }
  }
  if (facts.length === 0 && blocks.length === 0) {
    // A part the stored page did not keep is unknown: say so, with the public profile.
    // An imported profile without facts on a topic lacks that part of its page (Maceió's
    // copy has no population line): unknown, not "nothing".
    const text =
      isSectionMissing(profile, topic.id) || profile.sections !== undefined
        ? pick(
            CITY_TEXTS.partial(cityName, pick(topic.title, language), profile.profileUrl),
            language,
          )
        : pick(TEXTS.noFacts(pick(topic.title, language), cityName), language);
    blocks.push(textBlock(text));
    short = text;
  }
  if (request.alsoUnknownCity)
    blocks.push(textBlock(pick(TEXTS.alsoUnknownCity(request.alsoUnknownCity), language)));
  if (
    request.surveyYear !== null &&
    request.surveyYear !== profile.survey.year &&
    request.surveyYear !== 2018 &&
    topic.id !== 'survey.about'
  ) {
    blocks.push(textBlock(pick(TEXTS.yearNote(request.surveyYear, profile.survey.year), language)));
  }

  const citations = uniqueCitations([
    ...facts.map((f) =>
      topic.id === 'survey.about' && kb.survey && kb.survey.facts.includes(f)
        ? {
            source: kb.survey.source,
            year: f.citation?.year ?? profile.survey.year,
            section: f.citation?.section ?? 'Methodology',
            url: kb.survey.url,
          }
        : citationOf(f, profile, kb, language),
    ),
    ...extraCitations,
  ]);
  const title = titleOf(topic, profile, language);
  // A runner-up the answer already shows (funding shows its sources) is no alternative.
  const alternatives = request.alternatives
    .filter((t) => !topic.includes.includes(t.id))
    .map((t) => suggestionFor(t, language, profile.id))
    .filter((sg): sg is Suggestion => sg !== null);
  const shownTopics = new Set([
    topic.id,
    ...topic.includes,
    ...(request.extraTopics ?? []).map((t) => t.id),
  ]);
  // When the answer already shows every follow-up (funding shows its sources), offer starters instead.
  const followUps = suggestionsFor(kb, topic.followUps, language, max, shownTopics, profile);
  const suggestions =
    followUps.length > 0
      ? followUps
      : suggestionsFor(kb, STARTER_TOPICS, language, max, shownTopics, profile);
  return {
    kind: 'profile',
    language,
    topic: topic.id,
    confidence: request.confidence,
    city: profile.id,
    unknownCity: null,
    policyArea,
    title,
    blocks,
    citations,
    profileUrl: profile.profileUrl,
    suggestions,
    alternatives,
    short,
    cities,
    factIds: facts.map((f) => f.id),
    listFact: facts.find((f) => f.items.length > 0)?.id ?? null,
    entity: topic.subject?.id ?? null,
    text: renderPlainText(title, blocks, citations, language, alternatives, short),
  };
}

/** "The profile doesn't say": the nearest thing covered, never an unrelated figure. */
function composeGap(kb: KnowledgeBase, request: AnswerRequest, profile: Profile, gap: Gap): Answer {
  const { language, topic } = request;
  const cityName = pick(profile.name, language);
  const blocks: AnswerBlock[] = [];
  const citations: AnswerCitation[] = [];
  let short: string;
  // What it does cover about money is one press away ("How is innovation funded?"), never
  // shown here: a share of cities or a funding source beside "how many pesos" reads as the
  // amount asked.
  const fundingTopic = kb.topics.find((t) => t.id === 'funding.overview');
  const hasFunding = profile.facts.some((f) => f.topic === 'funding.overview');
  if (gap.kind === 'amount') {
    const nearest =
      fundingTopic && hasFunding ? (suggestionFor(fundingTopic, language)?.label ?? null) : null;
    short = pick(TEXTS.gapAmount(cityName), language);
    blocks.push(textBlock(short));
    if (nearest) blocks.push(textBlock(pick(TEXTS.gapAmountNearest(nearest), language)));
  } else if (gap.kind === 'contact') {
    short = pick(TEXTS.gapContact(cityName), language);
    blocks.push(textBlock(short));
  } else if (gap.kind === 'service') {
    short = pick(TEXTS.gapService(cityName), language);
    blocks.push(textBlock(short));
  } else {
    const nearest = topic
      ? (suggestionFor(topic, language, profile.id)?.label ??
        pick(wordingOf(topic, profile.id).title, language))
      : '';
    short = pick(TEXTS.gap(cityName, nearest), language);
    blocks.push(textBlock(short));
  }
  const title = pick(TEXTS.gapTitle, language);
  const first = gap.kind === 'amount' && hasFunding && fundingTopic ? fundingTopic : topic;
  const suggestions =
    first && first.kind === 'profile'
      ? [
          suggestionFor(first, language, profile.id),
          ...starterSuggestions(kb, language, request.maxSuggestions, profile),
        ]
          .filter((sg): sg is Suggestion => sg !== null)
          .filter((sg, i, all) => all.findIndex((o) => o.value === sg.value) === i)
          .slice(0, request.maxSuggestions)
      : starterSuggestions(kb, language, request.maxSuggestions, profile);
  return {
    kind: 'gap',
    language,
    topic: null,
    confidence: request.confidence,
    city: profile.id,
    unknownCity: null,
    policyArea: null,
    title,
    blocks,
    citations,
    profileUrl: citations.length > 0 ? profile.profileUrl : null,
    suggestions,
    alternatives: [],
    short,
    cities: [],
    factIds: [],
    listFact: null,
    entity: null,
    text: renderPlainText(title, blocks, citations, language, [], null),
  };
}
