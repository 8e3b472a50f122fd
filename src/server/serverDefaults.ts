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
   * Longest wait for the channel to accept one reply (each attempt; the SDK retries a
   * refused connection or a 5xx 3 times). The SDK's default is no limit at all.
   */
  channelTimeoutMs: 10_000,
  /** Connector clients (one per channel service URL) kept for reuse, least recently used dropped first. */
  maxCachedConnectors: 64,
  /** How long a shutdown waits for turns in flight before closing what is left. */
  shutdownTimeoutMs: 10_000,
});
