import {
  APP_ID,
  SERVICE_URL,
  startFakeIdentityProvider,
  type FakeIdentityProvider,
} from '../fixtures/fakeIdentityProvider';
import {
  captureLogger,
  messageActivity,
  postJson,
  repliesOf,
  startApp,
  type RunningApp,
} from './support';

const OTHER_APP_ID = '9a1c6f3e-2b7d-4c8e-a5f0-1d2e3f4a5b6c';

describe('/api/messages with MicrosoftAppId configured', () => {
  const captured = captureLogger('info');
  let identity: FakeIdentityProvider;
  let running: RunningApp;

  beforeAll(async () => {
    // botframework-connector itself prints to console.error for a well-formed token with
    // a bad signature or past its expiry (jwtTokenExtractor.ts); our own log stays one line.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    identity = await startFakeIdentityProvider();
    running = await startApp(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value' },
      { logger: captured.logger, authOverrides: identity.authOverrides },
    );
  });

  afterAll(async () => {
    await running.close();
    await identity.close();
    jest.restoreAllMocks();
  });

  const send = async (authorization: string | null, conversation: string) =>
    postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity('how is innovation funded in Mexico City?', conversation, {
        deliveryMode: 'expectReplies',
        serviceUrl: SERVICE_URL,
      }),
      authorization === null ? {} : { Authorization: authorization },
    );

  test.each([
    ['no token', () => null, /not authorized/],
    ['a malformed token', () => 'Bearer not-a-token', /No valid identity/],
    [
      'a token signed with a key the Bot Framework never published',
      () => `Bearer ${identity.token({}, identity.strangerKey)}`,
      /invalid signature/,
    ],
    [
      'a token for another bot (audience)',
      () => `Bearer ${identity.token({ aud: OTHER_APP_ID })}`,
      /Invalid AppId/,
    ],
    [
      'a token from another issuer',
      () => `Bearer ${identity.token({ iss: 'https://login.example.test' })}`,
      /No valid identity/,
    ],
    [
      'an expired token',
      () =>
        `Bearer ${identity.token({ exp: 1_600_000_000, nbf: 1_599_990_000, iat: 1_599_990_000 })}`,
      /expired/,
    ],
    [
      'a token for another service URL',
      () => `Bearer ${identity.token({ serviceurl: 'https://elsewhere.example.test/' })}`,
      /ServiceUrl claim/,
    ],
  ])(
    'a request with %s gets a clean 401 as JSON and one log line without a stack',
    async (name, authorization, reason) => {
      const before = captured.lines.length;

      const answer = await send(authorization(), `conv-401-${name}`);

      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        code: 'Unauthorized',
        message: 'The request has no valid Bot Framework token.',
      });
      const lines = captured.lines.slice(before).filter((line) => Number(line['level']) >= 40);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.['msg']).toBe('unauthenticated request refused');
      expect(lines[0]?.['reason']).toMatch(reason);
      expect(JSON.stringify(lines)).not.toMatch(/\n\s+at |"stack"/);
    },
  );

  test('a token the channel signed for this bot is let in and answered', async () => {
    const answer = await send(`Bearer ${identity.token({})}`, 'conv-authenticated');

    expect(answer.status).toBe(200);
    expect(repliesOf(answer)[0]?.['text']).toEqual(expect.stringContaining('81%'));
  });

  test('neither tokens nor the app password ever reach the logs', async () => {
    const token = identity.token({ aud: OTHER_APP_ID });
    await send(`Bearer ${token}`, 'conv-secret');
    running.app.server.log.info(
      { config: running.config, headers: { authorization: `Bearer ${token}` } },
      'a careless log line',
    );

    const everything = captured.raw.join('\n');
    expect(everything).toContain('a careless log line');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('not-a-real-secret-value');
  });
});
