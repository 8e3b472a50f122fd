import type { TurnContext } from 'botbuilder';
import type { Answer } from '../core/answer';
import { boundLogText } from '../logText';
import { hashConversationId } from './hashConversationId';

/**
 * What a turn came to, for its one log line:
 * - answered: the bot replied to a message (the answer's kind says how: profile, fallback, problem...);
 * - welcomed: the bilingual welcome was sent;
 * - feedback: a like or dislike on an answer was received (its topic and reaction are logged);
 * - ignored: nothing to say (typing, a Teams channel message without a mention, a repeat join);
 * - failed: the bot failed and apologised (or tried to);
 * - undelivered: the channel refused, timed out or failed on the reply;
 * - not-saved: answered, but another turn of the conversation saved its state first.
 */
export type TurnOutcome =
  'answered' | 'welcomed' | 'feedback' | 'ignored' | 'failed' | 'undelivered' | 'not-saved';

/** Gathered while a turn runs, logged once at its end (see CityProfileBot.run and createBot's error handler). */
export interface TurnRecord {
  readonly startedAtMs: number;
  outcome: 'answered' | 'welcomed' | 'feedback' | 'ignored';
  answer: Pick<Answer, 'kind' | 'topic' | 'confidence' | 'language'> | null;
  /** What the person wrote; logged only when the logger is at debug level. */
  message: string | null;
  /** The whole answer sent, for the question log and the feedback references. */
  sent: Answer | null;
  /** A like or dislike received in this turn, and the topic of the answer it is about. */
  reaction: { readonly reaction: 'like' | 'dislike'; readonly topic: string | null } | null;
}

/** Longest message text written to a debug log line. */
const MAX_LOGGED_TEXT = 1000;

const TURN_RECORD = Symbol('cityProfileBot.turnRecord');

export function beginTurnRecord(context: TurnContext, nowMs: number): TurnRecord {
  const record: TurnRecord = {
    startedAtMs: nowMs,
    outcome: 'ignored',
    answer: null,
    message: null,
    sent: null,
    reaction: null,
  };
  context.turnState.set(TURN_RECORD, record);
  return record;
}

export function turnRecordOf(context: TurnContext): TurnRecord | undefined {
  const record: unknown = context.turnState.get(TURN_RECORD);
  return typeof record === 'object' && record !== null && 'startedAtMs' in record
    ? (record as TurnRecord)
    : undefined;
}

/** Notes the answer about to be sent (the dialog's onAnswer), before its replies go out. */
export function noteAnswerToSend(context: TurnContext, answer: Answer): void {
  const record = turnRecordOf(context);
  if (record) record.sent = answer;
}

/** Notes the answer a message got (the bot calls this with what the dialog returned). */
export function recordAnswer(context: TurnContext, answer: Answer, message: string | null): void {
  const record = turnRecordOf(context);
  if (!record) return;
  record.outcome = 'answered';
  record.answer = {
    kind: answer.kind,
    topic: answer.topic,
    confidence: answer.confidence,
    language: answer.language,
  };
  record.message = message;
  record.sent = answer;
}

/** Notes a like or dislike and the topic of the answer it is about. */
export function recordFeedback(
  context: TurnContext,
  reaction: 'like' | 'dislike',
  topic: string | null,
): void {
  const record = turnRecordOf(context);
  if (!record) return;
  record.outcome = 'feedback';
  record.reaction = { reaction, topic };
}

export function recordOutcome(context: TurnContext, outcome: TurnRecord['outcome']): void {
  const record = turnRecordOf(context);
  if (record) record.outcome = outcome;
}

/**
 * The fields of a turn's log line: who (a hash of the conversation id, never the id),
 * where, what it came to and how long it took. The person's text only when
 * `includeText` (LOG_LEVEL debug).
 */
export function turnLogDetails(
  context: TurnContext,
  outcome: TurnOutcome,
  nowMs: number,
  includeText: boolean,
): Record<string, unknown> {
  const { activity } = context;
  const record = turnRecordOf(context);
  const answer = record?.answer;
  const details: Record<string, unknown> = {
    conversation: hashConversationId(
      typeof activity.conversation?.id === 'string' ? activity.conversation.id : undefined,
    ),
    // Chosen by the caller (anonymous mode: anyone): bounded and escaped.
    channelId: typeof activity.channelId === 'string' ? boundLogText(activity.channelId, 64) : null,
    activityType: typeof activity.type === 'string' ? boundLogText(activity.type, 64) : null,
    outcome,
    kind: answer?.kind ?? null,
    topic: answer?.topic ?? record?.reaction?.topic ?? null,
    confidence: answer?.confidence ?? null,
    language: answer?.language ?? null,
    latencyMs: record ? Math.round((nowMs - record.startedAtMs) * 10) / 10 : null,
  };
  if (record?.reaction) details['reaction'] = record.reaction.reaction;
  if (includeText && record?.message !== null && record?.message !== undefined)
    details['text'] = boundLogText(record.message, MAX_LOGGED_TEXT);
  return details;
}
