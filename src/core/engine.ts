import type { Answer } from './answer';
import { NEW_CONVERSATION, readChatState, type AnswerStyle, type ChatState } from './chatState';
import { composeAnswer, composeMessage } from './composeAnswer';
import type { CoreSettings } from './defaults';
import type { KnowledgeBase, Language, Topic } from './schema';
import { pick, TEXTS } from './texts';
import type { Place } from './understand/entities';
import { createUnderstander, type Understanding } from './understand/understand';

const HELP_TOPIC = 'chat.help';

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

/** Builds the engine: understanding, answers and follow-ups over one knowledge base. */
export function createEngine(
  kb: KnowledgeBase,
  gazetteer: readonly Place[],
  overrides: Partial<CoreSettings> = {},
  isDictionaryWord?: (word: string) => boolean,
): Engine {
  const understander = createUnderstander(kb, gazetteer, overrides, isDictionaryWord);
  const { settings } = understander;
  const max = settings.maxSuggestions;
  const topicById = new Map(kb.topics.map((t) => [t.id, t] as const));
  const cityNames = (language: Language): string =>
    kb.profiles.map((p) => pick(p.name, language)).join(', ');

  const answerTopic = (
    u: Understanding,
    topic: Topic,
    language: Language,
    extraTopics: readonly Topic[] = [],
    policyArea = u.policyArea,
    city = u.city,
  ): Answer =>
    composeAnswer(kb, {
      topic,
      language,
      confidence: u.confidence,
      city,
      unknownCity: u.unknownCity,
      policyArea,
      surveyYear: u.surveyYear,
      alsoUnknownCity: u.alsoUnknownCity,
      alternatives: u.alternatives.map((a) => a.topic),
      extraTopics,
      maxSuggestions: max,
    });

  const respond = (message: string, given: ConversationState = NEW_CONVERSATION): Turn => {
    // Through the one reader: a state from an older version gets its missing fields.
    const state = readChatState(given) ?? NEW_CONVERSATION;
    const u = understander.understand(message, {
      lastTopic: state.lastTopic,
      city: state.city,
      policyArea: state.policyArea,
      language: state.language,
      unknownCity: state.unknownCity,
      lastEntity: state.lastEntity,
    });
    const language = u.language;
    const keep = (answer: Answer, changes: Partial<ConversationState> = {}): Turn => ({
      answer,
      understanding: u,
      state: {
        ...state,
        language: u.isLanguageConfident || !state.language ? language : state.language,
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
      const answer = last
        ? answerTopic(u, last, target, [], state.policyArea, state.city ?? u.city)
        : composeMessage(kb, 'command', target, TEXTS.welcomeTitle, TEXTS.languageSet, max);
      return { answer, understanding: u, state: { ...state, language: target } };
    }
    if (u.command?.kind === 'help') {
      const help = topicById.get(HELP_TOPIC);
      const answer = help
        ? composeAnswer(kb, {
            topic: help,
            language,
            confidence: 1,
            city: u.city,
            unknownCity: null,
            policyArea: null,
            surveyYear: null,
            alternatives: [],
            maxSuggestions: max,
          })
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
      const lang = state.language ?? language;
      if (!last)
        return keep(
          composeMessage(kb, 'command', lang, TEXTS.welcomeTitle, TEXTS.nothingMore, max),
        );
      const shown = new Set([last.id, ...last.includes]);
      const extra = last.followUps
        .filter((id) => !shown.has(id))
        .slice(0, 2)
        .map((id) => topicById.get(id))
        .filter((t): t is Topic => t !== undefined);
      const answer = answerTopic(u, last, lang, extra, state.policyArea, state.city ?? u.city);
      return { answer, understanding: u, state: { ...state, language: lang } };
    }

    const topic = u.topic;
    const answer = topic
      ? answerTopic(u, topic, language)
      : composeAnswer(kb, {
          topic: null,
          language,
          confidence: u.confidence,
          city: u.city,
          unknownCity: u.unknownCity,
          policyArea: u.policyArea,
          surveyYear: u.surveyYear,
          alternatives: [],
          maxSuggestions: max,
        });
    if (answer.kind === 'unknown-city') return keep(answer, { unknownCity: answer.unknownCity });
    if (topic?.kind === 'profile') {
      return keep(answer, {
        lastTopic: topic.id,
        city: u.city,
        policyArea: topic.id === 'data.availability' ? u.policyArea : state.policyArea,
        unknownCity: null,
      });
    }
    return keep(answer);
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
