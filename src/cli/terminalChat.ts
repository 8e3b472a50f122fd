import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ActivityTypes, type Activity, type ChannelAccount, type Storage } from 'botbuilder';
import { createBot, type BotLogger } from '../bot/createBot';
import type { Engine } from '../core/engine';
import type { Language } from '../core/schema';
import { pick, TEXTS } from '../core/texts';
import { BoundedMemoryStorage } from '../storage/boundedMemoryStorage';
import { TerminalAdapter } from './terminalAdapter';

/** The channel id the bot sees: not a card channel, so every answer is plain text. */
export const TERMINAL_CHANNEL_ID = 'terminal';
const EXIT_WORDS: ReadonlySet<string> = new Set(['exit', 'quit', 'salir']);
const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-MX' };

export interface TerminalChatOptions {
  readonly engine: Engine;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** The language to start in (the welcome's first language; ambiguous questions). */
  readonly language: Language;
  /** A person at a keyboard: show a prompt. Otherwise (piped input) echo each question. */
  readonly isInteractive?: boolean;
  readonly storage?: Storage;
  readonly logger?: BotLogger;
}

/**
 * Holds one conversation with the real bot and dialogs in a terminal: prints the
 * welcome, then answers each line of input until "exit"/"salir" or the end of input.
 * A line that is just a number picks that numbered suggestion.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { engine, output } = options;
  const storage =
    options.storage ?? new BoundedMemoryStorage({ maxItems: 10, ttlMs: 24 * 60 * 60 * 1000 });
  const { bot, adapterErrorHandler } = createBot({ engine, storage, logger: options.logger });
  let suggestions: string[] = [];

  const print = (activity: Partial<Activity>): void => {
    const lines = [activity.text ?? ''];
    suggestions = (activity.suggestedActions?.actions ?? []).map((a) => String(a.value));
    const titles = (activity.suggestedActions?.actions ?? []).map(
      (a) => a.title ?? String(a.value),
    );
    if (titles.length > 0) lines.push('', ...titles.map((title, i) => `  ${i + 1}) ${title}`));
    output.write(`${lines.join('\n')}\n\n`);
  };
  const adapter = new TerminalAdapter(print);
  adapter.onTurnError = adapterErrorHandler;

  const user: ChannelAccount = { id: 'terminal-user', name: 'You', role: 'user' };
  const botAccount: ChannelAccount = { id: 'terminal-bot', name: 'City Profile Bot', role: 'bot' };
  const base: Partial<Activity> = {
    channelId: TERMINAL_CHANNEL_ID,
    serviceUrl: 'urn:city-profile-bot:terminal',
    conversation: {
      id: `terminal-${randomUUID()}`,
      isGroup: false,
      name: 'terminal',
      conversationType: 'personal',
    },
    from: user,
    recipient: botAccount,
    locale: LOCALES[options.language],
  };
  const run = async (activity: Partial<Activity>): Promise<void> => {
    await adapter.processActivity(
      { ...base, id: randomUUID(), timestamp: new Date(), ...activity },
      async (context) => bot.run(context),
    );
  };

  await run({ type: ActivityTypes.ConversationUpdate, membersAdded: [user] });
  output.write(`(${pick(TEXTS.terminalHint, options.language)})\n\n`);

  const lines = createInterface({ input: options.input, crlfDelay: Infinity, terminal: false });
  const prompt = (): void => {
    if (options.isInteractive) output.write('> ');
  };
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (EXIT_WORDS.has(line.toLowerCase())) break;
    if (!options.isInteractive) output.write(`> ${line}\n\n`);
    const picked = /^\d{1,2}$/.test(line) ? suggestions[Number(line) - 1] : undefined;
    await run({ type: ActivityTypes.Message, text: picked ?? line });
    prompt();
  }
  lines.close();
}
