import { BotInstance, webChatOf, type WebReply } from './botInstance';
import { storesToTest, type RedisUnderTest, type StoreUnderTest } from './storeFixtures';

/**
 * Issue 10, finding 4: web chat conversations live in the shared store, so two
 * instances (each a real HTTP server with its own store connection) serve one
 * conversation, and a restart ends none. On the real Redis and Azurite.
 */

const FUNDING = 'How innovation is funded — Mexico City';
const SOURCES = 'Top sources of funding — Mexico City';
const FUNDED_ACTIVITIES = 'Activities being funded';

const firstText = (reply: WebReply): string => reply.texts[0] ?? '';

describe.each(storesToTest())(
  'Web chat on two instances sharing the %s store',
  (_kind, startStore) => {
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

    test('a conversation started on instance A is served by instance B, with its context, and back', async () => {
      const started = await webChatOf(a).start();
      expect(started.status).toBe(201);

      const funding = await webChatOf(a).say(started.id, 'how is innovation funded?');
      expect(funding.status).toBe(200);
      expect(firstText(funding)).toMatch(new RegExp(`^${FUNDING}`));
      const sources = await webChatOf(b).say(started.id, 'what about the sources?');
      expect(sources.status).toBe(200);
      expect(firstText(sources)).toMatch(new RegExp(`^${SOURCES}`));
      const more = await webChatOf(a).say(started.id, 'tell me more');
      expect(firstText(more)).toContain(FUNDED_ACTIVITIES);

      // Ids never repeat and timestamps keep increasing as the tab moves between instances.
      const ids = [...funding.ids, ...sources.ids, ...more.ids];
      expect(new Set(ids).size).toBe(ids.length);
      const times = [...funding.timestamps, ...sources.timestamps, ...more.timestamps];
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(new Set(times).size).toBe(times.length);
    });

    test('restarting the instance that started it loses no web chat conversation', async () => {
      const { id } = await webChatOf(a).start();
      expect(firstText(await webChatOf(a).say(id, 'what about the sources?'))).toMatch(
        new RegExp(`^${SOURCES}`),
      );

      await a.restart();

      const more = await webChatOf(a).say(id, 'tell me more');
      expect(more.status).toBe(200);
      expect(firstText(more)).toContain(FUNDED_ACTIVITIES);
    });

    test('the conversation is kept with the state, and expires with it (Redis: the same TTL)', async () => {
      const { id } = await webChatOf(a).start();
      if (store.kind !== 'redis') {
        expect((await webChatOf(b).say(id, 'hello')).status).toBe(200);
        return;
      }
      const redis = store as RedisUnderTest;
      const ttl = await redis.server.ttlOf(`${redis.keyPrefix}webchat/registry/${id}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600 * 1000);
    });

    test('an id that no instance made gets 404 on both', async () => {
      const made = await webChatOf(a).start();
      // Same shape, another value: still unguessable, so unknown.
      const other = `${made.id.slice(0, 21)}${made.id.endsWith('A') ? 'B' : 'A'}`;
      expect((await webChatOf(a).say(other, 'hello')).status).toBe(404);
      expect((await webChatOf(b).say(other, 'hello')).status).toBe(404);
    });
  },
);
