import { randomUUID } from 'node:crypto';
import { createStorage, type StateStore } from '../../src/storage/createStorage';
import {
  storageSettingsSchema,
  type StorageSettings,
  type StorageTuning,
} from '../../src/storage/storageSettings';
import { AzuriteServer, checkRedisAvailability, RedisServer } from './services';

/** Short limits, so a store outage fails a call in well under a second. */
export const TEST_TUNING: Partial<StorageTuning> = Object.freeze({
  redisCommandTimeoutMs: 500,
  redisConnectTimeoutMs: 500,
  redisReconnectMaxDelayMs: 100,
  startupWaitMs: 1000,
  blobMaxTries: 1,
  blobTryTimeoutMs: 2000,
  blobRetryDelayMs: 50,
  blobMaxRetryDelayMs: 100,
});

/** One real store server, and how to open bot storage on it, as the app would from its settings. */
export interface StoreUnderTest {
  readonly kind: 'redis' | 'azure-blobs';
  /** The settings an instance would get from its environment (each fixture has its own key prefix / container). */
  settings(overrides?: Record<string, string>): StorageSettings;
  open(overrides?: Record<string, string>): Promise<StateStore>;
  /** Stops the server; `bringBack` starts it again on the same port. */
  takeDown(): Promise<void>;
  bringBack(): Promise<void>;
  dispose(): Promise<void>;
}

export interface RedisUnderTest extends StoreUnderTest {
  readonly kind: 'redis';
  readonly server: RedisServer;
  readonly keyPrefix: string;
}

export async function startRedisStore(): Promise<RedisUnderTest> {
  const server = await RedisServer.start();
  const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
  const settings = (overrides: Record<string, string> = {}): StorageSettings =>
    storageSettingsSchema.parse({
      STATE_STORE: 'redis',
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: keyPrefix,
      ...overrides,
    });
  return {
    kind: 'redis',
    server,
    keyPrefix,
    settings,
    open: async (overrides) => await createStorage(settings(overrides), { tuning: TEST_TUNING }),
    takeDown: async () => await server.stop(),
    bringBack: async () => await server.start(),
    dispose: async () => await server.stop(),
  };
}

export async function startBlobStore(): Promise<StoreUnderTest> {
  const server = await AzuriteServer.start();
  const container = `bot-state-${randomUUID().slice(0, 8)}`;
  const settings = (overrides: Record<string, string> = {}): StorageSettings =>
    storageSettingsSchema.parse({
      STATE_STORE: 'azure-blobs',
      AZURE_STORAGE_CONNECTION_STRING: server.connectionString,
      AZURE_STORAGE_CONTAINER: container,
      ...overrides,
    });
  return {
    kind: 'azure-blobs',
    settings,
    open: async (overrides) => await createStorage(settings(overrides), { tuning: TEST_TUNING }),
    takeDown: async () => await server.stop(),
    bringBack: async () => await server.start(),
    dispose: async () => await server.dispose(),
  };
}

export type StoreStarter = readonly [
  kind: 'redis' | 'azure-blobs',
  start: () => Promise<StoreUnderTest>,
];

/** The stores to run shared scenarios on: Azurite always; Redis when redis-server is installed (required in CI). */
export function storesToTest(): StoreStarter[] {
  const stores: StoreStarter[] = [['azure-blobs', startBlobStore]];
  if (checkRedisAvailability()) stores.unshift(['redis', startRedisStore]);
  return stores;
}
