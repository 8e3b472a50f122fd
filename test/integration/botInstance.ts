import { request } from 'node:http';
import type { Server } from 'restify';
import { createBot } from '../../src/bot/createBot';
import { parseConfig, type Config } from '../../src/config';
import type { Engine } from '../../src/core/engine';
import { sharedEngine } from '../fixtures/sharedEngine';
import { createLogger } from '../../src/logger';
import { registerWebChat } from '../../src/createApp';
import { createBotAdapter } from '../../src/server/botAdapter';
import { createServer } from '../../src/server/createServer';
import { shutDownServer } from '../../src/server/gracefulShutdown';
import { createTurnTracker } from '../../src/server/turnTracker';
import { createStorage, type StateStore } from '../../src/storage/createStorage';
import type { StorageSettings } from '../../src/storage/storageSettings';
import { TEST_TUNING } from './storeFixtures';

/**
 * One bot instance as src/index.ts composes it (config, state store, bot, adapter,
 * HTTP server), listening on its own loopback port. Two of these over one store are
 * two instances behind a load balancer; stop() then start() is a restart.
 */

function engine(): Engine {
  return sharedEngine();
}

function configFor(settings: StorageSettings): Config {
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // Every request comes from this one loopback client.
    MESSAGES_RATE_LIMIT_PER_MINUTE: '0',
    WEBCHAT_RATE_LIMIT_PER_MINUTE: '100000',
  };
  for (const [name, value] of Object.entries(settings))
    if (value !== undefined) env[name] = String(value);
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(`test config is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.config;
}

/** What the bot sent back for one message (expectReplies delivery). */
export interface Reply {
  readonly status: number;
  /** Each activity's plain text (every reply carries one, cards included). */
  readonly texts: string[];
  readonly hasCards: boolean;
}

export const CHANNEL_ID = 'integration-test';

interface Running {
  readonly server: Server;
  readonly store: StateStore;
  readonly turns: ReturnType<typeof createTurnTracker>;
  readonly port: number;
}

export class BotInstance {
  private running: Running | null = null;
  private port = 0;

  constructor(
    readonly name: string,
    private readonly settings: StorageSettings,
  ) {}

  /** Starts (or restarts, on the same port) with a fresh store client and a fresh bot: nothing survives in memory. */
  async start(): Promise<void> {
    if (this.running) return;
    const config = configFor(this.settings);
    const logger = createLogger({ level: 'silent' });
    const store = await createStorage(config, { logger, tuning: TEST_TUNING });
    const { bot, adapterErrorHandler } = createBot({
      engine: engine(),
      storage: store.storage,
      logger,
    });
    const adapter = createBotAdapter(config);
    adapter.onTurnError = adapterErrorHandler;
    const turns = createTurnTracker();
    const server = createServer({
      config,
      logger,
      adapter,
      bot,
      engine: engine(),
      version: 'test',
      turns,
    });
    registerWebChat(server, { config, bot, adapterErrorHandler, store, logger, turns });
    await new Promise<void>((done, fail) => {
      server.server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => {
        server.server.off('error', fail);
        done();
      });
    });
    const address = server.address();
    this.port = address.port;
    this.running = { server, store, turns, port: address.port };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    const logger = createLogger({ level: 'silent' });
    await shutDownServer({ server: running.server, turns: running.turns, logger, timeoutMs: 2000 });
    await running.store.close();
  }

  /** The port it listens on (kept across restarts). */
  get listeningPort(): number {
    if (!this.running) throw new Error(`${this.name} is not running`);
    return this.running.port;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Sends one message of a conversation and returns the replies. */
  async ask(conversationId: string, text: string): Promise<Reply> {
    if (!this.running) throw new Error(`${this.name} is not running`);
    const activity = {
      type: 'message',
      id: `m-${Math.random().toString(36).slice(2)}`,
      channelId: CHANNEL_ID,
      serviceUrl: 'http://127.0.0.1:9/', // never called: expectReplies answers in the HTTP response
      deliveryMode: 'expectReplies',
      conversation: { id: conversationId },
      from: { id: 'user-1', name: 'Resident' },
      recipient: { id: 'bot', name: 'City Profile Bot' },
      locale: 'en-US',
      text,
    };
    const { status, body } = await postJson(this.running.port, '/api/messages', activity);
    return { status, ...readReplies(body) };
  }
}

/** What the web chat endpoint answered: the bot's texts and the ids and timestamps of every activity. */
export interface WebReply {
  readonly status: number;
  readonly texts: string[];
  readonly ids: string[];
  readonly timestamps: number[];
}

export interface WebChatClient {
  /** Starts a web chat conversation on this instance; its id. */
  start(): Promise<{ status: number; id: string }>;
  /** Posts a message of a web chat conversation to this instance. */
  say(conversationId: string, text: string): Promise<WebReply>;
}

/** The web chat endpoint of a running instance, as the page calls it. */
export function webChatOf(instance: BotInstance): WebChatClient {
  return {
    start: async () => {
      const { status, body } = await postJson(
        instance.listeningPort,
        '/api/webchat/conversations',
        {},
      );
      const id: unknown =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'conversationId') : undefined;
      return { status, id: typeof id === 'string' ? id : '' };
    },
    say: async (conversationId, text) => {
      const { status, body } = await postJson(
        instance.listeningPort,
        `/api/webchat/conversations/${conversationId}/activities`,
        { type: 'message', text },
      );
      const activities: unknown =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'activities') : undefined;
      const list = Array.isArray(activities) ? (activities as Array<Record<string, unknown>>) : [];
      const fromBot = list.filter(
        (a) =>
          typeof a['from'] === 'object' &&
          a['from'] !== null &&
          Reflect.get(a['from'], 'role') === 'bot',
      );
      return {
        status,
        texts: fromBot.map((a) => (typeof a['text'] === 'string' ? a['text'] : '')),
        ids: list.map((a) => String(a['id'])),
        timestamps: list.map((a) => Date.parse(String(a['timestamp']))),
      };
    },
  };
}

/** Storage key botbuilder's ConversationState (empty namespace) uses for a conversation of this channel. */
export function conversationKey(conversationId: string): string {
  return `${CHANNEL_ID}/conversations/${conversationId}/`;
}

function readReplies(body: unknown): { texts: string[]; hasCards: boolean } {
  const activities: unknown =
    typeof body === 'object' && body !== null && 'activities' in body ? body.activities : undefined;
  const texts: string[] = [];
  let hasCards = false;
  if (!Array.isArray(activities)) return { texts, hasCards };
  for (const activity of activities as unknown[]) {
    if (typeof activity !== 'object' || activity === null) continue;
    if ('text' in activity && typeof activity.text === 'string') texts.push(activity.text);
    if (
      'attachments' in activity &&
      Array.isArray(activity.attachments) &&
      activity.attachments.length > 0
    )
      hasCards = true;
  }
  return { texts, hasCards };
}

async function postJson(
  port: number,
  path: string,
  payload: unknown,
): Promise<{ status: number; body: unknown }> {
  const data = JSON.stringify(payload);
  return await new Promise((done, fail) => {
    const req = request(
      // agent: false: a fresh connection each time, so a restarted instance is never asked on a socket it closed.
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          done({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.once('error', fail);
    req.end(data);
  });
}
