import { randomUUID } from 'node:crypto';
import { TEXTS } from '../../src/core/texts';
import { BotInstance, conversationKey, type Reply } from './botInstance';
import { checkRedisAvailability, waitUntil } from './services';
import {
  startRedisStore,
  storesToTest,
  type RedisUnderTest,
  type StoreUnderTest,
} from './storeFixtures';

/**
 * Two bot instances, each a real HTTP server on its own port with its own connection to
 * one shared store, as behind a load balancer. Messages use expectReplies delivery, so
 * the answers come back in the HTTP response.
 */

const FUNDING = 'How innovation is funded — Mexico City';
const SOURCES = 'Top sources of funding — Mexico City';
const FUNDED_ACTIVITIES = 'Activities being funded';

const firstText = (reply: Reply): string => reply.texts[0] ?? '';

describe.each(storesToTest())('Two bot instances sharing the %s store', (_kind, startStore) => {
  let store: StoreUnderTest;
  let a: BotInstance;
  let b: BotInstance;

  beforeAll(async () => {
    store = await startStore();
    a = new BotInstance('instance A', store.settings());
    b = new BotInstance('instance B', store.settings());
    await Promise.all([a.start(), b.start()]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.dispose();
  });

  test('a follow-up asked on instance B continues the conversation started on instance A, and back', async () => {
    const conversation = randomUUID();

    expect(firstText(await a.ask(conversation, 'how is innovation funded?'))).toMatch(
      new RegExp(`^${FUNDING}`),
    );
    expect(firstText(await b.ask(conversation, 'what about the sources?'))).toMatch(
      new RegExp(`^${SOURCES}`),
    );
    // "tell me more" only makes sense with the conversation's context: here, the sources.
    const more = firstText(await a.ask(conversation, 'tell me more'));
    expect(more).toMatch(new RegExp(`^${SOURCES}`));
    expect(more).toContain(FUNDED_ACTIVITIES);
  });

  test('"tell me more" in a conversation that has not asked anything yet says so (the check above can fail)', async () => {
    expect(firstText(await b.ask(randomUUID(), 'tell me more'))).toContain(TEXTS.nothingMore.en);
  });

  test('restarting an instance loses no conversation', async () => {
    const conversation = randomUUID();
    expect(firstText(await a.ask(conversation, 'what about the sources?'))).toMatch(
      new RegExp(`^${SOURCES}`),
    );

    await a.restart();

    const more = firstText(await a.ask(conversation, 'tell me more'));
    expect(more).toMatch(new RegExp(`^${SOURCES}`));
    expect(more).toContain(FUNDED_ACTIVITIES);
  });

  test('when the store goes away mid-conversation the user is asked to try again, and both instances answer again once it is back', async () => {
    const conversation = randomUUID();
    expect(firstText(await a.ask(conversation, 'how is innovation funded?'))).toMatch(
      new RegExp(`^${FUNDING}`),
    );

    await store.takeDown();
    let whileDown: Reply;
    try {
      whileDown = await b.ask(conversation, 'what about the sources?');
    } finally {
      await store.bringBack();
    }
    expect(whileDown.status).toBe(200);
    expect(whileDown.texts).toEqual([TEXTS.unavailable.en]);

    // The instances reconnect by themselves; until they have, turns still get the polite answer.
    await waitUntil('instance B to answer again', async () =>
      firstText(await b.ask(conversation, 'what about the sources?')).startsWith(SOURCES),
    );
    const more = firstText(await a.ask(conversation, 'tell me more'));
    expect(more).toMatch(new RegExp(`^${SOURCES}`));
    expect(more).toContain(FUNDED_ACTIVITIES);
  });
});

const describeRedis = checkRedisAvailability() ? describe : describe.skip;

describeRedis('Two bot instances on Redis with a short STATE_TTL_SECONDS', () => {
  let redis: RedisUnderTest;
  let a: BotInstance;
  let b: BotInstance;

  beforeAll(async () => {
    redis = await startRedisStore();
    a = new BotInstance('instance A', redis.settings({ STATE_TTL_SECONDS: '2' }));
    b = new BotInstance('instance B', redis.settings({ STATE_TTL_SECONDS: '2' }));
    await Promise.all([a.start(), b.start()]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  test('an idle conversation expires: its key leaves Redis and the next message starts afresh', async () => {
    const conversation = randomUUID();
    const key = redis.keyPrefix + conversationKey(conversation);
    expect(firstText(await a.ask(conversation, 'how is innovation funded?'))).toMatch(
      new RegExp(`^${FUNDING}`),
    );
    const ttl = await redis.server.ttlOf(key);
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(2000);

    // The last millisecond of those 2 s, without waiting for the others.
    await redis.server.runDown(key, 1);
    await waitUntil(
      'the conversation to expire',
      async () => (await redis.server.ttlOf(key)) === -2,
      8000,
    );

    expect(firstText(await b.ask(conversation, 'tell me more'))).toContain(TEXTS.nothingMore.en);
  });
});
