/** The answer of the limiter for one request. */
export type RateDecision =
  { readonly isAllowed: true } | { readonly isAllowed: false; readonly retryAfterSeconds: number };

export interface RateLimiterSettings {
  /** Tokens a full bucket holds (the burst). */
  readonly capacity: number;
  /** Tokens added per minute (the sustained rate). */
  readonly perMinute: number;
  /** Buckets remembered at once; the least recently used is forgotten first. */
  readonly maxKeys: number;
  readonly now: () => number;
}

export interface RateLimiter {
  /** Takes one token from `key`'s bucket, or says how long until one is available. */
  take(key: string): RateDecision;
  /** Buckets currently remembered (for tests and metrics). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key in bounded memory. Invariant: the Map's insertion order is
 * least recently used first, so eviction deletes from the front. A forgotten key
 * comes back with a full bucket, which is also what it would have after idling.
 */
export function createRateLimiter(settings: RateLimiterSettings): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = settings.perMinute / 60_000;

  const take = (key: string): RateDecision => {
    const now = settings.now();
    const found = buckets.get(key);
    const bucket: Bucket = found ?? { tokens: settings.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(settings.capacity, bucket.tokens + elapsed * perMs);
    bucket.updatedAt = now;
    buckets.delete(key);
    buckets.set(key, bucket);
    while (buckets.size > settings.maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done === true) break;
      buckets.delete(oldest.value);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { isAllowed: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    return { isAllowed: false, retryAfterSeconds };
  };

  return {
    take,
    get size() {
      return buckets.size;
    },
  };
}
