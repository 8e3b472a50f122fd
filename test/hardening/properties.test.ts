import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityTypes, type Activity } from 'botbuilder';
import fc from 'fast-check';
import type { BotLogger } from '../../src/bot/createBot';
import { createHarness, loadEngine } from '../conversation/conversationHarness';
import { captureLogger, type HttpAnswer, type RunningApp } from '../http/support';
import {
  APOLOGIES,
  send,
  startFakeConnector,
  startHardeningApp,
  startWebConversation,
  WEBCHAT_API,
  type FakeConnector,
} from './hardeningSupport';

/**
 * Random activities at the bot (botbuilder's TestAdapter) and random bodies at both HTTP
 * endpoints. For every one: no crash, no unhandled rejection, no failed turn, a reply
 * (or, for what is not a message, nothing) or a 4xx, within a generous time limit.
 * Fixed seed and bounded runs: the same cases every time, a few seconds in all.
 */

const SEED = 20_261_128;
const TURN_TIMEOUT_MS = 15_000;

const QUESTIONS = readFileSync(join(__dirname, '..', 'eval', 'questions.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.includes(' :: '))
  .map((line) => line.slice(line.indexOf(' :: ') + 4).trim());

// ---- Arbitraries -----------------------------------------------------------------

const ODD_TEXTS = [
  '',
  ' ',
  '\u0000\u0001\u001b[2J',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202d',
  '😀🇲🇽👩🏽‍💻',
  'مرحبا',
  '墨西哥城',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '**bold**',
  '<at>City profile bot</at>',
  'in Spanish please',
  'text only',
  'tell me more',
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...QUESTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_TEXTS) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...QUESTIONS), fc.constantFrom(...ODD_TEXTS)), {
        minLength: 1,
        maxLength: 5,
      })
      .map((parts) => parts.join(' ')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
        fc.integer({ min: 100, max: 1500 }),
      )
      .map(([part, times]) => part.repeat(times)),
  },
);

const json = (depth: number) => fc.jsonValue({ maxDepth: depth });

/** Ids from one character to 10 KB, in any script. */
const id = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    'x'.repeat(10 * 1024),
    '19:meeting_Zjk5@thread.v2',
    'a:1bZ-very-long-teams-id'.repeat(40),
  ),
);

/** Usually a plausible value, sometimes junk: deep enough to reach the bot, odd enough to find its edges. */
const mostly = <T, U>(plausible: fc.Arbitrary<T>, junk: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 9, arbitrary: plausible }, { weight: 1, arbitrary: junk });

const mention = fc.record(
  {
    type: mostly(fc.constantFrom('mention', 'Mention', 'clientInfo'), json(0)),
    mentioned: mostly(fc.record({ id: fc.constantFrom('bot-1', 'user-1', '') }), json(1)),
    text: mostly(fc.constantFrom('<at>City profile bot</at>', ''), fc.oneof(text, json(1))),
  },
  { requiredKeys: [] },
);

const members = mostly(
  fc.array(mostly(fc.record({ id, name: fc.string({ maxLength: 20 }) }), json(1)), {
    maxLength: 3,
  }),
  json(1),
);

const ACTIVITY_TYPES = Object.values(ActivityTypes);

/** Everything of an activity a client controls, each field absent, plausible or junk. */
const activityFields = fc.record(
  {
    type: fc.oneof(
      { weight: 6, arbitrary: fc.constant('message') },
      { weight: 3, arbitrary: fc.constantFrom(...ACTIVITY_TYPES) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    ),
    text: mostly(text, json(2)),
    value: fc.oneof(json(3), fc.record({ question: mostly(text, json(1)) })),
    attachments: mostly(
      fc.array(
        mostly(
          fc.record({
            contentType: fc.constantFrom('image/png', 'application/vnd.microsoft.card.adaptive'),
            content: json(2),
          }),
          json(2),
        ),
        { maxLength: 3 },
      ),
      json(1),
    ),
    entities: mostly(fc.array(mostly(mention, json(2)), { maxLength: 4 }), json(1)),
    membersAdded: members,
    membersRemoved: members,
    locale: mostly(
      fc.constantFrom('en-US', 'es-MX', 'es', 'EN', 'fr-FR', '', '-', 'x'.repeat(300)),
      json(1),
    ),
    textFormat: mostly(fc.constantFrom('plain', 'markdown', 'xml'), json(0)),
    channelData: json(2),
    recipient: mostly(
      fc.oneof(fc.constant({ id: 'bot-1', name: 'City profile bot' }), fc.record({ id })),
      json(1),
    ),
    from: mostly(fc.oneof(fc.constant({ id: 'user-1' }), fc.record({ id })), json(1)),
    id: mostly(id, json(0)),
    replyToId: mostly(id, json(0)),
    timestamp: mostly(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.oneof(fc.string({ maxLength: 30 }), json(0)),
    ),
    name: fc.oneof(
      fc.constantFrom('application/search', 'adaptiveCard/action', 'signin/verifyState'),
      fc.string({ maxLength: 20 }),
    ),
  },
  { requiredKeys: [] },
);

/** Extra fields with any name the envelope does not use, and any JSON value. */
const ENVELOPE = new Set(['type', 'channelId', 'conversation', 'serviceUrl', 'deliveryMode']);
const extraFields = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((key) => !ENVELOPE.has(key) && key !== '__proto__'),
  json(2),
  { maxKeys: 3 },
);

// ---- Failure detectors --------------------------------------------------------------

const unhandled: unknown[] = [];
const onUnhandledRejection = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandledRejection);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandledRejection);
});

/** Rejects when `promise` has not settled after ms: a stuck turn fails the property instead of the whole run. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isApology(activity: Partial<Activity> | Record<string, unknown>): boolean {
  return typeof activity.text === 'string' && APOLOGIES.includes(activity.text);
}

// ---- The bot, through botbuilder's TestAdapter ----------------------------------------

describe('random activities at the bot', () => {
  const engine = loadEngine();

  test('each message gets exactly one reply that is no apology, anything else at most one, and no turn fails', async () => {
    const channel = fc.constantFrom(
      'test',
      'msteams',
      'webchat',
      'emulator',
      'slack',
      'sms',
      'carrier-pigeon',
    );

    await fc.assert(
      fc.asyncProperty(
        activityFields,
        extraFields,
        channel,
        id,
        async (fields, extra, channelId, conversationId) => {
          const failures: Array<{ message: string; details: object }> = [];
          const logger: BotLogger = {
            warn: (details, message) => failures.push({ message, details }),
            error: (details, message) => failures.push({ message, details }),
          };
          const harness = createHarness({ engine, logger, channelId, conversationId });
          const activity: Partial<Activity> = { ...extra, ...fields } as Partial<Activity>;
          const replies = await within(harness.say(activity), TURN_TIMEOUT_MS, 'a turn');
          // TestAdapter makes an activity without a type (or with an empty one) a message.
          const isMessage = (fields.type ?? '') === '' || fields.type === ActivityTypes.Message;
          const messages = replies.filter((r) => r.type === ActivityTypes.Message);
          if (isMessage) {
            expect(messages).toHaveLength(1);
            expect(typeof messages[0]?.text).toBe('string');
            expect(messages[0]?.text).not.toBe('');
          } else {
            expect(messages.length).toBeLessThanOrEqual(1);
          }
          expect(replies.filter(isApology)).toEqual([]);
          expect(failures).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);
});

// ---- The HTTP endpoints -----------------------------------------------------------------

const contentType = mostly(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/vnd.api+json',
  ),
  fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    '',
  ),
);

/**
 * A 2xx, or a 4xx with the server's JSON error shape; never a 5xx, never an apology.
 * The one exception is the Bot Framework's own: an invoke the bot does not handle is
 * answered 501 Not Implemented (in the body with expectReplies, as the status without).
 */
function expectReplyOr4xx(answer: HttpAnswer, payload: string | Uint8Array = ''): void {
  if (answer.status === 501 && typeof payload === 'string' && /"type":"invoke"/.test(payload))
    return;
  if (answer.status >= 400) {
    expect(answer.status).toBeLessThan(500);
    expect(answer.json).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
    return;
  }
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.status).toBeLessThan(300);
  const body = answer.json;
  if (
    typeof body === 'object' &&
    body !== null &&
    'activities' in body &&
    Array.isArray(body.activities)
  ) {
    expect((body.activities as Array<Record<string, unknown>>).filter(isApology)).toEqual([]);
  }
}

describe('random bodies at the HTTP endpoints', () => {
  const captured = captureLogger('warn');
  let running: RunningApp;
  let channel: FakeConnector;
  let webConversation: string;

  beforeAll(async () => {
    running = await startHardeningApp({}, { logger: captured.logger });
    channel = await startFakeConnector('accept');
    webConversation = await startWebConversation(running.baseUrl);
  });

  afterAll(async () => {
    await running.close();
    await channel.close();
  });

  const post = async (
    path: string,
    body: string | Uint8Array,
    contentType: string,
  ): Promise<HttpAnswer> =>
    within(
      send(`${running.baseUrl}${path}`, {
        method: 'POST',
        headers: contentType === '' ? {} : { 'Content-Type': contentType },
        body: typeof body === 'string' ? body : Buffer.from(body),
      }),
      TURN_TIMEOUT_MS,
      `POST ${path}`,
    );

  /** An activity a channel might send, with every field fuzzed and the envelope mostly right. */
  const channelActivity = fc
    .record({
      fields: activityFields,
      extra: extraFields,
      channelId: mostly(
        fc.constantFrom('test', 'msteams', 'webchat', 'slack', 'carrier-pigeon'),
        fc.oneof(fc.string({ maxLength: 10 }), json(0)),
      ),
      conversation: mostly(
        fc.oneof(
          fc.record({ id }),
          fc.record({ id, conversationType: fc.constantFrom('personal', 'channel', 'groupChat') }),
        ),
        json(1),
      ),
      // Replies go to the fake channel on 127.0.0.1, or back in the response: never off this machine.
      delivery: mostly(
        fc.constantFrom('expectReplies', 'expectReplies', 'normal'),
        fc.constantFrom('none', 'junk'),
      ),
    })
    .map(({ fields, extra, channelId, conversation, delivery }) => {
      const envelope: Record<string, unknown> =
        delivery === 'expectReplies'
          ? { deliveryMode: 'expectReplies' }
          : delivery === 'normal'
            ? { serviceUrl: channel.serviceUrl }
            : delivery === 'junk'
              ? { deliveryMode: 'later', serviceUrl: 'not a url' }
              : {};
      return JSON.stringify({ ...extra, ...fields, channelId, conversation, ...envelope });
    });

  /** A well-formed activity whose contents are fuzzed: every field the right shape, any text, value or card in it. */
  const shortId = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
  const wellFormedActivity = fc
    .record(
      {
        type: fc.oneof(
          { weight: 4, arbitrary: fc.constant('message') },
          { weight: 1, arbitrary: fc.constantFrom(...ACTIVITY_TYPES) },
        ),
        channelId: fc.constantFrom(
          'test',
          'msteams',
          'webchat',
          'emulator',
          'slack',
          'carrier-pigeon',
        ),
        conversation: fc.record(
          { id: shortId, conversationType: fc.constantFrom('personal', 'channel', 'groupChat') },
          { requiredKeys: ['id'] },
        ),
        from: fc.record(
          { id: shortId, name: fc.string({ maxLength: 20 }) },
          { requiredKeys: ['id'] },
        ),
        recipient: fc.constant({ id: 'bot-1', name: 'City profile bot' }),
        text,
        value: json(3),
        attachments: fc.array(
          fc.record({ contentType: fc.string({ maxLength: 40 }), content: json(2) }),
          { maxLength: 2 },
        ),
        entities: fc.array(
          fc.record(
            {
              type: fc.constantFrom('mention', 'clientInfo'),
              mentioned: fc.record({ id: fc.constantFrom('bot-1', 'user-1') }),
              text: fc.oneof(fc.constant('<at>City profile bot</at>'), text),
            },
            { requiredKeys: ['type'] },
          ),
          { maxLength: 3 },
        ),
        membersAdded: fc.array(fc.record({ id: shortId }), { maxLength: 2 }),
        locale: fc.string({ maxLength: 20 }),
        channelData: json(2),
        expectReplies: fc.boolean(),
        extra: extraFields,
      },
      { requiredKeys: ['type', 'channelId', 'conversation', 'from', 'expectReplies'] },
    )
    .map(({ expectReplies, extra, ...fields }) =>
      JSON.stringify({
        ...extra,
        ...fields,
        ...(expectReplies ? { deliveryMode: 'expectReplies' } : { serviceUrl: channel.serviceUrl }),
      }),
    );

  const body = fc.oneof(
    { weight: 5, arbitrary: wellFormedActivity },
    { weight: 2, arbitrary: channelActivity },
    { weight: 1, arbitrary: json(3).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: channelActivity.chain((whole) =>
        fc.nat({ max: whole.length }).map((cut) => whole.slice(0, cut)),
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  );

  test('/api/messages answers every random body with a reply or a 4xx, in time', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, contentType) => {
        expectReplyOr4xx(await post('/api/messages', payload, contentType), payload);
      }),
      { seed: SEED, numRuns: 250 },
    );
  }, 120_000);

  /** What the page might post: a client activity with every field fuzzed. */
  const clientActivity = fc
    .record({
      fields: activityFields,
      extra: extraFields,
      clientActivityID: fc.oneof(fc.string({ maxLength: 30 }), json(0)),
    })
    .map(({ fields, extra, clientActivityID }) =>
      JSON.stringify({ ...extra, ...fields, channelData: { clientActivityID } }),
    );

  test('the web chat endpoint answers every random body with a reply or a 4xx, in time', async () => {
    const wellFormed = fc
      .record(
        {
          text,
          locale: fc.constantFrom('en-US', 'es-MX', 'es', 'fr-FR', 'zh-Hans-CN'),
          textFormat: fc.constantFrom('plain', 'markdown', 'xml'),
          value: json(3),
          attachments: fc.array(
            fc.record(
              {
                contentType: fc.string({ maxLength: 40 }),
                name: fc.string({ maxLength: 40 }),
                content: json(2),
              },
              { requiredKeys: ['contentType'] },
            ),
            { maxLength: 2 },
          ),
          channelData: fc.record(
            { clientActivityID: fc.string({ maxLength: 40 }), postBack: fc.boolean() },
            { requiredKeys: [] },
          ),
          extra: extraFields,
        },
        { requiredKeys: [] },
      )
      .map(({ extra, ...fields }) => JSON.stringify({ ...extra, ...fields, type: 'message' }));
    const webBody = fc.oneof(
      { weight: 5, arbitrary: wellFormed },
      { weight: 2, arbitrary: clientActivity },
      { weight: 1, arbitrary: json(3).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    );
    await fc.assert(
      fc.asyncProperty(webBody, contentType, async (payload, contentType) => {
        expectReplyOr4xx(
          await post(`${WEBCHAT_API}/${webConversation}/activities`, payload, contentType),
        );
      }),
      { seed: SEED, numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          json(2).map((value) => JSON.stringify(value)),
          fc
            .record({ locale: fc.oneof(fc.string({ maxLength: 20 }), json(0)) })
            .map((value) => JSON.stringify(value)),
        ),
        async (payload) => {
          expectReplyOr4xx(await post(WEBCHAT_API, payload, 'application/json'));
        },
      ),
      { seed: SEED, numRuns: 50 },
    );
  }, 120_000);

  test('no turn failed, nothing was left in flight, and the server still answers', async () => {
    const errors = captured.lines.filter((line) => Number(line['level']) >= 50);
    const answer = await post(
      '/api/messages',
      JSON.stringify({
        type: 'message',
        channelId: 'test',
        deliveryMode: 'expectReplies',
        conversation: { id: 'after-fuzz' },
        from: { id: 'u' },
        text: 'who is the mayor?',
      }),
      'application/json',
    );

    expect(errors).toEqual([]);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Sheinbaum');
    expect(running.app.turns.inFlight).toBe(0);
  });
});

test('no promise was rejected without a handler during any of the runs above', async () => {
  await new Promise<void>((resolve) => setImmediate(resolve));

  expect(unhandled).toEqual([]);
});
