import { normalizeText, stemWord, tokenize } from './normalize';
import { readNumber } from './understand/readNumber';
import type { KnowledgeBase, Localized, Profile, VocabularyKind } from './schema';
import { PhraseIndex } from './understand/entities';

/**
 * Questions across cities: "which cities focus on social inclusion?", "Latin American
 * cities with an explicit strategy", "¿qué ciudades usan un solo perfil de innovación?".
 * The criteria are read from the question against the knowledge (policy areas,
 * vocabularies, places), then every profile is checked: yes, no, or unknown when its
 * stored page did not keep that section.
 */
export type Criterion =
  | { readonly kind: 'country'; readonly id: string; readonly name: Localized }
  | { readonly kind: 'region'; readonly id: string; readonly name: Localized }
  | { readonly kind: 'area'; readonly id: string; readonly name: Localized }
  | {
      readonly kind: 'option';
      readonly vocabulary: VocabularyKind;
      readonly id: string;
      readonly name: Localized;
    }
  | { readonly kind: 'strategy'; readonly holds: boolean }
  | { readonly kind: 'funding'; readonly holds: boolean }
  | { readonly kind: 'team'; readonly option: string | null; readonly holds: boolean }
  | { readonly kind: 'roles-count'; readonly op: 'eq' | 'gt' | 'lt'; readonly value: number }
  | { readonly kind: 'population'; readonly op: 'gt' | 'lt'; readonly value: number };

export interface ListQuery {
  readonly criteria: readonly Criterion[];
}

type Match = true | false | 'unknown';

/** The page section each kind of criterion needs (absent section: unknown). */
const SECTION_OF_TOPIC: Readonly<Record<string, string>> = {
  'innovation.goals': 'goals',
  'innovation.success-factors': 'success-factors',
  'team.roles': 'roles',
  'innovation.terms': 'terms',
  'innovation.activities': 'activities',
  'policy.areas': 'policy-areas',
  'team.structure': 'team',
  'innovation.strategy': 'strategy',
  'funding.overview': 'funding',
  'city.population': 'header',
};

const TOPIC_OF_VOCABULARY: Partial<Record<VocabularyKind, string>> = {
  goal: 'innovation.goals',
  'success-factor': 'innovation.success-factors',
  role: 'team.roles',
  term: 'innovation.terms',
  activity: 'innovation.activities',
};

/** Words that open a question about several cities, and the word "cities". */
const CITY_WORDS = new Set(['cities', 'ciudades', 'municipalities', 'municipios']);
/** Questions about the survey itself ("how many cities took part?") are no city lists. */
const SURVEY_WORDS = new Set([
  'survey',
  'surveyed',
  'encuesta',
  'encuestadas',
  'participated',
  'participaron',
  'respondieron',
  'responded',
  'took',
  'rounds',
  'rondas',
]);
const LIST_OPENERS = new Set([
  'which',
  'what',
  'list',
  'name',
  'show',
  'any',
  'tell',
  'all',
  'other',
  'give',
  'que',
  'cuales',
  'lista',
  'muestra',
  'muestrame',
  'dime',
  'hay',
  'todas',
  'otras',
  'dame',
  'enumera',
]);
/** A share of the surveyed cities ("what percentage of cities...") is a survey-wide figure, not a list. */
const SHARE_WORDS = new Set([
  'share',
  'percentage',
  'percent',
  'proportion',
  'porcentaje',
  'proporcion',
  'resto',
  'typical',
  'tipica',
  'most',
  'mayoria',
  'many',
  'cuantas',
  'peer',
  'pares',
]);
const NEGATIONS = new Set([
  'not',
  'dont',
  'doesnt',
  'without',
  'no',
  'sin',
  'lack',
  'lacking',
  'nor',
  'never',
]);
// Stems as stemWord makes them ("strategies" -> "strategy", "fondos" -> "fondo").
const STRATEGY_STEMS = new Set(['strategy', 'estrategia']);
const FUNDING_STEMS = new Set([
  'fund',
  'financiamiento',
  'financiacion',
  'budget',
  'presupuesto',
  'fondo',
]);
const DEDICATED_STEMS = new Set(['dedicat', 'dedicado', 'dedicada', 'specific', 'especifico']);

const FACTOR_WORDS = new Set([
  'factor',
  'factors',
  'factores',
  'success',
  'exito',
  'critical',
  'criticos',
  'critico',
  'key',
  'clave',
]);
const GENERIC_WORDS =
  'innovation innovación innovacion city cities ciudad ciudades team equipo profile perfil';

function isRecord(p: Profile, section: string): boolean {
  return p.sections === undefined || p.sections.includes(section as never);
}

/** Stems of a label, for matching it in a question. */
function stemsOf(text: string, stop: ReadonlySet<string>): string[] {
  return tokenize(normalizeText(text))
    .filter((w) => !stop.has(w))
    .map(stemWord);
}

export interface CityQuestions {
  /** The cross-city question in `question`, or null when it is not one. */
  readonly listQuery: (question: string) => ListQuery | null;
  /** Whether a profile meets a criterion: yes, no, or unknown (its page lacks the section). */
  readonly matches: (profile: Profile, criterion: Criterion) => Match;
}

/** Builds the criteria readers over the knowledge. Pure. */
export function buildCityQuestions(
  kb: KnowledgeBase,
  stopwords: ReadonlySet<string>,
): CityQuestions {
  const criteria = new PhraseIndex<Criterion>();
  // Words every question here uses ("innovation", "city") name no criterion: Pittsburgh's
  // role "Innovation" must not turn every question into a question about that role.
  const generic = new Set(stemsOf(GENERIC_WORDS, stopwords));
  const addStems = (text: string, c: Criterion): void => {
    const stems = stemsOf(text, stopwords);
    if (stems.length > 0 && !stems.every((s) => generic.has(s))) criteria.add(stems, c);
  };
  for (const area of kb.policyAreas) {
    const c: Criterion = { kind: 'area', id: area.id, name: area.name };
    for (const text of [
      area.name.en,
      area.name.es,
      ...area.labels,
      ...area.synonyms.en,
      ...area.synonyms.es,
    ])
      addStems(text, c);
  }
  for (const kind of ['role', 'success-factor', 'goal', 'term'] as const) {
    for (const option of kb.vocabularies?.[kind] ?? []) {
      const c: Criterion = { kind: 'option', vocabulary: kind, id: option.id, name: option.name };
      for (const text of [option.name.en, option.name.es, ...option.labels]) addStems(text, c);
    }
  }
  const places = new PhraseIndex<Criterion>();
  const codes: Array<{ code: string; c: Criterion }> = [];
  for (const region of kb.places?.regions ?? []) {
    const c: Criterion = { kind: 'region', id: region.id, name: region.name };
    for (const text of [region.name.en, region.name.es, ...region.labels])
      places.add(tokenize(normalizeText(text)), c);
  }
  for (const country of kb.places?.countries ?? []) {
    const c: Criterion = { kind: 'country', id: country.id, name: country.name };
    for (const text of [country.name.en, country.name.es, ...country.labels]) {
      const words = tokenize(normalizeText(text));
      // "us", "uk" are ordinary words too ("tell us"): short codes count only in capitals.
      if (words.join('').length > 2) places.add(words, c);
      else if (/^[A-Z.]+$/.test(text)) codes.push({ code: text, c });
    }
  }

  // Profile cities' names: a country inside one ("Mexico City") is no country criterion.
  const cityNames = new PhraseIndex<string>();
  for (const p of kb.profiles)
    for (const name of [p.name.en, p.name.es]) cityNames.add(tokenize(normalizeText(name)), p.id);
  for (const entry of kb.cityAliases.cities)
    for (const alias of entry.aliases) cityNames.add(tokenize(normalizeText(alias)), entry.city);
  const placesIn = (words: readonly string[]): Criterion[] => {
    const cities = cityNames.findAll(words);
    return places
      .findAll(words)
      .filter(
        (hit) =>
          !cities.some(
            (c) =>
              hit.start < c.end &&
              hit.end > c.start &&
              !(c.start === hit.start && c.end === hit.end),
          ),
      )
      .map((hit) => hit.value);
  };

  const listQuery = (question: string): ListQuery | null => {
    const words = tokenize(normalizeText(question));
    const cityAt = words.findIndex((w) => CITY_WORDS.has(w));
    if (cityAt < 0 || words.some((w) => SHARE_WORDS.has(w))) return null;
    // "how many cities took part in the survey?" asks about the survey; "which European
    // cities are in the survey?" still lists cities of a place.
    const placeCriteria = [
      ...placesIn(words),
      ...codes
        .filter(({ code }) =>
          new RegExp(`(?<![\\p{L}])${code.replace(/\./g, '\\.')}(?![\\p{L}])`, 'u').test(question),
        )
        .map(({ c }) => c),
    ];
    const hasPlace = placeCriteria.length > 0;
    if (words.some((w) => SURVEY_WORDS.has(w)) && !hasPlace) return null;
    const isList =
      words.slice(0, cityAt).some((w) => LIST_OPENERS.has(w)) ||
      cityAt === 0 ||
      // "Latin American cities with...", "ciudades mexicanas": the cities word with a place.
      hasPlace;
    if (!isList) return null;
    const found: Criterion[] = [];
    const isNegated = words.some((w) => NEGATIONS.has(w)) || /n't\b/.test(question.toLowerCase());
    found.push(...placeCriteria);
    const stems = words.filter((w) => !stopwords.has(w)).map(stemWord);
    const seen = new Set<string>();
    for (const hit of criteria.findAll(stems)) {
      const key = `${hit.value.kind}:${'id' in hit.value ? hit.value.id : ''}`;
      if (!seen.has(key)) found.push(hit.value);
      seen.add(key);
    }
    if (stems.some((s) => STRATEGY_STEMS.has(s)))
      found.push({ kind: 'strategy', holds: !isNegated });
    if (
      stems.some((s) => FUNDING_STEMS.has(s)) &&
      (stems.some((s) => DEDICATED_STEMS.has(s)) || !found.some((c) => c.kind === 'option'))
    )
      found.push({ kind: 'funding', holds: !isNegated });
    const text = words.join(' ');
    if (/\bindependent\b|\bindependiente\b|\bagency\b|\bagencia\b/.test(text))
      found.push({ kind: 'team', option: 'independent', holds: true });
    else if (
      /\bmayor s office\b|\bmayors office\b|\boffice of the mayor\b|\boficina del alcalde\b|\boficina de la alcaldia\b|\bdespacho\b/.test(
        text,
      )
    )
      found.push({ kind: 'team', option: 'mayors-office', holds: true });
    else if (/\bcity manager\b|\badministrador municipal\b/.test(text))
      found.push({ kind: 'team', option: 'city-managers-office', holds: true });
    else if (
      /\b(innovation )?(team|teams|equipo|equipos)\b/.test(text) &&
      !found.some((c) => c.kind === 'option')
    )
      found.push({ kind: 'team', option: null, holds: !isNegated });
    // Counts of roles: "only one innovation role", "un solo perfil", "more than 5 roles".
    if (
      /\b(only one|just one|a single|one single|un solo|una sola|solo un|solo una|solamente un)\b/.test(
        text,
      ) &&
      /\b(role|roles|skill|skills|perfil|perfiles|funcion|funciones|rol|roles)\b/.test(text)
    )
      found.push({ kind: 'roles-count', op: 'eq', value: 1 });
    for (let i = 0; i < words.length; i += 1) {
      const w = words[i] ?? '';
      const next = words[i + 1] ?? '';
      const op: 'gt' | 'lt' | null = [
        'more',
        'over',
        'above',
        'bigger',
        'larger',
        'mas',
        'mayor',
        'exceeding',
      ].includes(w)
        ? 'gt'
        : ['less', 'fewer', 'under', 'below', 'smaller', 'menos', 'menor'].includes(w)
          ? 'lt'
          : null;
      if (!op) continue;
      const at = ['than', 'de', 'que'].includes(next) ? i + 2 : i + 1;
      const n = readNumber(words, at);
      if (!n) continue;
      const unit = words[n.end] ?? '';
      if (
        /^(role|roles|skill|skills|perfil|perfiles|funciones|rol)$/.test(unit) ||
        (words[n.end + 1] ?? '').match(/^(role|roles|perfiles)$/)
      )
        found.push({ kind: 'roles-count', op, value: n.value });
      else found.push({ kind: 'population', op, value: n.value });
    }
    // A role named inside a roles-count phrase is not a criterion of its own; a success
    // factor is one only when the question speaks of success factors ("dedicated
    // innovation team" is otherwise a question about the team).
    const isAboutFactors = words.some((w) => FACTOR_WORDS.has(w));
    const isFactor = (c: Criterion): boolean =>
      c.kind === 'option' && c.vocabulary === 'success-factor';
    const clean = found.filter(
      (c) =>
        !(
          c.kind === 'option' &&
          c.vocabulary === 'role' &&
          found.some((d) => d.kind === 'roles-count')
        ) &&
        !(isFactor(c) && !isAboutFactors) &&
        // "dedicated funding as a success factor": the factor, not the funding itself.
        !(
          isAboutFactors &&
          found.some(isFactor) &&
          (c.kind === 'funding' || (c.kind === 'team' && c.option === null))
        ),
    );
    if (!isAboutFactors && found.some(isFactor)) {
      if (/\b(team|teams|equipo|equipos)\b/.test(text) && !clean.some((c) => c.kind === 'team'))
        clean.push({ kind: 'team', option: null, holds: !isNegated });
      if (stems.some((s) => FUNDING_STEMS.has(s)) && !clean.some((c) => c.kind === 'funding'))
        clean.push({ kind: 'funding', holds: !isNegated });
    }
    return { criteria: clean };
  };

  const areaByName = new Map<string, string>();
  for (const area of kb.policyAreas)
    for (const text of [area.name.en, ...area.labels]) areaByName.set(normalizeText(text), area.id);
  const optionByName = new Map<string, string>();
  for (const kind of ['role', 'success-factor', 'goal', 'term', 'activity'] as const)
    for (const option of kb.vocabularies?.[kind] ?? [])
      for (const text of [option.name.en, ...option.labels])
        optionByName.set(`${kind}:${normalizeText(text)}`, option.id);

  const matches = (profile: Profile, c: Criterion): Match => {
    const facts = (topic: string) => profile.facts.filter((f) => f.topic === topic);
    const known = (topic: string): boolean => isRecord(profile, SECTION_OF_TOPIC[topic] ?? '');
    switch (c.kind) {
      case 'country':
        return (
          profile.countryId === c.id ||
          normalizeText(profile.country.en) === normalizeText(c.name.en)
        );
      case 'region': {
        const countryId =
          profile.countryId ??
          kb.places?.countries.find(
            (k) => normalizeText(k.name.en) === normalizeText(profile.country.en),
          )?.id;
        const country = kb.places?.countries.find((k) => k.id === countryId);
        return country ? country.regions.includes(c.id) : 'unknown';
      }
      case 'area': {
        const list = facts('policy.areas').find((f) => f.items.length > 0 || f.holds === false);
        if (!list)
          return known('policy.areas') && facts('policy.areas').length > 0 ? false : 'unknown';
        return list.items.some(
          (i) => (i.policyArea ?? areaByName.get(normalizeText(i.text?.en ?? ''))) === c.id,
        );
      }
      case 'option': {
        const topic = TOPIC_OF_VOCABULARY[c.vocabulary] ?? '';
        const list = facts(topic).filter((f) => f.items.length > 0 && !f.itemsOrdered);
        if (list.length === 0) return 'unknown';
        return list.some((f) =>
          f.items.some(
            (i) =>
              (i.id ?? optionByName.get(`${c.vocabulary}:${normalizeText(i.text?.en ?? '')}`)) ===
              c.id,
          ),
        );
      }
      case 'strategy': {
        const fact = profile.facts.find((f) => f.id === 'explicit-strategy');
        if (!fact) return 'unknown';
        return (fact.holds ?? true) === c.holds;
      }
      case 'funding': {
        const fact = profile.facts.find((f) => f.id === 'dedicated-funding');
        if (!fact) return 'unknown';
        return (fact.holds ?? true) === c.holds;
      }
      case 'team': {
        const fact = facts('team.structure')[0];
        if (!fact) return 'unknown';
        const option = fact.option ?? (/independent/i.test(fact.text.en) ? 'independent' : null);
        if (c.option) return option === c.option;
        return (fact.holds ?? true) === c.holds;
      }
      case 'roles-count': {
        const figure = facts('team.roles')
          .flatMap((f) => f.figures)
          .find((f) => f.unit === 'roles');
        if (!figure) return 'unknown';
        return c.op === 'eq'
          ? figure.value === c.value
          : c.op === 'gt'
            ? figure.value > c.value
            : figure.value < c.value;
      }
      case 'population': {
        const figure = facts('city.population')
          .flatMap((f) => f.figures)
          .find((f) => f.unit === 'inhabitants');
        if (!figure) return 'unknown';
        return c.op === 'gt' ? figure.value > c.value : figure.value < c.value;
      }
    }
  };

  return { listQuery, matches };
}
