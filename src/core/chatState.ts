import { z } from 'zod';
import { LanguageSchema } from './schema';

/** How answers are shown: Adaptive Cards where the channel renders them, or plain text. */
export const AnswerStyleSchema = z.enum(['cards', 'text']);
export type AnswerStyle = z.infer<typeof AnswerStyleSchema>;

const nullableId = z.string().max(200).nullable().default(null);

/**
 * What the bot remembers of a conversation between turns: the one schema the engine,
 * the dialogs and the state stores use. Plain JSON. Every field has a default, so a
 * state saved by an older version (without the newer fields) is read, not dropped;
 * a field of the wrong type makes the stored value unreadable and the conversation
 * starts afresh.
 */
export const ChatStateSchema = z.object({
  /** The last profile topic answered. */
  lastTopic: nullableId,
  /** The profile the conversation is about. */
  city: nullableId,
  policyArea: nullableId,
  /** The conversation's language; null until a message or the channel's locale tells it. */
  language: LanguageSchema.nullable().default(null),
  style: AnswerStyleSchema.default('cards'),
  /** The city without a profile the last question was about ("population of Lisbon"). */
  unknownCity: z.string().max(200).nullable().default(null),
  /** True once the person chose the language ("in Spanish please"): one foreign word no longer flips it. */
  isLanguageChosen: z.boolean().default(false),
  /** The entity the last answer was about, for pronouns ("he", "it", "esa agencia"). */
  lastEntity: nullableId,
  /** The fact whose list was shown last, for ordinals ("the third one"). */
  lastList: nullableId,
  /** The last question answered, as asked: "repeat", "shorter" and "what?" work on it. */
  lastQuestion: z.string().max(2000).nullable().default(null),
  /** Fact ids already sent in this conversation: "tell me more" sends the others. */
  sentFacts: z.array(z.string().max(200)).max(500).default([]),
  /** Topics the last answer offered ("did you mean", a follow-up): "yes" takes the first. */
  offered: z.array(z.string().max(200)).max(20).default([]),
  /** Questions in a row the bot could not answer: after two it offers the topic menu. */
  misses: z.number().int().min(0).max(1000).default(0),
  /** The last reply was "the profile doesn't say": a follow-up pressing for it gets the same. */
  lastGap: z.boolean().default(false),
  /** The cities the last answer listed ("cities in Chile"): "the first one" picks from them. */
  listedCities: z.array(z.string().max(200)).max(200).default([]),
  /** The city the conversation was about before `city`: "compare them" means these two. */
  previousCity: nullableId,
  /** How many times in a row the last answer was asked to be made clearer ("what?", "I don't understand"). */
  clarified: z.number().int().min(0).max(100).default(0),
});
export type ChatState = z.infer<typeof ChatStateSchema>;

/** The state of a conversation nothing has happened in yet. */
export const NEW_CONVERSATION: ChatState = Object.freeze(ChatStateSchema.parse({}));

/** The one reader of a stored chat state: the state, or null when there is none or it is not one. */
export function readChatState(stored: unknown): ChatState | null {
  if (stored === undefined || stored === null) return null;
  const parsed = ChatStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
