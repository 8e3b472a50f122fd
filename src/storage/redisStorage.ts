import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { createClient } from 'redis';
import { describeError, StateStoreError, STORAGE_ERRORS } from './storageErrors';
import { redactUrl, STORAGE_DEFAULTS, type StorageTuning } from './storageSettings';

/**
 * Each item is one Redis hash: `eTag` (a random id, new on every write) and `document`
 * (the item as JSON, without its eTag). Both scripts run atomically on the server, so
 * the eTag check and the write cannot be split by another instance's write.
 */

// KEYS[1] item; ARGV[1] ttl in ms. Reading restarts the TTL: a conversation is idle
// only when no turn reads or writes it (a turn that changes nothing does not write).
const READ_SCRIPT = `
local item = redis.call('HMGET', KEYS[1], 'eTag', 'document')
if item[2] then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return item`;

// KEYS[1] item; ARGV: expected eTag ('' = write whatever is there), new eTag, document, ttl in ms.
// An expected eTag that does not match, including when the item is gone (expired or
// deleted by another turn), is a conflict: nothing is written, 0 is returned.
const WRITE_SCRIPT = `
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'eTag') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'eTag', ARGV[2], 'document', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

interface ScriptOptions {
  keys: string[];
  arguments: string[];
}

/** The part of a node-redis client that RedisStorage uses. */
export interface RedisCommands {
  evalSha(sha1: string, options: ScriptOptions): Promise<unknown>;
  eval(script: string, options: ScriptOptions): Promise<unknown>;
  del(keys: string[]): Promise<unknown>;
}

export interface RedisStorageOptions {
  /** Prepended to every key, so several bots (or environments) can share one Redis. */
  readonly keyPrefix: string;
  /** Items expire this long after their last read or write. */
  readonly ttlMs: number;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const READ_SHA = sha1(READ_SCRIPT);
const WRITE_SHA = sha1(WRITE_SCRIPT);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** botbuilder `Storage` on Redis, with eTag optimistic concurrency, a key prefix and a TTL. */
export class RedisStorage implements Storage {
  private readonly keyPrefix: string;
  private readonly ttl: string;

  constructor(
    private readonly redis: RedisCommands,
    options: RedisStorageOptions,
  ) {
    if (!Number.isInteger(options.ttlMs) || options.ttlMs <= 0)
      throw new RangeError(`ttlMs must be a positive integer, found ${options.ttlMs}`);
    this.keyPrefix = options.keyPrefix;
    this.ttl = String(options.ttlMs);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const found = await settleAll(keys.map(async (key) => [key, await this.readOne(key)] as const));
    const items: StoreItems = {};
    for (const [key, item] of found) if (item !== undefined) items[key] = item;
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries: Array<[string, unknown]> = Object.entries(changes);
    await settleAll(entries.map(async ([key, change]) => await this.writeOne(key, change)));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.redis.del(keys.map((key) => this.keyPrefix + key));
    } catch (error) {
      throw unavailable('delete', error);
    }
  }

  private async readOne(key: string): Promise<Record<string, unknown> | undefined> {
    let reply: unknown;
    try {
      reply = await this.runScript(READ_SCRIPT, READ_SHA, key, [this.ttl]);
    } catch (error) {
      throw unavailable('read', error);
    }
    if (!Array.isArray(reply))
      throw unavailable('read', new TypeError(`unexpected reply ${typeof reply}`));
    const [eTag, document] = reply as unknown[];
    if (typeof document !== 'string' || typeof eTag !== 'string') return undefined;
    const parsed = parseJson(document);
    if (!isRecord(parsed))
      throw new StateStoreError('unavailable', STORAGE_ERRORS.corruptItem(key));
    return { ...parsed, eTag };
  }

  private async writeOne(key: string, change: unknown): Promise<void> {
    if (!isRecord(change)) throw new TypeError(STORAGE_ERRORS.invalidItem(key));
    const { eTag, ...document } = change;
    // botbuilder: no eTag, or '*', means "write whatever is stored"; any other eTag must match.
    const expected = typeof eTag === 'string' && eTag !== '*' ? eTag : '';
    let reply: unknown;
    try {
      reply = await this.runScript(WRITE_SCRIPT, WRITE_SHA, key, [
        expected,
        randomUUID(),
        JSON.stringify(document),
        this.ttl,
      ]);
    } catch (error) {
      throw unavailable('write', error);
    }
    if (reply !== 1) throw new StateStoreError('conflict', STORAGE_ERRORS.conflict(key));
  }

  /** EVALSHA, falling back to EVAL (which caches the script) after a Redis restart or flush. */
  private async runScript(
    script: string,
    scriptSha: string,
    key: string,
    args: string[],
  ): Promise<unknown> {
    const options: ScriptOptions = { keys: [this.keyPrefix + key], arguments: args };
    try {
      return await this.redis.evalSha(scriptSha, options);
    } catch (error) {
      if (!describeError(error).startsWith('NOSCRIPT')) throw error;
      return await this.redis.eval(script, options);
    }
  }
}

function unavailable(operation: 'read' | 'write' | 'delete', error: unknown): StateStoreError {
  if (error instanceof StateStoreError) return error;
  return new StateStoreError(
    'unavailable',
    STORAGE_ERRORS.unavailable('redis', operation, describeError(error)),
    { cause: error },
  );
}

function parseJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}

/** Awaits every promise (none is left running unobserved), then throws the first failure. */
async function settleAll<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const values: T[] = [];
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values;
}

/** What createStorage needs to log: a pino logger fits. */
export interface StorageLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface RedisStorageHandle {
  readonly storage: RedisStorage;
  /** Resolves true once the first connection is ready, false if closed before that. */
  readonly connected: Promise<boolean>;
  close(): Promise<void>;
}

function createRedisClient(url: string, limits: StorageTuning) {
  return createClient({
    url,
    RESP: 2, // any Redis from 2.6 on; nothing here needs RESP3
    disableOfflineQueue: true,
    commandsQueueMaxLength: limits.redisMaxQueuedCommands,
    commandOptions: { timeout: limits.redisCommandTimeoutMs },
    socket: {
      connectTimeout: limits.redisConnectTimeoutMs,
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** Math.min(retries, 10), limits.redisReconnectMaxDelayMs),
    },
  });
}

type RedisClient = ReturnType<typeof createRedisClient>;

/**
 * Opens Redis so that a turn never hangs on it and the storage heals by itself:
 * - no offline queue: while disconnected, commands fail at once;
 * - reconnection for ever, with a capped back-off;
 * - a watchdog on every command. node-redis times a command out only until it is sent;
 *   after that a frozen or vanished server would hold it (and the turn) until TCP gives
 *   up, minutes later. So a command without an answer in time fails the call, and its
 *   connection is presumed dead: it is dropped and a new one is opened.
 */
export function openRedisStorage(
  options: RedisStorageOptions & { readonly url: string },
  logger?: StorageLogger,
  tuning: Partial<StorageTuning> = {},
): RedisStorageHandle {
  const connection = new RedisConnection(options.url, { ...STORAGE_DEFAULTS, ...tuning }, logger);
  return {
    storage: new RedisStorage(connection, options),
    connected: connection.firstConnection,
    close: async () => await connection.close(),
  };
}

class RedisConnection implements RedisCommands {
  private client: RedisClient;
  private isClosed = false;
  /** Whether the store answered last time we heard; only changes are logged, not every retry. */
  private isHealthy: boolean | null = null;
  /** Promises of dropped connections and timed-out commands, settled by destroy(); awaited by close(). */
  private readonly abandoned = new Set<Promise<unknown>>();
  readonly firstConnection: Promise<boolean>;

  constructor(
    private readonly url: string,
    private readonly limits: StorageTuning,
    private readonly logger: StorageLogger | undefined,
  ) {
    const { client, connected } = this.open();
    this.client = client;
    this.firstConnection = connected;
  }

  async evalSha(sha1: string, options: ScriptOptions): Promise<unknown> {
    return await this.call((client) => client.evalSha(sha1, options));
  }

  async eval(script: string, options: ScriptOptions): Promise<unknown> {
    return await this.call((client) => client.eval(script, options));
  }

  async del(keys: string[]): Promise<unknown> {
    return await this.call((client) => client.del(keys));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    const client = this.client;
    if (client.isReady) {
      // close() lets commands in flight finish; a frozen server would hold it for ever.
      const closing = client.close().then(
        () => true,
        () => false,
      );
      if (!(await settlesWithin(closing, this.limits.redisCommandTimeoutMs))) client.destroy();
      await closing;
    } else if (client.isOpen) {
      client.destroy();
    }
    await this.firstConnection;
    await Promise.all(this.abandoned);
  }

  private open(): { client: RedisClient; connected: Promise<boolean> } {
    const client = createRedisClient(this.url, this.limits);
    // A client emits 'error' on every failed attempt; a listener must stay attached even after it is dropped.
    client.on('error', (error: unknown) => {
      if (client === this.client) this.noteHealth(false, error);
    });
    client.on('ready', () => {
      if (client === this.client) this.noteHealth(true);
    });
    // connect() retries until it succeeds; it rejects only when the client is destroyed first.
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    return { client, connected };
  }

  private async call<T>(run: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = this.client;
    const pending = run(client);
    if (await settlesWithin(pending, this.limits.redisCommandTimeoutMs)) return await pending;
    this.keepUntilSettled(pending);
    this.replace(client);
    throw new Error(`no answer from Redis within ${this.limits.redisCommandTimeoutMs} ms`);
  }

  /** Drops a connection that stopped answering (its pending commands fail) and opens a new one. */
  private replace(stale: RedisClient): void {
    if (this.isClosed || this.client !== stale) return;
    this.noteHealth(false, new Error('a command timed out'));
    const { client, connected } = this.open();
    this.client = client;
    this.keepUntilSettled(connected);
    stale.destroy();
  }

  private keepUntilSettled(promise: Promise<unknown>): void {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.abandoned.add(settled);
    void settled.then(() => this.abandoned.delete(settled));
  }

  private noteHealth(isHealthy: boolean, error?: unknown): void {
    if (this.isHealthy === isHealthy) return;
    const wasKnown = this.isHealthy !== null;
    this.isHealthy = isHealthy;
    const where = { store: 'redis', url: redactUrl(this.url) };
    if (!isHealthy) {
      this.logger?.warn(
        { ...where, err: describeError(error) },
        'state store unreachable; turns fail politely until it is back',
      );
    } else if (wasKnown) {
      this.logger?.info(where, 'state store reachable again');
    }
  }
}

/** Whether a promise settles (either way) within ms; the timer is always cleared. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
