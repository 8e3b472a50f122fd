import type { Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { BoundedMemoryStorage } from './boundedMemoryStorage';
import { openRedisStorage, type StorageLogger } from './redisStorage';
import { describeError, StateStoreError, STORAGE_ERRORS } from './storageErrors';
import {
  STORAGE_DEFAULTS,
  type StateStoreKind,
  type StorageSettings,
  type StorageTuning,
} from './storageSettings';

export type { StorageLogger } from './redisStorage';

export interface StorageDeps {
  readonly logger?: StorageLogger;
  /** Shorter timeouts for tests; defaults in STORAGE_DEFAULTS. */
  readonly tuning?: Partial<StorageTuning>;
}

/** The conversation-state store the bot runs on, and how to let it go at shutdown. */
export interface StateStore {
  readonly kind: StateStoreKind;
  /**
   * Fails with StateStoreError: `unavailable` when the store cannot be reached (in
   * bounded time: a turn never hangs on it) and `conflict` on an eTag mismatch.
   */
  readonly storage: Storage;
  close(): Promise<void>;
}

/**
 * Opens the store that settings.STATE_STORE names. Waits up to `startupWaitMs` for a
 * remote store to answer, then serves anyway: until the store is back, turns fail with
 * `unavailable` (the bot says "try again") and the store reconnects by itself.
 */
export async function createStorage(
  settings: StorageSettings,
  deps: StorageDeps = {},
): Promise<StateStore> {
  const limits: StorageTuning = { ...STORAGE_DEFAULTS, ...deps.tuning };
  const ttlMs = settings.STATE_TTL_SECONDS * 1000;
  switch (settings.STATE_STORE) {
    case 'memory': {
      // Fails only with StateStoreError 'conflict' (or on a programming error): nothing to translate.
      const storage = new BoundedMemoryStorage({
        maxItems: settings.STATE_MAX_CONVERSATIONS,
        ttlMs,
      });
      return { kind: 'memory', storage, close: async () => {} };
    }
    case 'redis': {
      const url = requireSetting(settings.REDIS_URL, 'REDIS_URL');
      const handle = openRedisStorage(
        { url, keyPrefix: settings.REDIS_KEY_PREFIX, ttlMs },
        deps.logger,
        limits,
      );
      await waitAtMost(handle.connected, limits.startupWaitMs);
      return { kind: 'redis', storage: handle.storage, close: () => handle.close() };
    }
    case 'azure-blobs': {
      const connectionString = requireSetting(
        settings.AZURE_STORAGE_CONNECTION_STRING,
        'AZURE_STORAGE_CONNECTION_STRING',
      );
      const storage = withStoreErrors(
        'azure-blobs',
        () =>
          new BlobsStorage(connectionString, settings.AZURE_STORAGE_CONTAINER, {
            storagePipelineOptions: {
              retryOptions: {
                maxTries: limits.blobMaxTries,
                tryTimeoutInMs: limits.blobTryTimeoutMs,
                retryDelayInMs: limits.blobRetryDelayMs,
                maxRetryDelayInMs: limits.blobMaxRetryDelayMs,
              },
            },
          }),
      );
      // Reading no keys creates the container if needed: a cheap probe of the account.
      const probe = storage.read([]).then(
        () => true,
        (error: unknown) => {
          deps.logger?.warn(
            { store: 'azure-blobs', err: describeError(error) },
            'state store unreachable at start-up; serving anyway',
          );
          return false;
        },
      );
      await waitAtMost(probe, limits.startupWaitMs);
      return {
        kind: 'azure-blobs',
        storage,
        close: async () => {
          await probe;
        },
      };
    }
  }
}

function requireSetting(value: string | undefined, name: string): string {
  // storageSettingsSchema already rejects this; kept for callers that skip it.
  if (value === undefined) throw new Error(`${name} is required for this STATE_STORE`);
  return value;
}

/**
 * Gives every failure of a botbuilder store the StateStoreError shape RedisStorage
 * uses ('conflict' for an eTag mismatch, 'unavailable' for the rest). Also works around
 * BlobsStorage caching a failed container check for ever: until one call has
 * succeeded, a failure replaces the instance with a fresh one, so an instance started
 * while the store was down recovers when it comes back.
 */
function withStoreErrors(store: string, open: () => Storage): Storage {
  let inner = open();
  let hasSucceeded = false;
  const run = async <T>(
    operation: 'read' | 'write' | 'delete',
    call: (target: Storage) => Promise<T>,
  ): Promise<T> => {
    try {
      const result = await call(inner);
      hasSucceeded = true;
      return result;
    } catch (error) {
      if (error instanceof StateStoreError) throw error;
      const message = describeError(error);
      if (/eTag conflict/i.test(message))
        throw new StateStoreError('conflict', message, { cause: error });
      if (!hasSucceeded) inner = open();
      throw new StateStoreError(
        'unavailable',
        STORAGE_ERRORS.unavailable(store, operation, message),
        { cause: error },
      );
    }
  };
  return {
    read: async (keys: string[]): Promise<StoreItems> => run('read', (target) => target.read(keys)),
    write: async (changes: StoreItems): Promise<void> =>
      run('write', (target) => target.write(changes)),
    delete: async (keys: string[]): Promise<void> => run('delete', (target) => target.delete(keys)),
  };
}

/** Waits for a promise that never rejects, or until ms have passed; the timer is always cleared. */
async function waitAtMost(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
