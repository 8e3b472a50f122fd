import { createClient } from 'redis';
import { parseConfig } from '../../src/config';
import { openQuestionLog, openQuestionLogStore } from '../../src/questionLog/openQuestionLog';
import { openRedisQuestionLogStore } from '../../src/questionLog/redisQuestionLogStore';
import type { QuestionEntry } from '../../src/questionLog/questionLogEntry';
import { DAY_MS } from '../../src/questionLog/questionLogStore';
import { checkRedisAvailability, findFreePort, RedisServer } from './services';
import { createQuestionLog } from '../../src/questionLog/questionLog';

const START = Date.parse('2026-03-01T00:00:00Z');

function question(atMs: number, text: string): QuestionEntry {
  return {
    type: 'question',
    at: new Date(atMs).toISOString(),
    channel: 'msteams',
    language: 'en',
    city: null,
    outcome: 'declined',
    kind: 'fallback',
    topic: null,
    confidence: 0.2,
    candidates: [],
    text,
  };
}

const describeRedis = checkRedisAvailability() ? describe : describe.skip;

describeRedis('the question log in Redis (STATE_STORE=redis, QUESTION_LOG_REDIS=true)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  test('keeps entries in one key with a TTL, trimmed by age and by count', async () => {
    let now = START;
    const store = await openRedisQuestionLogStore({
      url: server.url,
      keyPrefix: 'test-bot:',
      maxEntries: 3,
      retentionMs: 2 * DAY_MS,
      now: () => now,
    });
    try {
      await store.append([question(now, 'old one')]);
      now += 3 * DAY_MS;
      for (const text of ['a', 'b', 'c', 'd']) await store.append([question(now, text)]);
      // Two identical entries both stay (members are made unique).
      await store.append([question(now, 'd')]);
      const texts = (await store.read(0)).map((e) => e.type === 'question' && e.text);
      expect(texts).toEqual(['c', 'd', 'd']);

      const client = createClient({ url: server.url });
      await client.connect();
      const ttl = await client.pTTL('test-bot:question-log');
      await client.close();
      expect(ttl).toBeGreaterThan(DAY_MS);
      expect(ttl).toBeLessThanOrEqual(2 * DAY_MS);
    } finally {
      await store.close();
    }
  });

  test('QUESTION_LOG_REDIS=true beside STATE_STORE=redis: the bot writes there and the report reads it back', async () => {
    const result = parseConfig({
      STATE_STORE: 'redis',
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: 'config-test:',
      QUESTION_LOG_REDIS: 'true',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const log = await openQuestionLog(result.config);
    expect(log?.kind).toBe('redis');
    log?.recordFeedback({
      channel: 'msteams',
      reaction: 'dislike',
      comment: 'call me on 55 1234 5678',
      topic: 'city.mayor',
      city: null,
      language: 'en',
    });
    await log?.close();
    const reader = await openQuestionLogStore(result.config);
    try {
      expect(await reader?.read(0)).toEqual([
        expect.objectContaining({
          type: 'feedback',
          topic: 'city.mayor',
          comment: 'call me on [phone]',
        }),
      ]);
    } finally {
      await reader?.close();
    }
  });

  test('with Redis unreachable, opening is bounded and the bot records without waiting or failing', async () => {
    const errors: unknown[] = [];
    const started = Date.now();
    const store = await openRedisQuestionLogStore({
      url: `redis://127.0.0.1:${await findFreePort()}`,
      keyPrefix: 'down:',
      maxEntries: 10,
      retentionMs: DAY_MS,
      onError: (error) => errors.push(error),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const log = createQuestionLog(store, { onError: (error) => errors.push(error) });
    log.recordFeedback({
      channel: 'msteams',
      reaction: 'like',
      comment: null,
      topic: 'city.mayor',
      city: null,
      language: 'en',
    });
    await log.flush();
    await expect(store.read(0)).rejects.toThrow();
    await log.close();
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
