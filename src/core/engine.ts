import type { Answer, AnswerBlock, Suggestion } from './answer';
import { NEW_CONVERSATION, readChatState, type AnswerStyle, type ChatState } from './chatState';
import { buildCityQuestions } from './cityQuestions';
import { withVocabularyKeywords } from './vocabularyKeywords';
import { citiesHint } from './citiesHint';
import { composeCityList, composeComparison } from './composeCities';
import {
  citationLines,
  composeAnswer,
  composeMessage,
  renderPlainText,
  starterSuggestions,
  suggestionFor,
} from './composeAnswer';
import type { CoreSettings } from './defaults';
import { lexiconOf, phraseAt } from './lexicon';
import { normalizeText, stemWord, tokenize } from './normalize';
import type { KnowledgeBase, Language, Topic } from './schema';
import { pick, TEXTS } from './texts';
import type { Place } from './understand/entities';
import {
  createUnderstander,
  type ConversationContext,
  type Understanding,
} from './understand/understand';

const HELP_TOPIC = 'chat.help';
const COMPARISON_TOPIC = 'comparison';
/** How a bare name after a list is asked as a yes/no question ("designers?": "is there designers?"). */
const LIST_CHECK_OPENER: Readonly<Record<Language, { ask: string; among: string }>> = {
  en: { ask: 'is there', among: 'in' },
  es: { ask: 'hay', among: 'en' },
};
const OVERVIEW_TOPIC = 'city.overview';
const CITY_LIST_TOPIC = 'cities.list';
const DATA_TOPIC = 'data.availability';
/** "which ones focus on transport?", "¿cuáles ...?" after a question about cities: those cities. */
const ONES = /\b(?:which|what) ones\b|(?<![\p{L}])(cu[aá]les)(?![\p{L}])/iu;
const CITIES_WORD = /(?<![\p{L}])(?:cities|ciudades|municipalities|municipios)(?![\p{L}])/iu;
/** "which one", "cuál de las dos": the question picks between the cities named before. */
const WHICH_WORDS: ReadonlySet<string> = new Set(['which', 'cual', 'cuales']);
/** Topics a city-only follow-up ("and Lima?") does not carry over: they are about the city as a whole or several. */
const NOT_CARRIED: ReadonlySet<string> = new Set([OVERVIEW_TOPIC, COMPARISON_TOPIC]);
/** A survey round's year as a word of a message ("and in 2018?"). */
const SURVEY_YEAR = /^(?:19|20)\d{2}$/u;

/** A list index from an ordinal: 1, 2, ... from the start; -1 the last, -2 the one before. */
function positionIndex(position: number, count: number): number {
  return position < 0 ? count + position : position - 1;
}
/** "compare with Lima", "compara con Lima": the verb (any form) and the words that join its other side. */
const COMPARE_VERB = /^compar/u;
const COMPARE_JOINERS: ReadonlySet<string> = new Set([
  'with',
  'to',
  'against',
  'and',
  'con',
  'contra',
  'y',
]);
/** "go back to", "volvamos a": a return to a city the conversation was about (group 1: Spanish). */
const RETURN_LEAD =
  /^\s*(?:(?:ok(?:ay)?|so|now|then)[,\s]+)?(?:(?:let'?s|lets)\s+)?(?:go\s+back|get\s+back|back|return|switch\s+back)\s+to\s+(?=\S)|^\s*(?:(?:vale|bueno|ok|ahora)[,\s]+)?(vuelve|volvamos|vuelvo|regresa|regresemos|regreso|volver)\s+(?:a|con)\s+(?=\S)/iu;

/** Words that put a question to both cities of the conversation at once ("in each?", "¿en ambas?"). */
const EACH_WORDS: ReadonlySet<string> = new Set(['each', 'both', 'cada', 'ambas', 'ambos']);

/** "and with Lima?", "¿y contra Lima?": words that keep a comparison going with another city. */
const WITH_WORDS: ReadonlySet<string> = new Set([
  'with',
  'against',
  'versus',
  'vs',
  'con',
  'contra',
]);
/** Data words that ask for the areas with enough data (the subset asked). */
const SUFFICIENT_STEMS: ReadonlySet<string> = new Set([
  'enough',
  'sufficient',
  'suficient',
  'suficiente',
]);

export { NEW_CONVERSATION };
export type { AnswerStyle };
/** The conversation state (src/core/chatState.ts): one schema for engine, dialogs and stores. */
export type ConversationState = ChatState;

export interface Turn {
  readonly answer: Answer;
  readonly state: ConversationState;
  readonly understanding: Understanding;
}

export interface Engine {
  readonly kb: KnowledgeBase;
  readonly settings: CoreSettings;
  /** Answers one message in a conversation and returns the conversation's next state. */
  respond(message: string, state?: ConversationState): Turn;
  /** Answers one standalone question (the `ask` command). */
  ask(question: string): Answer;
  /** The welcome shown when someone joins, in one language. */
  welcome(language: Language): Answer;
}

const BRIEF_PREFIX: Readonly<Record<Language, RegExp>> = {
  en: /^At the time of the (\d{4}) survey, (.)/u,
  es: /^En el momento de la encuesta de (\d{4}), (.)/u,
};

/** The shortest form of a direct answer: its first sentence, the survey's time moved to the end. */
export function briefOf(short: string, language: Language): string {
  const first = (/^(.+?[.!?])(?:\s|$)/su.exec(short)?.[1] ?? short).trim();
  const m = BRIEF_PREFIX[language].exec(first);
  if (!m) return first;
  const rest = `${(m[2] ?? '').toUpperCase()}${first.slice(m[0].length)}`;
  const survey = language === 'en' ? `${m[1] ?? ''} survey` : `encuesta de ${m[1] ?? ''}`;
  return `${rest.replace(/[.:]$/u, '')} (${survey}).`;
}

/** Builds the engine: understanding, answers, dialogue acts and follow-ups over one knowledge base. */
export function createEngine(
  kb: KnowledgeBase,
  gazetteer: readonly Place[],
  overrides: Partial<CoreSettings> = {},
  isDictionaryWord?: (word: string) => boolean,
): Engine {
  // Role and term names mark their topics in questions about any city.
  const understander = createUnderstander(
    withVocabularyKeywords(kb),
    gazetteer,
    overrides,
    isDictionaryWord,
  );
  const { settings } = understander;
  const lexicon = lexiconOf(kb);
  const max = settings.maxSuggestions;
  const topicById = new Map(kb.topics.map((t) => [t.id, t] as const));
  // The welcome and the fallback say how many cities there are, not all 89 names.
  const cityNames = (language: Language): string => citiesHint(kb, language);

  const contextOf = (state: ChatState): ConversationContext => ({
    lastTopic: state.lastTopic,
    city: state.city,
    policyArea: state.policyArea,
    language: state.language,
    unknownCity: state.unknownCity,
    lastEntity: state.lastEntity,
  });

  const answerTopic = (
    u: Understanding,
    topic: Topic | null,
    language: Language,
    options: {
      readonly extraTopics?: readonly Topic[];
      readonly policyArea?: string | null;
      readonly city?: string;
      readonly skipFacts?: ReadonlySet<string>;
    } = {},
  ): Answer => {
    const policyArea = options.policyArea === undefined ? u.policyArea : options.policyArea;
    const extraTopics = options.extraTopics ?? [];
    return composeAnswer(kb, {
      topic,
      language,
      confidence: u.confidence,
      city: options.city ?? u.city,
      unknownCity: u.unknownCity,
      policyArea,
      surveyYear: u.surveyYear,
      alsoUnknownCity: u.alsoUnknownCity,
      alternatives: u.alternatives.map((a) => a.topic),
      extraTopics,
      maxSuggestions: max,
      question: {
        form: u.form,
        mentions: u.mentions,
        options: u.options,
        policyArea,
        pronounEntity: u.pronounEntity,
        namedPerson: u.namedPerson,
        asksSufficient: u.stems.some((st) => SUFFICIENT_STEMS.has(st)),
        isAboutNow: u.isAboutNow,
        uncovered: u.uncovered,
      },
      gap: extraTopics.length > 0 || options.skipFacts ? null : u.gap,
      isAboutNow: u.isAboutNow,
      skipFacts: options.skipFacts,
    });
  };

  // Words that only shape a question ("ones", "don't"): a message of these asks nothing new.
  const formWords = new Set(
    [...lexicon.listWords, ...lexicon.negationCues.flat(), ...lexicon.countCues.flat()].map(
      stemWord,
    ),
  );
  const followUpStems = new Set(lexicon.followUpCues.flat().map(stemWord));
  const fillerStems = new Set(lexicon.fillers.flat().map(stemWord));
  /** Where the message starts after its openers ("ok, what about Lima?"). */
  const afterFillers = (words: readonly string[]): number => {
    let i = 0;
    for (
      let n = phraseAt(words, lexicon.fillers, i);
      n > 0;
      n = phraseAt(words, lexicon.fillers, i)
    )
      i += n;
    return i;
  };
  const currencyStems = new Set(lexicon.currencyCues.flat().map(stemWord));
  const personEntities = new Set(
    kb.topics.filter((t) => t.subject?.isPerson).map((t) => t.subject?.id ?? ''),
  );
  /** True when the question names a person the profiles name ("is Sheinbaum the mayor?"). */
  const hasPersonName = (u: Understanding): boolean =>
    u.isCityNamed || /\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(u.question.slice(1));
  const cityQuestions = buildCityQuestions(kb, understander.lexicon.stopwords);
  /** "compare it with Lima", "compare with Lima": the conversation's city is the other side. */
  const isAboutBoth = (u: Understanding): boolean => {
    const all = tokenize(normalizeText(u.question));
    return all.some((_, i) => phraseAt(all, lexicon.bothPronouns, i) > 0);
  };
  /** The topic two cities are compared on: the question's, else the conversation's. */
  const comparedTopic = (u: Understanding, state: ChatState): Topic | null => {
    if (u.topic?.kind === 'profile' && !NOT_CARRIED.has(u.topic.id)) return u.topic;
    if (!isAboutBoth(u) || u.isCityNamed) return u.topic;
    const last = state.lastTopic ? topicById.get(state.lastTopic) : undefined;
    return last && !NOT_CARRIED.has(last.id) ? last : u.topic;
  };
  const comparedCities = (u: Understanding, state: ChatState): readonly string[] => {
    const [named] = u.cities;
    // "compare them", "which one is bigger?", "¿cuál de las dos?": the last two cities.
    if (u.cities.length === 0 && state.city && state.previousCity && isAboutBoth(u)) {
      const isTopicFree = !u.topic || u.topic.kind !== 'profile' || u.topic.id === COMPARISON_TOPIC;
      // "¿cuál de los dos es más grande?": "which" asks the two cities about the question's topic.
      const asksWhich = tokenize(normalizeText(u.question)).some((w) => WHICH_WORDS.has(w));
      // "how many people live in each?": a question put to both cities by name of both.
      const asksEach = tokenize(normalizeText(u.question)).some((w) => EACH_WORDS.has(w));
      if (isTopicFree || asksWhich || asksEach || u.topic?.id === state.lastTopic)
        return [state.previousCity, state.city];
    }
    // "and with Lima?", "¿y con Lima?" after a comparison (or one refused for a city without
    // a profile): the same comparison, with that city as the other side.
    const lastWords = tokenize(normalizeText(state.lastQuestion ?? ''));
    const wasComparison =
      state.lastTopic === COMPARISON_TOPIC || lastWords.some((w) => COMPARE_VERB.test(w));
    if (
      wasComparison &&
      u.topic?.id === OVERVIEW_TOPIC &&
      u.cities.length === 1 &&
      named &&
      state.city &&
      state.city !== named
    ) {
      // "and Madrid?" alone moves on to Madrid; "with" keeps the comparison.
      const words = tokenize(normalizeText(u.question));
      if (words.some((w) => WITH_WORDS.has(w))) return [state.city, named];
    }
    if (u.topic?.id !== COMPARISON_TOPIC) return u.cities;
    if (u.cities.length !== 1 || !named) return u.cities;
    if (!state.city || state.city === named) return u.cities;
    const words = tokenize(normalizeText(u.question));
    const hasPronoun = words.some((_, i) => phraseAt(words, lexicon.thingPronouns, i) > 0);
    // "compare with Lima" names the other side; "how does Lima compare with others" its subject.
    const verb = words.findIndex(
      (w, i) => COMPARE_VERB.test(w) && COMPARE_JOINERS.has(words[i + 1] ?? ''),
    );
    const profile = kb.profiles.find((p) => p.id === named);
    const after = ` ${words.slice(verb + 1).join(' ')} `;
    const comparesWith =
      verb >= 0 &&
      [profile?.name.en, profile?.name.es].some(
        (n) => n !== undefined && after.includes(` ${normalizeText(n)} `),
      );
    return hasPronoun || comparesWith ? [state.city, named] : u.cities;
  };
  const answerAcrossCities = (
    u: Understanding,
    state: ChatState,
    language: Language,
  ): Answer | null => {
    // "Which cities can I ask about?" reads as help too; greetings and thanks stay chat.
    if (u.topic?.kind === 'chat' && u.topic.id !== HELP_TOPIC) return null;
    const suggestions = starterSuggestions(kb, language, max);
    const cities = comparedCities(u, state);
    if (cities.length >= 2)
      return composeComparison(
        kb,
        cities,
        comparedTopic(u, state),
        language,
        suggestions,
        u.question,
        u.form.kind === 'yesno',
      );
    const list =
      cityQuestions.listQuery(u.question) ??
      (state.lastQuestion && CITIES_WORD.test(state.lastQuestion) && ONES.test(u.question)
        ? cityQuestions.listQuery(
            u.question.replace(ONES, (_m, es?: string) => (es ? 'qué ciudades' : 'which cities')),
          )
        : null);
    if (!list) return null;
    const isPlaceList = list.criteria.some((c) => c.kind === 'country' || c.kind === 'region');
    // "cities in Brazil": the country is a criterion here, not a city without a profile.
    if (u.unknownCity && !isPlaceList) return null;
    // A question naming one city ("how many cities fund training like Mexico City?") is about
    // that city, unless the name is the country a list asks for ("cities in Mexico").
    if (u.isCityNamed && !isPlaceList) return null;
    // "compared with other cities", no criterion: the city against the survey-wide figures.
    if (list.criteria.length === 0 && u.topic?.id === 'comparison') return null;
    return composeCityList(kb, cityQuestions, list.criteria, language, suggestions);
  };

  /** An answer that is only a message, with these buttons. */
  const message = (
    kind: Answer['kind'],
    language: Language,
    title: string,
    body: string,
    suggestions: readonly Suggestion[],
    extra: Partial<Answer> = {},
  ): Answer => {
    const blocks: AnswerBlock[] = [
      { heading: null, text: body, items: [], isOrdered: false, note: null },
    ];
    return {
      ...composeMessage(kb, kind, language, { en: title, es: title }, { en: body, es: body }, max),
      blocks,
      suggestions,
      short: body,
      text: renderPlainText(title, blocks, [], language),
      ...extra,
    };
  };

  /** The answer's text shortened to its direct answer ("shorter please"). */
  const shortened = (answer: Answer, language: Language): Answer => {
    const brief = briefOf(answer.short ?? answer.blocks[0]?.text ?? answer.title, language);
    const blocks: AnswerBlock[] = [
      { heading: null, text: brief, items: [], isOrdered: false, note: null },
    ];
    return {
      ...answer,
      blocks,
      short: brief,
      alternatives: [],
      text: renderPlainText(answer.title, [], [], language, [], brief),
    };
  };

  /** An answer in its fewest words: its list's items, else its first sentence without the survey's time. */
  const simplestOf = (answer: Answer, language: Language): string => {
    const profile = kb.profiles.find((p) => p.id === answer.city);
    const list = profile?.facts.find((f) => f.id === answer.listFact);
    const topic = answer.topic ? topicById.get(answer.topic) : undefined;
    if (list && list.items.length > 0 && topic) {
      const items = list.items.map((i) => (i.text ? pick(i.text, language) : '')).filter(Boolean);
      return `${pick(topic.title, language)}: ${items.join('; ')}.`;
    }
    return briefOf(answer.short ?? answer.title, language).replace(/\s*\([^()]*\)\.$/u, '.');
  };

  /** The full answer to a topic, opened by a line saying the profile holds nothing more on it. */
  const allOf = (answer: Answer, topic: Topic, language: Language): Answer => {
    // Nothing on the topic at all ("that part was not kept"): that answer says so itself.
    if (answer.factIds.length === 0) return answer;
    const intro = pick(TEXTS.allSaid(pick(topic.title, language)), language);
    const blocks: AnswerBlock[] = [
      { heading: null, text: intro, items: [], isOrdered: false, note: null },
      ...answer.blocks,
    ];
    return {
      ...answer,
      blocks,
      text: renderPlainText(answer.title, blocks, answer.citations, language, answer.alternatives),
    };
  };

  /** The language of this turn: a chosen language holds until a whole message is clearly in the other. */
  const languageOf = (
    u: Understanding,
    state: ChatState,
  ): { language: Language; isChosen: boolean } => {
    if (!state.language) return { language: u.language, isChosen: false };
    if (!u.isLanguageConfident)
      return { language: state.language, isChosen: state.isLanguageChosen };
    if (!state.isLanguageChosen) return { language: u.language, isChosen: false };
    const isClearlyOther =
      u.language !== state.language &&
      u.languageMargin >= settings.languageSwitchMargin &&
      tokenize(normalizeText(u.question)).length >= settings.languageSwitchMinWords;
    return isClearlyOther
      ? { language: u.language, isChosen: false }
      : { language: state.language, isChosen: true };
  };

  /** The state after an answer to a question: what it was about, what it sent, what it offered. */
  const after = (
    state: ChatState,
    answer: Answer,
    question: string,
    u: Understanding,
  ): ChatState => {
    // "population of Bogotá?" then "what about Mexico City?": the topic asked carries over.
    if (answer.kind === 'unknown-city')
      return {
        ...state,
        lastTopic: u.topic?.kind === 'profile' ? u.topic.id : state.lastTopic,
        lastQuestion: question.slice(0, settings.maxQuestionLength),
        unknownCity: answer.unknownCity,
        misses: 0,
        lastGap: false,
        offered: [],
      };
    // The question is kept so "in Spanish", "repeat" and "shorter" act on this reply too.
    const asked = question.slice(0, settings.maxQuestionLength);
    // "how old is the mayor of Bilbao?": the profile doesn't say, but the conversation is
    // now about Bilbao ("who leads innovation there?").
    if (answer.kind === 'gap') {
      const named = u.isCityNamed && answer.city !== null && answer.city !== state.city;
      return {
        ...state,
        ...(named
          ? { city: answer.city, previousCity: state.city, unknownCity: null, listedCities: [] }
          : {}),
        lastGap: true,
        misses: 0,
        offered: [],
        lastQuestion: asked,
      };
    }
    if (answer.kind === 'fallback') return { ...state, misses: state.misses + 1, lastGap: false };
    if (answer.kind !== 'profile' || !answer.topic) return { ...state, misses: 0 };
    const topic = topicById.get(answer.topic);
    const sent = [...new Set([...state.sentFacts, ...answer.factIds])].slice(
      -settings.maxSentFacts,
    );
    const offered =
      u.alternatives.length > 0
        ? u.alternatives.map((a) => a.topic.id)
        : (topic?.followUps.slice(0, 1) ?? []);
    return {
      ...state,
      lastTopic: answer.topic,
      city: answer.city,
      listedCities: answer.topic === CITY_LIST_TOPIC ? answer.cities.slice(0, 200) : [],
      // Side by side ("Rosario and Medellín"): the other city is the one "theirs" means.
      previousCity:
        (answer.topic === CITY_LIST_TOPIC
          ? undefined
          : answer.cities.find((c) => c !== answer.city)) ??
        (answer.city !== null && answer.city !== state.city ? state.city : state.previousCity),
      policyArea: answer.topic === 'data.availability' ? answer.policyArea : state.policyArea,
      unknownCity: null,
      // "is he the mayor?" — "No", "where does he work?" — "the agency": "he" is still the
      // one the conversation is about.
      lastEntity:
        u.pronounEntity &&
        answer.entity !== u.pronounEntity &&
        (u.form.kind === 'yesno' ||
          (personEntities.has(u.pronounEntity) && !personEntities.has(answer.entity ?? '')))
          ? u.pronounEntity
          : (answer.entity ?? state.lastEntity),
      lastList: answer.listFact ?? state.lastList,
      lastQuestion: question.slice(0, settings.maxQuestionLength),
      sentFacts:
        answer.topic === state.lastTopic ? sent : answer.factIds.slice(0, settings.maxSentFacts),
      offered,
      misses: 0,
      lastGap: false,
    };
  };

  /** The fallback, or after repeated misses the topic menu ("you can ask me about ..."). */
  const fallback = (u: Understanding, state: ChatState, language: Language): Answer => {
    const base = answerTopic(u, null, language);
    if (base.kind !== 'fallback') return base;
    const city = kb.profiles.find((p) => p.id === u.city) ?? kb.profiles[0];
    const cityName = city ? pick(city.name, language) : cityNames(language);
    const misses = state.misses + 1;
    if (misses >= settings.missesBeforeMenu) {
      const menuTopics = kb.topics.filter((t) => t.kind === 'profile' && t.suggestion);
      const names = menuTopics.map((t) => pick(t.title, language).toLowerCase()).slice(0, 8);
      const buttons = menuTopics
        .map((t) => suggestionFor(t, language))
        .filter((sg): sg is Suggestion => sg !== null)
        .slice(0, 6);
      return message(
        'fallback',
        language,
        pick(TEXTS.menuTitle, language),
        pick(TEXTS.menu(names.join(', ')), language),
        buttons,
        { short: null, confidence: u.confidence },
      );
    }
    const variants = TEXTS.fallbacks(cityName);
    const variant = variants[state.misses % variants.length] ?? variants[0];
    return variant
      ? message(
          'fallback',
          language,
          pick(TEXTS.fallbackTitle, language),
          pick(variant, language),
          base.suggestions,
          { short: null, confidence: u.confidence },
        )
      : base;
  };

  /**
   * "designers?", "and sociologists?", "¿científicos de datos?" right after a list: a bare
   * name asks whether the list holds it. Read as the yes/no question it stands for, kept
   * only when that question is about the same list.
   */
  const asListCheck = (u: Understanding, state: ChatState): Understanding | null => {
    if (!state.lastList || !state.lastTopic || u.isCityNamed || u.unknownCity) return null;
    if (u.form.kind !== 'open' || u.form.isNegated || u.act) return null;
    if (!/\?\s*$/u.test(u.question) || (u.topic && u.topic.id !== state.lastTopic)) return null;
    const words = tokenize(normalizeText(u.question));
    const start = afterFillers(words);
    const rest = words.slice(start + phraseAt(words, lexicon.followUpCues, start));
    const content = rest.filter((w) => !lexicon.stopwords.has(w));
    const isBare =
      content.length > 0 &&
      content.length <= settings.formOnlyMaxWords + 1 &&
      !content.some((w) => lexicon.questionStems.has(stemWord(w)));
    if (!isBare) return null;
    // A name the knowledge does not know ("lawyers?") is asked of the list by its title.
    const topic = topicById.get(state.lastTopic);
    const opener = LIST_CHECK_OPENER[u.language];
    const asks = [
      `${opener.ask} ${rest.join(' ')}?`,
      `${opener.ask} ${rest.join(' ')} ${opener.among} ${topic ? pick(topic.title, u.language) : ''}?`,
    ];
    for (const asked of asks) {
      const checked = understander.understand(asked, contextOf(state));
      if (checked.form.kind === 'yesno' && checked.topic?.id === state.lastTopic)
        return { ...checked, question: u.question, language: u.language };
    }
    return null;
  };

  /**
   * "how many people?": when a question's one content word is itself ambiguous (people
   * who live in the city, or who work on innovation), the other reading is offered
   * ("did you mean"), and "yes" takes it.
   */
  const withVagueAlternatives = (u: Understanding, state: ChatState): Understanding => {
    if (u.topic?.kind !== 'profile' || u.alternatives.length > 0 || u.isCityNamed) return u;
    if (u.pronounEntity || u.gap || u.form.kind === 'yesno') return u;
    const content = u.stems.filter(
      (st) =>
        !lexicon.questionStems.has(st) &&
        !formWords.has(st) &&
        !fillerStems.has(st) &&
        !followUpStems.has(st),
    );
    const [stem] = content;
    // The word as typed, else its stem ("gente" reads as "persona").
    const word = u.words.find((w) => stemWord(w) === stem) ?? stem;
    if (content.length !== 1 || !word) return u;
    const alone = understander.understand(word, { language: u.language, city: u.city });
    const others = [
      ...(alone.topic && alone.topic.id !== u.topic.id
        ? [{ topic: alone.topic, confidence: alone.confidence }]
        : []),
      ...alone.alternatives,
    ].filter((a) => a.topic.id !== u.topic?.id && a.topic.kind === 'profile');
    const [other] = others;
    if (!other) return u;
    // "¿cuántas personas tiene?" after the agency: the entity the conversation is about
    // settles it (Spanish leaves the subject unsaid).
    const entity = state.lastEntity;
    const isAboutEntity =
      entity !== null &&
      other.topic.subject?.id === entity &&
      u.topic.subject?.id !== entity &&
      !personEntities.has(entity);
    return isAboutEntity
      ? { ...u, topic: other.topic, alternatives: [{ topic: u.topic, confidence: u.confidence }] }
      : { ...u, alternatives: [other] };
  };

  /** The question as the conversation reads it: a list check, a vague word's other reading. */
  const refine = (u: Understanding, state: ChatState): Understanding =>
    withVagueAlternatives(asListCheck(u, state) ?? u, state);

  /** Answers one question (no act), in the turn's language. */
  const answerQuestion = (given: Understanding, state: ChatState, language: Language): Answer => {
    const u = refine(given, state);
    // Across cities: several named side by side, or a list of cities meeting criteria.
    const across = answerAcrossCities(u, state, language);
    if (across) return across;
    if (u.topic?.kind === 'chat' && u.topic.id === HELP_TOPIC)
      return answerTopic(u, u.topic, language);
    // "how many?", "which ones don't?", "¿cuándo?": only a question form, asked of the last topic.
    const last = state.lastTopic ? topicById.get(state.lastTopic) : undefined;
    const isFormOnly =
      (u.form.kind !== 'open' || u.form.isNegated) &&
      u.stems.filter((st) => !lexicon.questionStems.has(st) && !formWords.has(st)).length <=
        settings.formOnlyMaxWords;
    // "and who is it now?", "¿y hoy?": only whether the last answer still holds.
    const isNowOnly =
      u.isAboutNow &&
      !u.unknownCity &&
      !u.gap &&
      !u.isCityNamed &&
      u.stems.every(
        (st) =>
          lexicon.questionStems.has(st) ||
          formWords.has(st) ||
          currencyStems.has(st) ||
          followUpStems.has(st),
      );
    // "what about Lima?", "¿y en Madrid?" after the mayor: the same question of that city.
    const words = tokenize(normalizeText(u.question));
    const isCityOnlyFollowUp =
      u.topic?.id === OVERVIEW_TOPIC &&
      u.isCityNamed &&
      u.cities.length === 1 &&
      last !== undefined &&
      last.kind === 'profile' &&
      !NOT_CARRIED.has(last.id) &&
      // After "no profile for Bogotá", any city alone re-asks the question ("ok then Lima");
      // so does a city alone in a correction ("no, en Medellín", "I meant Lima").
      (state.unknownCity !== null ||
        isCorrecting ||
        phraseAt(words, lexicon.followUpCues, afterFillers(words)) > 0) &&
      u.stems.every(
        (st) =>
          lexicon.questionStems.has(st) ||
          formWords.has(st) ||
          followUpStems.has(st) ||
          fillerStems.has(st),
      );
    // "and in 2018?", "¿y en 2020?": the last question of another survey round. A profile
    // holds one round: say which, and give its answer (never a figure of another year).
    const years = words.filter((w) => SURVEY_YEAR.test(w));
    const isYearOnly =
      years.length === 1 &&
      !u.unknownCity &&
      !u.gap &&
      (!u.topic || u.topic.id === OVERVIEW_TOPIC || u.topic.kind === 'chat') &&
      last !== undefined &&
      last.kind === 'profile' &&
      !NOT_CARRIED.has(last.id) &&
      u.stems.every(
        (st) =>
          SURVEY_YEAR.test(st) ||
          lexicon.questionStems.has(st) ||
          formWords.has(st) ||
          followUpStems.has(st) ||
          fillerStems.has(st),
      );
    if (last && isYearOnly) {
      const city = u.isCityNamed ? u.city : (state.city ?? u.city);
      const profile = kb.profiles.find((p) => p.id === city);
      const asked = Number(years[0]);
      // "was that in 2020?" of a 2020 profile: yes, and the answer; of another round, no
      // "yes": the note says which round the profile holds.
      const isOwnRound = !profile || profile.survey.year === asked;
      const form = isOwnRound
        ? u.form
        : { kind: 'open' as const, isNegated: false, comparison: null };
      const answer = answerTopic({ ...u, form, topic: last }, last, language, {
        policyArea: state.policyArea,
        city,
      });
      if (!profile || isOwnRound) return answer;
      const note: AnswerBlock = {
        heading: null,
        text: pick(
          TEXTS.otherRound(asked, profile.survey.year, pick(profile.name, language)),
          language,
        ),
        items: [],
        isOrdered: false,
        note: null,
      };
      const blocks = [note, ...answer.blocks];
      return {
        ...answer,
        blocks,
        short: answer.short ? `${note.text} ${answer.short}` : answer.short,
        text: renderPlainText(
          answer.title,
          blocks,
          answer.citations,
          language,
          answer.alternatives,
          answer.short ? `${note.text} ${answer.short}` : answer.short,
        ),
      };
    }
    if (last && isCityOnlyFollowUp) return answerTopic({ ...u, topic: last }, last, language);
    if (last && isNowOnly)
      return answerTopic({ ...u, topic: last }, last, language, {
        policyArea: state.policyArea,
        city: state.city ?? u.city,
      });
    if (!u.topic && !u.unknownCity && !u.gap && last && isFormOnly)
      return answerTopic(u, last, language, {
        policyArea: last.id === 'data.availability' ? null : state.policyArea,
        city: state.city ?? u.city,
      });
    if (!u.topic && !u.unknownCity && !u.gap) return fallback(u, state, language);
    // "¿es el jefe de gobierno?" after the lead officer: Spanish leaves the subject ("él") unsaid.
    const lastSubject = state.lastEntity;
    const isImplicitSubject =
      u.form.kind === 'yesno' &&
      !u.pronounEntity &&
      lastSubject !== null &&
      u.topic?.subject?.isPerson === true &&
      u.topic.subject.id !== lastSubject &&
      personEntities.has(lastSubject) &&
      /^\W*(?:es|era|fue|sigue|is|was)\b/iu.test(u.question) &&
      !hasPersonName(u);
    if (isImplicitSubject)
      return answerTopic({ ...u, pronounEntity: lastSubject }, u.topic, language);
    return answerTopic(u, u.topic, language);
  };

  /** Several questions in one message, answered in order ("who is the mayor and what is the population?"). */
  const splitQuestions = (text: string): string[] => {
    // Most messages hold one question: only a mid-text "?" or an "and"/"y" can join two.
    if (!/\?\s*\S|\s(?:and|y)\s/iu.test(text)) return [text];
    const byMark = text
      .split(/(?<=\?)\s+(?=\S)/u)
      .map((p) => p.trim())
      .filter(Boolean);
    const parts: string[] = [];
    for (const part of byMark) {
      const words = part.split(/\s+/u);
      let start = 0;
      for (let i = 1; i < words.length - 1; i += 1) {
        const joiner = normalizeText(words[i] ?? '');
        if (joiner !== 'and' && joiner !== 'y') continue;
        const next = tokenize(normalizeText(words.slice(i + 1, i + 4).join(' ')));
        const isQuestion =
          lexicon.questionStemsRaw.has(next[0] ?? '') ||
          phraseAt(next, lexicon.yesNoOpeners.en) > 0;
        if (!isQuestion || i - start < 2) continue;
        parts.push(words.slice(start, i).join(' '));
        start = i + 1;
      }
      parts.push(words.slice(start).join(' '));
    }
    return parts
      .filter((p) => normalizeText(p).length > 0)
      .slice(0, settings.maxQuestionsPerMessage);
  };

  const combine = (answers: readonly Answer[], language: Language): Answer => {
    const [first, ...rest] = answers;
    if (!first) throw new Error('combine: no answers');
    const blocks: AnswerBlock[] = [...first.blocks];
    for (const a of rest)
      a.blocks.forEach((b, i) =>
        blocks.push(i === 0 ? { ...b, heading: b.heading ?? a.title } : b),
      );
    const citations = [...first.citations, ...rest.flatMap((a) => a.citations)].filter(
      (c, i, all) =>
        all.findIndex(
          (d) => d.source === c.source && d.year === c.year && d.section === c.section,
        ) === i,
    );
    const short =
      answers
        .map((a) => a.short)
        .filter((x): x is string => Boolean(x))
        .join(' ') || null;
    return {
      ...first,
      blocks,
      citations,
      short,
      factIds: answers.flatMap((a) => a.factIds),
      cities: [...new Set(answers.flatMap((a) => a.cities))],
      text: renderPlainText(first.title, blocks, citations, language, first.alternatives, short),
    };
  };

  /** Re-answers the conversation's last question (for repeat, shorter, what?, source, why). */
  const lastAnswer = (
    state: ChatState,
    language: Language,
  ): { answer: Answer; u: Understanding } | null => {
    if (!state.lastQuestion) return null;
    const before = { ...state, lastTopic: state.lastTopic };
    const heard = understander.understand(state.lastQuestion, contextOf(before));
    // Read again after its own answer, a question may lean on that answer's follow-ups:
    // the topic answered is the one it had.
    const answered = state.lastTopic ? topicById.get(state.lastTopic) : undefined;
    const u =
      answered && heard.topic?.kind === 'profile' && heard.topic.id !== answered.id && !heard.gap
        ? { ...heard, topic: answered, alternatives: [] }
        : heard;
    // "¿y hoy?" has no topic of its own: answered again in the conversation, as it was.
    const answer = answerQuestion(u, state, language);
    if (answer.kind === 'fallback' || (!u.topic && !u.gap && answer.kind !== 'profile'))
      return null;
    return { answer, u };
  };

  const respondToAct = (u: Understanding, state: ChatState, language: Language): Answer | null => {
    const act = u.act;
    if (!act) return null;
    const last = state.lastTopic ? topicById.get(state.lastTopic) : undefined;
    switch (act.kind) {
      case 'affirm': {
        const offered = state.offered[0] ? topicById.get(state.offered[0]) : undefined;
        if (!offered)
          return message(
            'chat',
            language,
            pick(TEXTS.welcomeTitle, language),
            pick(TEXTS.acknowledged, language),
            starterSuggestions(kb, language, max),
          );
        return answerTopic(u, offered, language, {
          policyArea: state.policyArea,
          city: state.city ?? u.city,
        });
      }
      case 'deny':
        return message(
          'chat',
          language,
          pick(TEXTS.welcomeTitle, language),
          pick(TEXTS.denied, language),
          starterSuggestions(kb, language, max),
        );
      case 'acknowledge':
        if (!state.lastQuestion && !state.lastTopic) return null;
        return message(
          'chat',
          language,
          pick(TEXTS.welcomeTitle, language),
          pick(TEXTS.acknowledged, language),
          starterSuggestions(kb, language, max),
        );
      case 'repeat':
      case 'shorter':
      case 'clarify':
      case 'source': {
        const previous = lastAnswer(state, language);
        if (!previous)
          return act.kind === 'clarify'
            ? null
            : message(
                'command',
                language,
                pick(TEXTS.welcomeTitle, language),
                pick(TEXTS.nothingMore, language),
                starterSuggestions(kb, language, max),
              );
        const answer = previous.answer;
        if (act.kind === 'repeat') return answer;
        if (act.kind === 'shorter') return shortened(answer, language);
        if (act.kind === 'clarify') {
          // Asked again: fewer words still, never the same reply twice.
          const simple =
            state.clarified > 0
              ? `${pick(TEXTS.simplest, language)} ${simplestOf(answer, language)}`
              : `${pick(TEXTS.simpler, language)} ${briefOf(answer.short ?? answer.title, language)}`;
          return {
            ...shortened(answer, language),
            short: simple,
            text: renderPlainText(answer.title, [], [], language, [], simple),
            blocks: [{ heading: null, text: simple, items: [], isOrdered: false, note: null }],
          };
        }
        const lines = citationLines(answer.citations, language);
        if (lines.length === 0)
          return message(
            'chat',
            language,
            pick(TEXTS.welcomeTitle, language),
            pick(TEXTS.noSource, language),
            answer.suggestions,
          );
        // The page the figures are read from goes with them ("¿me pasas el enlace?").
        const url = answer.citations.find((c) => c.url)?.url;
        const page = url ? ` ${pick(TEXTS.profilePage, language)}: ${url}` : '';
        const body = `${pick(TEXTS.sourceIntro, language)} ${lines.join(' ')}${page}`;
        return {
          ...answer,
          blocks: [{ heading: null, text: body, items: [], isOrdered: false, note: null }],
          short: body,
          text: renderPlainText(answer.title, [], [], language, [], body),
        };
      }
      case 'why': {
        if (!last) return null;
        const whyForm = { ...u, form: { ...u.form, kind: 'why' as const } };
        const answer = answerTopic(whyForm, last, language, {
          policyArea: state.policyArea,
          city: state.city ?? u.city,
        });
        const city = kb.profiles.find((p) => p.id === answer.city);
        const hasReason = city?.facts.some(
          (f) => f.topic === last.id && f.answers?.includes('why'),
        );
        if (hasReason) return answer;
        return message(
          'profile',
          language,
          answer.title,
          pick(TEXTS.noReason(pick(last.title, language)), language),
          answer.suggestions,
          { topic: last.id, city: answer.city, cities: answer.cities },
        );
      }
      case 'otherCity': {
        // "and theirs?" after Rosario and Medellín: the last topic, for the other city.
        const other = state.previousCity;
        if (!last || !other || other === state.city) return null;
        // After a side-by-side answer, the topic the two cities were compared on.
        const heard =
          last.id === COMPARISON_TOPIC && state.lastQuestion
            ? understander.understand(state.lastQuestion, contextOf(state))
            : null;
        const topic = heard ? comparedTopic(heard, state) : last;
        if (!topic || topic.kind !== 'profile' || topic.id === COMPARISON_TOPIC) return null;
        return answerTopic(
          { ...u, form: { kind: 'open', isNegated: false, comparison: null }, city: other },
          topic,
          language,
          { policyArea: state.policyArea, city: other },
        );
      }
      case 'ordinal': {
        // "the second one" after a list of cities: that city's profile at a glance.
        if (state.listedCities.length > 0) {
          const index = positionIndex(act.position, state.listedCities.length);
          const city = state.listedCities[index];
          const overview = topicById.get(OVERVIEW_TOPIC);
          if (city && overview)
            return answerTopic(
              { ...u, form: { kind: 'open', isNegated: false, comparison: null } },
              overview,
              language,
              { city },
            );
        }
        const profile = kb.profiles.find((p) => p.id === (state.city ?? kb.defaultCity));
        const fact = profile?.facts.find((f) => f.id === state.lastList);
        if (!profile || !fact)
          return message(
            'chat',
            language,
            pick(TEXTS.welcomeTitle, language),
            pick(TEXTS.noList, language),
            last
              ? (answerTopic(u, last, language).suggestions ?? [])
              : starterSuggestions(kb, language, max),
          );
        const count = fact.items.length;
        const index = positionIndex(act.position, count);
        const item = fact.items[index];
        const topic = topicById.get(fact.topic);
        if (!topic) return null;
        if (!item)
          return message(
            'profile',
            language,
            pick(topic.title, language),
            pick(TEXTS.ordinalMissing(act.position, count), language),
            starterSuggestions(kb, language, max),
          );
        // A policy area: what the profile says of its data, when it holds that; else the
        // area's name and place in the list, with the profile's paragraph on it if any
        // (Bilbao's copy kept no data section: "the second one" is still Social welfare).
        const area = item.policyArea
          ? kb.policyAreas.find((a) => a.id === item.policyArea)
          : undefined;
        const hasAreaData =
          area !== undefined &&
          profile.facts.some(
            (f) => f.topic === DATA_TOPIC && f.items.some((i) => i.policyArea === area.id),
          );
        if (item.policyArea && (hasAreaData || !area))
          return answerTopic(
            { ...u, form: { kind: 'open', isNegated: false, comparison: null } },
            topicById.get(DATA_TOPIC) ?? topic,
            language,
            { policyArea: item.policyArea, city: profile.id },
          );
        const label = item.text ? pick(item.text, language) : area ? pick(area.name, language) : '';
        const title = `${pick(topic.title, language)} — ${pick(profile.name, language)}`;
        const body = pick(
          TEXTS.ordinalItem(label, index + 1, count, pick(topic.title, language)),
          language,
        );
        const blocks: AnswerBlock[] = [
          { heading: null, text: body, items: [], isOrdered: false, note: null },
        ];
        const areaFact = area ? profile.facts.find((f) => f.id === `area-${area.id}`) : undefined;
        if (areaFact?.text)
          blocks.push({
            heading: pick(TEXTS.ordinalAbout, language),
            text: pick(areaFact.text, language),
            items: [],
            isOrdered: false,
            note: null,
          });
        // What else the profile says about the item: its own topic, when one answers it clearly.
        const about = understander.understand(label, { city: profile.id, language });
        const isClear =
          !area &&
          about.topic?.kind === 'profile' &&
          about.topic.id !== topic.id &&
          about.confidence >= settings.ordinalTopicConfidence;
        let factIds: string[] = areaFact ? [fact.id, areaFact.id] : [fact.id];
        if (isClear && about.topic) {
          const more = answerTopic(about, about.topic, language);
          if (more.short)
            blocks.push({
              heading: pick(TEXTS.ordinalAbout, language),
              text: briefOf(more.short, language),
              items: [],
              isOrdered: false,
              note: null,
            });
          factIds = [...factIds, ...more.factIds];
        }
        const base = answerTopic(u, topic, language, { city: profile.id });
        const short = blocks.map((b) => b.text).join(' ');
        return {
          ...base,
          blocks,
          short,
          factIds,
          listFact: fact.id,
          alternatives: [],
          text: renderPlainText(title, blocks.slice(1), base.citations, language, [], body),
        };
      }
      default:
        return null;
    }
  };

  /** True while the rest of a correction ("no, en Medellín") is answered: respond is synchronous. */
  let isCorrecting = false;
  const respond = (typed: string, given: ConversationState = NEW_CONVERSATION): Turn => {
    // Through the one reader: a state from an older version gets its missing fields.
    const state = given === NEW_CONVERSATION ? given : (readChatState(given) ?? NEW_CONVERSATION);
    // "go back to Mexico City", "volvamos a Medellín": a follow-up naming the city, said as
    // "what about" / "¿y en?" so the last question is asked of it.
    // "back to English", "go back to cards" stay commands.
    const heard = understander.understand(typed, contextOf(state));
    const isReturn = heard.act === null && RETURN_LEAD.test(typed);
    const text = isReturn
      ? typed.replace(RETURN_LEAD, (_m, es?: string) => (es ? '¿y en ' : 'what about '))
      : typed;
    const u = isReturn ? understander.understand(text, contextOf(state)) : heard;
    // A short act or command ("tell me more", "ok", "why?") keeps the conversation's language.
    const isAct =
      u.act !== null &&
      u.act.kind !== 'correction' &&
      u.command?.kind !== 'language' &&
      (state.lastTopic !== null || state.lastQuestion !== null);
    // ... unless a whole act (not a command) is clearly in the other language ("no entiendo"
    // in an English conversation): two words or more, the other language ahead by a marker
    // point; a language the person chose holds as it does for questions.
    const actWords = tokenize(normalizeText(u.question)).length;
    const isActInOther =
      u.act?.kind !== 'command' &&
      u.isLanguageConfident &&
      u.language !== state.language &&
      u.languageMargin >= settings.actLanguageMargin &&
      actWords >= settings.actLanguageMinWords;
    const chosen =
      isAct && state.language && !isActInOther
        ? { language: state.language, isChosen: state.isLanguageChosen }
        : languageOf(u, state);
    const language = chosen.language;
    const keep = (answer: Answer, changes: Partial<ChatState> = {}): Turn => ({
      answer,
      understanding: u,
      state: {
        ...state,
        language,
        isLanguageChosen: chosen.isChosen,
        clarified: u.act?.kind === 'clarify' ? state.clarified + 1 : 0,
        ...changes,
      },
    });

    if (u.problem === 'empty')
      return keep(composeMessage(kb, 'problem', language, TEXTS.emptyTitle, TEXTS.empty, max));
    if (u.problem === 'too-long') {
      const body = TEXTS.tooLong(settings.maxQuestionLength);
      return keep(composeMessage(kb, 'problem', language, TEXTS.tooLongTitle, body, max));
    }

    const last = state.lastTopic ? topicById.get(state.lastTopic) : undefined;
    if (u.command?.kind === 'style') {
      const body = u.command.style === 'text' ? TEXTS.styleText : TEXTS.styleCards;
      return keep(composeMessage(kb, 'command', language, TEXTS.welcomeTitle, body, max), {
        style: u.command.style,
      });
    }
    if (u.command?.kind === 'language') {
      const target = u.command.language;
      const previous = lastAnswer(state, target);
      const answer = previous
        ? previous.answer
        : last
          ? answerTopic(u, last, target, {
              policyArea: state.policyArea,
              city: state.city ?? u.city,
            })
          : composeMessage(kb, 'command', target, TEXTS.welcomeTitle, TEXTS.languageSet, max);
      return {
        answer,
        understanding: u,
        state: { ...state, language: target, isLanguageChosen: true },
      };
    }
    if (u.command?.kind === 'help') {
      const help = topicById.get(HELP_TOPIC);
      const answer = help
        ? answerTopic({ ...u, unknownCity: null, gap: null, confidence: 1 }, help, language)
        : composeMessage(
            kb,
            'chat',
            language,
            TEXTS.welcomeTitle,
            TEXTS.welcome(cityNames(language)),
            max,
          );
      return keep(answer);
    }
    if (u.command?.kind === 'more') {
      if (!last)
        return keep(
          composeMessage(kb, 'command', language, TEXTS.welcomeTitle, TEXTS.nothingMore, max),
        );
      // What has not been sent yet: the topic's other facts, else the topics that follow it.
      const sent = new Set(state.sentFacts);
      const city = kb.profiles.find((p) => p.id === (state.city ?? u.city));
      const unsent = city?.facts.filter((f) => f.topic === last.id && !sent.has(f.id)) ?? [];
      const shown = new Set([last.id, ...last.includes]);
      const extra =
        unsent.length > 0
          ? []
          : last.followUps
              .filter((id) => !shown.has(id))
              .slice(0, 2)
              .map((id) => topicById.get(id))
              .filter((t): t is Topic => t !== undefined);
      const plain = {
        ...u,
        form: { kind: 'open' as const, isNegated: false, comparison: null },
        gap: null,
        isAboutNow: false,
      };
      const options = { policyArea: state.policyArea, city: state.city ?? u.city };
      const unseen = answerTopic(plain, last, language, {
        ...options,
        extraTopics: extra,
        skipFacts: sent,
      });
      // Nothing left unsent: the whole answer, saying that it is all the profile holds.
      const answer =
        unseen.factIds.length > 0
          ? unseen
          : allOf(answerTopic(plain, last, language, options), last, language);
      return keep(answer, {
        sentFacts: [...new Set([...state.sentFacts, ...answer.factIds])].slice(
          -settings.maxSentFacts,
        ),
      });
    }

    const actAnswer = respondToAct(u, state, language);
    if (actAnswer) {
      const isQuestionLike =
        u.act?.kind === 'affirm' ||
        u.act?.kind === 'ordinal' ||
        u.act?.kind === 'why' ||
        u.act?.kind === 'otherCity';
      if (isQuestionLike && actAnswer.kind === 'profile')
        return keep(actAnswer, {
          ...after(state, actAnswer, state.lastQuestion ?? text, u),
          language,
          isLanguageChosen: chosen.isChosen,
          lastQuestion: state.lastQuestion,
        });
      return keep(actAnswer);
    }
    if (u.act?.kind === 'correction') {
      const meant = u.act.rest.join(' ');
      isCorrecting = true;
      try {
        const turn = respond(meant, { ...state, language, isLanguageChosen: chosen.isChosen });
        return { ...turn, understanding: u };
      } finally {
        isCorrecting = false;
      }
    }

    // Several questions in one message, answered in order.
    const parts = splitQuestions(text);
    if (parts.length > 1) {
      // A city the first question names holds for the next ones ("who leads innovation
      // in Turin, and what is it helping the city do?"): each part is read in the state
      // the parts before it left.
      const understood: Understanding[] = [];
      let reading = state;
      for (const p of parts) {
        const x = understander.understand(p, contextOf(reading));
        understood.push(x);
        if (x.city) reading = { ...reading, city: x.city };
      }
      if (understood.every((x) => x.topic?.kind === 'profile' || x.gap)) {
        const answers: Answer[] = [];
        let next = state;
        understood.forEach((x, i) => {
          const a = answerQuestion(x, next, language);
          answers.push(a);
          next = after(next, a, parts[i] ?? text, x);
        });
        const answer = combine(answers, language);
        return keep(answer, { ...next, language, isLanguageChosen: chosen.isChosen });
      }
    }

    const refined = refine(u, state);
    const answer = answerQuestion(refined, state, language);
    return keep(answer, {
      ...after(state, answer, text, refined),
      language,
      isLanguageChosen: chosen.isChosen,
    });
  };

  const welcome = (language: Language): Answer => ({
    ...composeMessage(
      kb,
      'chat',
      language,
      TEXTS.welcomeTitle,
      TEXTS.welcome(cityNames(language)),
      settings.welcomeSuggestions,
    ),
    confidence: 1,
  });

  return {
    kb,
    settings,
    respond,
    ask: (question: string) => respond(question, NEW_CONVERSATION).answer,
    welcome,
  };
}
