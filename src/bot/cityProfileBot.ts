import {
  ActivityHandler,
  StatusCodes,
  TurnContext,
  type Activity,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { composeBilingualWelcome } from '../channels/composeBilingualWelcome';
import { languageOfLocale } from '../channels/languageOfLocale';
import { readIncomingMessage } from '../channels/readIncomingMessage';
import { offeredSuggestions, renderAnswerActivity } from '../channels/renderAnswerActivity';
import type { ConversationState as ChatState, Engine } from '../core/engine';
import type { Language } from '../core/schema';
import { startingChatState, type MainDialog } from '../../dialogs/mainDialog';
import type { OfferedSuggestions } from '../../dialogs/offeredSuggestions';
import { readChatState } from '../../dialogs/readChatState';
import { OptimisticConversationState } from '../storage/optimisticConversationState';
import { ConversationStateError } from './conversationStateError';
import { isRecipientMentioned, removeRecipientMention } from './mentions';
import { beginTurnRecord, recordOutcome, turnLogDetails, turnRecordOf } from './turnRecord';

/** Where the bot writes its one line per turn (a pino logger fits). */
export interface TurnLogger {
  info?(details: object, message: string): void;
  isLevelEnabled?(level: string): boolean;
}

/** Teams conversations with several people, where the bot answers only when @mentioned. */
const GROUP_CONVERSATION_TYPES: ReadonlySet<string> = new Set(['channel', 'groupChat']);

export interface CityProfileBotDependencies {
  readonly engine: Engine;
  readonly conversationState: ConversationState;
  readonly dialog: MainDialog;
  readonly chatState: StatePropertyAccessor<ChatState | undefined>;
  readonly welcomed: StatePropertyAccessor<boolean>;
  /** The last reply's suggestions (see dialogs/offeredSuggestions): the welcome's, so "1" picks its first. */
  readonly offered?: StatePropertyAccessor<OfferedSuggestions | undefined>;
  readonly logger?: TurnLogger;
  /** A monotonic clock in milliseconds, for turn latencies. */
  readonly now?: () => number;
}

function isTeamsGroupConversation(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return (
    activity.channelId === 'msteams' && type !== undefined && GROUP_CONVERSATION_TYPES.has(type)
  );
}

/**
 * Routes activities and nothing else: messages to the main dialog, new members to
 * the welcome. It loads the conversation state before a turn and saves it after;
 * a turn that throws saves nothing, so the conversation stays as it was.
 */
export class CityProfileBot extends ActivityHandler {
  private readonly deps: CityProfileBotDependencies;

  constructor(dependencies: CityProfileBotDependencies) {
    super();
    this.deps = dependencies;
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcomeMembers(context);
      await next();
    });
  }

  /**
   * One turn, timed and logged in one line when it ends well; a turn that throws is
   * logged by the adapter's error handler instead (createBot), with the same fields.
   */
  override async run(context: TurnContext): Promise<void> {
    const now = this.deps.now ?? (() => performance.now());
    beginTurnRecord(context, now());
    await super.run(context);
    const { logger } = this.deps;
    if (logger?.info) {
      const outcome = turnRecordOf(context)?.outcome ?? 'ignored';
      logger.info(
        turnLogDetails(context, outcome, now(), logger.isLevelEnabled?.('debug') === true),
        'turn',
      );
    }
  }

  /**
   * The bot handles no invoke (no Action.Execute, no search, no sign-in), so every one
   * gets 501 Not Implemented, as ActivityHandler answers a well-formed one. Its own
   * routing reads the invoke's value without checking it (`value.action.type` for
   * adaptiveCard/action) and would fail the turn on a malformed one.
   */
  protected override onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return Promise.resolve({ status: StatusCodes.NOT_IMPLEMENTED });
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const wasMentioned = isRecipientMentioned(activity);
    removeRecipientMention(activity);
    if (isTeamsGroupConversation(activity) && !wasMentioned) return;
    await this.loadState(context);
    const message = readIncomingMessage(activity);
    await this.deps.dialog.run(context, { message });
    await this.saveState(context, async (fresh) => await this.deps.dialog.reapply(fresh, message));
  }

  private async welcomeMembers(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botId: unknown =
      typeof activity.recipient === 'object' && activity.recipient !== null
        ? activity.recipient.id
        : undefined;
    // A member that is not an object with an id is no one to welcome (botbuilder checks only the list's length).
    const members: unknown[] = Array.isArray(activity.membersAdded) ? activity.membersAdded : [];
    const newPeople = members.filter(
      (member) =>
        typeof member === 'object' &&
        member !== null &&
        'id' in member &&
        typeof member.id === 'string' &&
        member.id !== botId,
    );
    if (newPeople.length === 0) return;
    await this.loadState(context);
    if (await this.deps.welcomed.get(context, false)) return;
    const state =
      readChatState(await this.deps.chatState.get(context)) ?? startingChatState(context);
    const first: Language = languageOfLocale(activity.locale) ?? state.language ?? 'en';
    const second: Language = first === 'en' ? 'es' : 'en';
    const { engine } = this.deps;
    const welcome = composeBilingualWelcome(engine.welcome(first), engine.welcome(second));
    await context.sendActivity(renderAnswerActivity(welcome, state.style, activity.channelId));
    const offered: OfferedSuggestions = {
      values: offeredSuggestions(welcome, state.style, activity.channelId).map((s) => s.value),
      isNumberHintGiven: false,
    };
    const remember = async (turn: TurnContext): Promise<void> => {
      await this.deps.welcomed.set(turn, true);
      await this.deps.offered?.set(turn, offered);
    };
    await remember(context);
    await this.saveState(context, remember);
    recordOutcome(context, 'welcomed');
  }

  private async loadState(context: TurnContext): Promise<void> {
    try {
      await this.deps.conversationState.load(context);
    } catch (error: unknown) {
      throw new ConversationStateError('load', error);
    }
  }

  /**
   * Saves the conversation. With an optimistic store a conflict (another turn of the
   * same conversation saved first) is resolved by `reapply` on the fresh state, so
   * neither turn's changes are lost.
   */
  private async saveState(
    context: TurnContext,
    reapply: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const state = this.deps.conversationState;
    try {
      if (state instanceof OptimisticConversationState)
        await state.saveChangesOrReapply(context, reapply);
      else await state.saveChanges(context);
    } catch (error: unknown) {
      throw new ConversationStateError('save', error);
    }
  }
}
