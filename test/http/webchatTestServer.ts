import { MemoryStorage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { createBot } from '../../src/bot/createBot';
import type { Engine } from '../../src/core/engine';
import { sharedEngine } from '../fixtures/sharedEngine';
import { createLogger } from '../../src/logger';
import { createBotAdapter } from '../../src/server/botAdapter';
import { createServer } from '../../src/server/createServer';
import {
  registerWebChatRoutes,
  type WebChatBot,
  type WebChatDeps,
  type WebChatRoutes,
} from '../../src/server/webchat/registerWebChatRoutes';

/** A running server with the web chat routes, on a free port of 127.0.0.1. */
export interface RunningWebChat {
  readonly baseUrl: string;
  readonly routes: WebChatRoutes;
  readonly server: Server;
  close(): Promise<void>;
}

export interface WebChatAppOptions extends Omit<WebChatDeps, 'bot' | 'onTurnError' | 'logger'> {
  /** The bot to run; the real one (createBot over the shipped knowledge, MemoryStorage) when absent. */
  readonly bot?: WebChatBot;
  readonly onTurnError?: (context: TurnContext, error: Error) => Promise<void>;
  /** Bot Framework credentials for /api/messages (anonymous local mode when absent). */
  readonly credentials?: { readonly MicrosoftAppId: string; readonly MicrosoftAppPassword: string };
}

/** The engine over the shipped knowledge, built once per jest worker. */
export function realEngine(): Engine {
  return sharedEngine();
}

/**
 * The app as src/index.ts composes it (config defaults, real engine, createBot,
 * createServer, registerWebChatRoutes), quiet and listening on port 0.
 */
export async function startWebChatApp(options: WebChatAppOptions = {}): Promise<RunningWebChat> {
  const logger = createLogger({ level: 'silent' });
  const theEngine = realEngine();
  const created = createBot({ engine: theEngine, storage: new MemoryStorage(), logger });
  const adapter = createBotAdapter({
    MicrosoftAppId: options.credentials?.MicrosoftAppId,
    MicrosoftAppPassword: options.credentials?.MicrosoftAppPassword,
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: undefined,
  });
  adapter.onTurnError = created.adapterErrorHandler;
  const server = createServer({
    config: { MAX_BODY_BYTES: 262_144 },
    logger,
    adapter,
    bot: created.bot,
    engine: theEngine,
    version: 'test',
  });
  const { bot, onTurnError, credentials: _credentials, ...rest } = options;
  const routes = registerWebChatRoutes(server, {
    ...rest,
    bot: bot ?? created.bot,
    onTurnError: onTurnError ?? (bot ? undefined : created.adapterErrorHandler),
    logger,
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    routes,
    server,
    close: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}

/** An HTTP answer, its body parsed as JSON when it is JSON. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** Sends a request and reads the whole answer. `body` objects are sent as JSON unless a content type is given. */
export async function request(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | Blob | undefined;
  if (typeof init.body === 'string') body = init.body;
  else if (init.body instanceof Uint8Array) body = new Blob([new Uint8Array(init.body)]);
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '')
    parsed = JSON.parse(text) as unknown;
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A field of a JSON object, or undefined. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

/** The activities of a web chat answer, as records. */
export function activitiesOf(answer: HttpAnswer): Record<string, unknown>[] {
  const list = field(answer.body, 'activities');
  if (!Array.isArray(list))
    throw new Error(`No activities in ${answer.status} ${answer.text.slice(0, 200)}`);
  return list.filter(
    (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
  );
}

/** Starts a conversation and returns its id with the answer. */
export async function createConversation(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<{ id: string; answer: HttpAnswer }> {
  const answer = await request(`${baseUrl}/api/webchat/conversations`, { body: {}, headers });
  const id = field(answer.body, 'conversationId');
  return { id: typeof id === 'string' ? id : '', answer };
}

/** Posts a message as Web Chat does (with a clientActivityID). */
export async function say(
  baseUrl: string,
  conversationId: string,
  text: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return request(`${baseUrl}/api/webchat/conversations/${conversationId}/activities`, {
    body: {
      type: 'message',
      text,
      channelData: { clientActivityID: `c-${text.length}-${Math.random().toString(36).slice(2)}` },
      ...extra,
    },
    headers,
  });
}
