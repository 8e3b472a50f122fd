/**
 * botframework-connector's JwtTokenExtractor writes to console.error when it refuses a
 * well-formed token (jwtTokenExtractor.js, botbuilder 4.23.3): the whole
 * TokenExpiredError with its stack for an expired token, and "Error finding key for
 * token. Available keys: <the channel's public key>" for a bad signature or audience.
 * Anyone on the internet can send such tokens, so left alone they would fill stderr
 * with unstructured lines. Every one of them is followed by the server's own single
 * warning ("unauthenticated request refused", with botbuilder's reason), so these are
 * routed to the log at debug level, without the error's stack or the key; every other
 * console.error passes through untouched.
 */

/** What the route needs of a logger: pino's debug. */
export interface ConsoleRouteLogger {
  debug(details: object, message: string): void;
}

/** The object whose `error` is replaced: the global console in production, a fake in tests. */
export interface ConsoleLike {
  error: (...args: unknown[]) => void;
}

/** The jsonwebtoken errors JwtTokenExtractor prints. */
const TOKEN_ERROR_NAMES: ReadonlySet<string> = new Set([
  'TokenExpiredError',
  'JsonWebTokenError',
  'NotBeforeError',
]);
const KEY_MISMATCH_PREFIX = 'Error finding key for token.';

/** A safe one-line reason for a console.error call the SDK makes about a token, or null for any other call. */
export function describeSdkTokenMessage(args: readonly unknown[]): string | null {
  if (args.length !== 1) return null;
  const [only] = args;
  if (only instanceof Error && TOKEN_ERROR_NAMES.has(only.name))
    return `${only.name}: ${only.message}`;
  if (typeof only === 'string' && only.startsWith(KEY_MISMATCH_PREFIX))
    return 'the token did not verify with the signing key it names';
  return null;
}

/**
 * Replaces `target.error` (the global console by default) with one that sends the SDK's
 * token messages to `logger.debug` and passes everything else to the original. Returns
 * a function that puts the original back. Installed once by the composition root.
 */
export function routeSdkConsoleErrors(
  logger: ConsoleRouteLogger,
  target: ConsoleLike = console,
): () => void {
  const original = target.error;
  const routed = (...args: unknown[]): void => {
    const reason = describeSdkTokenMessage(args);
    if (reason === null) original.apply(target, args);
    else
      logger.debug(
        { source: 'botframework-connector', reason },
        'token refused by the Bot Framework SDK',
      );
  };
  target.error = routed;
  return () => {
    if (target.error === routed) target.error = original;
  };
}
