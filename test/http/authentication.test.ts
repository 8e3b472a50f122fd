import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLogger, messageActivity, postJson, repliesOf, startApp, type RunningApp } from './support';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const OTHER_APP_ID = '9a1c6f3e-2b7d-4c8e-a5f0-1d2e3f4a5b6c';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.example.test/';

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

/** A Bot Framework channel token, signed as the channel signs it (RS256, a key id from the OpenID metadata). */
function signToken(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: nowSeconds - 60, iat: nowSeconds - 60, exp: nowSeconds + 3600, ...claims }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Bot Framework's OpenID metadata and signing keys, served locally so no test leaves 127.0.0.1. */
async function startFakeIdentityProvider(publicKey: KeyObject, kid: string): Promise<{ metadataUrl: string; close: () => Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' });
  let base = '';
  const server: HttpServer = createHttpServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['test', 'msteams'] }] }));
    else res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The public cloud's settings with the signing keys served locally. botbuilder takes
 * either none of these or all of them, so all are spelled out.
 */
function publicCloudWith(metadataUrl: string): Record<string, string> {
  return {
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: 'urn:botframework:azure',
  };
}

describe('/api/messages with MicrosoftAppId configured', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'test-signing-key';
  const captured = captureLogger('info');
  let identity: Awaited<ReturnType<typeof startFakeIdentityProvider>>;
  let running: RunningApp;

  beforeAll(async () => {
    // botframework-connector itself prints to console.error for a well-formed token with
    // a bad signature or past its expiry (jwtTokenExtractor.ts); our own log stays one line.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    identity = await startFakeIdentityProvider(publicKey, kid);
    running = await startApp(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value' },
      { logger: captured.logger, authOverrides: publicCloudWith(identity.metadataUrl) },
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
      messageActivity('how is innovation funded in Mexico City?', conversation, { deliveryMode: 'expectReplies', serviceUrl: SERVICE_URL }),
      authorization === null ? {} : { Authorization: authorization },
    );

  test.each([
    ['no token', () => null, /not authorized/],
    ['a malformed token', () => 'Bearer not-a-token', /No valid identity/],
    ['a token signed with a key the Bot Framework never published', () => `Bearer ${signToken(stranger, kid, {})}`, /invalid signature/],
    ['a token for another bot (audience)', () => `Bearer ${signToken(privateKey, kid, { aud: OTHER_APP_ID })}`, /Invalid AppId/],
    ['a token from another issuer', () => `Bearer ${signToken(privateKey, kid, { iss: 'https://login.example.test' })}`, /No valid identity/],
    ['an expired token', () => `Bearer ${signToken(privateKey, kid, { exp: 1_600_000_000, nbf: 1_599_990_000, iat: 1_599_990_000 })}`, /expired/],
    ['a token for another service URL', () => `Bearer ${signToken(privateKey, kid, { serviceurl: 'https://elsewhere.example.test/' })}`, /ServiceUrl claim/],
  ])('a request with %s gets a clean 401 as JSON and one log line without a stack', async (name, authorization, reason) => {
    const before = captured.lines.length;

    const answer = await send(authorization(), `conv-401-${name}`);

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ code: 'Unauthorized', message: 'The request has no valid Bot Framework token.' });
    const lines = captured.lines.slice(before).filter((line) => Number(line['level']) >= 40);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.['msg']).toBe('unauthenticated request refused');
    expect(lines[0]?.['reason']).toMatch(reason);
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at |"stack"/);
  });

  test('a token the channel signed for this bot is let in and answered', async () => {
    const answer = await send(`Bearer ${signToken(privateKey, kid, {})}`, 'conv-authenticated');

    expect(answer.status).toBe(200);
    expect(repliesOf(answer)[0]?.['text']).toEqual(expect.stringContaining('81%'));
  });

  test('neither tokens nor the app password ever reach the logs', async () => {
    const token = signToken(privateKey, kid, { aud: OTHER_APP_ID });
    await send(`Bearer ${token}`, 'conv-secret');
    running.app.server.log.info({ config: running.config, headers: { authorization: `Bearer ${token}` } }, 'a careless log line');

    const everything = captured.raw.join('\n');
    expect(everything).toContain('a careless log line');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('not-a-real-secret-value');
  });
});
