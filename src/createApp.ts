import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Server } from 'restify';
import { createBot } from './bot/createBot';
import type { Config } from './config';
import type { Engine } from './core/engine';
import { createEngineFromDir } from './knowledge/createDefaultEngine';
import { createTurnLineLogger, type Logger } from './logger';
import { readVersion } from './readVersion';
import { createBotAdapter, type BotAdapter } from './server/botAdapter';
import { createServer } from './server/createServer';
import { shutDownServer, type ShutdownOutcome } from './server/gracefulShutdown';
import { createTurnTracker, type TurnTracker } from './server/turnTracker';
import {
  createStoredConversationRegistry,
  type ConversationRegistry,
} from './server/webchat/conversationRegistry';
import {
  registerWebChatRoutes,
  WEBCHAT_CHANNEL_ID,
  type WebChatDeps,
  type WebChatRoutes,
} from './server/webchat/registerWebChatRoutes';
import type { WebChatOptions } from './server/webchat/webChatOptions';
import { createStorage, type StateStore } from './storage/createStorage';
import { openQuestionLog } from './questionLog/openQuestionLog';
import type { QuestionLog } from './questionLog/questionLog';
import { summarizeError } from './bot/createBot';

/** Everything the running bot is made of; index.ts listens and handles signals, tests use it on port 0. */
export interface App {
  readonly server: Server;
  readonly engine: Engine;
  readonly adapter: BotAdapter;
  readonly store: StateStore;
  /** The opt-in question log, or null when it is off (the default). */
  readonly questionLog: QuestionLog | null;
  readonly turns: TurnTracker;
  readonly version: string;
  /** Stops gracefully (see shutDownServer), then closes the state store. */
  stop(timeoutMs?: number): Promise<ShutdownOutcome>;
}

export type AppResult =
  { readonly ok: true; readonly app: App } | { readonly ok: false; readonly message: string };

export interface AppOptions {
  readonly logger: Logger;
  /** Tests point Bot Framework's OpenID metadata at a local fake; production passes nothing. */
  readonly authOverrides?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Longest wait for a channel to take one reply (default SERVER_DEFAULTS.channelTimeoutMs); tests shorten it. */
  readonly channelTimeoutMs?: number;
  /** Fetching Bot Framework's signing keys (default SERVER_DEFAULTS.identityFetchTimeoutMs); tests shorten it. */
  readonly identityFetchTimeoutMs?: number;
  /** Headers and body must arrive within this long (default SERVER_DEFAULTS.requestTimeoutMs); tests shorten it. */
  readonly requestTimeoutMs?: number;
  /** Milliseconds since the epoch, for rate limits and web chat expiry (tests pass a fake clock). */
  readonly now?: () => number;
}

/**
 * Builds the app from a config: knowledge (all of it valid, or no app), state store,
 * bot, adapter (anonymous without MicrosoftAppId), the server with /api/messages,
 * /healthz and the web chat routes. Nothing listens yet.
 */
export async function createApp(config: Config, options: AppOptions): Promise<AppResult> {
  const { logger } = options;
  const built = createEngineFromDir(config.KNOWLEDGE_DIR, {}, { defaultCity: config.DEFAULT_CITY });
  if (!built.ok) return { ok: false, message: built.message };
  const { engine } = built;

  // The one switch between state stores is STATE_STORE (memory: bounded by count and idle time).
  const store = await createStorage(config, { logger: logger.child({ component: 'state' }) });
  const botLogger = logger.child({ component: 'bot' });
  const questionLogLogger = logger.child({ component: 'question-log' });
  // Off unless QUESTION_LOG_FILE or QUESTION_LOG_REDIS is set; a failed write is logged and dropped.
  const questionLog = await openQuestionLog(config, {
    onError: (error) =>
      questionLogLogger.warn({ err: summarizeError(error) }, 'question log entry not written'),
  });
  const { bot, adapterErrorHandler } = createBot({
    engine,
    storage: store.storage,
    logger: botLogger,
    turnLogger: createTurnLineLogger(botLogger),
    questionLog,
  });
  const adapter = createBotAdapter(config, options.authOverrides, {
    ...(options.channelTimeoutMs === undefined
      ? {}
      : { channelTimeoutMs: options.channelTimeoutMs }),
    ...(options.identityFetchTimeoutMs === undefined
      ? {}
      : { identityFetchTimeoutMs: options.identityFetchTimeoutMs }),
  });
  adapter.onTurnError = adapterErrorHandler;

  const version = readVersion();
  const turns = createTurnTracker();
  const server = createServer({
    config,
    logger,
    adapter,
    bot,
    engine,
    version,
    turns,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  registerWebChat(server, {
    config,
    bot,
    adapterErrorHandler,
    store,
    logger: logger.child({ component: 'webchat' }),
    turns,
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  const stop = async (timeoutMs?: number): Promise<ShutdownOutcome> => {
    const outcome = await shutDownServer({
      server,
      turns,
      logger,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    await questionLog?.close();
    await store.close();
    return outcome;
  };
  return { ok: true, app: { server, engine, adapter, store, questionLog, turns, version, stop } };
}

export interface WebChatWiring {
  readonly config: Config;
  readonly bot: WebChatDeps['bot'];
  readonly adapterErrorHandler: NonNullable<WebChatDeps['onTurnError']>;
  readonly store: StateStore;
  readonly logger: Logger;
  readonly turns: TurnTracker;
  readonly now?: () => number;
}

/**
 * The web chat routes over the app's state store. A shared store (redis, azure-blobs)
 * keeps the conversations too, so any instance serves them and a restart loses none;
 * the memory registry forgets the bot state of a conversation it evicts.
 */
export function registerWebChat(server: Server, wiring: WebChatWiring): WebChatRoutes {
  const { config, store } = wiring;
  const sharedConversations = (
    webChatOptions: WebChatOptions,
    now: () => number,
  ): ConversationRegistry =>
    createStoredConversationRegistry(store.storage, {
      ttlMs: webChatOptions.conversationTtlMs,
      now,
    });
  const forgetState = (conversationId: string): void => {
    store.storage
      .delete([`${WEBCHAT_CHANNEL_ID}/conversations/${conversationId}/`])
      .catch(() => undefined);
  };
  return registerWebChatRoutes(server, {
    ...(store.kind === 'memory'
      ? { onEvict: forgetState }
      : { conversations: sharedConversations }),
    ...(wiring.now === undefined ? {} : { now: wiring.now }),
    bot: wiring.bot,
    onTurnError: wiring.adapterErrorHandler,
    logger: wiring.logger,
    options: {
      ratePerMinute: config.WEBCHAT_RATE_LIMIT_PER_MINUTE,
      maxBodyBytes: config.MAX_BODY_BYTES,
      conversationTtlMs: config.STATE_TTL_SECONDS * 1000,
      maxConversations: config.STATE_MAX_CONVERSATIONS,
      frameAncestors: (config.WEBCHAT_FRAME_ANCESTORS ?? "'self'").split(/\s+/),
      trustedProxyHops: config.WEBCHAT_TRUST_PROXY,
      maxConversationsPerClient: config.WEBCHAT_CONVERSATIONS_PER_CLIENT,
    },
    turns: wiring.turns,
  });
}
