import type { Storage, StoreItems } from 'botbuilder';
import { StateStoreError, STORAGE_ERRORS } from './storageErrors';

export interface BoundedMemoryStorageOptions {
  /** Most items kept; above it the least recently used item is dropped. */
  readonly maxItems: number;
  /** An item not read or written for this long is gone. */
  readonly ttlMs: number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  readonly now?: () => number;
}

interface Entry {
  /** The item as stored (eTag included), so callers can never mutate it in place. */
  readonly json: string;
  readonly eTag: string;
  readonly touchedAt: number;
}

/**
 * botbuilder's MemoryStorage with limits: items expire after `ttlMs` without use,
 * and at most `maxItems` are kept (least recently used first out), so a flood of new
 * conversations costs bounded memory. Optimistic concurrency as MemoryStorage: read
 * returns an eTag; writing with a stale one (other than '*') fails with a
 * StateStoreError 'conflict' and changes nothing.
 */
export class BoundedMemoryStorage implements Storage {
  // Invariant: Map order is use order. Every read or write re-inserts its key at the
  // end, so the first entry is both the least recently used and the most idle one;
  // eviction and the expiry sweep only ever look at the front.
  private readonly entries = new Map<string, Entry>();
  private readonly maxItems: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private nextETag = 1;

  constructor(options: BoundedMemoryStorageOptions) {
    if (!Number.isInteger(options.maxItems) || options.maxItems < 1) {
      throw new RangeError(
        `BoundedMemoryStorage: maxItems must be a whole number of at least 1, got ${options.maxItems}`,
      );
    }
    if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
      throw new RangeError(
        `BoundedMemoryStorage: ttlMs must be a positive number of milliseconds, got ${options.ttlMs}`,
      );
    }
    this.maxItems = options.maxItems;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** Items held now (expired ones are dropped first). */
  countItems(): number {
    this.sweep(this.now());
    return this.entries.size;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Storage's contract is a Promise; async turns the checks' throws into rejections
  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    this.sweep(now);
    const items: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key, now);
      if (!entry) continue;
      this.put(key, { ...entry, touchedAt: now });
      const item: unknown = JSON.parse(entry.json);
      items[key] = item;
    }
    return items;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Storage's contract is a Promise; async turns the checks' throws into rejections
  async write(changes: StoreItems): Promise<void> {
    if (typeof changes !== 'object' || changes === null)
      throw new ReferenceError('Changes are required when writing.');
    const now = this.now();
    this.sweep(now);
    // Check every item first, so a failed write changes nothing.
    const checked: Array<readonly [string, object]> = [];
    for (const key of Object.keys(changes)) {
      const item: unknown = changes[key];
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        throw new TypeError(STORAGE_ERRORS.invalidItem(key));
      const eTag = 'eTag' in item ? item.eTag : undefined;
      const current = this.live(key, now);
      if (
        current &&
        typeof eTag === 'string' &&
        eTag !== '*' &&
        eTag !== '' &&
        eTag !== current.eTag
      ) {
        throw new StateStoreError('conflict', STORAGE_ERRORS.conflict(key));
      }
      checked.push([key, item]);
    }
    for (const [key, item] of checked) {
      const eTag = String(this.nextETag++);
      this.put(key, { json: JSON.stringify({ ...item, eTag }), eTag, touchedAt: now });
    }
    while (this.entries.size > this.maxItems) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Storage's contract is a Promise; async turns the checks' throws into rejections
  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) this.entries.delete(key);
  }

  private isExpired(entry: Entry, now: number): boolean {
    return now - entry.touchedAt >= this.ttlMs;
  }

  /** The entry for a key unless it has expired (an expired one is dropped). */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.isExpired(entry, now)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /** Drops expired entries from the front; stops at the first live one, so it costs what it removes. */
  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (!this.isExpired(entry, now)) break;
      this.entries.delete(key);
    }
  }
}
