/**
 * Why a state store failed, as data the bot can act on: `unavailable` (the store could
 * not be reached or did not answer in time: tell the user to try again in a moment) or
 * `conflict` (another turn changed the same item since it was read: the eTag no longer
 * matches; nothing was overwritten).
 */
export type StateStoreFailure = 'unavailable' | 'conflict';

/** A state store operation that failed; `cause` keeps the driver's own error. */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';

  constructor(
    readonly failure: StateStoreFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Every message a store failure is reported with, as functions of their inputs. */
export const STORAGE_ERRORS = {
  // Same wording as botbuilder's MemoryStorage and BlobsStorage, so logs read alike.
  conflict: (key: string) => `Storage: error writing "${key}" due to eTag conflict.`,
  unavailable: (store: string, operation: 'read' | 'write' | 'delete', reason: string) =>
    `Storage: the ${store} state store could not ${operation} (${reason}).`,
  invalidItem: (key: string) => `Storage: the item "${key}" must be a JSON object.`,
  corruptItem: (key: string) =>
    `Storage: the stored item "${key}" is not a JSON object; it was left as it is.`,
} as const;

/** The store failure behind an error, looking through `cause` chains; null if none. */
export function findStateStoreError(error: unknown): StateStoreError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof StateStoreError) return current;
    current = current.cause;
  }
  return null;
}

/** True when a turn failed because the state store could not be reached. */
export function isStateStoreUnavailable(error: unknown): boolean {
  return findStateStoreError(error)?.failure === 'unavailable';
}

/** True when a turn failed because another turn wrote the same conversation first. */
export function isStateStoreConflict(error: unknown): boolean {
  return findStateStoreError(error)?.failure === 'conflict';
}

/** A short, log-safe description of an unknown error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
