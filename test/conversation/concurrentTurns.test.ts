import type { Storage, StoreItems } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { createHarness, loadEngine } from './conversationHarness';

const engine = loadEngine();

/** A view of a shared store whose writes can be held until something else happened. */
function gatedView(store: Storage): {
  storage: Storage;
  holdWritesUntil(p: Promise<void>): void;
  afterNextWrite(): Promise<void>;
} {
  let gate: Promise<void> | null = null;
  let written: (() => void) | null = null;
  return {
    storage: {
      read: async (keys: string[]): Promise<StoreItems> => await store.read(keys),
      write: async (changes: StoreItems): Promise<void> => {
        if (gate) {
          const waitFor = gate;
          gate = null;
          await waitFor;
        }
        await store.write(changes);
        written?.();
        written = null;
      },
      delete: async (keys: string[]): Promise<void> => await store.delete(keys),
    },
    holdWritesUntil: (p) => {
      gate = p;
    },
    afterNextWrite: async () =>
      await new Promise<void>((resolve) => {
        written = resolve;
      }),
  };
}

describe('two turns of one conversation at once, on two bot instances sharing a store', () => {
  test('both turns keep their state changes: the later save is redone on the earlier one, not written over it', async () => {
    const store = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
    const a = gatedView(store);
    const b = gatedView(store);
    const conversationId = 'shared-conversation';
    const onA = createHarness({ engine, storage: a.storage, conversationId });
    const onB = createHarness({ engine, storage: b.storage, conversationId });

    await onA.say('who is the mayor?');
    // A's next save waits until B has saved: A then holds a stale eTag.
    const bSaved = b.afterNextWrite();
    a.holdWritesUntil(bSaved);
    await Promise.all([onA.say('text only'), onB.say('how is innovation funded?')]);

    const stored = JSON.stringify(await onA.storedState());
    expect(stored).toContain('"style":"text"'); // A's turn
    expect(stored).toContain('"lastTopic":"funding.overview"'); // B's turn
  });
});
