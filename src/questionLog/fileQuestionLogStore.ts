import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { parseQuestionLogLine, type QuestionLogEntry } from './questionLogEntry';
import { QUESTION_LOG_DEFAULTS, type QuestionLogStore } from './questionLogStore';

export interface FileStoreOptions {
  readonly path: string;
  /** The file never grows past this: when an append would, the oldest entries go. */
  readonly maxBytes: number;
  /** Entries older than this are dropped (checked hourly and on every compaction). */
  readonly retentionMs: number;
  /** Milliseconds since the epoch (tests pass a fake clock). */
  readonly now?: () => number;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && Reflect.get(error, 'code') === 'ENOENT';
}

async function readText(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return '';
    throw error;
  }
}

/**
 * The question log as a JSON-lines file, readable with any tool. Bounded by size and
 * by age: appends never make it larger than `maxBytes` (the oldest lines are dropped,
 * by rewriting the file to a temporary one and renaming it), and lines older than the
 * retention are dropped hourly. One process writes it; appends are serialised.
 * The file is created readable by its owner only.
 */
export function openFileQuestionLogStore(options: FileStoreOptions): QuestionLogStore {
  const now = options.now ?? Date.now;
  const { path, maxBytes, retentionMs } = options;
  let size: number | null = null;
  let nextAgeCheckMs = 0;
  let queue: Promise<void> = Promise.resolve();

  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const currentSize = async (): Promise<number> => {
    if (size !== null) return size;
    try {
      size = (await fs.stat(path)).size;
    } catch (error) {
      if (!isMissing(error)) throw error;
      size = 0;
    }
    return size;
  };

  /**
   * Rewrites the file without expired lines and, when it is full, without its oldest
   * lines down to a share of the bound (so that it is not rewritten on every append),
   * leaving `room` bytes for what is about to be appended.
   */
  const compact = async (room: number, isFull: boolean): Promise<void> => {
    const oldest = now() - retentionMs;
    const kept: string[] = [];
    for (const line of (await readText(path)).split('\n')) {
      const entry = line === '' ? null : parseQuestionLogLine(line);
      if (entry && Date.parse(entry.at) >= oldest) kept.push(line);
    }
    const bound = isFull ? Math.floor(maxBytes * QUESTION_LOG_DEFAULTS.compactToShare) : maxBytes;
    const target = Math.max(0, bound - room);
    let total = kept.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    let first = 0;
    while (total > target && first < kept.length) {
      total -= Buffer.byteLength(kept[first] ?? '') + 1;
      first += 1;
    }
    const text = kept
      .slice(first)
      .map((line) => `${line}\n`)
      .join('');
    const temporary = `${path}.${process.pid}.tmp`;
    await fs.writeFile(temporary, text, { mode: 0o600 });
    await fs.rename(temporary, path);
    size = Buffer.byteLength(text);
  };

  const append = async (entries: readonly QuestionLogEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    const bytes = Buffer.byteLength(text);
    await serialised(async () => {
      const current = await currentSize();
      const isFull = current + bytes > maxBytes;
      if (now() >= nextAgeCheckMs || isFull) {
        if (current > 0) await compact(bytes, isFull);
        nextAgeCheckMs = now() + QUESTION_LOG_DEFAULTS.ageCheckIntervalMs;
      }
      if ((size ?? 0) + bytes > maxBytes) return; // larger than the whole bound: never the case for real entries
      if (size === 0) await fs.mkdir(dirname(path), { recursive: true });
      await fs.appendFile(path, text, { mode: 0o600 });
      size = (size ?? 0) + bytes;
    });
  };

  // Expired lines also go when nothing is appended for a while (an idle bot).
  const pruner = setInterval(() => {
    void serialised(async () => {
      if ((await currentSize()) > 0) await compact(0, false);
      nextAgeCheckMs = now() + QUESTION_LOG_DEFAULTS.ageCheckIntervalMs;
    }).catch(() => {
      /* retried at the next check or append; reading skips expired lines anyway */
    });
  }, QUESTION_LOG_DEFAULTS.ageCheckIntervalMs);
  pruner.unref();

  const read = async (sinceMs: number): Promise<QuestionLogEntry[]> => {
    const oldest = Math.max(sinceMs, now() - retentionMs);
    const entries: QuestionLogEntry[] = [];
    for (const line of (await readText(path)).split('\n')) {
      const entry = line === '' ? null : parseQuestionLogLine(line);
      if (entry && Date.parse(entry.at) >= oldest) entries.push(entry);
    }
    return entries;
  };

  return {
    kind: 'file',
    append,
    read,
    close: async () => {
      clearInterval(pruner);
      await queue;
    },
  };
}
