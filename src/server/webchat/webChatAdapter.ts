import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/**
 * Receives what the bot sends during one turn. `accept` returns the id given to the
 * activity, or undefined when the activity is not for the page (delays, traces...).
 */
export class ReplyCollector {
  readonly replies: Partial<Activity>[] = [];

  constructor(private readonly stamp: (activity: Partial<Activity>) => Partial<Activity>) {}

  accept(activity: Partial<Activity>): string | undefined {
    if (!isForThePage(activity)) return undefined;
    const stamped = this.stamp(activity);
    this.replies.push(stamped);
    return stamped.id;
  }
}

/** Only what Web Chat renders goes back to the page: messages and events (typing would arrive too late to mean anything). */
function isForThePage(activity: Partial<Activity>): boolean {
  return PAGE_ACTIVITY_TYPES.has(activity.type ?? ActivityTypes.Message);
}

const PAGE_ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  ActivityTypes.Message,
  ActivityTypes.Event,
]);

const COLLECTOR_KEY = Symbol('webChatReplyCollector');

/**
 * Runs the bot's turns for the web page: each request is one turn and its replies come
 * back in the HTTP response (like Bot Framework's expectReplies). Errors go through
 * `onTurnError`, as with CloudAdapter, so the bot's apology is collected too.
 */
export class WebChatAdapter extends BotAdapter {
  /** Runs one turn and returns what the bot sent, in order, as stamped by `collector`. */
  async processActivity(
    activity: Partial<Activity>,
    collector: ReplyCollector,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, activity);
    context.turnState.set(COLLECTOR_KEY, collector);
    await this.runMiddleware(context, logic);
    return collector.replies;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- BotAdapter's contract is a Promise; async turns the throw below into a rejection
  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const collector: unknown = context.turnState.get(COLLECTOR_KEY);
    if (!(collector instanceof ReplyCollector))
      throw new Error('WebChatAdapter: this turn was not started by processActivity');
    return activities.map((activity) => ({ id: collector.accept(activity) ?? '' }));
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('The web chat channel cannot update a sent activity'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('The web chat channel cannot delete a sent activity'));
  }

  override continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    return Promise.reject(
      new Error(
        'The web chat channel has no proactive messages: replies travel in the HTTP response',
      ),
    );
  }
}
