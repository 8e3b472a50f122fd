import { z } from 'zod';

/**
 * What the last reply offered, kept in the conversation state beside the chat state:
 * the questions its buttons send, in the order they were shown (and, in text-only
 * mode, read out as a numbered list), and whether the person has been told once that a
 * number picks one.
 */
const OfferedSuggestionsSchema = z.object({
  values: z.array(z.string()).max(20),
  isNumberHintGiven: z.boolean(),
});

export type OfferedSuggestions = z.infer<typeof OfferedSuggestionsSchema>;

export const NOTHING_OFFERED: OfferedSuggestions = Object.freeze({
  values: [],
  isNumberHintGiven: false,
});

/** The stored offer, or nothing offered when there is none or it is not one. */
export function readOfferedSuggestions(stored: unknown): OfferedSuggestions {
  const parsed = OfferedSuggestionsSchema.safeParse(stored);
  return parsed.success ? parsed.data : NOTHING_OFFERED;
}

/** "2", "2.", " 2) ": a bare number, and nothing else. */
const BARE_NUMBER = /^\s*(\d{1,2})\s*[.)]?\s*$/;

/**
 * The question a bare number picks from the last offer ("2" is the second suggestion),
 * or the message itself: a number beyond the offer, or any other text, is a question.
 */
export function pickOfferedSuggestion(message: string, offered: OfferedSuggestions): string {
  const match = BARE_NUMBER.exec(message);
  if (!match) return message;
  return offered.values[Number(match[1]) - 1] ?? message;
}
