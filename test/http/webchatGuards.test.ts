import { createRandomId, isRandomId } from '../../src/server/webchat/conversationId';
import { MemoryStorage } from 'botbuilder';
import {
  createConversationRegistry,
  createStoredConversationRegistry,
  stampActivity,
} from '../../src/server/webchat/conversationRegistry';
import { createRateLimiter } from '../../src/server/webchat/createRateLimiter';
import { imBackText, parseClientActivity } from '../../src/server/webchat/parseClientActivity';
import { pageHeaders } from '../../src/server/webchat/securityHeaders';
import { resolveWebChatOptions, WEBCHAT_DEFAULTS } from '../../src/server/webchat/webChatOptions';
import { request, startWebChatApp } from './webchatTestServer';

/* The web chat's guards as pure functions: ids, the token bucket, conversations, options, headers. */

function clockAt(start = 0): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('conversation ids', () => {
  test('are 128 random bits in base64url and never repeat', () => {
    const ids = Array.from({ length: 1000 }, createRandomId);
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every(isRandomId)).toBe(true);
  });

  test.each([
    ['an empty string', ''],
    ['a short id', 'abc'],
    ['an id with a slash', 'AAAAAAAAAAAAAAAAAAAAA/'],
    ['an id with a dot', 'AAAAAAAAAAAAAAAAAAAAA.'],
    ['a 23-character id', 'AAAAAAAAAAAAAAAAAAAAAAA'],
    ['10 KB of letters', 'A'.repeat(10_240)],
  ])('%s is not an id', (_name, value) => {
    expect(isRandomId(value)).toBe(false);
  });
});

describe('the token bucket', () => {
  test('lets a burst through, then refuses with the seconds until the next token', () => {
    const clock = clockAt();
    const limiter = createRateLimiter({ capacity: 3, perMinute: 6, maxKeys: 10, now: clock.now });
    expect([1, 2, 3].map(() => limiter.take('a').isAllowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 10 });
    clock.advance(4_000);
    expect(limiter.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 6 });
    clock.advance(6_000);
    expect(limiter.take('a').isAllowed).toBe(true);
    expect(limiter.take('a').isAllowed).toBe(false);
  });

  test('keeps each key’s bucket apart', () => {
    const limiter = createRateLimiter({
      capacity: 1,
      perMinute: 1,
      maxKeys: 10,
      now: clockAt().now,
    });
    expect(limiter.take('a').isAllowed).toBe(true);
    expect(limiter.take('a').isAllowed).toBe(false);
    expect(limiter.take('b').isAllowed).toBe(true);
  });

  test('never holds more than capacity, however long a key was idle', () => {
    const clock = clockAt();
    const limiter = createRateLimiter({ capacity: 2, perMinute: 60, maxKeys: 10, now: clock.now });
    limiter.take('a');
    clock.advance(3_600_000);
    expect([1, 2, 3].map(() => limiter.take('a').isAllowed)).toEqual([true, true, false]);
  });

  test('forgets the least recently seen keys beyond maxKeys', () => {
    const limiter = createRateLimiter({
      capacity: 1,
      perMinute: 1,
      maxKeys: 2,
      now: clockAt().now,
    });
    limiter.take('a');
    limiter.take('b');
    limiter.take('a');
    limiter.take('c');
    expect(limiter.size).toBe(2);
    // 'a' was used recently, so it is still limited; 'b' was forgotten and starts full.
    expect(limiter.take('a').isAllowed).toBe(false);
    expect(limiter.take('b').isAllowed).toBe(true);
  });
});

describe('the conversation registry', () => {
  test('finds a conversation by its id and forgets it after the time to live', async () => {
    const clock = clockAt();
    const registry = createConversationRegistry({
      ttlMs: 1000,
      maxConversations: 10,
      maxConversationsPerClient: 10,
      now: clock.now,
    });
    const conversation = await registry.create('client');
    if (!conversation) throw new Error('no conversation');
    clock.advance(1000);
    expect(await registry.find(conversation.id)).toBe(conversation);
    clock.advance(1001);
    expect(await registry.find(conversation.id)).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  test('gives strictly increasing timestamps even when the clock stands still or goes back', async () => {
    const clock = clockAt(1_000_000);
    const registry = createConversationRegistry({
      ttlMs: 1000,
      maxConversations: 10,
      maxConversationsPerClient: 10,
      now: clock.now,
    });
    const conversation = await registry.create('client');
    if (!conversation) throw new Error('no conversation');
    const first = stampActivity(conversation, clock.now());
    const second = stampActivity(conversation, clock.now());
    const third = stampActivity(conversation, clock.now() - 5000);
    expect(second.timestamp.getTime()).toBeGreaterThan(first.timestamp.getTime());
    expect(third.timestamp.getTime()).toBeGreaterThan(second.timestamp.getTime());
    expect([first.id, second.id, third.id]).toEqual([
      `${conversation.id}|0000001`,
      `${conversation.id}|0000002`,
      `${conversation.id}|0000003`,
    ]);
  });
});

describe('the conversation registry in a shared store', () => {
  test('a conversation one instance made is found by another, with its counters, until it has been idle too long', async () => {
    const clock = clockAt(1_000_000);
    const storage = new MemoryStorage();
    const first = createStoredConversationRegistry(storage, { ttlMs: 1000, now: clock.now });
    const second = createStoredConversationRegistry(storage, { ttlMs: 1000, now: clock.now });
    const made = await first.create('client');
    if (!made) throw new Error('no conversation');
    stampActivity(made, clock.now());
    stampActivity(made, clock.now());
    await first.save(made);

    const found = await second.find(made.id);
    expect(found?.userId).toBe(made.userId);
    expect(found && stampActivity(found, clock.now()).id).toBe(`${made.id}|0000003`);
    if (found) await second.save(found);
    clock.advance(1001);
    expect(await first.find(made.id)).toBeUndefined();
    expect(await second.find(createRandomId())).toBeUndefined();
  });
});

describe('the activity the page posts', () => {
  test('keeps only the fields the server takes from a client', () => {
    const parsed = parseClientActivity({
      type: 'message',
      text: 'hi',
      from: { id: 'x' },
      id: 'y',
      entities: [],
      channelData: { clientActivityID: 'c', attachmentSizes: [] },
    });
    expect(parsed).toEqual({
      ok: true,
      value: { type: 'message', text: 'hi', channelData: { clientActivityID: 'c' } },
    });
  });

  test.each([
    [
      'a language tag that is not one',
      { type: 'message', text: 'hi', locale: 'en_US; drop' },
      'locale',
    ],
    [
      'eleven attachments',
      {
        type: 'message',
        attachments: Array.from({ length: 11 }, () => ({ contentType: 'image/png' })),
      },
      'attachments',
    ],
    [
      'a clientActivityID of 1,000 characters',
      { type: 'message', channelData: { clientActivityID: 'x'.repeat(1000) } },
      'channelData.clientActivityID',
    ],
  ])('refuses %s and names the field', (_name, body, path) => {
    const parsed = parseClientActivity(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('; ')).toContain(path);
  });

  test.each([
    ['a Teams imBack', { msteams: { type: 'imBack', value: 'Who funds it?' } }, 'Who funds it?'],
    ['a messageBack', { msteams: { type: 'messageBack', value: 'x' } }, undefined],
    ['plain data', { question: 'x' }, undefined],
    ['a string', 'x', undefined],
    ['nothing', undefined, undefined],
  ])('reads the text of %s', (_name, value, text) => {
    expect(imBackText(value)).toBe(text);
  });
});

describe('options and headers', () => {
  test.each([
    ['a source with a semicolon', ['https://city.example; script-src *']],
    ['a path', ['https://city.example/chat']],
    ['a bare word', ['city']],
    ['nothing at all', []],
  ])('refuse frame ancestors with %s', (_name, frameAncestors) => {
    expect(() => resolveWebChatOptions({ frameAncestors })).toThrow(/frameAncestors/);
  });

  test.each([
    'maxBodyBytes',
    'ratePerMinute',
    'burst',
    'maxClients',
    'conversationTtlMs',
    'maxConversations',
  ] as const)('refuse a %s that is not a positive number', (key) => {
    expect(() => resolveWebChatOptions({ [key]: 0 })).toThrow(key);
  });

  test('default to only this server framing the page', () => {
    expect(resolveWebChatOptions().frameAncestors).toEqual(["'self'"]);
    expect(WEBCHAT_DEFAULTS.maxBodyBytes).toBe(262_144);
  });

  test('list the configured city sites in frame-ancestors and drop X-Frame-Options, which cannot name them', () => {
    const headers = pageHeaders('n0nce', [
      "'self'",
      'https://www.city.example',
      'https://*.city.example',
    ]);
    expect(headers['Content-Security-Policy']).toContain(
      "frame-ancestors 'self' https://www.city.example https://*.city.example",
    );
    expect(headers['X-Frame-Options']).toBeUndefined();
    expect(pageHeaders('n0nce', ["'none'"])['X-Frame-Options']).toBe('DENY');
  });

  test('reach the page a server sends', async () => {
    const app = await startWebChatApp({
      bot: { run: () => Promise.resolve() },
      options: { frameAncestors: ["'self'", 'https://www.city.example'] },
    });
    try {
      const page = await request(`${app.baseUrl}/`);
      expect(page.headers.get('content-security-policy')).toContain(
        "frame-ancestors 'self' https://www.city.example",
      );
      expect(page.headers.get('x-frame-options')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
