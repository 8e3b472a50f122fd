import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Turn } from '../../src/core/engine';
import { realEngine, startWebChatApp, type RunningWebChat } from '../http/webchatTestServer';
import { ChatPage } from './chatPage';
import { launchChromium, type RunningBrowser } from './launchChromium';
import { playConversation } from '../fixtures/playConversation';

/*
 * The conversation of issue 4, in Chromium, against the real server (config defaults,
 * the shipped knowledge, createBot, createServer and the web chat routes). What the bot
 * should say is computed with the same engine, so the tests follow the knowledge.
 */

const FUNDING = 'how is innovation funded in Mexico City?';
const SPANISH = '¿Cuántas personas trabajan en innovación en la Ciudad de México?';
const STAFF = 'How many people work on innovation in Mexico City?';
const SOURCE = 'OECD / Bloomberg Philanthropies Innovation Capacity Survey, 2020';
const CARD = '.ac-adaptiveCard';

const engine = realEngine();
const WELCOME = (engine.welcome('en').blocks[0]?.text ?? '').slice(0, 40);

/** What the engine answers to a sequence of messages in one conversation. */
const converse = (messages: readonly string[]): Turn[] => playConversation(engine, messages);

function firstSuggestion(turn: Turn | undefined): { label: string; value: string } {
  const suggestion = turn?.answer.suggestions[0];
  if (!suggestion)
    throw new Error(`The knowledge offers no follow-up after "${turn?.answer.title ?? '?'}"`);
  return suggestion;
}

function violationsOf(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? '?'}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** The conversation id the page gets when it starts a conversation. */
async function conversationIdOf(page: Page, start: () => Promise<unknown>): Promise<string> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/webchat/conversations'),
    ),
    start(),
  ]);
  const body: unknown = await response.json();
  const id: unknown =
    typeof body === 'object' && body !== null ? Reflect.get(body, 'conversationId') : undefined;
  if (typeof id !== 'string') throw new Error('The page started no conversation');
  return id;
}

let app: RunningWebChat;
let browser: RunningBrowser;

beforeAll(async () => {
  // A long conversation from one address: the rate limit is tested over HTTP, not here.
  app = await startWebChatApp({ options: { burst: 500 } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await app.close();
});

describe('a resident using the web chat with a mouse', () => {
  const [fundingTurn] = converse([FUNDING]);
  const followUp = firstSuggestion(fundingTurn);
  const [, followUpTurn, spanishTurn, textOnlyTurn, textTurn] = converse([
    FUNDING,
    followUp.value,
    SPANISH,
    'text only',
    FUNDING,
  ]);
  let chat: ChatPage;
  let page: Page;
  let firstConversationId: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    firstConversationId = await conversationIdOf(page, async () => {
      chat = await ChatPage.open(page, app.baseUrl, WELCOME);
    });
  });

  afterAll(async () => {
    await page.close();
  });

  test('the page opens with a title, a heading, a main landmark, the intro and the bot’s welcome', async () => {
    expect(await page.title()).toMatch(/innovation/i);
    await expect(page.getByRole('heading', { level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.locator('header p[lang="en"]').innerText()).resolves.toContain(
      'OECD / Bloomberg Philanthropies Innovation Capacity Survey',
    );
    await expect(page.locator('header p[lang="es"]').innerText()).resolves.toContain(
      'Ciudad de México',
    );
    expect(await chat.lang()).toBe('en');
    await expect(chat.bubble(WELCOME).count()).resolves.toBe(1);
    await expect(chat.sendBox.getAttribute('aria-label')).resolves.toBeTruthy();
    await expect(
      page.locator('.webchat__connectivityStatus', { hasText: 'Connecting' }).first().isVisible(),
    ).resolves.toBe(false);
    await chat.screenshot('webchat-1-welcome');
  });

  test('a question about funding is answered with the card that gives 81% and its source', async () => {
    const before = await chat.bubbles.count();
    await chat.ask(FUNDING);
    await chat.waitForNewBubble(before, FUNDING);
    const answer = await chat.waitForNewBubble(before, '81%');
    await expect(answer.locator(CARD).count()).resolves.toBe(1);
    await expect(answer.innerText()).resolves.toContain(SOURCE);
    await chat.screenshot('webchat-2-funding-card');
  });

  test('a follow-up button in that card asks its question and its answer appears', async () => {
    const before = await chat.bubbles.count();
    const card = chat.bubble('81%').last();
    await card.getByRole('button', { name: followUp.label }).click();
    // The choice shows as the person's message, as in Teams, then the answer.
    await chat.waitForNewBubble(before, followUp.value);
    await chat.waitForNewBubble(before, followUpTurn?.answer.title ?? '(no title)');
    await chat.screenshot('webchat-3-follow-up');
  });

  test('a question in Spanish gets a Spanish answer, marked Spanish, while the page stays English', async () => {
    const before = await chat.bubbles.count();
    await chat.ask(SPANISH);
    const answer = await chat.waitForNewBubble(before, spanishTurn?.answer.title ?? '(no title)');
    expect(spanishTurn?.answer.language).toBe('es');
    await expect(answer.locator(CARD).count()).resolves.toBe(1);
    await expect(chat.messageLang(spanishTurn?.answer.title ?? '?')).resolves.toBe('es');
    expect(await chat.lang()).toBe('en');
    await chat.screenshot('webchat-4-spanish');
  });

  test('after "text only" the answers are plain text, without cards', async () => {
    let before = await chat.bubbles.count();
    await chat.ask('text only');
    await chat.waitForNewBubble(
      before,
      (textOnlyTurn?.answer.blocks[0]?.text ?? '(no text)').slice(0, 30),
    );
    before = await chat.bubbles.count();
    await chat.ask(FUNDING);
    expect(textTurn?.answer.blocks[0]?.text).toContain('81%');
    const answer = await chat.waitForNewBubble(before, '81%');
    await expect(answer.locator(CARD).count()).resolves.toBe(0);
    await expect(answer.innerText()).resolves.toContain(SOURCE);
    await expect(chat.messageLang('81%')).resolves.toBe('en');
    await chat.screenshot('webchat-5-text-only');
  });

  test('in text mode the follow-ups are suggested actions, and choosing one answers it', async () => {
    const [staffTurn] = converse([STAFF]);
    const suggestion = firstSuggestion(staffTurn);
    const before = await chat.bubbles.count();
    await chat.ask(STAFF);
    await chat.waitForNewBubble(before, staffTurn?.answer.title ?? '(no title)');
    const toolbar = page.getByRole('toolbar', { name: 'Suggested actions' });
    await toolbar.getByRole('button', { name: suggestion.label }).click();
    await chat.waitForNewBubble(before + 1, suggestion.value);
    await chat.screenshot('webchat-6-suggested-actions');
  });

  test('markup typed by the person is shown as text and never runs', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const before = await chat.bubbles.count();
    await chat.ask(markup);
    await chat.waitForNewBubble(before, markup);
    await chat.bubbles.nth(before + 1).waitFor();
    await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('after the conversation axe finds no WCAG 2.2 A/AA violation, target size included', async () => {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .withRules(['target-size'])
      .analyze();
    expect(violationsOf(results)).toEqual([]);
  });

  test('the page and Web Chat ran without any Content-Security-Policy violation', async () => {
    await expect(chat.cspViolations()).resolves.toEqual([]);
  });

  test('reloading starts a fresh conversation: a new id, the welcome again, the old messages gone', async () => {
    const secondConversationId = await conversationIdOf(page, async () => {
      await page.reload();
      await chat.bubble(WELCOME).waitFor();
    });
    expect(secondConversationId).not.toBe(firstConversationId);
    await expect(chat.bubble('81%').count()).resolves.toBe(0);
    await expect(chat.bubble(WELCOME).count()).resolves.toBe(1);
    expect(await chat.lang()).toBe('en');
    await chat.screenshot('webchat-7-reloaded');
  });
});

describe('a resident using the web chat with the keyboard only', () => {
  const [staffTurn] = converse([STAFF]);
  const followUp = firstSuggestion(staffTurn);
  const [, followUpTurn] = converse([STAFF, followUp.value]);
  let chat: ChatPage;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    chat = await ChatPage.open(page, app.baseUrl, WELCOME);
  });

  afterAll(async () => {
    await page.close();
  });

  test('Tab reaches the send box, and typing a question and pressing Enter sends it', async () => {
    await chat.pressUntilFocused('Tab', (focused) => focused.tag === 'textarea');
    const before = await chat.bubbles.count();
    await page.keyboard.type(STAFF);
    await page.keyboard.press('Enter');
    await chat.waitForNewBubble(before, staffTurn?.answer.title ?? '(no title)');
    await chat.screenshot('webchat-8-keyboard-question');
  });

  test('Shift+Tab reaches the chat history, Enter goes into the last card, Tab to a follow-up and Enter answers it', async () => {
    await chat.focusLastActivity();
    await page.keyboard.press('Enter');
    await chat.pressUntilFocused(
      'Tab',
      (focused) => focused.tag === 'button' && focused.text === followUp.label,
    );
    await chat.screenshot('webchat-9-keyboard-card-button');
    const before = await chat.bubbles.count();
    await page.keyboard.press('Enter');
    await chat.waitForNewBubble(before, followUpTurn?.answer.title ?? '(no title)');
  });

  test('Space on a focused card button activates it too', async () => {
    const suggestion = firstSuggestion(followUpTurn);
    const [, , nextTurn] = converse([STAFF, followUp.value, suggestion.value]);
    await chat.focusLastActivity();
    await page.keyboard.press('Enter');
    await chat.pressUntilFocused(
      'Tab',
      (focused) => focused.tag === 'button' && focused.text === suggestion.label,
    );
    const before = await chat.bubbles.count();
    await page.keyboard.press('Space');
    await chat.waitForNewBubble(before, nextTurn?.answer.title ?? '(no title)');
  });

  test('the send box and the card buttons show a visible focus ring', async () => {
    await chat.focusLastActivity();
    await page.keyboard.press('Enter');
    expect(await chat.focusRing()).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Escape');
    await chat.pressUntilFocused('Tab', (focused) => focused.tag === 'textarea');
    expect(await chat.focusRing()).toMatch(/^solid [1-9]/);
    await chat.screenshot('webchat-10-keyboard-send-box-focus');
  });
});

describe('a resident pasting unusual input, or meeting a busy or restarted server', () => {
  let chat: ChatPage;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    chat = await ChatPage.open(page, app.baseUrl, WELCOME);
  });

  afterAll(async () => {
    await page.close();
  });

  test('a pasted 10,000-character text and 50 emoji get polite answers and the page keeps working', async () => {
    const tooLong = engine.respond('why '.repeat(2500)).answer;
    let before = await chat.bubbles.count();
    await chat.ask('why '.repeat(2500));
    await chat.waitForNewBubble(before, (tooLong.blocks[0]?.text ?? '(no text)').slice(0, 30));
    const emoji = '😀🎉🏙️'.repeat(17);
    before = await chat.bubbles.count();
    await chat.ask(emoji);
    await chat.bubbles.nth(before + 1).waitFor();
    before = await chat.bubbles.count();
    await chat.ask(FUNDING);
    await chat.waitForNewBubble(before, '81%');
  });

  test('when the server says "too many requests" the page says so in words, and the next message goes through', async () => {
    await page.route(
      '**/api/webchat/conversations/*/activities',
      async (route) => {
        await route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '7' },
          body: JSON.stringify({
            code: 'TooManyRequests',
            message: 'Too many requests',
            retryAfterSeconds: 7,
          }),
        });
      },
      { times: 1 },
    );
    await chat.ask('who leads innovation?');
    await page.locator('#chat-status', { hasText: 'wait 7 seconds' }).waitFor();
    await chat.screenshot('webchat-11-rate-limited');
    const before = await chat.bubbles.count();
    await chat.ask(FUNDING);
    await chat.waitForNewBubble(before, '81%');
    await expect(page.locator('#chat-status').innerText()).resolves.toBe('');
  });

  test('when the conversation has expired the page offers to start again, and that starts a new one', async () => {
    await page.route(
      '**/api/webchat/conversations/*/activities',
      async (route) => {
        await route.fulfill({
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'ConversationNotFound', message: 'gone' }),
        });
      },
      { times: 1 },
    );
    await chat.ask('who leads innovation?');
    const restart = page.getByRole('button', { name: /Start again/ });
    await restart.waitFor();
    await expect(page.locator('#chat-status').innerText()).resolves.toContain('expired');
    await restart.click();
    await chat.bubble(WELCOME).waitFor();
    await expect(chat.bubble('81%').count()).resolves.toBe(0);
  });
});

describe.each([
  { name: 'a 360 px wide phone', viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 },
  {
    name: 'a 1280 × 900 window at 200% zoom',
    viewport: { width: 640, height: 450 },
    deviceScaleFactor: 2,
  },
  {
    name: 'a 360 px wide phone at 200% zoom',
    viewport: { width: 180, height: 370 },
    deviceScaleFactor: 2,
  },
])('the web chat on $name', ({ name, viewport, deviceScaleFactor }) => {
  let small: RunningBrowser;
  let chat: ChatPage;
  let page: Page;
  const slug = `${viewport.width}x${viewport.height}@${deviceScaleFactor}x`;

  beforeAll(async () => {
    small = await launchChromium({ viewport, deviceScaleFactor });
    page = await small.newPage();
    chat = await ChatPage.open(page, app.baseUrl, WELCOME);
  });

  afterAll(async () => {
    await small.close();
  });

  test(`nothing is wider than the screen and the send box is on screen and usable (${name})`, async () => {
    await chat.screenshot(`webchat-small-${slug}-1-welcome`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await chat.sendBox.scrollIntoViewIfNeeded();
    const box = await chat.sendBox.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(Math.min(100, viewport.width / 2));
    const before = await chat.bubbles.count();
    await chat.ask(FUNDING);
    const answer = await chat.waitForNewBubble(before, '81%');
    const card = await answer.boundingBox();
    expect((card?.x ?? 0) + (card?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    await chat.screenshot(`webchat-small-${slug}-2-answer`);
  });
});
