/**
 * Sending a reply to the channel (the activity's serviceUrl) failed: the connection was
 * refused, it timed out, or the channel answered with an error. The server's adapter
 * raises it (see src/server/botAdapter.ts); `cause` holds the HTTP client's own error.
 */
export class ChannelDeliveryError extends Error {
  override readonly name = 'ChannelDeliveryError';

  constructor(cause: unknown) {
    super('could not deliver the reply to the channel', { cause });
  }
}

/** True when `error`, or an error it wraps (cause, or botbuilder's DialogContextError.error), is a ChannelDeliveryError. */
export function isChannelDeliveryError(error: unknown, depth = 0): boolean {
  if (error instanceof ChannelDeliveryError) return true;
  if (!(error instanceof Error) || depth >= 5) return false;
  const inner: unknown =
    'error' in error && error.error instanceof Error ? error.error : error.cause;
  return isChannelDeliveryError(inner, depth + 1);
}
