import type { Activity } from 'botbuilder';

/** The field of a card button's data that carries the question (see submitAction). */
export const SUBMITTED_QUESTION_FIELD = 'question';

/** The question a card button posted as `activity.value`, if it posted one. */
export function readSubmittedQuestion(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !(SUBMITTED_QUESTION_FIELD in value))
    return null;
  const question: unknown = value[SUBMITTED_QUESTION_FIELD];
  return typeof question === 'string' ? question : null;
}

/**
 * What the person said: the typed text, else a question a card button submitted,
 * else '' for an empty message; null when the message holds only things the bot
 * cannot read (a file, an image, a card).
 */
export function readIncomingMessage(activity: Partial<Activity>): string | null {
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  if (text) return text;
  const submitted = readSubmittedQuestion(activity.value);
  if (submitted !== null) return submitted;
  return (activity.attachments?.length ?? 0) > 0 ? null : '';
}
