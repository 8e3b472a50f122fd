import { ConversationState, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import { isStateStoreConflict } from './storageErrors';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * botbuilder's ConversationState, saving with the eTag it loaded.
 *
 * botbuilder-core 4.23's BotState.saveChanges sets `eTag = '*'` before every write, so
 * when two turns of one conversation run at once (two instances, a double-sent
 * message) the later save silently overwrites the earlier one. This class lets
 * BotState do everything else (caching, change detection) and only puts the loaded
 * eTag back on the way to the store: the store then refuses the second writer with a
 * StateStoreError 'conflict' instead of losing the first writer's turn.
 *
 * A conversation's first save (nothing was loaded) stays unconditional, and so do
 * further saves in the same turn after one succeeded: the store's new eTag is not
 * returned by `Storage.write`.
 */
export class OptimisticConversationState extends ConversationState {
  constructor(storage: Storage, namespace = '') {
    super(withLoadedETags(storage), namespace);
  }

  /**
   * Saves; on a conflict, loads the conversation again as the other turn left it, lets
   * `reapply` redo this turn's changes on it (without sending anything), and tries
   * again, up to `maxAttempts` saves in all. Neither turn's changes are lost.
   */
  async saveChangesOrReapply(
    context: TurnContext,
    reapply: (context: TurnContext) => Promise<void>,
    maxAttempts = 3,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.saveChanges(context);
        return;
      } catch (error) {
        if (!isStateStoreConflict(error) || attempt >= maxAttempts) throw error;
      }
      await this.load(context, true);
      await reapply(context);
    }
  }
}

/**
 * A Storage that remembers the eTag of each item it read, by the item object itself:
 * BotState writes back the very object it loaded (after setting its eTag to '*').
 */
function withLoadedETags(storage: Storage): Storage {
  const loadedETags = new WeakMap<object, string>();
  return {
    read: async (keys: string[]): Promise<StoreItems> => {
      const items = await storage.read(keys);
      for (const key of keys) {
        const item: unknown = items[key];
        if (isRecord(item) && typeof item.eTag === 'string') loadedETags.set(item, item.eTag);
      }
      return items;
    },
    write: async (changes: StoreItems): Promise<void> => {
      const sent: StoreItems = {};
      const written: object[] = [];
      for (const [key, change] of Object.entries(changes)) {
        const item: unknown = change;
        const loaded = isRecord(item) ? loadedETags.get(item) : undefined;
        if (isRecord(item) && loaded !== undefined) {
          sent[key] = { ...item, eTag: loaded };
          written.push(item);
        } else {
          sent[key] = item;
        }
      }
      await storage.write(sent);
      for (const item of written) loadedETags.set(item, '*');
    },
    delete: async (keys: string[]): Promise<void> => await storage.delete(keys),
  };
}
