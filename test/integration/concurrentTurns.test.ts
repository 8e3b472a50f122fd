import { randomUUID } from 'node:crypto';
import { ActivityTypes, ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import type { StateStore } from '../../src/storage/createStorage';
import { OptimisticConversationState } from '../../src/storage/optimisticConversationState';
import { isStateStoreConflict } from '../../src/storage/storageErrors';
import { storesToTest, type StoreUnderTest } from './storeFixtures';

/**
 * Two turns of one conversation running at once on two instances (each with its own
 * connection to the shared store), driven step by step so the interleaving is exact:
 * both load the same version, both change it, both save.
 */

const adapter = new TestAdapter();

function turnOf(conversationId: string): TurnContext {
  return new TurnContext(adapter, {
    type: ActivityTypes.Message,
    channelId: 'integration-test',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: 'Resident' },
    recipient: { id: 'bot', name: 'City Profile Bot' },
    text: 'hello',
  });
}

/** Each turn appends its name to a list kept in the conversation state. */
async function appendTurn(
  state: ConversationState,
  context: TurnContext,
  name: string,
): Promise<void> {
  const log = state.createProperty<string[]>('log');
  await log.set(context, [...(await log.get(context, [])), name]);
}

async function logOf(state: ConversationState, conversationId: string): Promise<string[]> {
  const context = turnOf(conversationId);
  await state.load(context, true);
  return [...(await state.createProperty<string[]>('log').get(context, []))].sort();
}

describe.each(storesToTest())('Concurrent turns on the %s store', (_kind, startStore) => {
  let store: StoreUnderTest;
  let stores: StateStore[] = [];

  beforeAll(async () => {
    store = await startStore();
  });

  beforeEach(async () => {
    stores = [await store.open(), await store.open()];
  });

  afterEach(async () => {
    await Promise.all(stores.map(async (s) => await s.close()));
  });

  afterAll(async () => {
    await store?.dispose();
  });

  /** A conversation with one saved turn, and the same version of it loaded by two turns, one per instance. */
  async function twoTurnsLoaded<S extends ConversationState>(
    makeState: (s: StateStore) => S,
  ): Promise<{ id: string; a: S; b: S; contextA: TurnContext; contextB: TurnContext }> {
    const [storeA, storeB] = stores;
    if (!storeA || !storeB) throw new Error('two stores are open');
    const [a, b] = [makeState(storeA), makeState(storeB)];
    const id = randomUUID();
    const first = turnOf(id);
    await a.load(first);
    await appendTurn(a, first, 'start');
    await a.saveChanges(first);
    const [contextA, contextB] = [turnOf(id), turnOf(id)];
    await Promise.all([a.load(contextA), b.load(contextB)]);
    await appendTurn(a, contextA, 'A');
    await appendTurn(b, contextB, 'B');
    return { id, a, b, contextA, contextB };
  }

  test('when both save at once, one turn is saved and the other gets an eTag conflict instead of overwriting it', async () => {
    const { id, a, b, contextA, contextB } = await twoTurnsLoaded(
      (s) => new OptimisticConversationState(s.storage),
    );

    const outcomes = await Promise.allSettled([a.saveChanges(contextA), b.saveChanges(contextB)]);

    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(isStateStoreConflict(rejected[0]?.reason)).toBe(true);
    const winner = outcomes[0]?.status === 'fulfilled' ? 'A' : 'B';
    expect(await logOf(a, id)).toEqual([winner, 'start'].sort());
  });

  test('the turn that lost the race reapplies its change on the fresh state, so neither turn is lost', async () => {
    const { id, a, b, contextA, contextB } = await twoTurnsLoaded(
      (s) => new OptimisticConversationState(s.storage),
    );

    await Promise.all([
      a.saveChangesOrReapply(contextA, async (context) => await appendTurn(a, context, 'A')),
      b.saveChangesOrReapply(contextB, async (context) => await appendTurn(b, context, 'B')),
    ]);

    expect(await logOf(a, id)).toEqual(['A', 'B', 'start']);
  });

  test("botbuilder's own ConversationState saves with eTag '*', so the later of two concurrent turns silently wins", async () => {
    const { id, a, b, contextA, contextB } = await twoTurnsLoaded(
      (s) => new ConversationState(s.storage),
    );

    await a.saveChanges(contextA);
    await b.saveChanges(contextB);

    expect(await logOf(a, id)).toEqual(['B', 'start']);
  });
});
