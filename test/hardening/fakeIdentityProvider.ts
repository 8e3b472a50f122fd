import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
export const APP_PASSWORD = 'hardening-test-secret-value';
export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const SERVICE_URL = 'https://smba.example.test/';
const KID = 'hardening-signing-key';

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

/**
 * Bot Framework's OpenID metadata and signing key served on 127.0.0.1, and tokens signed
 * as a channel signs them, so authentication runs for real without leaving the machine.
 */
export interface FakeIdentityProvider {
  /** The public cloud's settings with the metadata served here (botbuilder takes all or none). */
  readonly authOverrides: Record<string, string>;
  /** A channel token for this bot; `claims` override the defaults (aud, iss, exp...). */
  token(claims?: Record<string, unknown>, key?: KeyObject): string;
  /** A key the Bot Framework never published. */
  readonly strangerKey: KeyObject;
  close(): Promise<void>;
}

export async function startFakeIdentityProvider(): Promise<FakeIdentityProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' });
  let base = '';
  const server: HttpServer = createHttpServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['test', 'msteams'] }] }));
    else res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const metadataUrl = `${base}/.well-known/openidconfiguration`;
  return {
    authOverrides: {
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      OAuthUrl: 'https://api.botframework.com',
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
      CallerId: 'urn:botframework:azure',
    },
    strangerKey,
    token: (claims = {}, key = privateKey) => {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }));
      const payload = base64url(JSON.stringify({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims }));
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
      return `${header}.${payload}.${base64url(signature)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
