import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  parseQuestionLogLine,
  type QuestionLogEntry,
} from '../../src/questionLog/questionLogEntry';
import { buildReport } from '../../src/report/buildReport';
import { renderReportHtml } from '../../src/report/renderReportHtml';
import { startApp, type RunningApp } from '../http/support';
import { ChatPage } from './chatPage';
import { launchChromium, type RunningBrowser } from './launchChromium';

/*
 * Issue 13 in Chromium: the 👍/👎 under an answer on the web chat page, reached with
 * the keyboard and named for screen readers, reaches the question log of the real app
 * (QUESTION_LOG_FILE); the report's HTML page passes axe.
 */

const MAYOR = 'who is the mayor?';
const DECLINED = 'my email is ana.lopez@example.org, when is the next council meeting';

let dir: string;
let logFile: string;
let running: RunningApp;
let browser: RunningBrowser;
let page: Page;
let chat: ChatPage;

function logEntries(): QuestionLogEntry[] {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => (line === '' ? null : parseQuestionLogLine(line)))
    .filter((e): e is QuestionLogEntry => e !== null);
}

async function waitForEntry(isIt: (entry: QuestionLogEntry) => boolean): Promise<QuestionLogEntry> {
  for (let i = 0; i < 100; i += 1) {
    await running.app.questionLog?.flush();
    const found = logEntries().find(isIt);
    if (found) return found;
    await page.waitForTimeout(50);
  }
  throw new Error(`no such entry in ${JSON.stringify(logEntries())}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedback-e2e-'));
  logFile = join(dir, 'questions.jsonl');
  running = await startApp({ QUESTION_LOG_FILE: logFile, WEBCHAT_RATE_LIMIT_PER_MINUTE: '600' });
  browser = await launchChromium();
  page = await browser.newPage();
  const welcome = (running.app.engine.welcome('en').blocks[0]?.text ?? '').slice(0, 40);
  chat = await ChatPage.open(page, running.baseUrl, welcome);
});

afterAll(async () => {
  await browser.close();
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feedback on the web chat page', () => {
  const mayor = () => running.app.engine.ask(MAYOR);

  test('an answer from the profile shows a Like and a Dislike button with accessible names', async () => {
    await chat.ask(MAYOR);
    await chat.waitForBubble(mayor().title);
    const activity = page.locator('.webchat__stacked-layout', { hasText: mayor().title }).last();
    await expect(activity.getByRole('button', { name: 'Like', exact: true }).count()).resolves.toBe(
      1,
    );
    await expect(
      activity.getByRole('button', { name: 'Dislike', exact: true }).count(),
    ).resolves.toBe(1);
    // A 24 px target at least (WCAG 2.2, 2.5.8), though Web Chat draws 16 px buttons.
    const box = await activity.getByRole('button', { name: 'Dislike', exact: true }).boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(24);
    expect(box?.height).toBeGreaterThanOrEqual(24);
    await chat.screenshot('feedback-1-buttons');
  });

  test('the keyboard reaches Dislike inside the last answer, and pressing it stores a dislike for city.mayor', async () => {
    await chat.focusLastActivity();
    await page.keyboard.press('Enter');
    await chat.pressUntilFocused('Tab', (focused) => focused.label === 'Dislike', 20);
    expect(await chat.focusRing()).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('button[aria-label="Dislike"]')).some(
        (b) => b.getAttribute('aria-pressed') === 'true',
      ),
    );
    await chat.screenshot('feedback-2-dislike-pressed');
    const entry = await waitForEntry((e) => e.type === 'feedback');
    expect(entry).toEqual(
      expect.objectContaining({
        type: 'feedback',
        channel: 'webchat',
        topic: 'city.mayor',
        language: 'en',
        reaction: 'dislike',
        comment: null,
      }),
    );
    // The page shows no error after the press (the event was accepted).
    await expect(page.locator('#chat-status').textContent()).resolves.toBe('');
  });

  test('a declined question is logged redacted; nothing identifies the person', async () => {
    await chat.ask(DECLINED);
    const entry = await waitForEntry((e) => e.type === 'question');
    expect(entry).toEqual(
      expect.objectContaining({
        outcome: 'declined',
        text: 'my email is [email], when is the next council meeting',
      }),
    );
    const stored = readFileSync(logFile, 'utf8');
    expect(stored).not.toContain('ana.lopez');
    expect(stored).not.toMatch(/"(?:user|conversation|from|id)"/);
  });

  test('text-only mode adds no feedback buttons', async () => {
    await chat.ask('text only');
    await chat.waitForBubble(/text|texto/i);
    const before = await page.getByRole('button', { name: 'Dislike', exact: true }).count();
    await chat.ask('how many people work at ADIP?');
    await page.waitForTimeout(300);
    await expect(page.getByRole('button', { name: 'Dislike', exact: true }).count()).resolves.toBe(
      before,
    );
  });
});

describe('the report page', () => {
  test('drawn from this log, it has no serious or critical axe violations', async () => {
    await running.app.questionLog?.flush();
    const now = Date.now();
    const report = buildReport(logEntries(), { fromMs: now - 86_400_000, toMs: now + 60_000 });
    expect(report.totals.dislikes).toBe(1);
    const html = renderReportHtml(report, new Map([['city.mayor', 'Mayor']]));
    const reportPage = await browser.newPage();
    await reportPage.setContent(html);
    await expect(reportPage.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await expect(
      reportPage.getByRole('img', { name: /declines and dislikes by topic/i }).count(),
    ).resolves.toBe(1);
    const results = await new AxeBuilder({ page: reportPage }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await reportPage.screenshot({
      path: join(__dirname, '..', 'artifacts', 'report-page.png'),
      fullPage: true,
    });
    await reportPage.close();
  });
});
