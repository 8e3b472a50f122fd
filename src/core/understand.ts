import { DEFAULTS, type CoreSettings } from './defaults';
import { detectCommand, type Command } from './detectCommand';
import { detectLanguage } from './detectLanguage';
import {
  buildEntityIndex,
  findCapitalisedPlace,
  findYear,
  isWrittenCapitalised,
  type EntityIndex,
  type Place,
  type Span,
} from './entities';
import {
  buildTopicIndex,
  scoreTopics,
  type QueryTerm,
  type TopicIndex,
  type TopicScore,
} from './matchTopics';
import { normalizeText, stemWord, tokenize } from './normalize';
import type { KnowledgeBase, Language, Topic } from './schema';
import { GENERIC_WORDS, STOPWORDS_EN, STOPWORDS_ES } from './stopwords';
import { buildVocabulary, type CorrectionBudget, type Vocabulary } from './vocabulary';

/** What the conversation so far tells about a new message. */
export interface ConversationContext {
  readonly lastTopic?: string | null;
  readonly city?: string | null;
  readonly policyArea?: string | null;
  readonly language?: Language | null;
  /** The city without a profile the last question was about, if any. */
  readonly unknownCity?: string | null;
}

/** Everything the core understood of one message. */
export interface Understanding {
  readonly question: string;
  readonly language: Language;
  readonly isLanguageConfident: boolean;
  readonly problem: 'empty' | 'too-long' | null;
  readonly command: Command | null;
  readonly topic: Topic | null;
  /** In [0, 1]; for no topic, the best in-scope candidate's confidence. */
  readonly confidence: number;
  /** Runner-up topics close to the chosen one ("did you mean"). */
  readonly alternatives: readonly TopicScore[];
  /** The profile's city: named, or taken from context, or the default. */
  readonly city: string;
  readonly isCityNamed: boolean;
  readonly unknownCity: string | null;
  /** A city without a profile named next to one with a profile ("Mexico City and Lisbon"). */
  readonly alsoUnknownCity: string | null;
  readonly policyArea: string | null;
  readonly surveyYear: number | null;
  /** True when the message only made sense with the conversation's context. */
  readonly isFollowUp: boolean;
}

export interface Understander {
  understand(question: string, context?: ConversationContext): Understanding;
  readonly settings: CoreSettings;
}

// Words that ask about data itself: with a policy area, they mean data.availability.
const DATA_CUES = new Set(
  [
    'data',
    'datos',
    'dato',
    'information',
    'informacion',
    'info',
    'statistics',
    'estadisticas',
    'sufficient',
    'insufficient',
    'suficiente',
    'suficientes',
    'insuficiente',
    'insuficientes',
    'enough',
    'lack',
    'lacks',
    'falta',
    'faltan',
    'gap',
    'gaps',
    'missing',
    'availability',
    'disponibilidad',
    'available',
    'disponible',
    'disponibles',
    'measured',
    'tracked',
  ].map(stemWord),
);

const DATA_TOPIC = 'data.availability';
const OVERVIEW_TOPIC = 'city.overview';
/** Messages that lean on the previous one: "and the mayor?", "what about funding?", "¿y la población?". */
const FOLLOW_UP_CUE =
  /^(?:and|y|e|also|what about|how about|and what about|what of|que tal|que hay de|y que hay de|y que tal|tambien)\b/;

/** Words after which a lowercase name is read as a place ("population of veracruz"). */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set([
  'in',
  'of',
  'for',
  'at',
  'from',
  'en',
  'de',
  'del',
  'para',
  'desde',
]);
const PERSONAL_WORDS: ReadonlySet<string> = new Set(['my', 'mine', 'mi', 'mis', 'myself']);

function isStopword(word: string): boolean {
  return STOPWORDS_EN.has(word) || STOPWORDS_ES.has(word);
}

function inSpans(spans: readonly Span[], i: number): boolean {
  return spans.some((s) => i >= s.start && i < s.end);
}

/** Builds the question-understanding pipeline over a validated knowledge base. */
export function createUnderstander(
  kb: KnowledgeBase,
  gazetteer: readonly Place[],
  overrides: Partial<CoreSettings> = {},
  isDictionaryWord?: (word: string) => boolean,
): Understander {
  const settings: CoreSettings = Object.freeze({ ...DEFAULTS, ...overrides });
  const vocabulary: Vocabulary = buildVocabulary(kb, {
    typoThreshold: settings.typoThreshold,
    minTypoLength: settings.minTypoLength,
    cacheSize: settings.correctionCacheSize,
    isDictionaryWord,
  });
  const entities: EntityIndex = buildEntityIndex(kb, vocabulary, gazetteer);
  const topics: TopicIndex = buildTopicIndex(kb);
  const topicById = new Map(kb.topics.map((t) => [t.id, t] as const));
  const dataTopic = topicById.get(DATA_TOPIC) ?? null;
  const overviewTopic = topicById.get(OVERVIEW_TOPIC) ?? null;
  const cityIds = new Set(kb.profiles.map((p) => p.id));
  const countryNames = new Set(
    kb.profiles.flatMap((p) => [normalizeText(p.country.en), normalizeText(p.country.es)]),
  );
  // Word -> the words it stands for (a synonym may stand for a phrase: "df" -> "ciudad de mexico").
  const synonymOf = new Map<string, string[]>();
  for (const entry of kb.synonyms) {
    const meaning = tokenize(normalizeText(entry.means));
    for (const word of entry.words) {
      const key = normalizeText(word);
      if (key && !key.includes(' ') && meaning.length > 0) synonymOf.set(key, meaning);
    }
  }

  const analyse = (
    question: string,
    context: ConversationContext,
    allowRealWords: boolean,
    budget: CorrectionBudget,
  ): Understanding & { isDeclined: boolean; isCityOnly: boolean } => {
    const fallbackLanguage: Language = context.language ?? 'en';
    const base = {
      question,
      command: null,
      topic: null,
      confidence: 0,
      alternatives: [],
      city: context.city && cityIds.has(context.city) ? context.city : kb.defaultCity,
      isCityNamed: false,
      unknownCity: null,
      alsoUnknownCity: null,
      policyArea: null,
      surveyYear: null,
      isFollowUp: false,
      isDeclined: false,
      isCityOnly: false,
    } as const;
    const trimmed = question.trim();
    const normalized = trimmed.length > settings.maxQuestionLength ? '' : normalizeText(trimmed);
    if (
      trimmed.length > settings.maxQuestionLength ||
      normalized.length > settings.maxNormalizedLength
    ) {
      const guess = detectLanguage(
        trimmed.slice(0, 300),
        tokenize(normalizeText(trimmed.slice(0, 300))),
        vocabulary,
        fallbackLanguage,
      );
      return {
        ...base,
        language: guess.language,
        isLanguageConfident: guess.isConfident,
        problem: 'too-long',
      };
    }
    const raw = tokenize(normalized).flatMap((w) => synonymOf.get(w) ?? [w]);
    if (raw.length === 0) {
      return { ...base, language: fallbackLanguage, isLanguageConfident: false, problem: 'empty' };
    }

    // 1. Places, on the words as typed: a typo fixer must not turn "Lima" into a known word.
    // A longer place name wins over a profile alias inside it ("New Mexico" is not "Mexico").
    const majorSpans = entities.places.findAll(raw);
    const citySpans = entities.cities
      .findAll(raw)
      .filter(
        (c) =>
          !majorSpans.some(
            (p) => p.start <= c.start && p.end >= c.end && p.end - p.start > c.end - c.start,
          ),
      );
    const minorSpans = entities.minorPlaces
      .findAll(raw, (i) => inSpans(citySpans, i) || inSpans(majorSpans, i))
      .filter(
        (s) =>
          isWrittenCapitalised(trimmed, s.value) ||
          PLACE_PREPOSITIONS.has(raw[s.start - 1] ?? '') ||
          // "villahermosa cuanta gente tiene": a long name opening the question is its subject.
          (s.start === 0 && s.value.length >= 6 && !isDictionaryWord?.(raw[0] ?? '')),
      );
    const placeSpans = [...majorSpans, ...minorSpans].sort((a, b) => a.start - b.start);
    let unknownCity = placeSpans[0]?.value ?? null;
    if (!unknownCity) {
      const covered = new Set(citySpans.map((s) => raw.slice(s.start, s.end).join(' ')));
      unknownCity = findCapitalisedPlace(trimmed, entities, covered);
    }

    // 2. Words: known, shouted ("hiii"), misspelt (corrected, weighed less) or unknown.
    const resolved: Array<{ word: string; weight: number }> = raw.map((word, i) => {
      if (
        inSpans(citySpans, i) ||
        inSpans(placeSpans, i) ||
        isStopword(word) ||
        vocabulary.words.has(word) ||
        /^\d+$/.test(word)
      ) {
        return { word, weight: 1 };
      }
      const fixed = vocabulary.correct(word, allowRealWords, budget);
      return fixed ? { word: fixed, weight: settings.correctedWordWeight } : { word, weight: 1 };
    });
    const words = resolved.map((r) => r.word);
    const cityMatches = citySpans.length > 0 ? citySpans : entities.cities.findAll(words);
    // A country name ("Mexico") names its profile city only when no other place is named:
    // "Hermosillo, Mexico" is about Hermosillo.
    const strongMatches = unknownCity
      ? cityMatches.filter((m) => !countryNames.has(words.slice(m.start, m.end).join(' ')))
      : cityMatches;
    const namedCity = strongMatches[0]?.value ?? null;
    // "and the mayor?" after a question about a city without a profile is still about it.
    if (!unknownCity && !namedCity && context.unknownCity && FOLLOW_UP_CUE.test(normalized))
      unknownCity = context.unknownCity;

    const guess = detectLanguage(trimmed, words, vocabulary, fallbackLanguage);
    const command = detectCommand(normalized);
    if (command) {
      return {
        ...base,
        language: guess.isConfident ? guess.language : fallbackLanguage,
        isLanguageConfident: guess.isConfident,
        problem: null,
        command,
      };
    }

    // 3. Content terms: no stopwords, no place names, no years.
    const terms: QueryTerm[] = [];
    const stems: string[] = [];
    resolved.forEach((r, i) => {
      if (
        isStopword(r.word) ||
        inSpans(cityMatches, i) ||
        inSpans(placeSpans, i) ||
        /^\d+$/.test(r.word)
      )
        return;
      const stem = stemWord(r.word);
      stems.push(stem);
      if (topics.idf.has(stem)) {
        terms.push({ stem, weight: r.weight });
        return;
      }
      const family = topics.nearestStem(stem);
      if (family) terms.push({ stem: family, weight: r.weight * settings.correctedWordWeight });
      else
        terms.push({
          stem,
          weight: GENERIC_WORDS.has(r.word) ? settings.genericWordWeight : r.weight,
        });
    });
    const areaMatch = entities.areas.findAll(stems)[0] ?? null;
    const policyArea = areaMatch?.value ?? null;

    // 4. Topics.
    let ranked = scoreTopics(topics, terms, settings);
    const boosts = new Map<string, number>();
    const last = context.lastTopic ? topicById.get(context.lastTopic) : undefined;
    if (last) for (const id of last.followUps) boosts.set(id, settings.followUpBoost);
    if (policyArea && dataTopic) {
      const cues = stems.filter((s) => DATA_CUES.has(s)).length;
      const areaWeight = areaMatch ? areaMatch.end - areaMatch.start : 0;
      const share = terms.length > 0 ? areaWeight / terms.length : 0;
      // With a data word, how much of the question the area and the data words make up:
      // "data on housing" is all of it; a long question that mentions a school in passing is not.
      const cueShare = terms.length > 0 ? Math.min(1, (areaWeight + cues) / terms.length) : 0;
      const current = ranked.find((r) => r.topic.id === DATA_TOPIC)?.confidence ?? 0;
      let floor = 0;
      if (cues > 0) floor = 0.6 + 0.32 * cueShare;
      else if (share >= 0.5 || last?.id === DATA_TOPIC) floor = 0.55 + 0.35 * share;
      if (floor > current)
        boosts.set(DATA_TOPIC, (boosts.get(DATA_TOPIC) ?? 0) + (floor - current));
    }
    if (boosts.size > 0) {
      ranked = ranked
        .map((r) => ({
          topic: r.topic,
          confidence: Math.min(1, r.confidence + (boosts.get(r.topic.id) ?? 0)),
        }))
        .sort((a, b) => b.confidence - a.confidence);
    }

    // "my dog", "mi licencia": personal errands are out of scope even when they reuse profile words.
    if (raw.some((w) => PERSONAL_WORDS.has(w))) {
      ranked = ranked
        .map((r) =>
          r.topic.kind === 'none'
            ? { topic: r.topic, confidence: Math.min(1, r.confidence + settings.personalBoost) }
            : { topic: r.topic, confidence: r.confidence * settings.personalFactor },
        )
        .sort((a, b) => b.confidence - a.confidence);
    }
    const inScope = ranked.filter((r) => r.topic.kind !== 'none');
    let best = inScope[0] ?? null;
    const bestProfile = inScope.find((r) => r.topic.kind === 'profile') ?? null;
    // "hi, who is the mayor?": a profile question inside small talk is still a question.
    if (
      best &&
      best.topic.kind === 'chat' &&
      bestProfile &&
      bestProfile.confidence >= settings.minConfidence
    )
      best = bestProfile;
    const declined =
      ranked[0]?.topic.kind === 'none' &&
      (!best || (ranked[0]?.confidence ?? 0) >= best.confidence);
    const isAnswerable = best !== null && !declined && best.confidence >= settings.minConfidence;
    let chosen = isAnswerable ? best : null;
    // A city named with nothing else to go on ("Mexico City?", "¿Y la CDMX?") asks for its overview.
    const isCityOnly =
      !chosen && !declined && namedCity !== null && terms.length <= 2 && overviewTopic !== null;
    if (isCityOnly && overviewTopic)
      chosen = { topic: overviewTopic, confidence: settings.minConfidence };
    const alternatives = chosen
      ? inScope
          .filter(
            (r) =>
              r !== chosen &&
              r.topic.kind === chosen.topic.kind &&
              !chosen.topic.includes.includes(r.topic.id),
          )
          .filter((r) => chosen.confidence - r.confidence <= settings.closeMargin)
          .slice(0, 1)
      : [];

    const language = guess.isConfident ? guess.language : fallbackLanguage;
    const knownCity = namedCity ?? base.city;
    return {
      ...base,
      language,
      isLanguageConfident: guess.isConfident,
      problem: null,
      command: null,
      topic: chosen?.topic ?? null,
      confidence: Number((chosen?.confidence ?? best?.confidence ?? 0).toFixed(3)),
      alternatives,
      city: knownCity,
      isCityNamed: namedCity !== null,
      unknownCity: namedCity ? null : unknownCity,
      alsoUnknownCity: namedCity ? unknownCity : null,
      policyArea,
      surveyYear: findYear(normalized),
      isDeclined: declined,
      isCityOnly,
      isFollowUp: Boolean(last) && (boosts.size > 0 || (!namedCity && Boolean(context.city))),
    };
  };

  /**
   * Understands a message. When nothing matches, a second pass lets real words be read
   * as typos of the knowledge's words ("the major of Mexico City"); its answer is taken
   * only with a clear margin over the threshold.
   */
  const understand = (question: string, context: ConversationContext = {}): Understanding => {
    // One budget for both passes: the second one only adds the dictionary words.
    const budget: CorrectionBudget = { remaining: settings.maxCorrectionsPerQuestion };
    const { isDeclined, isCityOnly, ...first } = analyse(question, context, false, budget);
    if (
      (first.topic && !isCityOnly) ||
      isDeclined ||
      first.problem ||
      first.command ||
      first.unknownCity
    )
      return first;
    const {
      isDeclined: secondDeclined,
      isCityOnly: secondCityOnly,
      ...second
    } = analyse(question, context, true, budget);
    const isClear =
      second.topic !== null &&
      !secondCityOnly &&
      second.confidence >= settings.minConfidence + settings.secondChanceMargin;
    return isClear && !secondDeclined ? second : first;
  };

  return { understand, settings };
}
