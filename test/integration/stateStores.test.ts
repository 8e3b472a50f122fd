import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { StateStore } from '../../src/storage/createStorage';
import { findStateStoreError, StateStoreError } from '../../src/storage/storageErrors';
import { checkRedisAvailability, waitUntil } from './services';
import {
  startRedisStore,
  storesToTest,
  type RedisUnderTest,
  type StoreUnderTest,
} from './storeFixtures';

/** The failure kind a promise rejected with, or 'resolved'. */
async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return findStateStoreError(error)?.failure ?? `not a StateStoreError: ${String(error)}`;
  }
}

const newKey = (): string => `test/conversations/${randomUUID()}`;

/** An item as a store returns it: what was written, plus the eTag the store gave it. */
const StoredItem = z.looseObject({ eTag: z.string() });
const StoredTurns = z.looseObject({ eTag: z.string(), turns: z.array(z.string()) });

/** Reads one key and checks the item's shape (a missing item fails the parse). */
async function readItem<T extends z.ZodType>(
  storage: Storage,
  key: string,
  schema: T,
): Promise<z.infer<T>> {
  return schema.parse((await storage.read([key]))[key]);
}

describe.each(storesToTest())('The %s state store', (_kind, startStore) => {
  let store: StoreUnderTest;
  const opened: StateStore[] = [];
  const open = async (overrides?: Record<string, string>): Promise<StateStore> => {
    const stateStore = await store.open(overrides);
    opened.push(stateStore);
    return stateStore;
  };

  beforeAll(async () => {
    store = await startStore();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map(async (s) => await s.close()));
  });

  afterAll(async () => {
    await store?.dispose();
  });

  test('an item written through one instance is read, with an eTag, through another', async () => {
    const [a, b] = [await open(), await open()];
    const key = newKey();
    await a.storage.write({ [key]: { lastTopic: 'funding.overview', city: 'mexico-city' } });

    const items: StoreItems = await b.storage.read([key, newKey()]);

    expect(Object.keys(items)).toEqual([key]);
    expect(items[key]).toMatchObject({ lastTopic: 'funding.overview', city: 'mexico-city' });
    expect(StoredItem.safeParse(items[key]).success).toBe(true);
  });

  test('a write with a stale eTag fails with a conflict and leaves the stored item as it was', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });
    const first = await readItem(storage, key, StoredItem);
    await storage.write({ [key]: { turn: 2, eTag: first.eTag } });

    const stale = storage.write({ [key]: { turn: 99, eTag: first.eTag } });

    await expect(stale).rejects.toThrow(/eTag conflict/);
    expect(await outcomeOf(stale)).toBe('conflict');
    expect((await storage.read([key]))[key]).toMatchObject({ turn: 2 });
  });

  test('two concurrent writes from the same read resolve through eTags: one wins, and the loser retried on fresh state keeps both turns', async () => {
    const [a, b] = [await open(), await open()];
    const key = newKey();
    await a.storage.write({ [key]: { turns: ['start'] } });
    const [readByA, readByB] = [
      await readItem(a.storage, key, StoredTurns),
      await readItem(b.storage, key, StoredTurns),
    ];
    expect(readByA.eTag).toBe(readByB.eTag);

    const outcomes = await Promise.all([
      outcomeOf(a.storage.write({ [key]: { turns: [...readByA.turns, 'A'], eTag: readByA.eTag } })),
      outcomeOf(b.storage.write({ [key]: { turns: [...readByB.turns, 'B'], eTag: readByB.eTag } })),
    ]);
    expect([...outcomes].sort()).toEqual(['conflict', 'resolved']);

    const [loser, loserTurn] = outcomes[0] === 'conflict' ? [a, 'A'] : [b, 'B'];
    const fresh = await readItem(loser.storage, key, StoredTurns);
    await loser.storage.write({ [key]: { turns: [...fresh.turns, loserTurn], eTag: fresh.eTag } });

    const final = await readItem(a.storage, key, StoredTurns);
    expect([...final.turns].sort()).toEqual(['A', 'B', 'start']);
  });

  test('a write with eTag "*" or without an eTag replaces whatever is stored', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });
    await storage.write({ [key]: { turn: 2, eTag: '*' } });
    expect((await storage.read([key]))[key]).toMatchObject({ turn: 2 });
    await storage.write({ [key]: { turn: 3 } });
    expect((await storage.read([key]))[key]).toMatchObject({ turn: 3 });
  });

  test('a deleted item reads as missing, and deleting a missing item succeeds', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });

    await storage.delete([key, newKey()]);

    expect(await storage.read([key])).toEqual({});
  });

  test('while the store is down every call rejects as unavailable, and the same instance works again once it is back', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });

    await store.takeDown();
    try {
      expect(await outcomeOf(storage.read([key]))).toBe('unavailable');
      expect(await outcomeOf(storage.write({ [key]: { turn: 2 } }))).toBe('unavailable');
      expect(await outcomeOf(storage.delete([key]))).toBe('unavailable');
    } finally {
      await store.bringBack();
    }

    // Reconnection happens in the background: the first calls may still fail.
    await waitUntil(
      'the store to answer again',
      async () => (await outcomeOf(storage.write({ [key]: { turn: 3 } }))) === 'resolved',
    );
    expect((await storage.read([key]))[key]).toMatchObject({ turn: 3 });
  });

  test('an instance started while the store is down serves once the store comes up', async () => {
    await store.takeDown();
    let stateStore: StateStore;
    try {
      stateStore = await open();
      expect(await outcomeOf(stateStore.storage.read([newKey()]))).toBe('unavailable');
    } finally {
      await store.bringBack();
    }
    const key = newKey();
    await waitUntil(
      'the store to answer',
      async () =>
        (await outcomeOf(stateStore.storage.write({ [key]: { turn: 1 } }))) === 'resolved',
    );
    expect((await stateStore.storage.read([key]))[key]).toMatchObject({ turn: 1 });
  });
});

const describeRedis = checkRedisAvailability() ? describe : describe.skip;

describeRedis('The redis state store, specifically', () => {
  let redis: RedisUnderTest;
  const opened: StateStore[] = [];
  const open = async (overrides?: Record<string, string>): Promise<StateStore> => {
    const stateStore = await redis.open(overrides);
    opened.push(stateStore);
    return stateStore;
  };

  beforeAll(async () => {
    redis = await startRedisStore();
  });

  afterEach(async () => {
    redis.server.resume();
    await Promise.all(opened.splice(0).map(async (s) => await s.close()));
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  test('items are stored under the configured key prefix', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });

    expect(await redis.server.sendCommand(['EXISTS', redis.keyPrefix + key])).toBe(':1');
    expect(await redis.server.sendCommand(['EXISTS', key])).toBe(':0');
  });

  test('a write whose eTag names an item that is gone (expired or deleted by another turn) is a conflict and writes nothing', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });
    const item = await readItem(storage, key, StoredItem);
    await storage.delete([key]);

    await expect(storage.write({ [key]: { turn: 2, eTag: item.eTag } })).rejects.toThrow(
      StateStoreError,
    );

    expect(await storage.read([key])).toEqual({});
  });

  test('an idle conversation expires after STATE_TTL_SECONDS: its key is gone from Redis', async () => {
    const { storage } = await open({ STATE_TTL_SECONDS: '2' });
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });
    const ttl = await redis.server.ttlOf(redis.keyPrefix + key);
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(2000);

    // The last millisecond of those 2 s, without waiting for the others.
    await redis.server.runDown(redis.keyPrefix + key, 1);
    await waitUntil(
      'the key to expire',
      async () => (await redis.server.ttlOf(redis.keyPrefix + key)) === -2,
      8000,
    );

    expect(await storage.read([key])).toEqual({});
  });

  test('every write and every read of a conversation restarts its TTL', async () => {
    const { storage } = await open({ STATE_TTL_SECONDS: '3' });
    const key = newKey();
    const ttlOf = async (): Promise<number> => await redis.server.ttlOf(redis.keyPrefix + key);
    await storage.write({ [key]: { turn: 1 } });

    // Two of the 3 s pass idle (as Redis counts them), then each call starts them afresh.
    await redis.server.runDown(redis.keyPrefix + key, 1000);
    const beforeWrite = await ttlOf();
    expect(beforeWrite).toBeLessThanOrEqual(1000);
    await storage.write({ [key]: { turn: 2 } });
    expect(await ttlOf()).toBeGreaterThan(2000);

    await redis.server.runDown(redis.keyPrefix + key, 1000);
    const beforeRead = await ttlOf();
    expect(beforeRead).toBeLessThanOrEqual(1000);
    await storage.read([key]);
    expect(await ttlOf()).toBeGreaterThan(2000);
  });

  test('a frozen Redis fails calls with a timeout instead of hanging them, and the storage recovers when it thaws', async () => {
    const { storage } = await open();
    const key = newKey();
    await storage.write({ [key]: { turn: 1 } });

    redis.server.pause();
    try {
      expect(await outcomeOf(storage.read([key]))).toBe('unavailable');
    } finally {
      redis.server.resume();
    }

    await waitUntil(
      'Redis to answer again',
      async () => (await outcomeOf(storage.read([key]))) === 'resolved',
    );
    expect((await storage.read([key]))[key]).toMatchObject({ turn: 1 });
  });
});
