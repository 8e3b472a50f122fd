import { z } from 'zod';
import type { ConversationState as ChatState } from '../src/core/engine';
import { LanguageSchema } from '../src/core/schema';

// What a stored conversation must look like to be used. Anything else (a store
// written by an older version, a hand-edited blob) starts the conversation afresh
// rather than feeding the engine a shape it does not expect.
const ChatStateSchema = z.object({
  lastTopic: z.string().nullable(),
  city: z.string().nullable(),
  policyArea: z.string().nullable(),
  language: LanguageSchema.nullable(),
  style: z.enum(['cards', 'text']),
});

/** The stored chat state, or null when there is none or it is not one. */
export function readChatState(stored: unknown): ChatState | null {
  const parsed = ChatStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
