import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Screenshots of every run go here (git-ignored). */
export const ARTIFACTS_DIR = join(__dirname, '..', 'artifacts');

/** Text lookups are scoped to bubbles: Web Chat renders each message 2-3 times for screen readers. */
export const BUBBLES = '.webchat__bubble__content';

/** The chat page as a person uses it: the send box, the transcript's bubbles, the page around them. */
export class ChatPage {
  /** Content-Security-Policy violations reported by the page (collected from the first script on). */
  static readonly VIOLATIONS_KEY = '__cspViolations';
  /** What Web Chat's transcript live region was given to announce, one entry per element added. */
  static readonly ANNOUNCED_KEY = '__announced';

  constructor(readonly page: Page) {}

  /** Opens the page and waits until the bot's welcome is shown. */
  static async open(page: Page, baseUrl: string, welcomeText: string): Promise<ChatPage> {
    await page.addInitScript((key: string) => {
      const found: string[] = [];
      Reflect.set(window, key, found);
      document.addEventListener('securitypolicyviolation', (event) =>
        found.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    }, ChatPage.VIOLATIONS_KEY);
    await page.addInitScript((key: string) => {
      const announced: string[] = [];
      Reflect.set(window, key, announced);
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of Array.from(record.addedNodes)) {
            const element = node instanceof Element ? node : node.parentElement;
            if (element?.closest('.webchat__live-region-transcript'))
              announced.push((node.textContent ?? '').trim());
          }
      }).observe(document, { subtree: true, childList: true });
    }, ChatPage.ANNOUNCED_KEY);
    const chat = new ChatPage(page);
    await page.goto(`${baseUrl}/`);
    await chat.bubble(welcomeText).waitFor();
    // Web Chat says "Connecting…" until the page's DirectLine object reports it is online.
    await page
      .locator('.webchat__connectivityStatus', { hasText: 'Connecting' })
      .waitFor({ state: 'hidden' });
    return chat;
  }

  get sendBox(): Locator {
    return this.page.getByRole('textbox');
  }

  get bubbles(): Locator {
    return this.page.locator(BUBBLES);
  }

  /** A bubble (message or card) containing `text`. */
  bubble(text: string | RegExp): Locator {
    return this.bubbles.filter({ hasText: text });
  }

  /** The newest bubble containing `text`, once it is there. */
  async waitForBubble(text: string | RegExp): Promise<Locator> {
    const found = this.bubble(text).last();
    await found.waitFor();
    return found;
  }

  /** Waits for a bubble containing `text` among those after the first `before` ones; returns the newest such bubble. */
  async waitForNewBubble(before: number, text: string): Promise<Locator> {
    await this.page.waitForFunction(
      (args) =>
        Array.from(document.querySelectorAll(args.selector))
          .slice(args.before)
          .some((element) => (element.textContent ?? '').includes(args.text)),
      { selector: BUBBLES, before, text },
    );
    return this.bubble(text).last();
  }

  /** Types a message in the send box and presses Enter, as a person would. */
  async ask(text: string): Promise<void> {
    await this.sendBox.click();
    await this.sendBox.fill(text);
    await this.sendBox.press('Enter');
  }

  async lang(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  async waitForLang(lang: string): Promise<void> {
    await this.page.waitForFunction((expected) => document.documentElement.lang === expected, lang);
  }

  /** What the live region announced since the last call (empty entries, silenced notes, left out). */
  async takeAnnouncements(): Promise<string[]> {
    return this.page.evaluate((key) => {
      const found: unknown = Reflect.get(window, key);
      if (!Array.isArray(found)) return ['(the live-region recorder did not run)'];
      return found
        .splice(0)
        .map(String)
        .filter((text) => text !== '');
    }, ChatPage.ANNOUNCED_KEY);
  }

  /** What a screen reader reads for each message when arrowing through the history. */
  async historyNames(): Promise<string[]> {
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('[role="article"][aria-labelledby]')).map(
        (article) =>
          document.getElementById(article.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
      ),
    );
  }

  /** The `lang` of the newest message element that contains `text`. */
  async messageLang(text: string): Promise<string> {
    return this.page.evaluate((wanted) => {
      const found = Array.from(document.querySelectorAll('.chat-activity')).filter((element) =>
        (element.textContent ?? '').includes(wanted),
      );
      return found[found.length - 1]?.getAttribute('lang') ?? '(no message element)';
    }, text);
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate((key) => {
      const found: unknown = Reflect.get(window, key);
      return Array.isArray(found) ? found.map(String) : ['(the violation listener did not run)'];
    }, ChatPage.VIOLATIONS_KEY);
  }

  /** A short description of the focused element, to find our way with the keyboard. */
  async focused(): Promise<{ tag: string; label: string; text: string }> {
    return this.page.evaluate(() => {
      const element = document.activeElement;
      return {
        tag: element?.tagName.toLowerCase() ?? '',
        label: element?.getAttribute('aria-label') ?? '',
        text: (element?.textContent ?? '').trim(),
      };
    });
  }

  /** Presses `key` until `isThere` holds for the focused element; fails after `limit` presses. */
  async pressUntilFocused(
    key: string,
    isThere: (focused: { tag: string; label: string; text: string }) => boolean,
    limit = 12,
  ): Promise<void> {
    for (let i = 0; i < limit; i += 1) {
      if (isThere(await this.focused())) return;
      await this.page.keyboard.press(key);
    }
    if (!isThere(await this.focused()))
      throw new Error(
        `Pressing ${key} ${limit} times never reached the element; focus is on ${JSON.stringify(await this.focused())}`,
      );
  }

  /**
   * Web Chat's keyboard model: the chat history is one Tab stop; it starts on the last
   * message, Enter goes into a card (Tab then cycles its buttons) and Escape comes out.
   */
  async focusLastActivity(): Promise<void> {
    // "Chat history, press arrow keys…" or, after a Spanish answer, "Historial de chats…".
    const isHistory = (focused: { label: string }): boolean =>
      /^(Chat history|Historial de chats)/.test(focused.label);
    if ((await this.focused()).tag === 'button') await this.page.keyboard.press('Escape');
    await this.pressUntilFocused('Shift+Tab', isHistory);
    await this.page.keyboard.press('End');
  }

  /** The outline ("style width") drawn for the focused element by itself or the nearest of its 4 ancestors that draws one. */
  async focusRing(): Promise<string> {
    return this.page.evaluate(() => {
      let element: Element | null = document.activeElement;
      for (let depth = 0; element && depth < 5; depth += 1, element = element.parentElement) {
        const style = getComputedStyle(element);
        if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
          return `${style.outlineStyle} ${style.outlineWidth}`;
      }
      return 'none';
    });
  }

  /**
   * The focused element's ring as drawn: the outline colour, the box-shadow colour (the
   * second tone) and the background the ring sits on, as computed CSS colours.
   */
  async focusRingColors(): Promise<{ outline: string; shadow: string; background: string }> {
    return this.page.evaluate(() => {
      let element: Element | null = document.activeElement;
      for (let depth = 0; element && depth < 5; depth += 1, element = element.parentElement) {
        const style = getComputedStyle(element);
        if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) {
          const shadow = /rgba?\([^)]*\)/.exec(style.boxShadow)?.[0] ?? 'none';
          let back: Element | null = element;
          let background = 'rgba(0, 0, 0, 0)';
          while (back && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
            background = getComputedStyle(back).backgroundColor;
            back = back.parentElement;
          }
          return { outline: style.outlineColor, shadow, background };
        }
      }
      return { outline: 'none', shadow: 'none', background: 'none' };
    });
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
  }
}
