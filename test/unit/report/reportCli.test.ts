import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../../src/cli/report';
import type { QuestionLogEntry } from '../../../src/questionLog/questionLogEntry';
import type { Report } from '../../../src/report/buildReport';

const NOW = Date.parse('2026-03-10T12:00:00Z');

const entries: QuestionLogEntry[] = [
  {
    type: 'question',
    at: '2026-03-10T10:00:00.000Z',
    channel: 'msteams',
    language: 'en',
    city: null,
    outcome: 'declined',
    kind: 'fallback',
    topic: null,
    confidence: 0.1,
    candidates: [],
    text: 'my email is [email], when is the next council meeting',
  },
  {
    type: 'feedback',
    at: '2026-03-10T10:01:00.000Z',
    channel: 'webchat',
    language: 'en',
    city: 'mexico-city',
    topic: 'city.mayor',
    reaction: 'dislike',
    comment: null,
  },
  // Older than the default period (QUESTION_LOG_DAYS, 30): not reported.
  {
    type: 'feedback',
    at: '2026-01-01T10:00:00.000Z',
    channel: 'webchat',
    language: 'en',
    city: null,
    topic: 'city.mayor',
    reaction: 'like',
    comment: null,
  },
];

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
  file = join(dir, 'questions.jsonl');
  writeFileSync(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  argv: string[],
  env: Record<string, string> = { QUESTION_LOG_FILE: file },
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runReport(argv, {
    env,
    projectRoot: dir,
    now: () => NOW,
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
  });
  return { code, out, err };
}

describe('npm run report', () => {
  test('--json lists the declined question and the dislike for city.mayor in the period', async () => {
    const { code, out } = await run(['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(report.topDeclined.map((g) => g.example)).toEqual([
      'my email is [email], when is the next council meeting',
    ]);
    expect(report.feedbackByTopic).toEqual([
      { topic: 'city.mayor', likes: 0, dislikes: 1, comments: [] },
    ]);
  });

  test('--html writes one page and the text report still goes to stdout', async () => {
    const page = join(dir, 'report.html');
    const { code, out, err } = await run(['--html', page]);
    expect(code).toBe(0);
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8')).toContain('city.mayor');
    expect(out).toContain('Feedback per topic');
    expect(err).toContain(page);
  });

  test('with the log off it says how to turn it on and exits 1', async () => {
    const { code, err } = await run(['--json'], {});
    expect(code).toBe(1);
    expect(err).toContain('QUESTION_LOG_FILE');
  });

  test('a bad argument exits 2 with the usage', async () => {
    const { code, err } = await run(['--days', 'soon']);
    expect(code).toBe(2);
    expect(err).toContain('usage: npm run --silent report');
  });

  test('a log file that does not exist yet is an empty report, not a failure', async () => {
    const { code, out } = await run(['--json'], { QUESTION_LOG_FILE: join(dir, 'none.jsonl') });
    expect(code).toBe(0);
    expect((JSON.parse(out) as Report).totals.questions).toBe(0);
  });
});
