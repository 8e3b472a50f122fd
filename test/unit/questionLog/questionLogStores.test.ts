import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../src/config';
import { openFileQuestionLogStore } from '../../../src/questionLog/fileQuestionLogStore';
import { openQuestionLog, openQuestionLogStore } from '../../../src/questionLog/openQuestionLog';
import { classifyAnswer, createQuestionLog } from '../../../src/questionLog/questionLog';
import type { QuestionEntry } from '../../../src/questionLog/questionLogEntry';
import { DAY_MS } from '../../../src/questionLog/questionLogStore';

const START = Date.parse('2026-03-01T00:00:00Z');

function question(atMs: number, text = 'what is the gdp of mexico city'): QuestionEntry {
  return {
    type: 'question',
    at: new Date(atMs).toISOString(),
    channel: 'webchat',
    language: 'en',
    city: 'mexico-city',
    outcome: 'declined',
    kind: 'fallback',
    topic: null,
    confidence: 0.2,
    candidates: [],
    text,
  };
}

function config(env: Record<string, string>): Config {
  const result = parseConfig({ LOG_LEVEL: 'silent', ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'question-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the question log is off unless configured', () => {
  test('with no QUESTION_LOG_* setting there is no log and nothing is written', async () => {
    const settings = config({});
    expect(settings.QUESTION_LOG_FILE).toBeUndefined();
    expect(await openQuestionLog(settings)).toBeNull();
    expect(await openQuestionLogStore(settings)).toBeNull();
  });

  test('QUESTION_LOG_FILE turns it on, relative to the project root, with 30 days and 10 MB by default', async () => {
    const settings = config({ QUESTION_LOG_FILE: join(dir, 'q.jsonl') });
    expect(settings.QUESTION_LOG_DAYS).toBe(30);
    expect(settings.QUESTION_LOG_MAX_BYTES).toBe(10 * 1024 * 1024);
    const log = await openQuestionLog(settings);
    expect(log?.kind).toBe('file');
    await log?.close();
    const relative = parseConfig({ QUESTION_LOG_FILE: 'questions.jsonl' }, dir);
    expect(relative.ok && relative.config.QUESTION_LOG_FILE).toBe(join(dir, 'questions.jsonl'));
  });

  test.each([
    [{ QUESTION_LOG_REDIS: 'true' }, 'QUESTION_LOG_REDIS'],
    [
      {
        QUESTION_LOG_REDIS: 'true',
        STATE_STORE: 'redis',
        REDIS_URL: 'redis://127.0.0.1:1',
        QUESTION_LOG_FILE: 'q.jsonl',
      },
      'QUESTION_LOG_REDIS',
    ],
    [{ QUESTION_LOG_DAYS: '0' }, 'QUESTION_LOG_DAYS'],
    [{ QUESTION_LOG_DAYS: 'a month' }, 'QUESTION_LOG_DAYS'],
    [{ QUESTION_LOG_MAX_BYTES: '100' }, 'QUESTION_LOG_MAX_BYTES'],
    [{ QUESTION_LOG_REDIS: 'yes' }, 'QUESTION_LOG_REDIS'],
  ])('%j is refused, naming %s', (env, variable) => {
    const result = parseConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.variable)).toContain(variable);
  });
});

describe('the file store', () => {
  test('appends JSON lines readable by its owner only, and reads them back', async () => {
    const path = join(dir, 'q.jsonl');
    const store = openFileQuestionLogStore({
      path,
      maxBytes: 65_536,
      retentionMs: 30 * DAY_MS,
      now: () => START,
    });
    await store.append([question(START), question(START, 'how many metro lines are there')]);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as QuestionEntry).text)).toEqual([
      'what is the gdp of mexico city',
      'how many metro lines are there',
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await store.read(0)).map((e) => e.type)).toEqual(['question', 'question']);
  });

  test('never grows past its size bound: the oldest entries go first', async () => {
    const path = join(dir, 'q.jsonl');
    const maxBytes = 65_536;
    let now = START;
    const store = openFileQuestionLogStore({
      path,
      maxBytes,
      retentionMs: 30 * DAY_MS,
      now: () => now,
    });
    for (let i = 0; i < 600; i += 1) {
      now += 1000;
      await store.append([question(now, `question number ${i} about the budget`)]);
      expect(statSync(path).size).toBeLessThanOrEqual(maxBytes);
    }
    const texts = (await store.read(0)).map((e) => e.type === 'question' && e.text);
    expect(texts).toContain('question number 599 about the budget');
    expect(texts).not.toContain('question number 0 about the budget');
    expect(texts.length).toBeGreaterThan(100);
  });

  test('drops entries older than QUESTION_LOG_DAYS, in the file and when read', async () => {
    const path = join(dir, 'q.jsonl');
    let now = START;
    const store = openFileQuestionLogStore({
      path,
      maxBytes: 65_536,
      retentionMs: 2 * DAY_MS,
      now: () => now,
    });
    await store.append([question(now, 'old question')]);
    now += 3 * DAY_MS;
    expect(await store.read(0)).toEqual([]);
    await store.append([question(now, 'new question')]);
    const stored = readFileSync(path, 'utf8');
    expect(stored).not.toContain('old question');
    expect(stored).toContain('new question');
  });

  test('the hourly age check keeps every entry still within the retention and the size bound', async () => {
    const path = join(dir, 'q.jsonl');
    let now = START;
    const store = openFileQuestionLogStore({
      path,
      maxBytes: 65_536,
      retentionMs: 30 * DAY_MS,
      now: () => now,
    });
    // Filled past the share a full file is cut down to (75%), but under the bound.
    const padding = 'about the innovation budget '.repeat(7);
    for (let i = 0; i < 130; i += 1) {
      now += 2 * 60 * 60 * 1000; // two hours: every append runs the age check
      await store.append([question(now, `question ${i} ${padding}`)]);
    }
    expect(statSync(path).size).toBeGreaterThan(65_536 * 0.75);
    expect(await store.read(0)).toHaveLength(130);
    await store.close();
  });

  test('skips lines that are not entries (a hand edit) instead of failing', async () => {
    const path = join(dir, 'q.jsonl');
    writeFileSync(path, `not json\n{"type":"question"}\n${JSON.stringify(question(START))}\n`);
    const store = openFileQuestionLogStore({
      path,
      maxBytes: 65_536,
      retentionMs: DAY_MS,
      now: () => START,
    });
    expect(await store.read(0)).toHaveLength(1);
  });

  test('a log that is never written to creates no file', async () => {
    const path = join(dir, 'q.jsonl');
    const log = createQuestionLog(
      openFileQuestionLogStore({ path, maxBytes: 65_536, retentionMs: DAY_MS, now: () => START }),
      { now: () => START },
    );
    await log.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('what the log keeps', () => {
  test.each([
    [{ kind: 'fallback', topic: null, confidence: 0.2, hasAlternatives: false }, 'declined'],
    [
      { kind: 'unknown-city', topic: 'city.population', confidence: 0.9, hasAlternatives: false },
      'declined',
    ],
    [
      { kind: 'profile', topic: 'city.mayor', confidence: 0.41, hasAlternatives: false },
      'low-confidence',
    ],
    [
      { kind: 'profile', topic: 'city.mayor', confidence: 0.9, hasAlternatives: true },
      'low-confidence',
    ],
    [{ kind: 'profile', topic: 'city.mayor', confidence: 0.9, hasAlternatives: false }, 'answered'],
    [{ kind: 'command', topic: null, confidence: 1, hasAlternatives: false }, 'not-a-question'],
    [
      { kind: 'chat', topic: 'chat.greeting', confidence: 1, hasAlternatives: false },
      'not-a-question',
    ],
    [{ kind: 'problem', topic: null, confidence: 0, hasAlternatives: false }, 'not-a-question'],
  ])('%j is %s', (answer, expected) => {
    expect(classifyAnswer(answer)).toBe(expected);
  });

  test('redacts before writing and reports a failed write without throwing', async () => {
    const errors: unknown[] = [];
    const written: string[] = [];
    let fail = true;
    const log = createQuestionLog(
      {
        kind: 'file',
        append: (entries) => {
          if (fail) return Promise.reject(new Error('disk full'));
          written.push(...entries.map((e) => JSON.stringify(e)));
          return Promise.resolve();
        },
        read: () => Promise.resolve([]),
        close: async () => {},
      },
      { now: () => START, onError: (e) => errors.push(e) },
    );
    const asked = {
      channel: 'msteams',
      kind: 'fallback',
      topic: null,
      confidence: 0.1,
      city: null,
      language: 'es' as const,
      candidates: [],
      hasAlternatives: false,
    };
    log.recordQuestion({ ...asked, text: 'me llamo Ana, mi teléfono es 55 1234 5678' });
    await log.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    log.recordQuestion({ ...asked, text: 'me llamo Ana, mi teléfono es 55 1234 5678' });
    await log.close();
    expect(written.join('\n')).toContain('me llamo [name], mi teléfono es [phone]');
    expect(written.join('\n')).not.toContain('Ana');
  });
});
