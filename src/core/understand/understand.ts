import { DEFAULTS, type CoreSettings } from '../defaults';
import { hasPhrase, lexiconOf, phraseAt, type CompiledLexicon } from '../lexicon';
import { normalizeText, stemWord, tokenize } from '../normalize';
import type { KnowledgeBase, Language, Topic } from '../schema';
import { buildVocabulary, type Vocabulary } from '../vocabulary';
import { chooseTopic, hasBoosts } from './chooseTopic';
import { detectAct, type Act, type Command } from './detectAct';
import { detectLanguage, type LanguageGuess } from './detectLanguage';
import { buildEntityIndex, findYear, type EntityIndex, type Place, type Span } from './entities';
import { findPlaces, type PlacesFound } from './findPlaces';
import { buildCityQualifiers, qualifyCities } from './qualifyCities';
import { buildGapFinder, type Gap } from './findGap';
import { buildItemIndex, buildOptionIndex, type Mention, type OptionMention } from './findMentions';
import { buildPersonIndex } from './findPeople';
import { questionForm, OPEN_FORM, type QuestionForm } from './questionForm';
import { dropSelfIntroduction } from './selfIntroduction';
import { contentTerms, resolveWords } from './resolveWords';
import { buildTopicIndex, scoreTopics, type TopicIndex, type TopicScore } from './scoreTopics';

/** What the conversation so far tells about a new message. */
export interface ConversationContext {
  readonly lastTopic?: string | null;
  readonly city?: string | null;
  readonly policyArea?: string | null;
  readonly language?: Language | null;
  /** The city without a profile the last question was about, if any. */
  readonly unknownCity?: string | null;
  /** The entity the last answer was about ("it", "he" point at it). */
  readonly lastEntity?: string | null;
}

/** Everything the core understood of one message. */
export interface Understanding {
  readonly question: string;
  readonly language: Language;
  readonly isLanguageConfident: boolean;
  /** How clearly the message reads as its language (marker points; 0 when unsure). */
  readonly languageMargin: number;
  readonly problem: 'empty' | 'too-long' | null;
  readonly command: Command | null;
  /** A dialogue act on the conversation ("yes", "shorter", "the third one"), if the message is one. */
  readonly act: Act | null;
  readonly topic: Topic | null;
  /** In [0, 1]; for no topic, the best in-scope candidate's confidence. */
  readonly confidence: number;
  /** Runner-up topics close to the chosen one ("did you mean"). */
  readonly alternatives: readonly TopicScore[];
  /** The profile's city: named, or taken from context, or the default. */
  readonly city: string;
  readonly isCityNamed: boolean;
  /** Every city with a profile the question names, in order ("compare Lima and Medellín"). */
  readonly cities: readonly string[];
  readonly unknownCity: string | null;
  /** A city without a profile named next to one with a profile ("Mexico City and Lisbon"). */
  readonly alsoUnknownCity: string | null;
  readonly policyArea: string | null;
  readonly surveyYear: number | null;
  /** True when the message only made sense with the conversation's context. */
  readonly isFollowUp: boolean;
  /** The question's form: yes/no, count, when, why or open; negated; a comparison. */
  readonly form: QuestionForm;
  /** The question's words after fillers, corrections and pronouns (normalised). */
  readonly words: readonly string[];
  /** Content stems of the question, in order. */
  readonly stems: readonly string[];
  /** The entity a pronoun pointed at, if one did. */
  readonly pronounEntity: string | null;
  /** For a yes/no question: the subject of the city's person it names ("mayor"), if any. */
  readonly namedPerson: string | null;
  /** List items the question names, best first. */
  readonly mentions: readonly Mention[];
  /** For a yes/no question: the survey options it names, best first (any city's lists). */
  readonly options: readonly OptionMention[];
  /** A detail the question asks for that the profile does not hold. */
  readonly gap: Gap | null;
  /** For a yes/no question: its key words the chosen topic does not cover ("lawyers"). */
  readonly uncovered: readonly string[];
  /** The question asks whether a fact still holds ("now", "still", "actualmente"). */
  readonly isAboutNow: boolean;
}

export interface Understander {
  understand(question: string, context?: ConversationContext): Understanding;
  readonly settings: CoreSettings;
  readonly vocabulary: Vocabulary;
  readonly lexicon: CompiledLexicon;
}

const DATA_TOPIC = 'data.availability';
const OVERVIEW_TOPIC = 'city.overview';

/**
 * Drops chat openers ("hey quick question", "ok so", "por fa") before the question,
 * but only when what is left still holds a word the knowledge uses: "thank you" and
 * "hi there" are the whole message.
 */
function dropFillers(
  words: readonly string[],
  lexicon: CompiledLexicon,
  vocabulary: Vocabulary,
  maxDrops: number,
): readonly string[] {
  let start = 0;
  for (let k = 0; k < maxDrops; k += 1) {
    const n = phraseAt(words, lexicon.fillers, start);
    if (n === 0 || start + n >= words.length) break;
    start += n;
  }
  if (start === 0) return words;
  const rest = words.slice(start);
  const isQuestionLeft = rest.some((w) => !lexicon.stopwords.has(w) && vocabulary.words.has(w));
  return isQuestionLeft ? rest : words;
}

/** Drops how-to-say-it phrases ("in one line", "just") anywhere, keeping at least one word. */
function dropFormat(words: readonly string[], lexicon: CompiledLexicon): readonly string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const n = phraseAt(words, lexicon.formatPhrases, i);
    if (n > 0) i += n;
    else {
      out.push(words[i] ?? '');
      i += 1;
    }
  }
  return out.length > 0 && out.length < words.length ? out : words;
}

/** The subjects topics declare (knowledge/topics.yaml `subject`), by entity id. */
interface Subject {
  readonly id: string;
  readonly isPerson: boolean;
  readonly words: Readonly<Record<Language, readonly string[]>>;
  readonly topics: readonly string[];
}

function subjectsOf(kb: KnowledgeBase): Map<string, Subject> {
  const out = new Map<string, Subject>();
  for (const topic of kb.topics) {
    if (!topic.subject) continue;
    const s = topic.subject;
    const before = out.get(s.id);
    out.set(s.id, {
      id: s.id,
      isPerson: s.isPerson,
      words: before?.words ?? {
        en: tokenize(normalizeText(s.words.en)),
        es: tokenize(normalizeText(s.words.es)),
      },
      topics: [...(before?.topics ?? []), topic.id],
    });
  }
  return out;
}

/**
 * One-word keywords of the topics about an entity ("team", "equipo": the agency), for
 * "his team"; a word two entities share names neither. Words of topics about no entity
 * map to "".
 */
function nounSubjectsOf(kb: KnowledgeBase): Map<string, string> {
  const out = new Map<string, string>();
  const shared = new Set<string>();
  for (const topic of kb.topics) {
    const id = topic.subject?.id;
    if (!id) continue;
    for (const k of [...topic.keywords.en, ...topic.keywords.es]) {
      const words = tokenize(normalizeText(k));
      const word = words[0];
      if (words.length !== 1 || word === undefined) continue;
      const before = out.get(word);
      if (before !== undefined && before !== id) shared.add(word);
      out.set(word, id);
    }
  }
  for (const word of shared) out.delete(word);
  // "his goals", "sus objetivos": a word of a topic about no entity names that topic; the
  // possessive only ties it to the conversation ("" below: no entity).
  for (const topic of kb.topics) {
    if (topic.subject || topic.kind !== 'profile') continue;
    for (const k of [...topic.keywords.en, ...topic.keywords.es]) {
      const words = tokenize(normalizeText(k));
      const word = words[0];
      if (words.length === 1 && word !== undefined && !out.has(word) && !shared.has(word))
        out.set(word, '');
    }
  }
  return out;
}

/** Words as the person typed them, lowercased with accents kept ("él" is not "el"). */
function typedWords(original: string): string[] {
  return original
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Step: pronouns. A pronoun that points at the last answer's entity ("how big is his
 * team?", "who runs it?") is replaced by the entity's words, which weigh as corrected
 * words do.
 */
function resolvePronouns(
  words: readonly string[],
  original: string,
  subject: Subject | undefined,
  language: Language,
  lexicon: CompiledLexicon,
  others: ReadonlyMap<string, Subject> = new Map(),
  nounSubjects: ReadonlyMap<string, string> = new Map(),
  isInPhrase: (words: readonly string[], start: number, end: number) => boolean = () => false,
): { words: readonly string[]; entity: string | null; span: Span | null } {
  if (!subject) return { words, entity: null, span: null };
  const pronouns = subject.isPerson ? lexicon.personPronouns : lexicon.thingPronouns;
  const typed = typedWords(original);
  // "is it true that": an opener's pronoun points at nothing.
  const skip = phraseAt(words, lexicon.yesNoOpeners.en);
  for (let i = skip > 1 ? skip : 0; i < words.length; i += 1) {
    const n = phraseAt(words, pronouns, i);
    if (n === 0) continue;
    // Accented pronouns must be typed with their accent: "él" is a pronoun, "el" an article.
    const hit = words.slice(i, i + n).join(' ');
    const isAccentOnly =
      lexicon.accentedPronouns.has(hit) &&
      !typed.some((w) => lexicon.accentedPronouns.get(hit) === w);
    if (isAccentOnly) continue;
    // "his agency", "her city": the noun after a possessive names the entity meant; the
    // pronoun only links it to the last one, so it is dropped rather than replaced.
    const next = words[i + n] ?? '';
    const named =
      [...others.values()].find(
        (o) =>
          o.id !== subject.id && !lexicon.stopwords.has(next) && o.words[language].includes(next),
      )?.id ?? nounSubjects.get(next);
    if (named !== undefined && named !== subject.id)
      return {
        words: [...words.slice(0, i), ...words.slice(i + n)],
        entity: named === '' ? null : named,
        span: null,
      };
    // "where does he work?": a topic's keyword phrase written around the pronoun ("where
    // does he work", a question about the workplace) is kept whole; the entity's words in
    // its place would break the phrase and answer who the person is instead.
    if (isInPhrase(words, i, i + n))
      return {
        words: [...words.slice(0, i), ...words.slice(i + n)],
        entity: subject.id,
        span: null,
      };
    const standIn = subject.words[language];
    return {
      words: [...words.slice(0, i), ...standIn, ...words.slice(i + n)],
      entity: subject.id,
      span: { start: i, end: i + standIn.length },
    };
  }
  return { words, entity: null, span: null };
}

/** Builds the question-understanding pipeline over a validated knowledge base. */
export function createUnderstander(
  kb: KnowledgeBase,
  gazetteer: readonly Place[],
  overrides: Partial<CoreSettings> = {},
  isDictionaryWord?: (word: string) => boolean,
): Understander {
  const settings: CoreSettings = Object.freeze({ ...DEFAULTS, ...overrides });
  const lexicon = lexiconOf(kb);
  const vocabulary: Vocabulary = buildVocabulary(kb, {
    typoThreshold: settings.typoThreshold,
    minTypoLength: settings.minTypoLength,
    cacheSize: settings.correctionCacheSize,
    isDictionaryWord,
  });
  const entities: EntityIndex = buildEntityIndex(kb, vocabulary, gazetteer, settings);
  const qualifiers = buildCityQualifiers(kb);
  // "LA", "NYC" as written: read as the city's name before any folding of case.
  const exact = kb.cityAliases.exactAliases.map((e) => ({
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}])${e.alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
      'gu',
    ),
    name: kb.profiles.find((p) => p.id === e.city)?.name.en ?? e.alias,
  }));
  const withExactAliases = (text: string): string =>
    exact.reduce((out, e) => out.replace(e.pattern, e.name), text);
  const topics: TopicIndex = buildTopicIndex(kb, settings);
  const topicById = new Map(kb.topics.map((t) => [t.id, t] as const));
  const profileById = new Map(kb.profiles.map((p) => [p.id, p] as const));
  const subjects = subjectsOf(kb);
  const nounSubjects = nounSubjectsOf(kb);
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
  /** True when a keyword phrase of some topic spans words both before and after `start..end`. */
  const isInKeywordPhrase = (words: readonly string[], start: number, end: number): boolean => {
    const kept = words
      .map((word, at) => ({ word, at }))
      .filter((w) => (w.at < start || w.at >= end) && !lexicon.stopwords.has(w.word));
    const stems = kept.map((w) => stemWord(w.word));
    return stems.some((_, k) =>
      topics.keywords
        .matchesAt(stems, k)
        .some((hit) => (kept[k]?.at ?? end) < start && (kept[hit.end - 1]?.at ?? -1) >= end),
    );
  };
  // The content words of the age cues ("old", "edad", "anos"): a question of only these
  // and question words names no one.
  const ageStems = new Set(
    lexicon.ageCues.flatMap((phrase) =>
      phrase.filter((w) => !lexicon.stopwords.has(w)).map(stemWord),
    ),
  );
  const findMentions = buildItemIndex(kb, topics, lexicon, settings);
  const findOptions = buildOptionIndex(kb, topics, lexicon, settings);
  const findPeople = buildPersonIndex(kb, lexicon);
  const { findGap, uncoveredWords } = buildGapFinder(kb, topics, lexicon, settings);
  const areaStems = new Map<string, Set<string>>();
  for (const area of kb.policyAreas)
    areaStems.set(
      area.id,
      new Set(
        [area.name.en, area.name.es, ...area.synonyms.en, ...area.synonyms.es].flatMap((t) =>
          tokenize(normalizeText(t)).map(stemWord),
        ),
      ),
    );
  const guessLanguage = (
    original: string,
    words: readonly string[],
    fallback: Language,
  ): LanguageGuess => detectLanguage(original, words, vocabulary, fallback, lexicon.markers);

  /** Steps that depend on whether real words may be read as typos: the second pass redoes only these. */
  const matchTopic = (
    raw: readonly string[],
    places: PlacesFound,
    context: ConversationContext,
    allowRealWords: boolean,
    standIns: readonly Span[],
  ) => {
    const resolved = resolveWords(
      raw,
      [...places.citySpans, ...places.placeSpans],
      vocabulary,
      lexicon,
      settings,
      allowRealWords,
      standIns,
    );
    const words = resolved.map((r) => r.word);
    const isVetoed = (m: Span): boolean =>
      (places.vetoed ?? []).some((v) => m.start < v.end && m.end > v.start);
    const cityMatches =
      places.citySpans.length > 0
        ? places.citySpans
        : entities.cities.findAll(words).filter((m) => !isVetoed(m));
    // A country name ("Mexico") names its profile city only when no other place is named:
    // "Hermosillo, Mexico" is about Hermosillo.
    const strongMatches = places.unknownCity
      ? cityMatches.filter((m) => !countryNames.has(words.slice(m.start, m.end).join(' ')))
      : cityMatches;
    const namedCity = strongMatches[0]?.value ?? null;
    // Every profile city named; a country's name ("Mexico") counts only when it is the only one.
    const isCountryName = (m: Span): boolean =>
      countryNames.has(words.slice(m.start, m.end).join(' '));
    const cityList =
      strongMatches.length > 1 ? strongMatches.filter((m) => !isCountryName(m)) : strongMatches;
    const namedCities = [...new Set(cityList.map((m) => m.value))];
    const { terms, stems } = contentTerms(
      resolved,
      [...cityMatches, ...places.placeSpans],
      topics,
      lexicon,
      settings,
    );
    const areaMatch = entities.areas.findAll(stems)[0] ?? null;
    const policyArea = areaMatch?.value ?? null;
    const last = context.lastTopic ? topicById.get(context.lastTopic) : undefined;
    const choiceContext = {
      settings,
      lastTopic: last,
      pronounTopics: [] as string[],
      policyArea,
      dataCues: stems.filter((s) => lexicon.dataCueStems.has(s)).length,
      focusCues: stems.filter((s) => lexicon.focusCueStems.has(s)).length,
      focusTopicId: 'policy.areas',
      areaWords: areaMatch ? areaMatch.end - areaMatch.start : 0,
      termCount: terms.length,
      isPersonal: raw.some((w) => lexicon.personalWords.has(w)),
      namedCity,
      dataTopicId: DATA_TOPIC,
      overviewTopic,
    };
    return {
      resolved,
      words,
      namedCity,
      namedCities,
      terms,
      stems,
      policyArea,
      last,
      choiceContext,
    };
  };

  const analyse = (question: string, context: ConversationContext) => {
    const fallbackLanguage: Language = context.language ?? 'en';
    const base = {
      question,
      command: null,
      act: null,
      topic: null,
      confidence: 0,
      alternatives: [],
      city: context.city && cityIds.has(context.city) ? context.city : kb.defaultCity,
      isCityNamed: false,
      cities: [] as readonly string[],
      unknownCity: null,
      alsoUnknownCity: null,
      policyArea: null,
      surveyYear: null,
      isFollowUp: false,
      form: OPEN_FORM,
      words: [] as readonly string[],
      stems: [] as readonly string[],
      pronounEntity: null,
      namedPerson: null,
      mentions: [] as readonly Mention[],
      options: [] as readonly OptionMention[],
      gap: null,
      uncovered: [] as readonly string[],
      isAboutNow: false,
    } as const;
    // Who is asking is no detail asked ("soy periodista. ¿quién ...?"); but a city named
    // only in the introduction ("soy de Rosario. ¿quién era el intendente?") is the one
    // asked about, so then the introduction stays.
    const typed0 = question.trim();
    const withoutIntro = dropSelfIntroduction(typed0, lexicon);
    const namesCity = (text: string): boolean =>
      text.length <= settings.maxQuestionLength &&
      entities.cities.findAll(tokenize(normalizeText(withExactAliases(text)))).length > 0;
    const keepsIntro = withoutIntro !== typed0 && !namesCity(withoutIntro) && namesCity(typed0);
    const trimmed = withExactAliases(keepsIntro ? typed0 : withoutIntro);
    // Normalising can grow a text (U+FB03 "ﬃ" becomes "ffi"): the limit holds after it too.
    const normalized = trimmed.length > settings.maxQuestionLength ? '' : normalizeText(trimmed);
    if (
      trimmed.length > settings.maxQuestionLength ||
      normalized.length > settings.maxNormalizedLength
    ) {
      const head = trimmed.slice(0, settings.languageSampleLength);
      const guess = guessLanguage(head, tokenize(normalizeText(head)), fallbackLanguage);
      return {
        first: {
          ...base,
          language: guess.language,
          isLanguageConfident: guess.isConfident,
          languageMargin: guess.margin,
          problem: 'too-long' as const,
        },
        retry: null,
      };
    }
    const typed = tokenize(normalized).flatMap((w) => synonymOf.get(w) ?? [w]);
    if (typed.length === 0) {
      return {
        first: {
          ...base,
          language: fallbackLanguage,
          isLanguageConfident: false,
          languageMargin: 0,
          problem: 'empty' as const,
        },
        retry: null,
      };
    }
    const hasPause = /^\s*\p{L}+\s*[,.;:!]/u.test(trimmed);
    const act = detectAct(typed, lexicon, hasPause, settings.maxCompositeActWords);
    const guess = guessLanguage(trimmed, typed, fallbackLanguage);
    const language = guess.isConfident ? guess.language : fallbackLanguage;
    const languageFields = {
      language,
      isLanguageConfident: guess.isConfident,
      languageMargin: guess.margin,
    };
    if (act?.kind === 'command') {
      return {
        first: {
          ...base,
          ...languageFields,
          problem: null,
          command: act.command,
          act,
          words: typed,
        },
        retry: null,
      };
    }
    const subject = context.lastEntity ? subjects.get(context.lastEntity) : undefined;
    const unfilled = act
      ? typed
      : dropFormat(dropFillers(typed, lexicon, vocabulary, settings.maxFillerDrops), lexicon);
    // "now just the sources": a leading "now" is a filler, not a question about today.
    const isAboutNow = hasPhrase(unfilled, lexicon.currencyCues);
    const form = questionForm(unfilled, trimmed, lexicon);

    const build = (typedWords: readonly string[], allowRealWords: boolean) => {
      const places = qualifyCities(
        findPlaces(
          typedWords,
          trimmed,
          entities,
          lexicon,
          settings.minOpeningPlaceLength,
          isDictionaryWord,
        ),
        typedWords,
        trimmed,
        qualifiers,
      );
      const pronoun =
        places.citySpans.length > 0 || places.unknownCity
          ? { words: typedWords, entity: null, span: null }
          : resolvePronouns(
              typedWords,
              trimmed,
              subject,
              language,
              lexicon,
              subjects,
              nounSubjects,
              isInKeywordPhrase,
            );
      const raw = pronoun.words;
      // Pronoun words were not typed: places are looked up again only if they changed the words.
      const placesNow =
        raw === typedWords
          ? places
          : qualifyCities(
              findPlaces(
                raw,
                trimmed,
                entities,
                lexicon,
                settings.minOpeningPlaceLength,
                isDictionaryWord,
              ),
              raw,
              trimmed,
              qualifiers,
            );
      const m = matchTopic(
        raw,
        placesNow,
        context,
        allowRealWords,
        pronoun.span ? [pronoun.span] : [],
      );
      /** The city the question is about: the one it names, else the conversation's. */
      const city = m.namedCity ?? base.city;
      const pronounTopics = pronoun.entity ? (subjects.get(pronoun.entity)?.topics ?? []) : [];
      const choiceContext = { ...m.choiceContext, pronounTopics };
      let choice = chooseTopic(scoreTopics(topics, m.terms, settings), choiceContext);
      // "was Antonio Peña Merino the mayor?": a yes/no question naming one of the city's
      // people asks about the post its other words name, when they name another person's
      // post; the name alone would choose the named person's own topic.
      const people = form.kind === 'yesno' ? findPeople(m.stems, city) : [];
      const namedPerson = people[0] ?? null;
      const chosenSubject = choice.chosen?.topic.subject;
      // A full name ("Horacio Rodríguez Larreta") can also crowd out the post's words so
      // that nothing is chosen: then the post named without the name decides.
      const isOwnPost = chosenSubject?.isPerson && chosenSubject.id === namedPerson?.subject;
      if (namedPerson && (isOwnPost || !choice.chosen)) {
        const name = new Set(namedPerson.stems);
        const withoutName = chooseTopic(
          scoreTopics(
            topics,
            m.terms.filter((t) => !name.has(t.stem)),
            settings,
          ),
          choiceContext,
        );
        const post = withoutName.chosen?.topic.subject;
        if (post?.isPerson && (!choice.chosen || post.id !== namedPerson.subject))
          choice = withoutName;
      }
      // "what isn't funded?": the complement of the city's choices is asked; when the topic
      // chosen only includes the topic whose list marks those choices, that topic answers.
      const chosenNow = choice.chosen;
      if (form.isNegated && chosenNow && chosenNow.topic.includes.length > 0) {
        const cityFacts = profileById.get(city)?.facts ?? [];
        const marked = chosenNow.topic.includes.find((id) =>
          cityFacts.some((f) => f.topic === id && f.items.some((i) => i.isCityChoice)),
        );
        const markedTopic = marked ? topicById.get(marked) : undefined;
        if (
          markedTopic &&
          !cityFacts.some(
            (f) => f.topic === chosenNow.topic.id && f.items.some((i) => i.isCityChoice),
          )
        )
          choice = { ...choice, chosen: { ...chosenNow, topic: markedTopic } };
      }
      // "is generating new sources of revenue one of the goals?": a survey option named in
      // full says which list a yes/no question is about, when the words alone chose none, or
      // tied it with the option's own topic.
      const options = form.kind === 'yesno' ? findOptions(m.stems, settings.minMentionShare) : [];
      const strongOption = options.find((o) => o.share >= settings.strongOptionShare);
      const optionTopic = strongOption ? topicById.get(strongOption.topicId) : undefined;
      if (optionTopic && !choice.isDeclined && choice.chosen?.topic.id !== optionTopic.id) {
        const chosenConfidence = choice.chosen?.confidence ?? 0;
        // Tied: the option's topic is the runner-up close enough to be a "did you mean".
        const tied = choice.alternatives.some((a) => a.topic.id === optionTopic.id);
        if (!choice.chosen || tied)
          choice = {
            ...choice,
            chosen: {
              topic: optionTopic,
              confidence: Math.max(chosenConfidence, settings.minConfidence),
            },
            isCityOnly: false,
            alternatives: choice.alternatives.filter((a) => a.topic.id !== optionTopic.id),
          };
      }
      // "what's his phone number?": when nothing else names a topic, the pronoun's does (the
      // last one if it is about the same entity), so a detail it lacks is "the profile doesn't say".
      const pronounTopic =
        !choice.chosen && !m.namedCity
          ? topicById.get(
              pronounTopics.find((id) => id === context.lastTopic) ?? pronounTopics[0] ?? '',
            )
          : undefined;
      if (pronounTopic)
        choice = {
          ...choice,
          isDeclined: false,
          chosen: { topic: pronounTopic, confidence: settings.minConfidence },
        };
      // "how old is she?": a person's age is never the survey's ("how old is this data?") nor
      // the survey's year; it is a detail of the person, which the profile doesn't hold.
      // The person is a pronoun's ("she") or named by their post's words ("the mayor").
      const namedPersonTopic = (): Topic | undefined => {
        const stems = new Set(m.stems);
        const named = [...subjects.values()].find((sub) => {
          const own = sub.words[language].filter((w) => !lexicon.stopwords.has(w)).map(stemWord);
          return sub.isPerson && own.length > 0 && own.every((st) => stems.has(st));
        });
        return named ? topicById.get(named.topics[0] ?? '') : undefined;
      };
      // Whose age: a pronoun's person, a post named ("the mayor"), or, with no subject named
      // (Spanish "¿qué edad tiene?"), the person the last answer was about.
      const stemSet = new Set(m.stems);
      const namesThing = [...subjects.values()].some(
        (sub) =>
          !sub.isPerson &&
          sub.words[language].some((w) => !lexicon.stopwords.has(w) && stemSet.has(stemWord(w))),
      );
      const ownTopicOf = (sub: Subject | undefined): Topic | undefined =>
        sub
          ? topicById.get(sub.topics.find((id) => id === context.lastTopic) ?? sub.topics[0] ?? '')
          : undefined;
      const pronounSubject = pronoun.entity ? subjects.get(pronoun.entity) : undefined;
      const personTopic = !hasPhrase(raw, lexicon.ageCues)
        ? undefined
        : pronounSubject?.isPerson
          ? ownTopicOf(pronounSubject)
          : (namedPersonTopic() ??
            (!pronoun.entity &&
            !namesThing &&
            !m.namedCity &&
            subject?.isPerson &&
            m.stems.every((st) => lexicon.questionStems.has(st) || ageStems.has(st))
              ? ownTopicOf(subject)
              : undefined));
      if (personTopic)
        choice = {
          ...choice,
          isDeclined: false,
          chosen: {
            topic: personTopic,
            confidence: Math.max(choice.chosen?.confidence ?? 0, settings.minConfidence),
          },
          alternatives: [],
        };
      // The language once typos are fixed: "poblasion" read as "poblacion" is Spanish.
      const final = guessLanguage(trimmed, m.words, fallbackLanguage);
      const finalLanguage = {
        language: final.isConfident ? final.language : fallbackLanguage,
        isLanguageConfident: final.isConfident,
        languageMargin: final.margin,
      };
      let unknownCity = placesNow.unknownCity;
      // "and the mayor?" after a question about a city without a profile is still about it.
      if (
        !unknownCity &&
        !m.namedCity &&
        context.unknownCity &&
        phraseAt(raw, lexicon.followUpCues) > 0
      )
        unknownCity = context.unknownCity;
      // Only a yes/no question asks whether something is in a list.
      const mentions =
        form.kind === 'yesno' ? findMentions(m.stems, settings.minMentionShare, city) : [];
      const skip = new Set<string>([
        // A person of the city named is known to it, even under another post's topic.
        ...(namedPerson?.stems ?? []),
        ...(m.policyArea ? (areaStems.get(m.policyArea) ?? []) : []),
        ...(pronoun.entity
          ? (subjects.get(pronoun.entity)?.words[language] ?? []).map(stemWord)
          : []),
      ]);
      const chosenTopic = choice.chosen?.topic ?? null;
      const gap =
        form.kind === 'yesno' &&
        (mentions.length > 0 || options.some((o) => o.topicId === chosenTopic?.id))
          ? null
          : findGap(
              chosenTopic,
              raw,
              m.stems,
              skip,
              form.kind === 'count',
              m.policyArea !== null && m.choiceContext.dataCues === 0,
              m.choiceContext.dataCues > 0,
              city,
            );
      const uncovered =
        form.kind === 'yesno' && chosenTopic?.kind === 'profile'
          ? uncoveredWords(chosenTopic, m.stems, skip, city)
          : [];
      // "is the mayor corrupt?": a yes/no about a person, with words the profile does not
      // cover, asks what the profile doesn't hold; "Yes — the mayor was ..." would affirm it.
      const personDetail =
        form.kind === 'yesno' && chosenTopic?.subject?.isPerson === true && uncovered.length > 0
          ? { kind: 'detail' as const, words: uncovered }
          : personTopic
            ? {
                kind: 'detail' as const,
                words: m.stems.filter((st) => !skip.has(st) && !lexicon.questionStems.has(st)),
              }
            : null;
      const understanding: Understanding = {
        ...base,
        ...finalLanguage,
        mentions,
        options,
        gap: gap ?? personDetail,
        uncovered,
        isAboutNow,
        problem: null,
        act,
        topic: choice.chosen?.topic ?? null,
        confidence: Number((choice.chosen?.confidence ?? choice.best?.confidence ?? 0).toFixed(3)),
        alternatives: choice.alternatives,
        city: city,
        isCityNamed: m.namedCity !== null,
        cities: m.namedCities,
        unknownCity: m.namedCity ? null : unknownCity,
        alsoUnknownCity: m.namedCity ? unknownCity : null,
        policyArea: m.policyArea,
        surveyYear: findYear(normalized),
        isFollowUp:
          Boolean(m.last) && (hasBoosts(choiceContext) || (!m.namedCity && Boolean(context.city))),
        form,
        words: m.words,
        stems: m.stems,
        pronounEntity: pronoun.entity,
        namedPerson: namedPerson?.subject ?? null,
      };
      const isSettled =
        (understanding.topic !== null && !choice.isCityOnly) ||
        choice.isDeclined ||
        understanding.unknownCity !== null;
      return { understanding, choice, isSettled };
    };
    const plainTyped = act ? typed : dropFormat(typed, lexicon);
    let first = build(plainTyped, false);
    // Fillers never sink a clear question: without the chat opener, the question is tried again.
    // An opener that is also an out-of-scope word ("fine, and the population?") sinks nothing either.
    if ((!first.isSettled || first.choice.isDeclined) && unfilled !== plainTyped) {
      const plain = build(unfilled, false);
      if (plain.isSettled && !(first.isSettled && plain.choice.isDeclined)) first = plain;
    }
    return {
      first: first.understanding,
      retry: first.isSettled ? null : () => build(unfilled, true),
    };
  };

  /**
   * Understands a message. When nothing matches, a second pass lets real words be read
   * as typos of the knowledge's words ("the major of Mexico City"); it redoes only the
   * word, term and topic steps, and its answer is taken only with a clear margin over
   * the threshold.
   */
  const understand = (question: string, context: ConversationContext = {}): Understanding => {
    const { first, retry } = analyse(question, context);
    if (!retry) return first;
    const second = retry();
    const isClear =
      second.understanding.topic !== null &&
      !second.choice.isCityOnly &&
      !second.choice.isDeclined &&
      second.understanding.confidence >= settings.minConfidence + settings.secondChanceMargin;
    return isClear ? second.understanding : first;
  };

  return { understand, settings, vocabulary, lexicon };
}
