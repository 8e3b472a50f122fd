import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { isStateStoreConflict } from '../../src/storage/storageErrors';

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const TTL = 60_000;

function createStore(maxItems = 3): {
  store: BoundedMemoryStorage;
  clock: ReturnType<typeof fakeClock>;
} {
  const clock = fakeClock();
  return { store: new BoundedMemoryStorage({ maxItems, ttlMs: TTL, now: clock.now }), clock };
}

async function readOne(
  store: BoundedMemoryStorage,
  key: string,
): Promise<Record<string, unknown> | undefined> {
  const items = await store.read([key]);
  const item: unknown = items[key];
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
}

describe('BoundedMemoryStorage', () => {
  test('a written item reads back with an eTag, as a copy the caller cannot change in the store', async () => {
    const { store } = createStore();
    await store.write({ a: { topic: 'city.mayor', nested: { n: 1 } } });
    const first = await readOne(store, 'a');
    expect(first).toMatchObject({ topic: 'city.mayor', nested: { n: 1 } });
    expect(typeof first?.eTag).toBe('string');
    if (first) first.topic = 'changed';
    expect(await readOne(store, 'a')).toMatchObject({ topic: 'city.mayor' });
  });

  test('reading keys that were never written returns nothing for them', async () => {
    const { store } = createStore();
    expect(await store.read(['missing'])).toEqual({});
  });

  test('every write gives the item a new eTag', async () => {
    const { store } = createStore();
    await store.write({ a: { n: 1 } });
    const first = await readOne(store, 'a');
    await store.write({ a: { ...first, n: 2 } });
    const second = await readOne(store, 'a');
    expect(second?.eTag).not.toBe(first?.eTag);
    expect(second?.n).toBe(2);
  });

  test('writing with a stale eTag fails as a conflict and keeps the newer item', async () => {
    const { store } = createStore();
    await store.write({ a: { n: 1 } });
    const read = await readOne(store, 'a');
    await store.write({ a: { ...read, n: 2 } });
    const stale = store.write({ a: { ...read, n: 3 } });
    await expect(stale).rejects.toThrow(/eTag conflict/);
    await stale.catch((error: unknown) => expect(isStateStoreConflict(error)).toBe(true));
    expect((await readOne(store, 'a'))?.n).toBe(2);
  });

  test('a conflict on one item of a write leaves the other items unwritten', async () => {
    const { store } = createStore();
    await store.write({ a: { n: 1 } });
    const read = await readOne(store, 'a');
    await store.write({ a: { ...read, n: 2 } });
    await expect(store.write({ b: { n: 1 }, a: { ...read, n: 3 } })).rejects.toThrow(
      /eTag conflict/,
    );
    expect(await store.read(['b'])).toEqual({});
  });

  test.each([['*'], [undefined]])(
    'writing with eTag %p overwrites whatever is stored',
    async (eTag) => {
      const { store } = createStore();
      await store.write({ a: { n: 1 } });
      await store.write({ a: { n: 1 } });
      await store.write({ a: { n: 5, eTag } });
      expect((await readOne(store, 'a'))?.n).toBe(5);
    },
  );

  test('an item idle for the whole TTL is gone; one used just before is kept', async () => {
    const { store, clock } = createStore();
    await store.write({ idle: { n: 1 }, used: { n: 2 } });
    clock.advance(TTL - 1);
    expect(await readOne(store, 'used')).toBeDefined();
    clock.advance(1);
    expect(await readOne(store, 'idle')).toBeUndefined();
    expect(await readOne(store, 'used')).toBeDefined();
  });

  test('a write after expiry starts the item afresh even with the old eTag', async () => {
    const { store, clock } = createStore();
    await store.write({ a: { n: 1 } });
    const read = await readOne(store, 'a');
    clock.advance(TTL);
    await store.write({ a: { ...read, n: 2 } });
    expect((await readOne(store, 'a'))?.n).toBe(2);
  });

  test('the sweep drops expired items without anyone reading them', async () => {
    const { store, clock } = createStore(100);
    await store.write({ a: { n: 1 }, b: { n: 2 } });
    clock.advance(TTL / 2);
    await store.write({ c: { n: 3 } });
    expect(store.countItems()).toBe(3);
    clock.advance(TTL / 2);
    await store.write({ d: { n: 4 } });
    expect(store.countItems()).toBe(2);
    expect(Object.keys(await store.read(['a', 'b', 'c', 'd']))).toEqual(['c', 'd']);
  });

  test('above maxItems the least recently used item is dropped', async () => {
    const { store, clock } = createStore(3);
    await store.write({ a: { n: 1 } });
    clock.advance(1);
    await store.write({ b: { n: 2 } });
    clock.advance(1);
    await store.write({ c: { n: 3 } });
    clock.advance(1);
    await store.read(['a']);
    await store.write({ d: { n: 4 } });
    expect(store.countItems()).toBe(3);
    expect(Object.keys(await store.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
  });

  test('a flood of new conversations never holds more than maxItems', async () => {
    const { store, clock } = createStore(50);
    for (let i = 0; i < 1000; i += 1) {
      await store.write({ [`conversation-${i}`]: { n: i } });
      clock.advance(5);
    }
    expect(store.countItems()).toBe(50);
    expect(await readOne(store, 'conversation-999')).toMatchObject({ n: 999 });
    expect(await readOne(store, 'conversation-949')).toBeUndefined();
  });

  test('deleted items are gone and deleting a missing key is fine', async () => {
    const { store } = createStore();
    await store.write({ a: { n: 1 } });
    await store.delete(['a', 'never']);
    expect(await store.read(['a'])).toEqual({});
  });

  test.each([
    [{ maxItems: 0, ttlMs: 1000 }, /maxItems/],
    [{ maxItems: 1.5, ttlMs: 1000 }, /maxItems/],
    [{ maxItems: 10, ttlMs: 0 }, /ttlMs/],
    [{ maxItems: 10, ttlMs: Number.NaN }, /ttlMs/],
  ])('options %p are refused', (options, message) => {
    expect(() => new BoundedMemoryStorage(options)).toThrow(message);
  });

  test('an item that is not an object is refused', async () => {
    const { store } = createStore();
    await expect(store.write({ a: 'text' })).rejects.toThrow(TypeError);
  });
});
