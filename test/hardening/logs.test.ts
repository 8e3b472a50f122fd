import { expect } from '@jest/globals';
import { hashConversationId } from '../../src/bot/createBot';
import {
  describeSdkTokenMessage,
  routeSdkConsoleErrors,
  type ConsoleLike,
} from '../../src/server/routeSdkConsoleErrors';
import { captureLogger, messageActivity, postJson, type RunningApp } from '../http/support';
import {
  APP_ID,
  APP_PASSWORD,
  SERVICE_URL,
  startFakeIdentityProvider,
  type FakeIdentityProvider,
} from '../fixtures/fakeIdentityProvider';
import { send, startHardeningApp, WEBCHAT_API } from './hardeningSupport';

type LogLine = Record<string, unknown>;

const QUESTION = 'how is innovation funded in Mexico City?';

describe('the one log line per turn', () => {
  const captured = captureLogger('info');
  let running: RunningApp;

  beforeAll(async () => {
    running = await startHardeningApp({}, { logger: captured.logger });
  });

  afterAll(async () => {
    await running.close();
  });

  const turnLinesOf = (conversation: string, from = 0): LogLine[] =>
    captured.lines
      .slice(from)
      .filter((line) => line['conversation'] === hashConversationId(conversation));

  test.each([
    [
      'a question',
      'log-question',
      {},
      'answered',
      { kind: 'profile', topic: 'funding.overview', language: 'en' },
    ],
    [
      'a greeting of a new member',
      'log-welcome',
      { type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }] },
      'welcomed',
      { kind: null, topic: null },
    ],
    [
      'a typing indicator',
      'log-typing',
      { type: 'typing' },
      'ignored',
      { kind: null, topic: null },
    ],
    [
      'an attachment without text',
      'log-attachment',
      { text: undefined, attachments: [{ contentType: 'image/png' }] },
      'answered',
      { kind: 'problem' },
    ],
  ] as const)(
    '%s writes exactly one info line with the hashed conversation, channel, topic, confidence, latency and outcome, and no text',
    async (_name, conversation, fields, outcome, answer) => {
      const before = captured.lines.length;

      const reply = await postJson(`${running.baseUrl}/api/messages`, {
        ...messageActivity(QUESTION, conversation, { deliveryMode: 'expectReplies' }),
        ...fields,
      });

      expect(reply.status).toBe(200);
      const lines = turnLinesOf(conversation, before);
      expect(lines).toHaveLength(1);
      const [line] = lines as [LogLine];
      expect(line).toMatchObject({
        level: 30,
        msg: 'turn',
        component: 'bot',
        channelId: 'test',
        outcome,
        ...answer,
      });
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'conversation',
          'channelId',
          'activityType',
          'outcome',
          'kind',
          'topic',
          'confidence',
          'language',
          'latencyMs',
        ]),
      );
      expect(typeof line['latencyMs']).toBe('number');
      if (outcome === 'answered' && answer.kind === 'profile')
        expect(line['confidence']).toEqual(expect.any(Number));
      expect(line).not.toHaveProperty('text');
      const raw = JSON.stringify(captured.lines.slice(before));
      expect(raw).not.toContain('innovation funded');
      expect(raw).not.toContain(conversation);
    },
  );

  test('a web chat turn writes its one line too, on channel webchat', async () => {
    const started = await send(`${running.baseUrl}${WEBCHAT_API}`, { method: 'POST' });
    const id = String((started.json as { conversationId: string }).conversationId);
    const before = captured.lines.length;

    const answer = await send(`${running.baseUrl}${WEBCHAT_API}/${id}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: QUESTION }),
    });

    expect(answer.status).toBe(200);
    expect(turnLinesOf(id, before)).toEqual([
      expect.objectContaining({
        msg: 'turn',
        channelId: 'webchat',
        outcome: 'answered',
        topic: 'funding.overview',
      }),
    ]);
    expect(JSON.stringify(captured.lines.slice(before))).not.toContain('innovation funded');
  });

  test('a request refused before any turn (a bad body) writes no line at info', async () => {
    const before = captured.lines.length;

    const answer = await send(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"text": "${QUESTION}"`,
    });

    expect(answer.status).toBe(400);
    expect(captured.lines.slice(before)).toEqual([]);
  });
});

describe('at LOG_LEVEL debug', () => {
  const captured = captureLogger('debug');
  let running: RunningApp;

  beforeAll(async () => {
    running = await startHardeningApp({}, { logger: captured.logger });
  });

  afterAll(async () => {
    await running.close();
  });

  test('the turn line carries what the person wrote, for debugging', async () => {
    await postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity(QUESTION, 'log-debug', { deliveryMode: 'expectReplies' }),
    );

    const lines = captured.lines.filter(
      (line) => line['msg'] === 'turn' && line['conversation'] === hashConversationId('log-debug'),
    );
    expect(lines).toEqual([expect.objectContaining({ text: QUESTION, outcome: 'answered' })]);
  });
});

describe('secrets', () => {
  const captured = captureLogger('debug');
  let running: RunningApp;

  beforeAll(async () => {
    // The most talkative level restify and pino have: trace.
    captured.logger.level = 'trace';
    running = await startHardeningApp(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD },
      { logger: captured.logger },
    );
  });

  afterAll(async () => {
    await running.close();
  });

  test('neither the app password nor an Authorization header reaches any log line, even at trace', async () => {
    // A well-formed JWT from an issuer the Bot Framework does not use: refused without fetching any key.
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k' })).toString(
      'base64url',
    );
    const payload = Buffer.from(
      JSON.stringify({ iss: 'https://login.example.test', aud: APP_ID }),
    ).toString('base64url');
    const token = `${header}.${payload}.c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0`;

    const answers = await Promise.all(
      [
        `Bearer ${token}`,
        'Bearer not-a-token-secret-9876',
        `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`,
      ].map((authorization) =>
        postJson(
          `${running.baseUrl}/api/messages`,
          messageActivity('hello', 'log-secrets', {
            deliveryMode: 'expectReplies',
            serviceUrl: SERVICE_URL,
          }),
          { Authorization: authorization },
        ),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    const everything = captured.raw.join('\n');
    expect(captured.lines.length).toBeGreaterThan(0);
    for (const secret of [
      token,
      'c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0',
      'not-a-token-secret-9876',
      APP_PASSWORD,
      Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64'),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('botbuilder’s console.error about refused tokens', () => {
  test.each([
    [
      'an expired token',
      [Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' })],
      'TokenExpiredError: jwt expired',
    ],
    [
      'a token that is not yet valid',
      [Object.assign(new Error('jwt not active'), { name: 'NotBeforeError' })],
      'NotBeforeError: jwt not active',
    ],
    [
      'a signature that does not match',
      ['Error finding key for token. Available keys: -----BEGIN PUBLIC KEY-----\nMIIB...'],
      'the token did not verify with the signing key it names',
    ],
  ])('is recognised for %s, and described without its stack or key', (_name, args, reason) => {
    expect(describeSdkTokenMessage(args)).toBe(reason);
  });

  test.each([
    ['any other error', [new Error('something else')]],
    [
      'a token error with more arguments',
      [Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' }), 'extra'],
    ],
    ['another message', ['Error finding something else']],
    ['no arguments', []],
  ])('is not claimed for %s', (_name, args) => {
    expect(describeSdkTokenMessage(args)).toBeNull();
  });

  test('goes to the log at debug level while every other console.error passes through, until the route is removed', () => {
    const printed: unknown[][] = [];
    const target: ConsoleLike = { error: (...args: unknown[]) => printed.push(args) };
    const captured = captureLogger('debug');
    const other = new Error('a real problem');

    const remove = routeSdkConsoleErrors(captured.logger, target);
    target.error(Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' }));
    target.error(other);
    remove();
    target.error('after removal');

    expect(printed).toEqual([[other], ['after removal']]);
    expect(captured.lines).toEqual([
      expect.objectContaining({
        level: 20,
        msg: 'token refused by the Bot Framework SDK',
        reason: 'TokenExpiredError: jwt expired',
      }),
    ]);
    expect(captured.raw.join('\n')).not.toMatch(/\n\s+at |"stack"/);
  });

  describe('with the route installed as src/index.ts installs it', () => {
    const captured = captureLogger('debug');
    const printed: unknown[][] = [];
    let identity: FakeIdentityProvider;
    let running: RunningApp;
    let remove: () => void;

    beforeAll(async () => {
      // Whatever is not routed would reach this stand-in for the terminal.
      jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        printed.push(args);
      });
      remove = routeSdkConsoleErrors(captured.logger.child({ component: 'auth' }));
      identity = await startFakeIdentityProvider();
      running = await startHardeningApp(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD },
        { logger: captured.logger, authOverrides: identity.authOverrides },
      );
    });

    afterAll(async () => {
      remove();
      jest.restoreAllMocks();
      await running.close();
      await identity.close();
    });

    test.each([
      [
        'an expired token',
        () => identity.token({ exp: 1_600_000_000, nbf: 1_599_990_000, iat: 1_599_990_000 }),
        /TokenExpiredError/,
      ],
      ['a forged signature', () => identity.token({}, identity.strangerKey), /did not verify/],
    ])(
      '%s prints nothing, gets a 401 and one warning, and the SDK’s words at debug only',
      async (_name, token, reason) => {
        const before = captured.lines.length;

        const answer = await postJson(
          `${running.baseUrl}/api/messages`,
          messageActivity('hello', 'log-forged', {
            deliveryMode: 'expectReplies',
            serviceUrl: SERVICE_URL,
          }),
          { Authorization: `Bearer ${token()}` },
        );

        expect(answer.status).toBe(401);
        expect(printed).toEqual([]);
        const lines = captured.lines.slice(before);
        expect(lines.filter((line) => Number(line['level']) >= 40)).toEqual([
          expect.objectContaining({ msg: 'unauthenticated request refused' }),
        ]);
        expect(
          lines.filter((line) => line['msg'] === 'token refused by the Bot Framework SDK'),
        ).toEqual([expect.objectContaining({ level: 20, reason: expect.stringMatching(reason) })]);
        expect(JSON.stringify(lines)).not.toMatch(/BEGIN PUBLIC KEY|"stack"/);
      },
    );
  });
});
