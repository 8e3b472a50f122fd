import { createHash } from 'node:crypto';

/** A short stable tag for a conversation in logs; the id itself can identify a person. */
export function hashConversationId(id: string | undefined): string {
  return id ? createHash('sha256').update(id).digest('hex').slice(0, 16) : 'none';
}
