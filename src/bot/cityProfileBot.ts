import { ActivityHandler, TurnContext, type Activity, type ConversationState, type StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { composeBilingualWelcome } from '../channels/composeBilingualWelcome';
import { languageOfLocale } from '../channels/languageOfLocale';
import { readIncomingMessage } from '../channels/readIncomingMessage';
import { renderAnswerActivity } from '../channels/renderAnswerActivity';
import type { ConversationState as ChatState, Engine } from '../core/engine';
import type { Language } from '../core/schema';
import { startingChatState, type MainDialog } from '../../dialogs/mainDialog';
import { readChatState } from '../../dialogs/readChatState';
import { ConversationStateError } from './conversationStateError';

/** Teams conversations with several people, where the bot answers only when @mentioned. */
const GROUP_CONVERSATION_TYPES: ReadonlySet<string> = new Set(['channel', 'groupChat']);

export interface CityProfileBotDependencies {
  readonly engine: Engine;
  readonly conversationState: ConversationState;
  readonly dialog: MainDialog;
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly chatState: StatePropertyAccessor<ChatState | undefined>;
  readonly welcomed: StatePropertyAccessor<boolean>;
}

function isMentioned(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return botId !== undefined && TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

function isTeamsGroupConversation(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return activity.channelId === 'msteams' && type !== undefined && GROUP_CONVERSATION_TYPES.has(type);
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

  private async answerMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const wasMentioned = isMentioned(activity);
    if (typeof activity.text === 'string') TurnContext.removeRecipientMention(activity);
    if (isTeamsGroupConversation(activity) && !wasMentioned) return;
    await this.loadState(context);
    await this.deps.dialog.run(context, this.deps.dialogState, { message: readIncomingMessage(activity) });
    await this.saveState(context);
  }

  private async welcomeMembers(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botId = activity.recipient?.id;
    const newPeople = (activity.membersAdded ?? []).filter((member) => member.id !== botId);
    if (newPeople.length === 0) return;
    await this.loadState(context);
    if (await this.deps.welcomed.get(context, false)) return;
    const state = readChatState(await this.deps.chatState.get(context)) ?? startingChatState(context);
    const first: Language = languageOfLocale(activity.locale) ?? state.language ?? 'en';
    const second: Language = first === 'en' ? 'es' : 'en';
    const { engine } = this.deps;
    const welcome = composeBilingualWelcome(engine.welcome(first), engine.welcome(second));
    await context.sendActivity(renderAnswerActivity(welcome, state.style, activity.channelId));
    await this.deps.welcomed.set(context, true);
    await this.saveState(context);
  }

  private async loadState(context: TurnContext): Promise<void> {
    try {
      await this.deps.conversationState.load(context);
    } catch (error: unknown) {
      throw new ConversationStateError('load', error);
    }
  }

  private async saveState(context: TurnContext): Promise<void> {
    try {
      await this.deps.conversationState.saveChanges(context);
    } catch (error: unknown) {
      throw new ConversationStateError('save', error);
    }
  }
}
