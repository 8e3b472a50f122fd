import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';

/**
 * botframework-connector fetches Bot Framework's OpenID metadata and signing keys
 * (OpenIdMetadata.refreshCache, botbuilder 4.23.3) with node-fetch and no timeout: when
 * the identity provider hangs, every request carrying a JWT-shaped token hangs with it,
 * and each one opens its own fetch. This replaces that one private method with the same
 * two requests (the metadata, then its jwks_uri) under one deadline, aborted when it
 * passes (so no socket is left open), and shared by every request waiting at the same
 * time. The SDK's proxy setting keeps its original method.
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

async function fetchJson(url: string, signal: AbortSignal, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'error' });
  } catch (error) {
    const reason = signal.aborted ? 'no answer in time' : 'the request failed';
    throw new IdentityUnavailableError(`Could not fetch the ${what}: ${reason}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new IdentityUnavailableError(`Could not fetch the ${what}: HTTP ${response.status}`);
  }
  try {
    return (await response.json()) as unknown;
  } catch (error) {
    throw new IdentityUnavailableError(`Could not read the ${what}`, { cause: error });
  }
}

/** Installs the bounded refresh (idempotent; the latest timeout wins). */
export function boundIdentityFetches(timeoutMs: number): void {
  const prototype = OpenIdMetadata.prototype as unknown as Record<PropertyKey, unknown>;
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
