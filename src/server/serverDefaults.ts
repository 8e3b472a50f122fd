/** Limits and timings of the HTTP server, in one place; createServer's options override them. */
export const SERVER_DEFAULTS = Object.freeze({
  /** Longest activity type accepted (the longest real one, "installationUpdate", has 18). */
  maxActivityTypeLength: 64,
  /** Longest id (conversation, user, channel) accepted; Teams' longest are a few hundred characters. */
  maxIdLength: 1024,
  maxServiceUrlLength: 2048,
  /** Most entities, attachments or members in one activity (Teams sends a handful). */
  maxListLength: 256,
  /** Most problems named in one 400 answer: enough to fix a request, too few to echo a flood back. */
  maxReportedIssues: 10,
  /**
   * A refused body (too large, wrong type) is read and thrown away up to this many more
   * bytes, so that an ordinary client gets its 413 or 415 instead of a broken pipe;
   * beyond it the connection is closed.
   */
  maxDrainBytes: 1024 * 1024,
  /**
   * Longest wait for the channel to accept one reply (each attempt; a refused connection
   * or a 5xx is retried once). The SDK's default is no limit at all.
   */
  channelTimeoutMs: 10_000,
  /** Connector clients (one per channel service URL) kept for reuse, least recently used dropped first. */
  maxCachedConnectors: 64,
  /** Deepest nesting of arrays and objects accepted in a request body (Teams cards nest a dozen). */
  maxJsonDepth: 64,
  /** A request's headers and body must have arrived within this long (Node's default is 300 s). */
  requestTimeoutMs: 30_000,
  /** An idle kept-alive connection is closed after this long. */
  keepAliveTimeoutMs: 5_000,
  /** How often Node checks the two limits above (its default, 30 s, would double them). */
  connectionsCheckingIntervalMs: 1_000,
  /** Fetching Bot Framework's OpenID metadata or signing keys; past it the request gets 503. */
  identityFetchTimeoutMs: 5_000,
  /** What a 503 for unavailable signing keys tells the client to wait, in seconds. */
  identityRetryAfterSeconds: 5,
  /** One retry of a refused connection or a 5xx from the channel, after this long. */
  channelRetryDelayMs: 500,
  /** Anonymous /api/messages: requests a client may send in a burst before the per-minute rate applies. */
  messagesBurst: 40,
  /** Clients whose /api/messages buckets are remembered. */
  maxMessageClients: 10_000,
  /** How long a shutdown waits for turns in flight before closing what is left. */
  shutdownTimeoutMs: 10_000,
});
