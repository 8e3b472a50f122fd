import { createRandomId } from './conversationId';

/** What the web channel remembers of one browser tab's conversation (the bot keeps its own state). */
export interface WebConversation {
  readonly id: string;
  /** The user as the bot sees them: made by the server, never taken from the client. */
  readonly userId: string;
  /** Activities stamped so far (the next one gets seq + 1). */
  seq: number;
  /** The last timestamp given, so that every activity gets a strictly later one. */
  lastTimestampMs: number;
  lastSeenMs: number;
  /** The end of this conversation's turn queue: turns of one tab run one at a time. */
  tail: Promise<void>;
}

/** An activity's server id and timestamp. */
export interface ActivityStamp {
  readonly id: string;
  readonly timestamp: Date;
}

export interface ConversationRegistrySettings {
  readonly ttlMs: number;
  readonly maxConversations: number;
  readonly now: () => number;
}

export interface ConversationRegistry {
  create(): WebConversation;
  /** The live conversation with this id, marked as used; undefined when unknown or expired. */
  find(id: string): WebConversation | undefined;
  readonly size: number;
}

/**
 * Conversations in bounded memory. Invariant: the Map's insertion order is least
 * recently used first, so both expiry and eviction only look at the front.
 */
export function createConversationRegistry(
  settings: ConversationRegistrySettings,
): ConversationRegistry {
  const conversations = new Map<string, WebConversation>();

  const sweep = (now: number): void => {
    for (const [id, conversation] of conversations) {
      if (
        now - conversation.lastSeenMs <= settings.ttlMs &&
        conversations.size <= settings.maxConversations
      )
        break;
      conversations.delete(id);
    }
  };

  const create = (): WebConversation => {
    const now = settings.now();
    const conversation: WebConversation = {
      id: createRandomId(),
      userId: createRandomId(),
      seq: 0,
      lastTimestampMs: 0,
      lastSeenMs: now,
      tail: Promise.resolve(),
    };
    conversations.set(conversation.id, conversation);
    sweep(now);
    return conversation;
  };

  const find = (id: string): WebConversation | undefined => {
    const now = settings.now();
    sweep(now);
    const conversation = conversations.get(id);
    if (!conversation) return undefined;
    conversation.lastSeenMs = now;
    conversations.delete(id);
    conversations.set(id, conversation);
    return conversation;
  };

  return {
    create,
    find,
    get size() {
      return conversations.size;
    },
  };
}

/** The next id and timestamp of a conversation: ids in order, timestamps strictly increasing. */
export function stampActivity(conversation: WebConversation, now: number): ActivityStamp {
  conversation.seq += 1;
  conversation.lastTimestampMs = Math.max(now, conversation.lastTimestampMs + 1);
  return {
    id: `${conversation.id}|${String(conversation.seq).padStart(7, '0')}`,
    timestamp: new Date(conversation.lastTimestampMs),
  };
}

/** Runs `work` after the conversation's earlier turns, so two requests of one tab never race on its state. */
export async function runInTurnOrder<T>(
  conversation: WebConversation,
  work: () => Promise<T>,
): Promise<T> {
  const previous = conversation.tail;
  let release = (): void => undefined;
  conversation.tail = new Promise<void>((resolve) => {
    release = resolve;
  });
  try {
    await previous;
    return await work();
  } finally {
    release();
  }
}
