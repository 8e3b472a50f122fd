import { createRandomId } from './conversationId';

/** What the web channel remembers of one browser tab's conversation (the bot keeps its own state). */
export interface WebConversation {
  readonly id: string;
  /** The user as the bot sees them: made by the server, never taken from the client. */
  readonly userId: string;
  /** Who made it (the rate-limit key), so one client's conversations can be counted. */
  readonly clientKey: string;
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
  /** Conversations one client (rate-limit key) may hold; past it, its own least recently used goes. */
  readonly maxConversationsPerClient: number;
  readonly now: () => number;
  /** Called with the id of every conversation forgotten early (so its bot state can go too). */
  readonly onEvict?: (id: string) => void;
}

export interface ConversationRegistry {
  /**
   * A new conversation for a client, or null when the registry is full of other
   * clients' live conversations: one client's flood never pushes another's out.
   */
  create(clientKey: string): Promise<WebConversation | null>;
  /** The live conversation with this id, marked as used; undefined when unknown or expired. */
  find(id: string): Promise<WebConversation | undefined>;
  /** Keeps the conversation's counters after a turn, so any instance continues from them. */
  save(conversation: WebConversation): Promise<void>;
  /** Conversations this instance holds in memory. */
  readonly size: number;
}

function newConversation(clientKey: string, now: number): WebConversation {
  return {
    id: createRandomId(),
    userId: createRandomId(),
    clientKey,
    seq: 0,
    lastTimestampMs: 0,
    lastSeenMs: now,
    tail: Promise.resolve(),
  };
}

/**
 * Conversations in bounded memory, for one instance (STATE_STORE=memory). Invariant: the
 * Map's insertion order is least recently used first, so both expiry and eviction only
 * look at the front.
 */
export function createConversationRegistry(
  settings: ConversationRegistrySettings,
): ConversationRegistry {
  const conversations = new Map<string, WebConversation>();
  const perClient = new Map<string, number>();

  const forget = (conversation: WebConversation, isEarly: boolean): void => {
    conversations.delete(conversation.id);
    const count = (perClient.get(conversation.clientKey) ?? 1) - 1;
    if (count <= 0) perClient.delete(conversation.clientKey);
    else perClient.set(conversation.clientKey, count);
    if (isEarly) settings.onEvict?.(conversation.id);
  };

  const sweep = (now: number): void => {
    for (const conversation of conversations.values()) {
      if (now - conversation.lastSeenMs <= settings.ttlMs) break;
      forget(conversation, false);
    }
  };

  /** The client's least recently used conversation (the first of its in the Map's order). */
  const oldestOf = (clientKey: string): WebConversation | undefined => {
    for (const conversation of conversations.values())
      if (conversation.clientKey === clientKey) return conversation;
    return undefined;
  };

  const create = (clientKey: string): Promise<WebConversation | null> => {
    const now = settings.now();
    sweep(now);
    if ((perClient.get(clientKey) ?? 0) >= settings.maxConversationsPerClient) {
      const oldest = oldestOf(clientKey);
      if (oldest) forget(oldest, true);
    }
    if (conversations.size >= settings.maxConversations) return Promise.resolve(null);
    const conversation = newConversation(clientKey, now);
    conversations.set(conversation.id, conversation);
    perClient.set(clientKey, (perClient.get(clientKey) ?? 0) + 1);
    return Promise.resolve(conversation);
  };

  const find = (id: string): Promise<WebConversation | undefined> => {
    const now = settings.now();
    sweep(now);
    const conversation = conversations.get(id);
    if (!conversation) return Promise.resolve(undefined);
    conversation.lastSeenMs = now;
    conversations.delete(id);
    conversations.set(id, conversation);
    return Promise.resolve(conversation);
  };

  return {
    create,
    find,
    // Memory is the store: nothing to write.
    save: () => Promise.resolve(),
    get size() {
      return conversations.size;
    },
  };
}

/** The part of botbuilder's Storage the shared registry uses (every state store fits). */
export interface RegistryStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
}

/** Where a web chat conversation is kept in the shared store, beside the bot's own state. */
export function registryKey(id: string): string {
  return `webchat/registry/${id}`;
}

/** What the shared store holds of a conversation: enough for any instance to go on. */
interface StoredConversation {
  readonly userId: string;
  readonly seq: number;
  readonly lastTimestampMs: number;
  readonly lastSeenMs: number;
}

function readStored(value: unknown): StoredConversation | null {
  if (typeof value !== 'object' || value === null) return null;
  const userId: unknown = Reflect.get(value, 'userId');
  const seq: unknown = Reflect.get(value, 'seq');
  const lastTimestampMs: unknown = Reflect.get(value, 'lastTimestampMs');
  const lastSeenMs: unknown = Reflect.get(value, 'lastSeenMs');
  if (
    typeof userId !== 'string' ||
    typeof seq !== 'number' ||
    typeof lastTimestampMs !== 'number' ||
    typeof lastSeenMs !== 'number'
  )
    return null;
  return { userId, seq, lastTimestampMs, lastSeenMs };
}

/** Instances keep this many conversations' turn queues in memory; the store has the rest. */
const MAX_LOCAL_CONVERSATIONS = 1000;

/**
 * Conversations in the shared state store (STATE_STORE=redis or azure-blobs): one made
 * on any instance is found by every other and after a restart, for as long as the
 * store keeps it (the state's TTL in Redis; idle time checked here for blobs, which
 * have no TTL). The id stays the only secret: 128 random bits. Each instance keeps a
 * bounded cache so that turns of one tab reaching it still run one at a time; the
 * counters are read back from the store on every turn, so activity ids and timestamps
 * keep increasing when a tab moves between instances.
 */
export function createStoredConversationRegistry(
  storage: RegistryStorage,
  settings: Pick<ConversationRegistrySettings, 'ttlMs' | 'now'>,
): ConversationRegistry {
  const local = new Map<string, WebConversation>();

  const remember = (conversation: WebConversation): void => {
    local.delete(conversation.id);
    local.set(conversation.id, conversation);
    while (local.size > MAX_LOCAL_CONVERSATIONS) {
      const oldest = local.keys().next();
      if (oldest.done === true) break;
      local.delete(oldest.value);
    }
  };

  const save = async (conversation: WebConversation): Promise<void> => {
    const stored: StoredConversation = {
      userId: conversation.userId,
      seq: conversation.seq,
      lastTimestampMs: conversation.lastTimestampMs,
      lastSeenMs: conversation.lastSeenMs,
    };
    // eTag '*': counters only grow, and find() takes the larger of the two copies.
    await storage.write({ [registryKey(conversation.id)]: { ...stored, eTag: '*' } });
  };

  const create = async (clientKey: string): Promise<WebConversation | null> => {
    const conversation = newConversation(clientKey, settings.now());
    await save(conversation);
    remember(conversation);
    return conversation;
  };

  const find = async (id: string): Promise<WebConversation | undefined> => {
    const now = settings.now();
    const items = await storage.read([registryKey(id)]);
    const stored = readStored(items[registryKey(id)]);
    if (!stored || now - stored.lastSeenMs > settings.ttlMs) {
      local.delete(id);
      return undefined;
    }
    const known = local.get(id);
    const conversation: WebConversation = known ?? {
      id,
      userId: stored.userId,
      clientKey: '',
      seq: 0,
      lastTimestampMs: 0,
      lastSeenMs: now,
      tail: Promise.resolve(),
    };
    conversation.seq = Math.max(conversation.seq, stored.seq);
    conversation.lastTimestampMs = Math.max(conversation.lastTimestampMs, stored.lastTimestampMs);
    conversation.lastSeenMs = now;
    remember(conversation);
    return conversation;
  };

  return {
    create,
    find,
    save,
    get size() {
      return local.size;
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
