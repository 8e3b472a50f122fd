import { ActivityHandler, MessageFactory, type TurnContext } from 'botbuilder';
import type { Request } from 'restify';
import { createTurnTracker } from '../../src/server/turnTracker';
import {
  activitiesOf,
  createConversation,
  field,
  request,
  say,
  startWebChatApp,
  type RunningWebChat,
} from './webchatTestServer';

/*
 * The endpoint's guards (rate limit, bounded memory, turn order, shutdown, failures),
 * with a tiny echo bot, a fake clock and a client key taken from a test header.
 */

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      await context.sendActivity('welcome');
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }
}

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = Date.parse('2025-01-01T00:00:00Z');
  return { now: () => time, advance: (ms) => (time += ms) };
}

const byTestHeader = (req: Request): string => String(req.headers['x-test-client'] ?? 'anonymous');

describe('the per-client rate limit', () => {
  let app: RunningWebChat;
  const clock = fakeClock();

  beforeAll(async () => {
    app = await startWebChatApp({
      bot: new EchoBot(),
      now: clock.now,
      clientKey: byTestHeader,
      options: { burst: 5, ratePerMinute: 60 },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  test('flooding from one client gets 429 with Retry-After while another client keeps being answered', async () => {
    const flooder = { 'x-test-client': 'flooder' };
    const neighbour = { 'x-test-client': 'neighbour' };
    const { id } = await createConversation(app.baseUrl, flooder);
    const neighbourConversation = await createConversation(app.baseUrl, neighbour);
    const flooderStatuses: number[] = [];
    const neighbourStatuses: number[] = [];
    let limited: Awaited<ReturnType<typeof say>> | undefined;
    // Each simulated second: the flooder sends 10 messages, the neighbour one.
    for (let second = 0; second < 5; second += 1) {
      for (let i = 0; i < 10; i += 1) {
        const answer = await say(app.baseUrl, id, `flood ${second}.${i}`, {}, flooder);
        flooderStatuses.push(answer.status);
        if (answer.status === 429) limited = answer;
      }
      neighbourStatuses.push(
        (await say(app.baseUrl, neighbourConversation.id, `hello ${second}`, {}, neighbour)).status,
      );
      clock.advance(1000);
    }
    expect(neighbourStatuses).toEqual([200, 200, 200, 200, 200]);
    // A burst of 5 (one spent on starting the conversation), then one a second.
    expect(flooderStatuses.filter((status) => status === 200)).toHaveLength(4 + 4);
    expect(flooderStatuses.filter((status) => status === 429)).toHaveLength(50 - 8);
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(field(limited?.body, 'code')).toBe('TooManyRequests');
    expect(field(limited?.body, 'retryAfterSeconds')).toBe(1);
    expect(String(field(limited?.body, 'message'))).toContain('Try again in 1 second');
  });

  test('a limited client is answered again once its bucket refills', async () => {
    const client = { 'x-test-client': 'patient' };
    const { id } = await createConversation(app.baseUrl, client);
    let status = 200;
    while (status === 200) status = (await say(app.baseUrl, id, 'again', {}, client)).status;
    expect(status).toBe(429);
    clock.advance(1000);
    expect((await say(app.baseUrl, id, 'after a second', {}, client)).status).toBe(200);
    expect((await say(app.baseUrl, id, 'too soon', {}, client)).status).toBe(429);
  });

  test('starting conversations counts against the same limit', async () => {
    const client = { 'x-test-client': 'opener' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await createConversation(app.baseUrl, client)).answer.status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
  });

  test('remembers a bounded number of clients', async () => {
    const small = await startWebChatApp({
      bot: new EchoBot(),
      now: clock.now,
      clientKey: byTestHeader,
      options: { maxClients: 3 },
    });
    try {
      for (let i = 0; i < 10; i += 1)
        await createConversation(small.baseUrl, { 'x-test-client': `client-${i}` });
      expect(small.routes.limiter.size).toBe(3);
    } finally {
      await small.close();
    }
  });
});

describe('the client key', () => {
  test('ignores X-Forwarded-For unless the proxy is trusted, so clients cannot pick their own bucket', async () => {
    const untrusting = await startWebChatApp({ bot: new EchoBot(), options: { burst: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(
          (await createConversation(untrusting.baseUrl, { 'x-forwarded-for': `203.0.113.${i}` }))
            .answer.status,
        );
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await untrusting.close();
    }
  });

  test('behind a trusted proxy uses the address the proxy added last', async () => {
    const trusting = await startWebChatApp({
      bot: new EchoBot(),
      options: { burst: 2, trustedProxyHops: 1 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(
          (
            await createConversation(trusting.baseUrl, {
              'x-forwarded-for': `198.51.100.7, 203.0.113.${i}`,
            })
          ).answer.status,
        );
      expect(statuses).toEqual([201, 201, 201]);
      const sameClient = [];
      for (let i = 0; i < 3; i += 1)
        sameClient.push(
          (
            await createConversation(trusting.baseUrl, {
              'x-forwarded-for': `203.0.113.${i}, 192.0.2.1`,
            })
          ).answer.status,
        );
      expect(sameClient).toEqual([201, 201, 429]);
    } finally {
      await trusting.close();
    }
  });
});

describe('conversations in bounded memory', () => {
  test('a conversation idle for longer than its time to live is forgotten and its id gets 404', async () => {
    const clock = fakeClock();
    const app = await startWebChatApp({
      bot: new EchoBot(),
      now: clock.now,
      options: { conversationTtlMs: 60_000 },
    });
    try {
      const { id } = await createConversation(app.baseUrl);
      clock.advance(59_000);
      expect((await say(app.baseUrl, id, 'still here')).status).toBe(200);
      clock.advance(59_000);
      expect((await say(app.baseUrl, id, 'still here, just')).status).toBe(200);
      clock.advance(60_001);
      const gone = await say(app.baseUrl, id, 'too late');
      expect(gone.status).toBe(404);
      expect(app.routes.conversations.size).toBe(0);
    } finally {
      await app.close();
    }
  });

  test("at most maxConversationsPerClient are kept for one client; that client's least recently used goes first", async () => {
    const app = await startWebChatApp({
      bot: new EchoBot(),
      options: { maxConversationsPerClient: 3, burst: 100 },
    });
    try {
      const [first, second] = [
        await createConversation(app.baseUrl),
        await createConversation(app.baseUrl),
      ];
      await createConversation(app.baseUrl);
      expect((await say(app.baseUrl, first.id, 'keep me')).status).toBe(200);
      await createConversation(app.baseUrl);
      expect(app.routes.conversations.size).toBe(3);
      expect((await say(app.baseUrl, second.id, 'evicted?')).status).toBe(404);
      expect((await say(app.baseUrl, first.id, 'kept')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('turns', () => {
  test('of one conversation run one at a time, in the order they arrived', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    const releases: Array<() => void> = [];
    const slowBot = {
      run: async (context: TurnContext): Promise<void> => {
        running += 1;
        most = Math.max(most, running);
        if (context.activity.type === 'message') {
          seen.push(context.activity.text);
          await new Promise<void>((resolve) => releases.push(resolve));
          await context.sendActivity(`done ${context.activity.text}`);
        }
        running -= 1;
      },
    };
    const app = await startWebChatApp({ bot: slowBot });
    try {
      const { id } = await createConversation(app.baseUrl);
      const first = say(app.baseUrl, id, 'one');
      const second = say(app.baseUrl, id, 'two');
      while (releases.length < 1) await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
      while (releases.length < 1) await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
      const [a, b] = [activitiesOf(await first), activitiesOf(await second)];
      expect(most).toBe(1);
      expect(seen).toEqual(['one', 'two']);
      expect(Date.parse(String(b[0]?.['timestamp']))).toBeGreaterThan(
        Date.parse(String(a[1]?.['timestamp'])),
      );
    } finally {
      await app.close();
    }
  });

  test('a failing turn goes to onTurnError, whose apology is returned with the echo', async () => {
    const failing = {
      run: (context: TurnContext): Promise<void> =>
        context.activity.type === 'message' ? Promise.reject(new Error('boom')) : Promise.resolve(),
    };
    const errors: string[] = [];
    const app = await startWebChatApp({
      bot: failing,
      onTurnError: async (context, error) => {
        errors.push(error.message);
        await context.sendActivity('Sorry, something went wrong on my side.');
      },
    });
    try {
      const { id } = await createConversation(app.baseUrl);
      const answer = await say(app.baseUrl, id, 'hello');
      expect(answer.status).toBe(200);
      expect(activitiesOf(answer).map((a) => a['text'])).toEqual([
        'hello',
        'Sorry, something went wrong on my side.',
      ]);
      expect(errors).toEqual(['boom']);
    } finally {
      await app.close();
    }
  });

  test('a failure the error handler cannot handle gets a 500 JSON answer and the server keeps serving', async () => {
    let isBroken = true;
    const flaky = {
      run: async (context: TurnContext): Promise<void> => {
        if (context.activity.type !== 'message') return;
        if (isBroken) throw new Error('boom');
        await context.sendActivity('fine');
      },
    };
    const app = await startWebChatApp({
      bot: flaky,
      onTurnError: async () => Promise.reject(new Error('the handler failed too')),
    });
    try {
      const { id } = await createConversation(app.baseUrl);
      const failed = await say(app.baseUrl, id, 'hello');
      expect(failed.status).toBe(500);
      expect(field(failed.body, 'code')).toBe('TurnFailed');
      expect(failed.text).not.toContain('boom');
      isBroken = false;
      expect(activitiesOf(await say(app.baseUrl, id, 'again')).map((a) => a['text'])).toEqual([
        'again',
        'fine',
      ]);
    } finally {
      await app.close();
    }
  });

  test('are refused with 503 while the server shuts down', async () => {
    const turns = createTurnTracker();
    const app = await startWebChatApp({ bot: new EchoBot(), turns });
    try {
      const { id } = await createConversation(app.baseUrl);
      await turns.close();
      const answer = await say(app.baseUrl, id, 'hello');
      expect(answer.status).toBe(503);
      expect(field(answer.body, 'code')).toBe('ServiceUnavailable');
    } finally {
      await app.close();
    }
  });
});

describe('the Bot Framework endpoint next to the web chat', () => {
  test('keeps its own authentication: with credentials it refuses an unauthenticated activity while the web chat answers', async () => {
    const app = await startWebChatApp({
      bot: new EchoBot(),
      credentials: {
        MicrosoftAppId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        MicrosoftAppPassword: 'not-a-real-secret',
      },
    });
    try {
      const refused = await request(`${app.baseUrl}/api/messages`, {
        body: {
          type: 'message',
          text: 'hi',
          channelId: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/amer/',
          conversation: { id: 'c1' },
          from: { id: 'u1' },
          recipient: { id: 'b1' },
        },
      });
      expect(refused.status).toBe(401);
      const { id } = await createConversation(app.baseUrl);
      expect(activitiesOf(await say(app.baseUrl, id, 'hi')).map((a) => a['text'])).toEqual([
        'hi',
        'echo: hi',
      ]);
    } finally {
      await app.close();
    }
  });
});
