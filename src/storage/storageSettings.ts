import { z } from 'zod';

export const STATE_STORES = ['memory', 'azure-blobs', 'redis'] as const;
export type StateStoreKind = (typeof STATE_STORES)[number];

/** Azure container names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** An unset environment variable and an empty one (`REDIS_URL=` in a .env file) mean the same. */
const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().trim().min(1).optional(),
);

const positiveInteger = (fallback: number, max: number) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().positive().max(max).default(fallback),
  );

/**
 * The state-store part of the environment, keyed by the variable names in
 * docs/CONTRACTS.md. A plain object schema: embed it in the app's config with
 * `.extend(storageSettingsSchema.shape)` and `.superRefine(checkStorageSettings)`,
 * or parse with `storageSettingsSchema` (which already carries the check).
 */
export const storageSettingsShape = {
  STATE_STORE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(STATE_STORES).default('memory'),
  ),
  /** Idle conversations are forgotten after this long (memory and redis; blobs: use a lifecycle rule). */
  STATE_TTL_SECONDS: positiveInteger(3600, 30 * 24 * 3600),
  /** Only the memory store is bounded by count: the oldest conversation is dropped first. */
  STATE_MAX_CONVERSATIONS: positiveInteger(10_000, 10_000_000),
  REDIS_URL: optionalText,
  REDIS_KEY_PREFIX: z.string().max(200).default('city-profile-bot:'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_CONTAINER: z
    .string()
    .regex(
      CONTAINER_NAME,
      'expected an Azure container name: 3-63 lowercase letters, digits and single hyphens',
    )
    .default('bot-state'),
};

type StorageSettingsFields = z.output<z.ZodObject<typeof storageSettingsShape>>;

/** Cross-field rules: the chosen store must have what it needs to connect. */
export function checkStorageSettings(settings: StorageSettingsFields, ctx: z.RefinementCtx): void {
  if (settings.STATE_STORE === 'redis') {
    const url = settings.REDIS_URL;
    if (url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'STATE_STORE=redis needs REDIS_URL, for example redis://127.0.0.1:6379',
      });
    } else if (!/^rediss?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
      // The value is not repeated: it may hold a password (and the config never prints it).
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message:
          'expected a redis:// or rediss:// URL such as redis://127.0.0.1:6379 or rediss://:password@host:6380',
      });
    }
  }
  if (
    settings.STATE_STORE === 'azure-blobs' &&
    settings.AZURE_STORAGE_CONNECTION_STRING === undefined
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['AZURE_STORAGE_CONNECTION_STRING'],
      message:
        'STATE_STORE=azure-blobs needs AZURE_STORAGE_CONNECTION_STRING (the storage account connection string)',
    });
  }
}

export const storageSettingsSchema = z
  .object(storageSettingsShape)
  .superRefine(checkStorageSettings);

export type StorageSettings = z.output<typeof storageSettingsSchema>;

/**
 * Limits that are not environment settings: how long a turn may wait for the store.
 * Frozen; createStorage takes overrides (the tests use shorter ones).
 */
export const STORAGE_DEFAULTS = Object.freeze({
  /** A Redis command that has no answer after this long fails the turn instead of hanging it. */
  redisCommandTimeoutMs: 2000,
  /** Opening one Redis connection. */
  redisConnectTimeoutMs: 2000,
  /** Reconnect back-off: 50 ms, doubling, capped here; it never gives up. */
  redisReconnectMaxDelayMs: 2000,
  /** Commands waiting for Redis, at most; more fail at once instead of piling up. */
  redisMaxQueuedCommands: 10_000,
  /** At start-up, wait this long for the store before serving anyway (turns then fail politely until it is back). */
  startupWaitMs: 5000,
  /** Azure Blob Storage: attempts per operation, and the time each may take. */
  blobMaxTries: 2,
  blobTryTimeoutMs: 5000,
  blobRetryDelayMs: 200,
  blobMaxRetryDelayMs: 1000,
});

export type StorageTuning = { -readonly [K in keyof typeof STORAGE_DEFAULTS]: number };

/** A URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
