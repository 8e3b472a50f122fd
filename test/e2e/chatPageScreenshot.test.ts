import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { realEngine, startWebChatApp, type RunningWebChat } from '../http/webchatTestServer';
import { ARTIFACTS_DIR, ChatPage } from './chatPage';
import { launchChromium, type RunningBrowser } from './launchChromium';

/*
 * The README's picture of the chat page: the real server and page in Chromium, after
 * one question about funding. `npm run screenshot` writes it to docs/images/chat-page.png
 * (CHAT_PAGE_SCREENSHOT names the file); `npm run test:e2e` takes the same picture into
 * test/artifacts/, so the picture the README shows is one the browser tests can take.
 */

const QUESTION = 'how is innovation funded in Mexico City?';
const SOURCE = 'OECD / Bloomberg Philanthropies Innovation Capacity Survey, 2020';
const TARGET = resolve(process.env['CHAT_PAGE_SCREENSHOT'] ?? join(ARTIFACTS_DIR, 'chat-page.png'));

let app: RunningWebChat;
let browser: RunningBrowser;

beforeAll(async () => {
  app = await startWebChatApp();
  browser = await launchChromium({ viewport: { width: 960, height: 1200 } });
});

afterAll(async () => {
  await browser.close();
  await app.close();
});

test('the chat page after a question about funding shows the answer card with 81% and its source', async () => {
  const welcome = (realEngine().welcome('en').blocks[0]?.text ?? '').slice(0, 40);
  const page = await browser.newPage();
  const chat = await ChatPage.open(page, app.baseUrl, welcome);
  const before = await chat.bubbles.count();
  await chat.ask(QUESTION);
  const answer = await chat.waitForNewBubble(before, '81%');
  await expect(answer.innerText()).resolves.toContain(SOURCE);
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  // The picture starts at the question, so that it shows what was asked and the answer.
  await chat
    .bubble(QUESTION)
    .last()
    .evaluate((element) => element.scrollIntoView());

  mkdirSync(dirname(TARGET), { recursive: true });
  await page.screenshot({ path: TARGET });
  await page.close();
});
