/**
 * Every limit of the web chat endpoint, in one frozen object. The composition root
 * overrides them from config (WEBCHAT_RATE_LIMIT_PER_MINUTE, MAX_BODY_BYTES, ...);
 * nothing else in src/server/webchat hard-codes a number that tunes behaviour.
 */
export const WEBCHAT_DEFAULTS = Object.freeze({
  /** Largest accepted request body (the activity's JSON), in bytes; larger gets 413. */
  maxBodyBytes: 262_144,
  /** Sustained requests per minute per client to the API (token-bucket refill rate). */
  ratePerMinute: 60,
  /** Requests a client may make in a burst before the refill rate applies (bucket size). */
  burst: 20,
  /** Clients whose buckets are remembered; the least recently seen are forgotten first. */
  maxClients: 10_000,
  /** A conversation idle for longer than this is forgotten (its id then gets 404). */
  conversationTtlMs: 3_600_000,
  /** Conversations remembered at once; the least recently used is forgotten first. */
  maxConversations: 10_000,
  /**
   * Sources allowed to embed the page in a frame (CSP frame-ancestors), e.g.
   * ["'self'", "https://www.city.example"]. Default: only this server itself.
   */
  frameAncestors: Object.freeze<readonly string[]>(["'self'"]),
  /** Conversations one client may hold at once; past it, its own least recently used goes. */
  maxConversationsPerClient: 50,
  /**
   * Reverse proxies you run in front of the server: the client's address is then the
   * n-th X-Forwarded-For entry from the right (the one your outermost proxy added).
   * 0 (no proxy): the socket's address; clients can forge the header.
   */
  trustedProxyHops: 0,
  /** The bot as the web channel names it (`recipient` of the user's activities). */
  botId: 'city-profile-bot',
  botName: 'City profile bot',
});

export interface WebChatOptions {
  readonly maxBodyBytes: number;
  readonly ratePerMinute: number;
  readonly burst: number;
  readonly maxClients: number;
  readonly conversationTtlMs: number;
  readonly maxConversations: number;
  readonly frameAncestors: readonly string[];
  readonly maxConversationsPerClient: number;
  readonly trustedProxyHops: number;
  readonly botId: string;
  readonly botName: string;
}

/** A frame-ancestors source we accept: 'self', 'none', or an http(s) origin (optionally *. wildcard host). */
const FRAME_ANCESTOR =
  /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/i;

/** Merges overrides into the defaults and rejects values that would weaken or break the endpoint. */
export function resolveWebChatOptions(overrides: Partial<WebChatOptions> = {}): WebChatOptions {
  const options: WebChatOptions = { ...WEBCHAT_DEFAULTS, ...overrides };
  const positive = [
    'maxBodyBytes',
    'ratePerMinute',
    'burst',
    'maxClients',
    'conversationTtlMs',
    'maxConversations',
    'maxConversationsPerClient',
  ] as const;
  for (const key of positive) {
    const value = options[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`Web chat option ${key} must be a positive number, found ${String(value)}`);
    }
  }
  const bad = options.frameAncestors.filter((source) => !FRAME_ANCESTOR.test(source));
  if (bad.length > 0) {
    throw new Error(
      `Web chat frameAncestors must be 'self', 'none' or http(s) origins, found ${bad.join(' ')}`,
    );
  }
  if (!Number.isInteger(options.trustedProxyHops) || options.trustedProxyHops < 0)
    throw new Error(
      `Web chat option trustedProxyHops must be a whole number, found ${String(options.trustedProxyHops)}`,
    );
  if (options.frameAncestors.length === 0)
    throw new Error('Web chat frameAncestors must not be empty (use "\'none\'")');
  return Object.freeze({ ...options, frameAncestors: Object.freeze([...options.frameAncestors]) });
}
