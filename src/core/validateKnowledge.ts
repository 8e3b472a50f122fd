import type { z } from 'zod';
import {
  CityAliasesFileSchema,
  LexiconFileSchema,
  SurveyFileSchema,
  type SurveyFile,
  type Lexicon,
  PlacesFileSchema,
  PolicyAreasFileSchema,
  ProfileSchema,
  SummaryFileSchema,
  VOCABULARY_OF_TOPIC,
  VocabularyFileSchema,
  type PlacesFile,
  type VocabularyKind,
  type VocabularyOption,
  SynonymsFileSchema,
  type Synonym,
  TopicsFileSchema,
  type CityAliasesFile,
  type KnowledgeBase,
  type PolicyArea,
  type Profile,
  type Topic,
} from './schema';

/** One problem in one knowledge file. */
export interface KnowledgeIssue {
  readonly file: string;
  /** Where inside the file, readable: `facts[3] (id "population") > figures[0].year`. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** A parsed knowledge file, or the reason it could not be parsed. */
export type KnowledgeDocument =
  | { readonly file: string; readonly data: unknown }
  | { readonly file: string; readonly parseError: string };

export type KnowledgeResult =
  | { readonly ok: true; readonly kb: KnowledgeBase }
  | { readonly ok: false; readonly issues: readonly KnowledgeIssue[] };

type PathKey = PropertyKey;

/** The role a file plays, from its path relative to knowledge/. */
function roleOf(
  file: string,
):
  | 'topics'
  | 'policyAreas'
  | 'cityAliases'
  | 'synonyms'
  | 'lexicon'
  | 'survey'
  | 'profile'
  | 'vocabulary'
  | 'places'
  | 'summary'
  | 'unknown' {
  const name = file.replace(/\\/g, '/');
  if (/(^|\/)vocabulary\/places\.ya?ml$/.test(name)) return 'places';
  if (/(^|\/)vocabulary\/[^/]+\.ya?ml$/.test(name)) return 'vocabulary';
  if (/(^|\/)lexicon\.ya?ml$/.test(name)) return 'lexicon';
  if (/(^|\/)survey\.ya?ml$/.test(name)) return 'survey';
  if (/(^|\/)summaries\/[^/]+\.ya?ml$/.test(name)) return 'summary';
  if (/(^|\/)synonyms\.ya?ml$/.test(name)) return 'synonyms';
  if (/(^|\/)topics\.ya?ml$/.test(name)) return 'topics';
  if (/(^|\/)policyAreas\.ya?ml$/.test(name)) return 'policyAreas';
  if (/(^|\/)cityAliases\.ya?ml$/.test(name)) return 'cityAliases';
  if (/(^|\/)cities\/[^/]+\.ya?ml$/.test(name)) return 'profile';
  return 'unknown';
}

function valueAt(data: unknown, path: readonly PathKey[]): { found: boolean; value: unknown } {
  let here: unknown = data;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return { found: false, value: undefined };
    const record = here as Record<PropertyKey, unknown>;
    if (!(key in record)) return { found: false, value: undefined };
    here = record[key];
  }
  return { found: true, value: here };
}

/** Short, readable description of a found value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'an object';
}

/**
 * Renders a path the way people read it: the first listed object is named by its id
 * and closes a step (`facts[3] (id "population") > figures[0].year`); the rest of the
 * path is joined with dots.
 */
export function renderPath(data: unknown, path: readonly PathKey[]): string {
  const steps: string[] = [];
  let current = '';
  let isNamed = false;
  path.forEach((key, i) => {
    if (typeof key === 'number') {
      current += `[${key}]`;
      const here = valueAt(data, path.slice(0, i + 1)).value;
      const id = here && typeof here === 'object' ? (here as { id?: unknown }).id : undefined;
      if (!isNamed && typeof id === 'string') {
        steps.push(`${current} (id ${JSON.stringify(id)})`);
        current = '';
        isNamed = true;
      }
    } else {
      current += current ? `.${String(key)}` : String(key);
    }
  });
  if (current) steps.push(current);
  return steps.join(' > ') || '(top level)';
}

/** Turns a schema message into the "expected ..." part of an issue, without repeating words. */
function expectedFrom(message: string): string {
  return message
    .replace(/^Invalid input:\s*/i, '')
    .replace(/^expected\s+/i, '')
    .replace(/,\s*received\s+.*$/i, '');
}

function zodIssues(file: string, data: unknown, error: z.ZodError): KnowledgeIssue[] {
  return error.issues.map((issue) => {
    const at = valueAt(data, issue.path);
    let expected = expectedFrom(issue.message);
    let found = describeValue(at.value);
    if (issue.code === 'unrecognized_keys') {
      expected = 'only known keys';
      found = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    } else if (issue.code === 'invalid_type' && !at.found) {
      expected = `a value (${expectedFrom(issue.message)})`;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { file, path: renderPath(data, issue.path), expected, found };
  });
}

interface Parsed {
  /** Ids of profiles whose files failed validation: references to them are not reported again. */
  brokenProfileIds: Set<string>;
  /** A topics or policy areas file that failed: references to topics/areas are then not checked. */
  isTopicsBroken: boolean;
  isAreasBroken: boolean;
  topics: Array<{ file: string; topics: Topic[] }>;
  policyAreas: Array<{ file: string; areas: PolicyArea[] }>;
  aliases: Array<{ file: string; value: CityAliasesFile }>;
  profiles: Array<{ file: string; profile: Profile }>;
  synonyms: Array<{ file: string; synonyms: Synonym[] }>;
  vocabularies: Array<{ file: string; kind: VocabularyKind; options: VocabularyOption[] }>;
  isVocabularyBroken: boolean;
  places: Array<{ file: string; value: PlacesFile }>;
  lexicons: Array<{ file: string; lexicon: Lexicon }>;
  surveys: Array<{ file: string; survey: SurveyFile }>;
}

function findDuplicates<T>(
  list: readonly T[],
  key: (t: T) => string,
): Array<{ index: number; id: string }> {
  const seen = new Set<string>();
  const out: Array<{ index: number; id: string }> = [];
  list.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) out.push({ index, id: k });
    seen.add(k);
  });
  return out;
}

/** The profile id a file is named after (cities/mexico-city.yaml -> mexico-city). */
function profileIdOfFile(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
}

/** Duplicate fact ids in a profile that failed its schema: reported now, not after the first fix. */
function rawDuplicateFacts(file: string, data: unknown): KnowledgeIssue[] {
  const facts = (data as { facts?: unknown } | null)?.facts;
  if (!Array.isArray(facts)) return [];
  const ids = facts.map((f: unknown) =>
    f && typeof f === 'object' ? (f as { id?: unknown }).id : undefined,
  );
  const seen = new Set<string>();
  const issues: KnowledgeIssue[] = [];
  ids.forEach((id, index) => {
    if (typeof id !== 'string') return;
    if (seen.has(id))
      issues.push({
        file,
        path: `facts[${index}] (id "${id}")`,
        expected: 'a fact id used once in the profile',
        found: `a second fact "${id}"`,
      });
    seen.add(id);
  });
  return issues;
}

const PLACEHOLDER = /\{([a-z0-9-]+)(?:\.year)?\}/g;

/** Checks that span files: references, duplicates, citations, examples in both languages. */
function crossCheck(parsed: Parsed): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = [];
  const topicById = new Map<string, Topic>();
  const areaIds = new Set<string>();

  for (const { file, topics } of parsed.topics) {
    for (const dup of findDuplicates(topics, (t) => t.id)) {
      issues.push({
        file,
        path: `topics[${dup.index}] (id "${dup.id}")`,
        expected: 'a topic id used once',
        found: `a second topic "${dup.id}"`,
      });
    }
    topics.forEach((t) => topicById.set(t.id, t));
  }
  for (const { file, topics } of parsed.topics) {
    topics.forEach((t, i) => {
      const at = `topics[${i}] (id "${t.id}")`;
      for (const lang of ['en', 'es'] as const) {
        if (t.examples[lang].length === 0) {
          issues.push({
            file,
            path: `${at} > examples.${lang}`,
            expected: `example questions in ${lang === 'en' ? 'English' : 'Spanish'}`,
            found: 'none',
          });
        }
      }
      if (t.kind === 'profile' && !t.suggestion) {
        issues.push({
          file,
          path: `${at} > suggestion`,
          expected: 'a follow-up suggestion in both languages',
          found: 'nothing',
        });
      }
      if (t.kind === 'chat' && !t.reply) {
        issues.push({
          file,
          path: `${at} > reply`,
          expected: 'a reply in both languages',
          found: 'nothing',
        });
      }
      for (const field of ['includes', 'followUps'] as const) {
        t[field].forEach((ref, j) => {
          if (!topicById.has(ref)) {
            issues.push({
              file,
              path: `${at} > ${field}[${j}]`,
              expected: 'a topic id defined in a topics file',
              found: JSON.stringify(ref),
            });
          }
        });
      }
    });
  }
  for (const { file, areas } of parsed.policyAreas) {
    for (const dup of findDuplicates(areas, (a) => a.id)) {
      issues.push({
        file,
        path: `policyAreas[${dup.index}] (id "${dup.id}")`,
        expected: 'a policy area id used once',
        found: `a second area "${dup.id}"`,
      });
    }
    areas.forEach((a) => areaIds.add(a.id));
  }

  const allProfiles = parsed.profiles.map((p) => p.profile);
  // A profile that failed to parse is reported itself; its id is no missing city.
  const profileIds = new Set([...allProfiles.map((p) => p.id), ...parsed.brokenProfileIds]);
  for (const { file, topics } of parsed.topics)
    topics.forEach((t, i) => {
      if (t.cityWording && !profileIds.has(t.cityWording.city))
        issues.push({
          file,
          path: `topics[${i}] (id "${t.id}") > cityWording > city`,
          expected: 'the id of a city profile',
          found: JSON.stringify(t.cityWording.city),
        });
    });
  for (const dup of findDuplicates(parsed.profiles, (p) => p.profile.id)) {
    const where = parsed.profiles[dup.index];
    issues.push({
      file: where?.file ?? '?',
      path: 'id',
      expected: 'a city id used by one profile',
      found: `"${dup.id}", also used by another profile`,
    });
  }
  for (const { file, profile } of parsed.profiles) {
    for (const dup of findDuplicates(profile.facts, (f) => f.id)) {
      issues.push({
        file,
        path: `facts[${dup.index}] (id "${dup.id}")`,
        expected: 'a fact id used once in the profile',
        found: `a second fact "${dup.id}"`,
      });
    }
    profile.laterChanges.forEach((change, i) => {
      if (!parsed.isTopicsBroken && parsed.topics.length > 0 && !topicById.has(change.topic))
        issues.push({
          file,
          path: `laterChanges[${i}] (id "${change.id}") > topic`,
          expected: 'a topic id defined in a topics file',
          found: JSON.stringify(change.topic),
        });
    });
    profile.facts.forEach((fact, i) => {
      const at = `facts[${i}] (id "${fact.id}")`;
      const topic = topicById.get(fact.topic);
      const canCheckTopics = !parsed.isTopicsBroken && parsed.topics.length > 0;
      if (!topic && canCheckTopics) {
        issues.push({
          file,
          path: `${at} > topic`,
          expected: 'a topic id defined in a topics file',
          found: JSON.stringify(fact.topic),
        });
      } else if (topic && topic.kind !== 'profile') {
        issues.push({
          file,
          path: `${at} > topic`,
          expected: 'a profile topic',
          found: `"${fact.topic}", a ${topic.kind} topic`,
        });
      }
      const figures = [...fact.figures, ...fact.items.flatMap((item) => item.figures)];
      if (figures.length > 0 && !fact.citation) {
        issues.push({
          file,
          path: `${at} > citation`,
          expected: 'a citation for a fact with figures',
          found: `${figures.length} figure${figures.length > 1 ? 's' : ''} and no citation`,
        });
      }
      for (const dup of findDuplicates(figures, (f) => f.id)) {
        issues.push({
          file,
          path: `${at} > figures`,
          expected: 'a figure id used once in the fact',
          found: `a second figure "${dup.id}"`,
        });
      }
      const figureIds = new Set(fact.figures.map((f) => f.id));
      for (const lang of ['en', 'es'] as const) {
        for (const m of fact.text[lang].matchAll(PLACEHOLDER)) {
          const name = m[1] ?? '';
          if (name !== 'when' && !figureIds.has(name)) {
            issues.push({
              file,
              path: `${at} > text.${lang}`,
              expected: 'placeholders naming a figure of the fact ({id} or {id.year}), or {when}',
              found: `{${name}}`,
            });
          }
        }
      }
      fact.items.forEach((item, j) => {
        const canCheckAreas = !parsed.isAreasBroken && parsed.policyAreas.length > 0;
        if (item.policyArea !== undefined && canCheckAreas && !areaIds.has(item.policyArea)) {
          issues.push({
            file,
            path: `${at} > items[${j}].policyArea`,
            expected: 'a policy area id defined in policyAreas.yaml',
            found: JSON.stringify(item.policyArea),
          });
        }
        if (!item.text && item.policyArea === undefined) {
          issues.push({
            file,
            path: `${at} > items[${j}]`,
            expected: 'a text or a policyArea',
            found: 'neither',
          });
        }
      });
      if (fact.dataStatus && !fact.items.some((item) => item.policyArea)) {
        issues.push({
          file,
          path: `${at} > items`,
          expected: 'policy areas for a fact with a dataStatus',
          found: 'none',
        });
      }
    });
  }
  issues.push(...checkVocabularyReferences(parsed));
  const isProfile = (id: string): boolean =>
    allProfiles.some((p) => p.id === id) || parsed.brokenProfileIds.has(id);
  for (const { file, value } of parsed.aliases) {
    value.exactAliases.forEach((entry, i) => {
      if (!isProfile(entry.city))
        issues.push({
          file,
          path: `exactAliases[${i}].city`,
          expected: 'the id of a city that has a profile',
          found: JSON.stringify(entry.city),
        });
    });
    value.cities.forEach((entry, i) => {
      if (!isProfile(entry.city)) {
        issues.push({
          file,
          path: `cities[${i}].city`,
          expected: 'the id of a city that has a profile',
          found: JSON.stringify(entry.city),
        });
      }
    });
    if (!isProfile(value.defaultCity)) {
      issues.push({
        file,
        path: 'defaultCity',
        expected: 'the id of a city that has a profile',
        found: JSON.stringify(value.defaultCity),
      });
    }
  }
  // A whole message can be one dialogue act only: "yes" and "no" must not share a phrase.
  for (const { file, lexicon } of parsed.lexicons) {
    const norm = (t: string): string =>
      t
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const affirm = new Set(lexicon.acts.affirm.map(norm));
    lexicon.acts.deny.forEach((phrase, i) => {
      if (affirm.has(norm(phrase)))
        issues.push({
          file,
          path: `lexicon.acts.deny[${i}]`,
          expected: 'a phrase that is not also in lexicon.acts.affirm',
          found: JSON.stringify(phrase),
        });
    });
  }
  for (const { file, synonyms } of parsed.synonyms) {
    const meaningOf = new Map<string, string>();
    synonyms.forEach((entry, i) => {
      entry.words.forEach((word, j) => {
        const key = word.toLowerCase();
        const before = meaningOf.get(key);
        if (before !== undefined && before !== entry.means) {
          issues.push({
            file,
            path: `synonyms[${i}].words[${j}]`,
            expected: 'a word given one meaning',
            found: `"${word}", also meaning "${before}"`,
          });
        }
        meaningOf.set(key, entry.means);
      });
    });
  }
  return issues;
}

/** Vocabulary files: one per kind, ids once; profile items, sections and countries refer to them. */
function checkVocabularyReferences(parsed: Parsed): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = [];
  const byKind = new Map<VocabularyKind, Set<string>>();
  for (const { file, kind, options } of parsed.vocabularies) {
    if (byKind.has(kind))
      issues.push({
        file,
        path: 'vocabulary',
        expected: 'one vocabulary file per kind',
        found: `a second "${kind}" vocabulary`,
      });
    for (const dup of findDuplicates(options, (o) => o.id))
      issues.push({
        file,
        path: `options[${dup.index}] (id "${dup.id}")`,
        expected: 'an option id used once',
        found: `a second option "${dup.id}"`,
      });
    byKind.set(kind, new Set(options.map((o) => o.id)));
  }
  if (parsed.isVocabularyBroken) return issues;
  const places = parsed.places[0]?.value;
  const countryIds = new Set(places?.countries.map((c) => c.id) ?? []);
  if (places) {
    const regionIds = new Set(places.regions.map((r) => r.id));
    const file = parsed.places[0]?.file ?? 'vocabulary/places.yaml';
    places.countries.forEach((c, i) =>
      c.regions.forEach((r, j) => {
        if (!regionIds.has(r))
          issues.push({
            file,
            path: `countries[${i}] (id "${c.id}") > regions[${j}]`,
            expected: 'a region id defined in regions',
            found: JSON.stringify(r),
          });
      }),
    );
    places.cities.forEach((c, i) => {
      if (!countryIds.has(c.country))
        issues.push({
          file,
          path: `cities[${i}] (id "${c.id}") > country`,
          expected: 'a country id defined in countries',
          found: JSON.stringify(c.country),
        });
    });
    for (const dup of findDuplicates(places.cities, (c) => c.id))
      issues.push({
        file,
        path: `cities[${dup.index}] (id "${dup.id}")`,
        expected: 'a city id used once',
        found: `a second city "${dup.id}"`,
      });
  }
  const sectionIds = byKind.get('section');
  for (const { file, profile } of parsed.profiles) {
    if (profile.countryId && places && !countryIds.has(profile.countryId))
      issues.push({
        file,
        path: 'countryId',
        expected: 'a country id defined in vocabulary/places.yaml',
        found: JSON.stringify(profile.countryId),
      });
    profile.facts.forEach((fact, i) => {
      const at = `facts[${i}] (id "${fact.id}")`;
      const sectionId = fact.citation?.sectionId;
      if (sectionId && sectionIds && !sectionIds.has(sectionId))
        issues.push({
          file,
          path: `${at} > citation.sectionId`,
          expected: 'a section id defined in vocabulary/sections.yaml',
          found: JSON.stringify(sectionId),
        });
      const kind = VOCABULARY_OF_TOPIC[fact.topic];
      if (fact.option !== undefined) {
        const known = kind ? byKind.get(kind) : undefined;
        if (!kind || !known || !known.has(fact.option))
          issues.push({
            file,
            path: `${at} > option`,
            expected: kind
              ? `an option id of the "${kind}" vocabulary`
              : `no option on a fact of topic "${fact.topic}" (it has no vocabulary)`,
            found: JSON.stringify(fact.option),
          });
      }
      fact.items.forEach((item, j) => {
        if (item.id === undefined) return;
        const known = kind ? byKind.get(kind) : undefined;
        if (!kind || !known || !known.has(item.id))
          issues.push({
            file,
            path: `${at} > items[${j}].id`,
            expected: kind
              ? `an option id of the "${kind}" vocabulary`
              : `no item id on a fact of topic "${fact.topic}" (it has no vocabulary)`,
            found: JSON.stringify(item.id),
          });
      });
    });
  }
  return issues;
}

function compareIssues(a: KnowledgeIssue, b: KnowledgeIssue): number {
  return (
    a.file.localeCompare(b.file) ||
    a.path.localeCompare(b.path, 'en', { numeric: true }) ||
    a.expected.localeCompare(b.expected)
  );
}

/**
 * Validates every knowledge document at once; returns the knowledge base, or every
 * issue in every file, sorted. Never a partial knowledge base.
 */
export function validateKnowledge(documents: readonly KnowledgeDocument[]): KnowledgeResult {
  const issues: KnowledgeIssue[] = [];
  const parsed: Parsed = {
    brokenProfileIds: new Set(),
    isTopicsBroken: false,
    isAreasBroken: false,
    topics: [],
    policyAreas: [],
    aliases: [],
    profiles: [],
    synonyms: [],
    vocabularies: [],
    isVocabularyBroken: false,
    places: [],
    lexicons: [],
    surveys: [],
  };

  for (const doc of documents) {
    const role = roleOf(doc.file);
    if ('parseError' in doc) {
      issues.push({
        file: doc.file,
        path: '(file)',
        expected: 'valid YAML',
        found: doc.parseError,
      });
      if (role === 'profile') parsed.brokenProfileIds.add(profileIdOfFile(doc.file));
      if (role === 'topics') parsed.isTopicsBroken = true;
      if (role === 'policyAreas') parsed.isAreasBroken = true;
      continue;
    }
    if (role === 'topics') {
      const r = TopicsFileSchema.safeParse(doc.data);
      if (r.success) parsed.topics.push({ file: doc.file, topics: r.data.topics });
      else {
        issues.push(...zodIssues(doc.file, doc.data, r.error));
        parsed.isTopicsBroken = true;
      }
    } else if (role === 'policyAreas') {
      const r = PolicyAreasFileSchema.safeParse(doc.data);
      if (r.success) parsed.policyAreas.push({ file: doc.file, areas: r.data.policyAreas });
      else {
        issues.push(...zodIssues(doc.file, doc.data, r.error));
        parsed.isAreasBroken = true;
      }
    } else if (role === 'cityAliases') {
      const r = CityAliasesFileSchema.safeParse(doc.data);
      if (r.success) parsed.aliases.push({ file: doc.file, value: r.data });
      else issues.push(...zodIssues(doc.file, doc.data, r.error));
    } else if (role === 'synonyms') {
      const r = SynonymsFileSchema.safeParse(doc.data);
      if (r.success) parsed.synonyms.push({ file: doc.file, synonyms: r.data.synonyms });
      else issues.push(...zodIssues(doc.file, doc.data, r.error));
    } else if (role === 'survey') {
      const r = SurveyFileSchema.safeParse(doc.data);
      if (r.success) parsed.surveys.push({ file: doc.file, survey: r.data });
      else issues.push(...zodIssues(doc.file, doc.data, r.error));
    } else if (role === 'vocabulary') {
      const r = VocabularyFileSchema.safeParse(doc.data);
      if (r.success)
        parsed.vocabularies.push({
          file: doc.file,
          kind: r.data.vocabulary,
          options: r.data.options,
        });
      else {
        issues.push(...zodIssues(doc.file, doc.data, r.error));
        parsed.isVocabularyBroken = true;
      }
    } else if (role === 'places') {
      const r = PlacesFileSchema.safeParse(doc.data);
      if (r.success) parsed.places.push({ file: doc.file, value: r.data });
      else {
        issues.push(...zodIssues(doc.file, doc.data, r.error));
        parsed.isVocabularyBroken = true;
      }
    } else if (role === 'summary') {
      const r = SummaryFileSchema.safeParse(doc.data);
      if (!r.success) issues.push(...zodIssues(doc.file, doc.data, r.error));
      else if (r.data.page !== profileIdOfFile(doc.file))
        issues.push({
          file: doc.file,
          path: 'page',
          expected: 'the page slug the file is named after',
          found: JSON.stringify(r.data.page),
        });
    } else if (role === 'lexicon') {
      const r = LexiconFileSchema.safeParse(doc.data);
      if (r.success) parsed.lexicons.push({ file: doc.file, lexicon: r.data.lexicon });
      else issues.push(...zodIssues(doc.file, doc.data, r.error));
    } else if (role === 'profile') {
      const r = ProfileSchema.safeParse(doc.data);
      if (r.success) {
        parsed.profiles.push({ file: doc.file, profile: r.data });
      } else {
        issues.push(
          ...zodIssues(doc.file, doc.data, r.error),
          ...rawDuplicateFacts(doc.file, doc.data),
        );
        const rawId = (doc.data as { id?: unknown } | null)?.id;
        if (typeof rawId === 'string') parsed.brokenProfileIds.add(rawId);
        parsed.brokenProfileIds.add(profileIdOfFile(doc.file));
      }
    } else {
      issues.push({
        file: doc.file,
        path: '(file)',
        expected:
          'topics.yaml, policyAreas.yaml, cityAliases.yaml, synonyms.yaml, lexicon.yaml, survey.yaml, cities/<city>.yaml, vocabulary/<list>.yaml or summaries/<page>.yaml',
        found: 'a file the knowledge base does not know',
      });
    }
  }

  const need = [
    ['topics.yaml', parsed.topics.length],
    ['policyAreas.yaml', parsed.policyAreas.length],
    ['cityAliases.yaml', parsed.aliases.length],
    ['lexicon.yaml', parsed.lexicons.length],
  ] as const;
  for (const [file, count] of need) {
    if (count !== 1 && !issues.some((i) => i.file.endsWith(file))) {
      issues.push({ file, path: '(file)', expected: 'exactly one such file', found: `${count}` });
    }
  }
  if (parsed.profiles.length === 0 && !issues.some((i) => i.file.includes('cities/'))) {
    issues.push({
      file: 'cities/',
      path: '(folder)',
      expected: 'at least one city profile',
      found: 'none',
    });
  }

  issues.push(...crossCheck(parsed));
  if (issues.length > 0) return { ok: false, issues: [...issues].sort(compareIssues) };

  const aliases = parsed.aliases[0]?.value;
  const lexicon = parsed.lexicons[0]?.lexicon;
  if (!aliases || !lexicon)
    return {
      ok: false,
      issues: [
        {
          file: aliases ? 'lexicon.yaml' : 'cityAliases.yaml',
          path: '(file)',
          expected: 'exactly one such file',
          found: '0',
        },
      ],
    };
  return {
    ok: true,
    kb: {
      topics: parsed.topics.flatMap((t) => t.topics),
      policyAreas: parsed.policyAreas.flatMap((p) => p.areas),
      profiles: parsed.profiles.map((p) => p.profile).sort((a, b) => a.id.localeCompare(b.id)),
      cityAliases: aliases,
      synonyms: parsed.synonyms.flatMap((f) => f.synonyms),
      lexicon,
      survey: parsed.surveys[0]?.survey ?? null,
      defaultCity: aliases.defaultCity,
      vocabularies: Object.fromEntries(parsed.vocabularies.map((v) => [v.kind, v.options])),
      ...(parsed.places[0] ? { places: parsed.places[0].value } : {}),
    },
  };
}

/** Renders issues the way the style guide shows: `file > path` then what was expected and found. */
export function formatKnowledgeIssues(issues: readonly KnowledgeIssue[]): string {
  return issues
    .map((i) => `${i.file} > ${i.path}\n  expected ${i.expected}, found ${i.found}`)
    .join('\n');
}
