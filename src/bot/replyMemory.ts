import type { Activity, ResourceResponse, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Answer } from '../core/answer';
import { webChatFeedbackEntity, type FeedbackPress } from './feedbackActivities';
import {
  buttonValuesOf,
  findAnswer,
  newAnswerRef,
  readRecentReplies,
  withAnswer,
  withOffered,
  type AnswerRef,
  type RecentReplies,
} from './recentReplies';

/** The channels whose answers ask for feedback, and how (see feedbackActivities.ts). */
export const FEEDBACK_CHANNELS = Object.freeze({ teams: 'msteams', webChat: 'webchat' });
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** What one turn added to the conversation's recent replies, to redo on a save conflict. */
interface Additions {
  readonly offered: string[];
  readonly answers: AnswerRef[];
}

const ADDITIONS = Symbol('replyMemory.additions');

function additionsOf(context: TurnContext): Additions {
  const found: unknown = context.turnState.get(ADDITIONS);
  if (typeof found === 'object' && found !== null && 'offered' in found) return found as Additions;
  const fresh: Additions = { offered: [], answers: [] };
  context.turnState.set(ADDITIONS, fresh);
  return fresh;
}

function applyAdditions(recent: RecentReplies, additions: Additions): RecentReplies {
  return additions.answers.reduce(withAnswer, withOffered(recent, additions.offered));
}

function hasCard(activity: Partial<Activity>): boolean {
  return (activity.attachments ?? []).some((a) => a.contentType === CARD_CONTENT_TYPE);
}

/**
 * The bot's memory of its own replies in a conversation (one state property, see
 * recentReplies.ts), and the one place that asks channels for feedback on an answer:
 * - before replies go out, a profile answer shown as a card gets Teams' feedback loop
 *   or Web Chat's 👍/👎 (text style, other kinds of answer and other channels: nothing);
 * - after they went out, the answer's reference (with the id the channel gave it) and,
 *   in Teams channels and group chats, the values of the buttons offered are kept.
 */
export class ReplyMemory {
  constructor(private readonly state: StatePropertyAccessor<unknown>) {}

  /** Wraps sending for one turn: decorates the replies, then remembers them. */
  watch(
    context: TurnContext,
    answerOf: (context: TurnContext) => Answer | null,
    isGroupConversation: boolean,
  ): void {
    context.onSendActivities(async (ctx, activities, next) => {
      const references = this.askForFeedback(ctx, activities, answerOf(ctx));
      const responses = await next();
      await this.remember(ctx, activities, references, responses, isGroupConversation);
      return responses;
    });
  }

  /** The normalised values of the buttons the bot offered lately in this conversation. */
  async offeredValues(context: TurnContext): Promise<ReadonlySet<string>> {
    return new Set(readRecentReplies(await this.state.get(context)).offered);
  }

  /** The answer a like or dislike is about (see findAnswer), or null. */
  async answerPressed(context: TurnContext, press: FeedbackPress): Promise<AnswerRef | null> {
    return findAnswer(readRecentReplies(await this.state.get(context)), press);
  }

  /** On a save conflict: this turn's additions, on top of what the other turn saved. */
  async reapply(fresh: TurnContext, turn: TurnContext): Promise<void> {
    const additions = additionsOf(turn);
    if (additions.offered.length === 0 && additions.answers.length === 0) return;
    const recent = readRecentReplies(await this.state.get(fresh));
    await this.state.set(fresh, applyAdditions(recent, additions));
  }

  private askForFeedback(
    context: TurnContext,
    activities: Partial<Activity>[],
    answer: Answer | null,
  ): Map<number, AnswerRef> {
    const references = new Map<number, AnswerRef>();
    const channel = context.activity.channelId;
    const isFeedbackChannel =
      channel === FEEDBACK_CHANNELS.teams || channel === FEEDBACK_CHANNELS.webChat;
    if (!answer || answer.kind !== 'profile' || !isFeedbackChannel) return references;
    activities.forEach((activity, index) => {
      if ((activity.type ?? 'message') !== 'message' || !hasCard(activity)) return;
      const ref = newAnswerRef();
      if (channel === FEEDBACK_CHANNELS.teams) {
        const channelData: unknown = activity.channelData;
        activity.channelData = {
          ...(typeof channelData === 'object' && channelData !== null ? channelData : {}),
          feedbackLoopEnabled: true,
        };
      } else {
        activity.entities = [...(activity.entities ?? []), webChatFeedbackEntity(ref)];
      }
      references.set(index, {
        ref,
        activityId: null,
        topic: answer.topic,
        city: answer.city,
        language: answer.language,
      });
    });
    return references;
  }

  private async remember(
    context: TurnContext,
    activities: readonly Partial<Activity>[],
    references: ReadonlyMap<number, AnswerRef>,
    responses: readonly (ResourceResponse | undefined)[],
    isGroupConversation: boolean,
  ): Promise<void> {
    const offered = isGroupConversation ? activities.flatMap((a) => buttonValuesOf(a)) : [];
    const answers = [...references].map(([index, reference]) => {
      const id = responses[index]?.id;
      return { ...reference, activityId: id ? id : null };
    });
    if (offered.length === 0 && answers.length === 0) return;
    const additions = additionsOf(context);
    additions.offered.push(...offered);
    additions.answers.push(...answers);
    const recent = readRecentReplies(await this.state.get(context));
    await this.state.set(context, applyAdditions(recent, { offered, answers }));
  }
}
