import type { QuestionLogEntry } from './questionLogEntry';

/** Where question-log entries are kept: a JSON-lines file or a Redis sorted set. */
export interface QuestionLogStore {
  readonly kind: 'file' | 'redis';
  /** Appends entries; the store drops what is older than its retention or over its size bound. */
  append(entries: readonly QuestionLogEntry[]): Promise<void>;
  /** Entries at or after `sinceMs` (and within the retention), oldest first. */
  read(sinceMs: number): Promise<QuestionLogEntry[]>;
  close(): Promise<void>;
}

/** Limits that are not environment settings. */
export const QUESTION_LOG_DEFAULTS = Object.freeze({
  /** An answer below this confidence is logged as low-confidence (the core declines under its own minConfidence). */
  lowConfidence: 0.5,
  /** A full file is rewritten down to this share of QUESTION_LOG_MAX_BYTES, oldest entries first. */
  compactToShare: 0.75,
  /** How often the file is checked for entries past their retention. */
  ageCheckIntervalMs: 60 * 60 * 1000,
  /** Pending question counts are written at least this often. */
  tallyIntervalMs: 60 * 1000,
  /** Redis keeps at most QUESTION_LOG_MAX_BYTES / this many entries (a typical entry is 250-400 bytes). */
  redisBytesPerEntry: 512,
  /** Redis commands that get no answer in time fail (the bot never waits on the log). */
  redisCommandTimeoutMs: 2000,
  redisConnectTimeoutMs: 2000,
});

export const DAY_MS = 24 * 60 * 60 * 1000;
