import { MessageFactory, type ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { languageOfLocale } from '../channels/languageOfLocale';
import { readChatState, type ChatState } from '../core/chatState';
import type { Engine } from '../core/engine';
import type { Language } from '../core/schema';
import { pick, TEXTS } from '../core/texts';
import { MainDialog } from '../../dialogs/mainDialog';
import { isStateStoreConflict, isStateStoreUnavailable } from '../storage/storageErrors';
import { isChannelDeliveryError } from './channelDeliveryError';
import { CityProfileBot, type TurnLogger } from './cityProfileBot';
import { OptimisticConversationState } from '../storage/optimisticConversationState';
import { ConversationStateError } from './conversationStateError';
import { hashConversationId } from './hashConversationId';
import { noteAnswerToSend, turnLogDetails } from './turnRecord';
import type { QuestionLog } from '../questionLog/questionLog';
import { boundLogText } from '../logText';

/** A stack holds the message too; its frames fit easily in this. */
const MAX_LOGGED_STACK_CHARS = 4096;

export { hashConversationId };

/** Names of the properties the bot keeps in botbuilder's ConversationState. */
export const STATE_PROPERTIES = Object.freeze({
  chat: 'chat',
  welcomed: 'welcomed',
  recentReplies: 'recentReplies',
});

/**
 * The logging the bot needs; a pino logger fits it. `info` writes the one line per
 * successful turn; with `isLevelEnabled('debug')` true, turn lines carry the message text.
 */
export interface BotLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
  info?(details: object, message: string): void;
  isLevelEnabled?(level: string): boolean;
}

export interface CreateBotOptions {
  readonly engine: Engine;
  /** Where conversations are remembered: MemoryStorage, BoundedMemoryStorage, blobs, Redis. */
  readonly storage: Storage;
  readonly logger?: BotLogger;
  /** Where the one line per successful turn goes; `logger` when absent (see createTurnLineLogger). */
  readonly turnLogger?: TurnLogger;
  /** A monotonic clock in milliseconds for turn latencies (tests may pass a fake). */
  readonly now?: () => number;
  /** The opt-in question log (declined and low-confidence questions, feedback); off when absent. */
  readonly questionLog?: QuestionLog | null;
}

export type AdapterErrorHandler = (context: TurnContext, error: Error) => Promise<void>;

export interface CreatedBot {
  readonly bot: CityProfileBot;
  readonly conversationState: ConversationState;
  /** For `adapter.onTurnError`: logs, apologises once, saves nothing. */
  readonly adapterErrorHandler: AdapterErrorHandler;
}

export interface LoggedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: LoggedError;
}

/**
 * An error as it may be logged: name, message, stack and causes only. Errors can
 * carry what the person wrote (botbuilder's DialogContextError holds the dialog
 * stack with its options), and a log must never hold message text.
 */
export function summarizeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error))
    return { name: typeof error, message: 'a non-Error value was thrown' };
  // DialogContextError keeps the original error in `error`, not in `cause`.
  const inner: unknown =
    'error' in error && error.error instanceof Error ? error.error : error.cause;
  const cause = depth < 4 && inner !== undefined ? summarizeError(inner, depth + 1) : undefined;
  // A channel's error body (5 MB of it, with forged log lines) can be the message: bounded, escaped.
  return {
    name: boundLogText(error.name, 128),
    message: boundLogText(error.message),
    ...(error.stack ? { stack: boundLogText(error.stack, MAX_LOGGED_STACK_CHARS) } : {}),
    ...(cause ? { cause } : {}),
  };
}

/** Builds the bot, its dialog and its state over a store; the caller owns the adapter. */
export function createBot({
  engine,
  storage,
  logger,
  turnLogger,
  now = () => performance.now(),
  questionLog = null,
}: CreateBotOptions): CreatedBot {
  // Saves with the eTag it loaded: concurrent turns of one conversation cannot overwrite each other.
  const conversationState = new OptimisticConversationState(storage);
  const chatState = conversationState.createProperty<ChatState | undefined>(STATE_PROPERTIES.chat);
  const welcomed = conversationState.createProperty<boolean>(STATE_PROPERTIES.welcomed);
  const recentReplies = conversationState.createProperty<unknown>(STATE_PROPERTIES.recentReplies);
  const dialog = new MainDialog({ engine, chatState, onAnswer: noteAnswerToSend });
  const bot = new CityProfileBot({
    engine,
    conversationState,
    dialog,
    chatState,
    welcomed,
    recentReplies,
    questionLog,
    logger: turnLogger ?? logger,
    now,
  });

  // The language of the conversation as far as this turn got, without touching the
  // store (it may be what failed): the cached state, else the channel's locale.
  const languageOf = (context: TurnContext): Language => {
    const cached: unknown = conversationState.get(context);
    const stored =
      typeof cached === 'object' && cached !== null && STATE_PROPERTIES.chat in cached
        ? cached[STATE_PROPERTIES.chat]
        : undefined;
    return readChatState(stored)?.language ?? languageOfLocale(context.activity.locale) ?? 'en';
  };

  const isDebug = (): boolean => logger?.isLevelEnabled?.('debug') === true;

  // Every turn gets exactly one log line: CityProfileBot.run writes it for a turn that
  // ends well, this handler for one that throws (with the error, never the message text).
  const adapterErrorHandler: AdapterErrorHandler = async (context, error) => {
    const details = (outcome: Parameters<typeof turnLogDetails>[1]): Record<string, unknown> => ({
      ...turnLogDetails(context, outcome, now(), isDebug()),
      err: summarizeError(error),
    });
    // Deliberately no saveChanges anywhere here: whatever the failed turn changed is
    // dropped, so the conversation continues from its state before the turn.
    if (isStateStoreConflict(error)) {
      // Saving is the last thing a turn does: the person already has the answer, and
      // another turn of the same conversation saved first. Nothing to apologise for.
      logger?.warn(
        details('not-saved'),
        'turn not saved: the conversation changed during the turn',
      );
      return;
    }
    if (isChannelDeliveryError(error)) {
      // The channel refused, timed out or failed: an apology would go the same way.
      logger?.error(details('undelivered'), 'turn failed: the channel did not take the reply');
      return;
    }
    const isStoreDown = error instanceof ConversationStateError || isStateStoreUnavailable(error);
    const text = pick(isStoreDown ? TEXTS.unavailable : TEXTS.error, languageOf(context));
    let apologyError: unknown;
    try {
      await context.sendActivity(MessageFactory.text(text, text));
    } catch (sendError: unknown) {
      apologyError = sendError;
    }
    const apology =
      apologyError === undefined
        ? { isApologySent: true }
        : { isApologySent: false, apologyErr: summarizeError(apologyError) };
    logger?.error({ ...details('failed'), ...apology }, 'turn failed');
  };

  return { bot, conversationState, adapterErrorHandler };
}
