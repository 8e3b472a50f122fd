import { createHash } from 'node:crypto';
import { ConversationState, MessageFactory, type Storage, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { languageOfLocale } from '../channels/languageOfLocale';
import type { ConversationState as ChatState, Engine } from '../core/engine';
import type { Language } from '../core/schema';
import { pick, TEXTS } from '../core/texts';
import { MainDialog } from '../../dialogs/mainDialog';
import { readChatState } from '../../dialogs/readChatState';
import { isStateStoreConflict, isStateStoreUnavailable } from '../storage/storageErrors';
import { CityProfileBot } from './cityProfileBot';
import { ConversationStateError } from './conversationStateError';

/** Names of the properties the bot keeps in botbuilder's ConversationState. */
export const STATE_PROPERTIES = Object.freeze({ chat: 'chat', dialog: 'dialogState', welcomed: 'welcomed' });

/** The logging the bot needs; a pino logger fits it. */
export interface BotLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface CreateBotOptions {
  readonly engine: Engine;
  /** Where conversations are remembered: MemoryStorage, BoundedMemoryStorage, blobs, Redis. */
  readonly storage: Storage;
  readonly logger?: BotLogger;
}

export type AdapterErrorHandler = (context: TurnContext, error: Error) => Promise<void>;

export interface CreatedBot {
  readonly bot: CityProfileBot;
  readonly conversationState: ConversationState;
  /** For `adapter.onTurnError`: logs, apologises once, saves nothing. */
  readonly adapterErrorHandler: AdapterErrorHandler;
}

/** A short stable tag for a conversation in logs; the id itself can identify a person. */
export function hashConversationId(id: string | undefined): string {
  return id ? createHash('sha256').update(id).digest('hex').slice(0, 16) : 'none';
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
  if (!(error instanceof Error)) return { name: typeof error, message: 'a non-Error value was thrown' };
  // DialogContextError keeps the original error in `error`, not in `cause`.
  const inner: unknown = 'error' in error && error.error instanceof Error ? error.error : error.cause;
  const cause = depth < 4 && inner !== undefined ? summarizeError(inner, depth + 1) : undefined;
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), ...(cause ? { cause } : {}) };
}

/** Builds the bot, its dialog and its state over a store; the caller owns the adapter. */
export function createBot({ engine, storage, logger }: CreateBotOptions): CreatedBot {
  const conversationState = new ConversationState(storage);
  const chatState = conversationState.createProperty<ChatState | undefined>(STATE_PROPERTIES.chat);
  const dialogState = conversationState.createProperty<DialogState>(STATE_PROPERTIES.dialog);
  const welcomed = conversationState.createProperty<boolean>(STATE_PROPERTIES.welcomed);
  const dialog = new MainDialog({ engine, chatState });
  const bot = new CityProfileBot({ engine, conversationState, dialog, dialogState, chatState, welcomed });

  // The language of the conversation as far as this turn got, without touching the
  // store (it may be what failed): the cached state, else the channel's locale.
  const languageOf = (context: TurnContext): Language => {
    const cached: unknown = conversationState.get(context);
    const stored = typeof cached === 'object' && cached !== null && STATE_PROPERTIES.chat in cached ? cached[STATE_PROPERTIES.chat] : undefined;
    return readChatState(stored)?.language ?? languageOfLocale(context.activity.locale) ?? 'en';
  };

  const adapterErrorHandler: AdapterErrorHandler = async (context, error) => {
    const where = {
      conversation: hashConversationId(context.activity.conversation?.id),
      channelId: context.activity.channelId,
      activityType: context.activity.type,
    };
    // Deliberately no saveChanges anywhere here: whatever the failed turn changed is
    // dropped, so the conversation continues from its state before the turn.
    if (isStateStoreConflict(error)) {
      // Saving is the last thing a turn does: the person already has the answer, and
      // another turn of the same conversation saved first. Nothing to apologise for.
      logger?.warn({ ...where, err: summarizeError(error) }, 'turn not saved: the conversation changed during the turn');
      return;
    }
    logger?.error({ ...where, err: summarizeError(error) }, 'turn failed');
    const isStoreDown = error instanceof ConversationStateError || isStateStoreUnavailable(error);
    const text = pick(isStoreDown ? TEXTS.unavailable : TEXTS.error, languageOf(context));
    try {
      await context.sendActivity(MessageFactory.text(text, text));
    } catch (sendError: unknown) {
      logger?.error({ ...where, err: summarizeError(sendError) }, 'could not send the apology');
    }
  };

  return { bot, conversationState, adapterErrorHandler };
}
