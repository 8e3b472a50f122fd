import type { Activity, Entity } from 'botbuilder';
import { z } from 'zod';

/**
 * The two ways a reaction to an answer reaches the bot, and what the bot adds to an
 * answer so that a channel offers them.
 *
 * Teams: an answer sent with `channelData.feedbackLoopEnabled` gets Teams' own 👍/👎
 * and comment form; a press arrives as an invoke `message/submitAction` whose value is
 * `{ actionName: 'feedback', actionValue: { reaction: 'like' | 'dislike', feedback } }`
 * (`feedback` is JSON text such as `{"feedbackText":"..."}`), with `replyToId` naming
 * the answer. The bot must answer the invoke with 200.
 *
 * Web Chat (4.18): an answer with a schema.org Message entity whose `potentialAction`
 * holds a LikeAction and a DislikeAction shows 👍/👎 buttons (with accessible names,
 * "Like" / "Me gusta"); a press posts an event `webchat:activity-status/feedback` whose
 * only entity is the action pressed. Each action carries the answer's `ref`.
 */

export const TEAMS_SUBMIT_ACTION = 'message/submitAction';
export const WEBCHAT_FEEDBACK_EVENT = 'webchat:activity-status/feedback';
/** Longest comment read from a Teams feedback form. */
const MAX_COMMENT_LENGTH = 2000;

export type Reaction = 'like' | 'dislike';

export interface FeedbackPress {
  readonly reaction: Reaction;
  readonly comment: string | null;
  /** Teams: the id of the answer's message. */
  readonly activityId: string | null;
  /** Web Chat: the answer's own reference. */
  readonly ref: string | null;
}

export type FeedbackRead =
  | { readonly ok: true; readonly press: FeedbackPress }
  | { readonly ok: false; readonly problem: string };

const TeamsFeedbackValue = z.object({
  actionName: z.literal('feedback'),
  actionValue: z.object({
    reaction: z.enum(['like', 'dislike']),
    feedback: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  }),
});

/** The comment in Teams' feedback text: `{"feedbackText":"..."}`, or the text itself if it is not JSON. */
export function readTeamsComment(
  feedback: string | Record<string, unknown> | undefined,
): string | null {
  let value: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      value = JSON.parse(feedback);
    } catch {
      value = feedback;
    }
  }
  if (typeof value === 'object' && value !== null) value = Reflect.get(value, 'feedbackText');
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().slice(0, MAX_COMMENT_LENGTH);
  return trimmed === '' ? null : trimmed;
}

/** True for the invoke Teams sends when someone presses 👍/👎 on a message (or submits its form). */
export function isTeamsFeedbackInvoke(activity: Partial<Activity>): boolean {
  if (activity.name !== TEAMS_SUBMIT_ACTION) return false;
  const value: unknown = activity.value;
  return (
    typeof value === 'object' && value !== null && Reflect.get(value, 'actionName') === 'feedback'
  );
}

/** Reads a Teams feedback invoke (call only when isTeamsFeedbackInvoke). */
export function readTeamsFeedback(activity: Partial<Activity>): FeedbackRead {
  const parsed = TeamsFeedbackValue.safeParse(activity.value);
  if (!parsed.success)
    return { ok: false, problem: 'expected value.actionValue.reaction to be "like" or "dislike"' };
  const { actionValue } = parsed.data;
  return {
    ok: true,
    press: {
      reaction: actionValue.reaction,
      comment: readTeamsComment(actionValue.feedback),
      activityId: typeof activity.replyToId === 'string' ? activity.replyToId : null,
      ref: null,
    },
  };
}

const WebChatAction = z.object({
  '@type': z.enum(['LikeAction', 'DislikeAction']),
  object: z.object({ identifier: z.string().min(1).max(40) }),
});

/** Reads Web Chat's feedback event; anything else about it is a problem, never an exception. */
export function readWebChatFeedback(activity: Partial<Activity>): FeedbackRead {
  const entities: unknown = activity.entities;
  const action = Array.isArray(entities) ? (entities as unknown[])[0] : undefined;
  const parsed = WebChatAction.safeParse(action);
  if (!parsed.success)
    return {
      ok: false,
      problem: 'expected a LikeAction or DislikeAction entity naming the answer',
    };
  return {
    ok: true,
    press: {
      reaction: parsed.data['@type'] === 'LikeAction' ? 'like' : 'dislike',
      comment: null,
      activityId: null,
      ref: parsed.data.object.identifier,
    },
  };
}

/** The entity that makes Web Chat show 👍/👎 under an answer (schema.org Message with its potential actions). */
export function webChatFeedbackEntity(ref: string): Entity {
  const action = (type: 'LikeAction' | 'DislikeAction'): Record<string, unknown> => ({
    '@type': type,
    '@id': `${ref}-${type === 'LikeAction' ? 'like' : 'dislike'}`,
    actionStatus: 'PotentialActionStatus',
    object: { '@type': 'Message', identifier: ref },
  });
  return {
    type: 'https://schema.org/Message',
    '@context': 'https://schema.org',
    '@id': '',
    '@type': 'Message',
    potentialAction: [action('LikeAction'), action('DislikeAction')],
  };
}
