import { randomBytes } from 'node:crypto';
import type { Activity, ChannelAccount, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { hashConversationId, summarizeError } from '../../bot/createBot';
import { isStateStoreUnavailable } from '../../storage/storageErrors';
import { clientKeyOf } from '../clientAddress';
import { readJsonBody } from '../readJsonBody';
import { isRandomId } from './conversationId';
import {
  createConversationRegistry,
  runInTurnOrder,
  stampActivity,
  type ConversationRegistry,
  type WebConversation,
} from './conversationRegistry';
import { createRateLimiter, type RateLimiter } from './createRateLimiter';
import {
  imBackText,
  parseClientActivity,
  parseCreateConversation,
  type ClientActivity,
  type ClientFeedbackEvent,
} from './parseClientActivity';
import { apiHeaders, assetHeaders, pageHeaders } from './securityHeaders';
import { loadWebChatAssets, type Encoding, type WebChatAssets } from './webChatAssets';
import { ReplyCollector, WebChatAdapter } from './webChatAdapter';
import { WEBCHAT_ERRORS, type WebChatError } from './webChatErrors';
import { resolveWebChatOptions, type WebChatOptions } from './webChatOptions';

/** The channel id the bot sees for the page (its state is keyed `webchat/conversations/<id>`). */
export const WEBCHAT_CHANNEL_ID = 'webchat';
export const WEBCHAT_API = '/api/webchat/conversations';
const SERVICE_URL = 'urn:city-profile-bot:webchat';

/** Anything that runs a turn: the bot's ActivityHandler. */
export interface WebChatBot {
  run(context: TurnContext): Promise<void>;
}

/** The part of a pino logger the web chat uses. */
export interface WebChatLogger {
  error(details: Record<string, unknown>, message: string): void;
}

export interface WebChatDeps {
  /** The same bot that /api/messages serves (createBot(...).bot). */
  readonly bot: WebChatBot;
  /** The bot's adapter error handler (createBot(...).adapterErrorHandler): logs and apologises. */
  readonly onTurnError?: (context: TurnContext, error: Error) => Promise<void>;
  readonly logger?: WebChatLogger;
  /** Limits and settings; see WEBCHAT_DEFAULTS. */
  readonly options?: Partial<WebChatOptions>;
  /** Who a request counts against for rate limiting (default: the socket's address, see trustedProxyHops). */
  readonly clientKey?: (req: Request) => string;
  /** Milliseconds since the epoch (tests pass a fake clock). */
  readonly now?: () => number;
  /** The page and bundle (tests may pass their own; default: web/ and node_modules). */
  readonly assets?: WebChatAssets;
  /** The server's in-flight tracker (createServer's `turns`), so a graceful shutdown waits for web turns too. */
  readonly turns?: WebChatTurnTracker;
  /**
   * Where conversations are kept: made from `conversations` when given (the shared
   * store's createStoredConversationRegistry), else bounded memory for this instance.
   */
  readonly conversations?: (options: WebChatOptions, now: () => number) => ConversationRegistry;
  /** With the memory registry: a conversation forgotten early (its bot state can go too). */
  readonly onEvict?: (conversationId: string) => void;
}

/** The part of src/server/turnTracker's TurnTracker the web chat uses. */
export interface WebChatTurnTracker {
  readonly isClosing: boolean;
  track<T>(work: () => Promise<T>): Promise<T>;
}

/** What registration leaves behind, for the composition root and tests. */
export interface WebChatRoutes {
  readonly adapter: WebChatAdapter;
  readonly options: WebChatOptions;
  readonly conversations: ConversationRegistry;
  readonly limiter: RateLimiter;
}

/** An activity as the page receives it (timestamps become ISO strings in JSON). */
type PageActivity = Partial<Activity>;

/**
 * Writes status and headers. The server may have set defaults for a JSON API (e.g.
 * X-Frame-Options: DENY); ours replace them, and X-Frame-Options goes unless we set it.
 */
function writeHead(res: Response, status: number, headers: Record<string, string>): void {
  if (!('X-Frame-Options' in headers)) res.removeHeader('X-Frame-Options');
  res.writeHead(status, headers);
}

function sendJson(
  res: Response,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  writeHead(res, status, {
    ...apiHeaders(),
    ...extraHeaders,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function sendError(
  res: Response,
  error: WebChatError,
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, error.status, error.body, extraHeaders);
}

function firstHeader(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The client's rate-limit key: its address (IPv6 by /64), read through `trustedProxyHops` proxies. */
export function defaultClientKey(trustedProxyHops: number): (req: Request) => string {
  return (req: Request): string => clientKeyOf(req, trustedProxyHops);
}

function pickEncoding(acceptEncoding: string): Encoding {
  const accepted = acceptEncoding
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
    .filter((part) => !/;\s*q=0(?:\.0*)?$/.test(part))
    .map((part) => part.split(';')[0]?.trim() ?? '');
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return 'identity';
}

/**
 * Serves the web chat page at GET /, its assets under /webchat/, and a same-origin
 * API that runs turns of `deps.bot` for the page (channel "webchat"):
 *   POST /api/webchat/conversations                  -> 201 { conversationId, userId, activities }
 *   POST /api/webchat/conversations/:id/activities   -> 200 { activities: [echo, ...replies] }
 * Register it next to /api/messages, which keeps its own authentication.
 */
export function registerWebChatRoutes(server: Server, deps: WebChatDeps): WebChatRoutes {
  const options = resolveWebChatOptions(deps.options);
  const now = deps.now ?? Date.now;
  const assets = deps.assets ?? loadWebChatAssets();
  const clientKey = deps.clientKey ?? defaultClientKey(options.trustedProxyHops);
  const limiter = createRateLimiter({
    capacity: options.burst,
    perMinute: options.ratePerMinute,
    maxKeys: options.maxClients,
    now,
  });
  const conversations = deps.conversations
    ? deps.conversations(options, now)
    : createConversationRegistry({
        ttlMs: options.conversationTtlMs,
        maxConversations: options.maxConversations,
        maxConversationsPerClient: options.maxConversationsPerClient,
        now,
        ...(deps.onEvict ? { onEvict: deps.onEvict } : {}),
      });
  const adapter = new WebChatAdapter();
  if (deps.onTurnError) adapter.onTurnError = deps.onTurnError;
  const bot: ChannelAccount = { id: options.botId, name: options.botName, role: 'bot' };

  /** Takes a token for this client, or answers 429 and returns false. */
  const isWithinRate = (req: Request, res: Response): boolean => {
    const decision = limiter.take(clientKey(req));
    if (decision.isAllowed) return true;
    sendError(res, WEBCHAT_ERRORS.rateLimited(decision.retryAfterSeconds), {
      'Retry-After': String(decision.retryAfterSeconds),
    });
    return false;
  };

  /**
   * Reads the JSON body with the server's own reader (the same 415/413/400 answers as
   * /api/messages), answering the problem itself; `undefined` means it has answered.
   * Starting a conversation may send no body at all.
   */
  const readBody = async (
    req: Request,
    res: Response,
    isRequired: boolean,
  ): Promise<{ value: unknown } | undefined> => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    if (!isRequired && !hasBody) return { value: undefined };
    const body = await readJsonBody(req, options.maxBodyBytes);
    if (body.ok) return { value: body.value };
    sendError(
      res,
      WEBCHAT_ERRORS.fromServer(body.problem),
      body.problem.isConnectionClosed ? { Connection: 'close' } : {},
    );
    return undefined;
  };

  /** Runs one turn of the bot and returns the replies, stamped for the page. */
  const runTurn = async (
    conversation: WebConversation,
    activity: Partial<Activity>,
    visibleIds: ReadonlySet<string>,
  ): Promise<PageActivity[]> => {
    const user: ChannelAccount = { id: conversation.userId, name: '', role: 'user' };
    const collector = new ReplyCollector((reply) => {
      const stamp = stampActivity(conversation, now());
      const stamped: Partial<Activity> = {
        ...reply,
        type: reply.type ?? 'message',
        id: stamp.id,
        timestamp: stamp.timestamp,
        channelId: WEBCHAT_CHANNEL_ID,
        conversation: {
          id: conversation.id,
          isGroup: false,
          conversationType: 'personal',
          name: '',
        },
        from: { ...bot, ...reply.from, role: 'bot' },
        recipient: user,
      };
      // Web Chat holds back a reply to an activity it has not seen (e.g. the conversationUpdate).
      if (stamped.replyToId !== undefined && !visibleIds.has(stamped.replyToId))
        delete stamped.replyToId;
      delete stamped.serviceUrl;
      return stamped;
    });
    return adapter.processActivity(activity, collector, (context) => deps.bot.run(context));
  };

  const failTurn = (res: Response, conversation: WebConversation, error: unknown): void => {
    deps.logger?.error(
      {
        err: summarizeError(error),
        channel: WEBCHAT_CHANNEL_ID,
        conversation: hashConversationId(conversation.id),
      },
      'web chat turn failed',
    );
    if (!res.headersSent) sendError(res, WEBCHAT_ERRORS.turnFailed());
  };

  const envelope = (
    conversation: WebConversation,
  ): Pick<Activity, 'channelId' | 'serviceUrl' | 'conversation' | 'recipient' | 'from'> => ({
    channelId: WEBCHAT_CHANNEL_ID,
    serviceUrl: SERVICE_URL,
    conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
    recipient: bot,
    from: { id: conversation.userId, name: '', role: 'user' },
  });

  /** Wraps an API handler: counted for graceful shutdown, refused while stopping, never an unhandled error. */
  const apiRoute =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      const run = async (): Promise<void> => {
        try {
          if (deps.turns?.isClosing === true) {
            req.resume();
            sendError(res, WEBCHAT_ERRORS.stopping(), { Connection: 'close' });
            return;
          }
          await handler(req, res);
        } catch (error) {
          const isStoreDown = isStateStoreUnavailable(error);
          deps.logger?.error(
            { err: summarizeError(error), channel: WEBCHAT_CHANNEL_ID },
            isStoreDown
              ? 'web chat conversation store unavailable'
              : 'unexpected error in the web chat endpoint',
          );
          if (!res.headersSent)
            sendError(
              res,
              isStoreDown ? WEBCHAT_ERRORS.storeUnavailable() : WEBCHAT_ERRORS.internal(),
            );
        }
      };
      await (deps.turns ? deps.turns.track(run) : run());
    };

  // eslint-disable-next-line @typescript-eslint/require-await -- restify 12 takes a (req, res) handler only as an async function
  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const body = assets.renderPage(nonce);
    writeHead(res, 200, {
      ...pageHeaders(nonce, options.frameAncestors),
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  });

  server.get('/webchat/*', async (req: Request, res: Response) => {
    const asset = assets.find(req.path());
    if (!asset) {
      sendError(res, WEBCHAT_ERRORS.notFound());
      return;
    }
    const headers = assetHeaders(asset.contentType, asset.etag);
    if (
      firstHeader(req.headers['if-none-match'])
        .split(',')
        .some((tag) => tag.trim() === asset.etag)
    ) {
      writeHead(res, 304, headers);
      res.end();
      return;
    }
    const encoding = pickEncoding(firstHeader(req.headers['accept-encoding']));
    const body = await asset.encoded(encoding);
    writeHead(res, 200, {
      ...headers,
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
      'Content-Length': String(body.length),
    });
    res.end(body);
  });

  const createConversation = async (req: Request, res: Response): Promise<void> => {
    if (!isWithinRate(req, res)) return;
    const body = await readBody(req, res, false);
    if (!body) return;
    const parsed = parseCreateConversation(body.value);
    if (!parsed.ok) {
      sendError(res, WEBCHAT_ERRORS.invalidActivity(parsed.problems));
      return;
    }
    const conversation = await conversations.create(clientKey(req));
    if (!conversation) {
      const retryAfterSeconds = 60;
      sendError(res, WEBCHAT_ERRORS.full(retryAfterSeconds), {
        'Retry-After': String(retryAfterSeconds),
      });
      return;
    }
    const stamp = stampActivity(conversation, now());
    const joined: Partial<Activity> = {
      ...envelope(conversation),
      type: 'conversationUpdate',
      id: stamp.id,
      timestamp: stamp.timestamp,
      locale: parsed.value.locale,
      membersAdded: [bot, { id: conversation.userId, name: '', role: 'user' }],
    };
    try {
      const replies = await runInTurnOrder(conversation, async () => {
        const sent = await runTurn(conversation, joined, new Set());
        await conversations.save(conversation);
        return sent;
      });
      sendJson(res, 201, {
        conversationId: conversation.id,
        userId: conversation.userId,
        activities: replies,
      });
    } catch (error) {
      failTurn(res, conversation, error);
    }
  };

  const postActivity = async (req: Request, res: Response): Promise<void> => {
    if (!isWithinRate(req, res)) return;
    const params = req.params as Record<string, unknown> | undefined;
    const id = params?.conversationId;
    if (!isRandomId(id)) {
      req.resume();
      sendError(res, WEBCHAT_ERRORS.invalidConversationId());
      return;
    }
    const conversation = await conversations.find(id);
    if (!conversation) {
      req.resume();
      sendError(res, WEBCHAT_ERRORS.conversationNotFound());
      return;
    }
    const body = await readBody(req, res, true);
    if (!body) return;
    const parsed = parseClientActivity(body.value);
    if (!parsed.ok) {
      sendError(res, WEBCHAT_ERRORS.invalidActivity(parsed.problems));
      return;
    }
    try {
      const activities = await runInTurnOrder(conversation, async () => {
        const echo = toEcho(conversation, parsed.value, stampActivity(conversation, now()));
        const inbound: Partial<Activity> = {
          ...echo,
          ...envelope(conversation),
          ...(parsed.value.type === 'message'
            ? { textFormat: parsed.value.textFormat ?? 'plain' }
            : {}),
        };
        const replies = await runTurn(conversation, inbound, new Set([String(echo.id)]));
        await conversations.save(conversation);
        return [echo, ...replies];
      });
      sendJson(res, 200, { activities });
    } catch (error) {
      failTurn(res, conversation, error);
    }
  };

  server.post(WEBCHAT_API, apiRoute(createConversation));
  server.post(`${WEBCHAT_API}/:conversationId/activities`, apiRoute(postActivity));

  return { adapter, options, conversations, limiter };

  /** The user's activity as stored and shown back: only known fields, the server's ids, plain text. */
  function toEcho(
    conversation: WebConversation,
    activity: ClientActivity,
    stamp: { id: string; timestamp: Date },
  ): Partial<Activity> {
    if (activity.type === 'event') return toFeedbackEcho(conversation, activity, stamp);
    const imBack =
      activity.text === undefined || activity.text === '' ? imBackText(activity.value) : undefined;
    const text = imBack ?? activity.text;
    const clientActivityID = activity.channelData?.clientActivityID;
    // A card's imBack choice is shown as the user's message, like Teams; other postBacks stay hidden.
    const isPostBack = imBack === undefined && activity.channelData?.postBack === true;
    const channelData = {
      ...(clientActivityID === undefined ? {} : { clientActivityID }),
      ...(isPostBack ? { postBack: true } : {}),
    };
    return {
      ...envelope(conversation),
      type: 'message',
      id: stamp.id,
      timestamp: stamp.timestamp,
      ...(text === undefined ? {} : { text }),
      textFormat: 'plain',
      ...(activity.locale === undefined ? {} : { locale: activity.locale }),
      ...(activity.value === undefined ? {} : { value: activity.value }),
      ...(activity.attachments === undefined ? {} : { attachments: activity.attachments }),
      channelData,
      serviceUrl: undefined,
    };
  }

  /** Web Chat's 👍/👎 event, echoed (Web Chat waits for its clientActivityID) and passed to the bot. */
  function toFeedbackEcho(
    conversation: WebConversation,
    activity: ClientFeedbackEvent,
    stamp: { id: string; timestamp: Date },
  ): Partial<Activity> {
    const clientActivityID = activity.channelData?.clientActivityID;
    return {
      ...envelope(conversation),
      type: 'event',
      name: activity.name,
      id: stamp.id,
      timestamp: stamp.timestamp,
      entities: activity.entities.map((entity) => ({
        type: 'https://schema.org/Action',
        ...entity,
      })),
      channelData: clientActivityID === undefined ? {} : { clientActivityID },
      serviceUrl: undefined,
    };
  }
}
