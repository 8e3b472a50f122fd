import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { parseQuestionLogLine, type QuestionLogEntry } from './questionLogEntry';
import { QUESTION_LOG_DEFAULTS, type QuestionLogStore } from './questionLogStore';

export interface RedisStoreOptions {
  readonly url: string;
  /** The state store's prefix; the log is the one key `<prefix>question-log`. */
  readonly keyPrefix: string;
  readonly maxEntries: number;
  readonly retentionMs: number;
  readonly now?: () => number;
  /** Told when the connection fails (once per failure, not per retry). */
  readonly onError?: (error: unknown) => void;
}

// KEYS[1] the log; ARGV[1] oldest score kept, ARGV[2] entries kept, ARGV[3] ttl in ms,
// then score/member pairs. Atomic: trimming by age and count, and the key's TTL, never
// lag behind an append. The key expires when nothing was logged for a whole retention.
const APPEND_SCRIPT = `
for i = 4, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Resolves when `promise` does or after `ms`, whichever is first; the timer is always cleared. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Members are `<sequence><random> <json>`: two identical entries (two equal tallies) both
 * stay, and entries of the same millisecond keep their order (Redis orders equal scores
 * by member).
 */
let sequence = 0;
function memberOf(entry: QuestionLogEntry): string {
  sequence = (sequence + 1) % 36 ** 8;
  const order = sequence.toString(36).padStart(8, '0');
  return `${order}${randomBytes(3).toString('hex')} ${JSON.stringify(entry)}`;
}

/**
 * The question log in Redis, beside the conversation state (STATE_STORE=redis): a sorted
 * set scored by time, trimmed to the retention and to `maxEntries` on every append,
 * with a TTL. Commands fail at once while Redis is away (no offline queue): the bot
 * never waits on its log.
 */
export async function openRedisQuestionLogStore(
  options: RedisStoreOptions,
): Promise<QuestionLogStore> {
  const now = options.now ?? Date.now;
  const key = `${options.keyPrefix}question-log`;
  const client = createClient({
    url: options.url,
    RESP: 2,
    disableOfflineQueue: true,
    commandOptions: { timeout: QUESTION_LOG_DEFAULTS.redisCommandTimeoutMs },
    socket: {
      connectTimeout: QUESTION_LOG_DEFAULTS.redisConnectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), 2000),
    },
  });
  let isHealthy = true;
  client.on('error', (error: unknown) => {
    if (isHealthy) options.onError?.(error);
    isHealthy = false;
  });
  client.on('ready', () => {
    isHealthy = true;
  });
  // node-redis keeps retrying a refused connection for ever: wait a bounded time, then
  // go on (commands fail at once until Redis answers; the bot never waits on its log).
  const connected = client.connect().then(
    () => true,
    (error: unknown) => {
      options.onError?.(error);
      return false;
    },
  );
  await waitAtMost(connected, QUESTION_LOG_DEFAULTS.redisConnectTimeoutMs);

  const append = async (entries: readonly QuestionLogEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    const pairs = entries.flatMap((entry) => [String(Date.parse(entry.at)), memberOf(entry)]);
    await client.eval(APPEND_SCRIPT, {
      keys: [key],
      arguments: [
        String(now() - options.retentionMs),
        String(options.maxEntries),
        String(options.retentionMs),
        ...pairs,
      ],
    });
  };

  const read = async (sinceMs: number): Promise<QuestionLogEntry[]> => {
    const oldest = Math.max(sinceMs, now() - options.retentionMs);
    const members = await client.zRangeByScore(key, oldest, '+inf');
    return members
      .map((member) => parseQuestionLogLine(member.slice(member.indexOf(' ') + 1)))
      .filter((entry): entry is QuestionLogEntry => entry !== null);
  };

  const close = async (): Promise<void> => {
    if (client.isReady) await client.close().catch(() => client.destroy());
    else if (client.isOpen) client.destroy();
    await connected;
  };

  return { kind: 'redis', append, read, close };
}
