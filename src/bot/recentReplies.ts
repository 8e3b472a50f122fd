import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { LanguageSchema } from '../core/schema';
import { normalizeButtonValue } from './mentions';

/**
 * What the bot remembers of its own recent replies in a conversation, beside the chat
 * state: the values of the buttons it offered (a press of one in a Teams channel
 * carries no @mention, see isOwnButtonPress) and which answer each recent reply was
 * (a Teams feedback invoke names only the reply's activity id; the web page's
 * feedback names the reply's `ref`). No message text and no identity.
 */
export const RECENT_LIMITS = Object.freeze({
  /** Button values kept: about three answers' worth of follow-ups and "did you mean". */
  maxOfferedValues: 24,
  /** Answers kept for feedback: a reaction on an older one is attributed to nothing. */
  maxAnswers: 10,
  /** A button value longer than this is not remembered (ours are short questions). */
  maxValueLength: 200,
});

const AnswerRefSchema = z.object({
  /** Our own random id for the reply, sent to the web page inside the feedback actions. */
  ref: z.string().max(40),
  /** The id the channel gave the reply (Teams' message id), when it gave one. */
  activityId: z.string().max(300).nullable(),
  topic: z.string().max(200).nullable(),
  city: z.string().max(200).nullable(),
  language: LanguageSchema,
});

export type AnswerRef = z.infer<typeof AnswerRefSchema>;

const RecentRepliesSchema = z.object({
  offered: z.array(z.string().max(RECENT_LIMITS.maxValueLength)).max(100),
  answers: z.array(AnswerRefSchema).max(100),
});

export type RecentReplies = z.infer<typeof RecentRepliesSchema>;

export const NO_RECENT_REPLIES: RecentReplies = Object.freeze({ offered: [], answers: [] });

/** The stored value, or nothing remembered when there is none or it is not one. */
export function readRecentReplies(stored: unknown): RecentReplies {
  const parsed = RecentRepliesSchema.safeParse(stored);
  return parsed.success ? parsed.data : NO_RECENT_REPLIES;
}

/** A fresh random reference for a reply (not derived from anything about the person). */
export function newAnswerRef(): string {
  return randomBytes(9).toString('base64url');
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return typeof current === 'string' ? current : undefined;
}

/** Every Action.Submit of a card (body action sets and card actions), as plain JSON. */
function submitValuesOfCard(card: unknown): string[] {
  const values: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (Reflect.get(node, 'type') === 'Action.Submit') {
      const data: unknown = Reflect.get(node, 'data');
      const value = stringAt(data, 'msteams', 'value') ?? stringAt(data, 'question');
      if (value !== undefined) values.push(value);
    }
    for (const key of ['body', 'actions', 'items', 'columns'])
      visit(Reflect.get(node, key) as unknown);
  };
  visit(card);
  return values;
}

/** The values a person could send by pressing a button of this outgoing activity. */
export function buttonValuesOf(activity: Partial<Activity>): string[] {
  const values: string[] = [];
  for (const attachment of activity.attachments ?? [])
    values.push(...submitValuesOfCard(attachment.content));
  for (const action of activity.suggestedActions?.actions ?? [])
    if (typeof action.value === 'string') values.push(action.value);
  return values;
}

/** Remembers newly offered button values, newest last, without duplicates, bounded. */
export function withOffered(recent: RecentReplies, values: readonly string[]): RecentReplies {
  const fresh = values
    .filter((v) => v.length <= RECENT_LIMITS.maxValueLength)
    .map(normalizeButtonValue)
    .filter((v) => v !== '');
  if (fresh.length === 0) return recent;
  const kept = recent.offered.filter((v) => !fresh.includes(v));
  const offered = [...kept, ...new Set(fresh)].slice(-RECENT_LIMITS.maxOfferedValues);
  return { ...recent, offered };
}

/** Remembers an answer that was sent, newest last, bounded. */
export function withAnswer(recent: RecentReplies, answer: AnswerRef): RecentReplies {
  const answers = [...recent.answers.filter((a) => a.ref !== answer.ref), answer].slice(
    -RECENT_LIMITS.maxAnswers,
  );
  return { ...recent, answers };
}

/**
 * The answer a reaction is about: the one with this channel activity id or ref; with
 * neither given (or not found, e.g. replies delivered with expectReplies carry no id),
 * the conversation's latest answer, which is the one a person reacts to in practice.
 */
export function findAnswer(
  recent: RecentReplies,
  key: { readonly activityId?: string | null; readonly ref?: string | null },
): AnswerRef | null {
  const byKey = recent.answers.find(
    (a) =>
      (key.ref !== undefined && key.ref !== null && a.ref === key.ref) ||
      (key.activityId !== undefined &&
        key.activityId !== null &&
        a.activityId !== null &&
        a.activityId === key.activityId),
  );
  if (byKey) return byKey;
  if (key.ref) return null;
  return recent.answers[recent.answers.length - 1] ?? null;
}
