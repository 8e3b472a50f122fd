import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';

/**
 * botframework-connector fetches Bot Framework's OpenID metadata and signing keys
 * (OpenIdMetadata.refreshCache, botbuilder 4.23.3) with node-fetch and no timeout: when
 * the identity provider hangs, every request carrying a JWT-shaped token hangs with it,
 * and each one opens its own fetch. This replaces that one private method with the same
 * two requests (the metadata, then its jwks_uri) under one deadline, each on its own
 * connection destroyed when the deadline passes (so no socket is left open), shared by
 * every request waiting at the same time. The SDK's proxy setting keeps its original
 * method.
 */

/** Raised when the signing keys could not be fetched in time (or the provider failed): the request gets 503, not 401. */
export class IdentityUnavailableError extends Error {
  override readonly name = 'IdentityUnavailableError';
}

interface OpenIdMetadataState {
  readonly url: string;
  readonly proxySettings?: unknown;
  lastUpdated: number;
  keys: unknown;
}

type RefreshCache = (this: OpenIdMetadataState) => Promise<void>;

const ORIGINAL = Symbol('originalRefreshCache');
const IN_FLIGHT = new WeakMap<object, Promise<void>>();

/** Body of a metadata or keys document we read at most (Bot Framework's are a few KB). */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * GETs a JSON document on its own connection (no pool: nothing stays open after it),
 * destroyed when `signal` aborts. Redirects are not followed.
 */
function fetchJson(url: string, signal: AbortSignal, what: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string, cause?: unknown): void =>
      reject(new IdentityUnavailableError(`Could not fetch the ${what}: ${reason}`, { cause }));
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      fail('not an http(s) URL');
      return;
    }
    const get = new URL(url).protocol === 'https:' ? httpsGet : httpGet;
    const req = get(url, { agent: false, signal }, (res) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        res.resume();
        fail(`HTTP ${res.statusCode ?? 0}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) req.destroy(new Error('too large'));
        else chunks.push(chunk);
      });
      res.once('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch (error) {
          fail('not JSON', error);
        }
      });
      res.once('error', (error) => fail('the answer broke off', error));
    });
    req.once('error', (error) =>
      fail(signal.aborted ? 'no answer in time' : 'the request failed', error),
    );
  });
}

/** Installs the bounded refresh (idempotent; the latest timeout wins). */
export function boundIdentityFetches(timeoutMs: number): void {
  const prototype = OpenIdMetadata.prototype as unknown as Record<PropertyKey, unknown>;
  if (typeof prototype['refreshCache'] !== 'function')
    // Fail at start-up rather than run with unbounded fetches after an SDK update.
    throw new Error(
      'botframework-connector changed: OpenIdMetadata.refreshCache is gone (see src/server/boundIdentityFetches.ts)',
    );
  const original = (prototype[ORIGINAL] ?? prototype['refreshCache']) as RefreshCache;
  prototype[ORIGINAL] = original;
  const bounded: RefreshCache = async function (this: OpenIdMetadataState): Promise<void> {
    if (this.proxySettings) return original.call(this);
    const running = IN_FLIGHT.get(this);
    if (running) return running;
    const refresh = (async () => {
      const signal = AbortSignal.timeout(timeoutMs);
      const config = await fetchJson(this.url, signal, 'OpenID metadata');
      const jwksUri: unknown =
        typeof config === 'object' && config !== null ? Reflect.get(config, 'jwks_uri') : undefined;
      if (typeof jwksUri !== 'string')
        throw new IdentityUnavailableError('The OpenID metadata names no jwks_uri');
      const keys: unknown = await fetchJson(jwksUri, signal, 'signing keys');
      const list: unknown =
        typeof keys === 'object' && keys !== null ? Reflect.get(keys, 'keys') : undefined;
      if (!Array.isArray(list))
        throw new IdentityUnavailableError('The signing keys are not a list');
      this.keys = list;
      this.lastUpdated = Date.now();
    })();
    IN_FLIGHT.set(this, refresh);
    try {
      await refresh;
    } finally {
      IN_FLIGHT.delete(this);
    }
  };
  prototype['refreshCache'] = bounded;
}

/** True when authentication failed because the keys could not be had, not because the token was bad. */
export function isIdentityUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof IdentityUnavailableError) return true;
  if (!(error instanceof Error) || depth >= 5) return false;
  // The SDK's own words for a provider that answered with an error.
  if (/Failed to load (?:openID config|Keys)/.test(error.message)) return true;
  return isIdentityUnavailable(error.cause, depth + 1);
}
