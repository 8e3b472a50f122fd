import { z } from 'zod';
import { LanguageSchema } from '../core/schema';

/**
 * One line of the question log. Nothing in it names a person: no user or conversation
 * id, no address; texts are redacted (redactPersonalData) before an entry is made.
 * - question: a question the bot declined or answered with low confidence;
 * - feedback: a like or dislike on an answer, with the comment if one was written;
 * - tally: how many questions a channel and language got since the previous tally
 *   (counts only), so the report can give declined rates.
 */

/** Longest text kept (the core already declines longer questions). */
export const MAX_LOGGED_TEXT = 500;

const Text = z.string().max(MAX_LOGGED_TEXT);
const Channel = z.string().min(1).max(64);
const TopicId = z.string().min(1).max(200);
const Time = z.iso.datetime();

export const CandidateSchema = z.strictObject({
  topic: TopicId,
  confidence: z.number().min(0).max(1),
});

export const QuestionEntrySchema = z.strictObject({
  type: z.literal('question'),
  at: Time,
  channel: Channel,
  language: LanguageSchema,
  city: z.string().max(200).nullable(),
  /** declined: no answer from the profile; low-confidence: answered, but unsure or with "did you mean". */
  outcome: z.enum(['declined', 'low-confidence']),
  /** The answer's kind (fallback, unknown-city, profile...). */
  kind: z.string().max(40),
  topic: TopicId.nullable(),
  confidence: z.number().min(0).max(1),
  /** The topics the bot weighed, best first (the chosen one, then "did you mean"). */
  candidates: z.array(CandidateSchema).max(10),
  text: Text,
});

export const FeedbackEntrySchema = z.strictObject({
  type: z.literal('feedback'),
  at: Time,
  channel: Channel,
  language: LanguageSchema.nullable(),
  city: z.string().max(200).nullable(),
  topic: TopicId.nullable(),
  reaction: z.enum(['like', 'dislike']),
  comment: Text.nullable(),
});

export const TallyEntrySchema = z.strictObject({
  type: z.literal('tally'),
  at: Time,
  channel: Channel,
  language: LanguageSchema,
  questions: z.number().int().min(0),
  declined: z.number().int().min(0),
});

export const QuestionLogEntrySchema = z.discriminatedUnion('type', [
  QuestionEntrySchema,
  FeedbackEntrySchema,
  TallyEntrySchema,
]);

export type QuestionEntry = z.infer<typeof QuestionEntrySchema>;
export type FeedbackEntry = z.infer<typeof FeedbackEntrySchema>;
export type TallyEntry = z.infer<typeof TallyEntrySchema>;
export type QuestionLogEntry = z.infer<typeof QuestionLogEntrySchema>;

/** A stored line read back: the entry, or null for a line that is not one (skipped, never fatal). */
export function parseQuestionLogLine(line: string): QuestionLogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = QuestionLogEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
