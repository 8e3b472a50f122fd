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
import { renderAnswerActivity } from '../channels/renderAnswerActivity';
import { NEW_CONVERSATION, readChatState, type ChatState } from '../core/chatState';
import type { Engine } from '../core/engine';
import type { Language } from '../core/schema';
import type { Answer } from '../core/answer';
import type { QuestionLog } from '../questionLog/questionLog';
import { OptimisticConversationState } from '../storage/optimisticConversationState';
import { ConversationStateError } from './conversationStateError';
import {
  isTeamsFeedbackInvoke,
  readTeamsFeedback,
  readWebChatFeedback,
  WEBCHAT_FEEDBACK_EVENT,
  type FeedbackRead,
} from './feedbackActivities';
import { isOwnButtonPress, isRecipientMentioned, removeRecipientMention } from './mentions';
import { questionOfTurn } from './questionOfTurn';
import { FEEDBACK_CHANNELS, ReplyMemory } from './replyMemory';
import {
  beginTurnRecord,
  recordAnswer,
  recordFeedback,
  recordOutcome,
  turnLogDetails,
  turnRecordOf,
} from './turnRecord';

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
  readonly dialog: MessageDialog;
  readonly chatState: StatePropertyAccessor<ChatState | undefined>;
  readonly welcomed: StatePropertyAccessor<boolean>;
  /** The bot's own recent replies (button values, answer references): see recentReplies.ts. */
  readonly recentReplies: StatePropertyAccessor<unknown>;
  /** The opt-in question log; absent or null when it is off. */
  readonly questionLog?: QuestionLog | null;
  readonly logger?: TurnLogger;
  /** A monotonic clock in milliseconds, for turn latencies. */
  readonly now?: () => number;
}

/**
 * The dialog that answers messages (dialogs/mainDialog.ts fits): it answers, sends and
 * returns the answer; `reapply` redoes a turn's state change after a save conflict.
 * Declared here so the bot does not import from dialogs/ (the dialogs import the bot's
 * collaborators, not the other way round).
 */
export interface MessageDialog {
  run(context: TurnContext, options: { readonly message: string | null }): Promise<Answer>;
  reapply(context: TurnContext, message: string | null): Promise<void>;
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
  private readonly replies: ReplyMemory;

  constructor(dependencies: CityProfileBotDependencies) {
    super();
    this.deps = dependencies;
    this.replies = new ReplyMemory(dependencies.recentReplies);
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcomeMembers(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (
        context.activity.name === WEBCHAT_FEEDBACK_EVENT &&
        context.activity.channelId === FEEDBACK_CHANNELS.webChat
      )
        await this.receiveFeedback(context, readWebChatFeedback(context.activity));
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
    this.replies.watch(
      context,
      (ctx) => turnRecordOf(ctx)?.sent ?? null,
      isTeamsGroupConversation(context.activity),
    );
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
   * The only invoke the bot handles is Teams' feedback on an answer (200, or 400 when
   * malformed); every other one gets 501 Not Implemented, as ActivityHandler answers a
   * well-formed one. Its own routing reads the invoke's value without checking it
   * (`value.action.type` for adaptiveCard/action) and would fail the turn on a malformed one.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (!isTeamsFeedbackInvoke(context.activity)) return { status: StatusCodes.NOT_IMPLEMENTED };
    const read = readTeamsFeedback(context.activity);
    if (!read.ok) return { status: StatusCodes.BAD_REQUEST, body: { message: read.problem } };
    await this.receiveFeedback(context, read);
    return { status: StatusCodes.OK };
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const wasMentioned = isRecipientMentioned(activity);
    removeRecipientMention(activity);
    await this.loadState(context);
    // In a Teams channel or group chat, typed text needs the @mention; a press of one
    // of the bot's own buttons never carries one and is answered all the same.
    if (isTeamsGroupConversation(activity) && !wasMentioned) {
      if (!isOwnButtonPress(activity, await this.replies.offeredValues(context))) return;
    }
    const message = readIncomingMessage(activity);
    const answer = await this.deps.dialog.run(context, { message });
    recordAnswer(context, answer, message);
    const question = questionOfTurn(activity.channelId, message, answer, this.deps.engine.kb);
    if (question) this.deps.questionLog?.recordQuestion(question);
    await this.saveState(context, async (fresh) => {
      await this.deps.dialog.reapply(fresh, message);
      await this.replies.reapply(fresh, context);
    });
  }

  /** A like or dislike: attributed to the answer it names (or the latest), logged, never identity. */
  private async receiveFeedback(context: TurnContext, read: FeedbackRead): Promise<void> {
    if (!read.ok) {
      recordOutcome(context, 'ignored');
      return;
    }
    await this.loadState(context);
    const answer = await this.replies.answerPressed(context, read.press);
    recordFeedback(context, read.press.reaction, answer?.topic ?? null);
    this.deps.questionLog?.recordFeedback({
      channel: context.activity.channelId ?? 'unknown',
      reaction: read.press.reaction,
      comment: read.press.comment,
      topic: answer?.topic ?? null,
      city: answer?.city ?? null,
      language: answer?.language ?? null,
    });
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
    const state = readChatState(await this.deps.chatState.get(context)) ?? {
      ...NEW_CONVERSATION,
      language: languageOfLocale(activity.locale),
    };
    const first: Language = languageOfLocale(activity.locale) ?? state.language ?? 'en';
    const second: Language = first === 'en' ? 'es' : 'en';
    const { engine } = this.deps;
    const welcome = composeBilingualWelcome(engine.welcome(first), engine.welcome(second));
    await context.sendActivity(renderAnswerActivity(welcome, state.style, activity.channelId));
    await this.deps.welcomed.set(context, true);
    await this.saveState(context, async (fresh) => {
      await this.deps.welcomed.set(fresh, true);
      await this.replies.reapply(fresh, context);
    });
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
