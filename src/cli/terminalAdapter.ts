import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/**
 * The smallest botbuilder adapter: turns run in this process, and every message the
 * bot sends is handed to `deliver` (the terminal chat prints it). Messages cannot
 * be edited or deleted once printed, and there is no proactive messaging.
 */
export class TerminalAdapter extends BotAdapter {
  private readonly deliver: (activity: Partial<Activity>) => void;
  private nextId = 1;

  constructor(deliver: (activity: Partial<Activity>) => void) {
    super();
    this.deliver = deliver;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- BotAdapter's contract is a Promise; async turns a throw from deliver into a rejection
  async sendActivities(
    _context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      if (activity.type === ActivityTypes.Message) this.deliver(activity);
      return { id: String(this.nextId++) };
    });
  }

  updateActivity(): Promise<void> {
    return Promise.reject(
      new Error('The terminal cannot change a message it has already printed.'),
    );
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(
      new Error('The terminal cannot delete a message it has already printed.'),
    );
  }

  continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    return Promise.reject(new Error('The terminal chat has no proactive messages.'));
  }

  /** Runs one turn for an incoming activity through the middleware and the bot. */
  async processActivity(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
