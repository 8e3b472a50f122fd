import type { TurnContext } from 'botbuilder';
import * as restify from 'restify';
import type { Config } from '../config';
import type { Engine } from '../core/engine';
import type { Logger } from '../logger';
import type { BotAdapter } from './botAdapter';
import { hashConversationId, summarizeError } from '../bot/createBot';
import { boundLogText } from '../logText';
import { clientKeyOf } from './clientAddress';
import { isAllowedHost } from './hostCheck';
import { createRateLimiter } from './webchat/createRateLimiter';
import { SERVER_DEFAULTS } from './serverDefaults';
import {
  COMMON_HEADERS,
  PROBLEMS,
  sendEmpty,
  sendJson,
  sendProblem,
  type HttpProblem,
} from './httpResponses';
import { parseActivity } from './parseActivity';
import { readJsonBody } from './readJsonBody';
import { createTurnTracker, type TurnTracker } from './turnTracker';

/** What handles a turn: the bot's ActivityHandler (`bot.run`). */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface ServerDeps {
  readonly config: Pick<Config, 'MAX_BODY_BYTES'> &
    Partial<
      Pick<Config, 'ALLOWED_HOSTS' | 'MESSAGES_RATE_LIMIT_PER_MINUTE' | 'WEBCHAT_TRUST_PROXY'>
    >;
  /** Headers and body must arrive within this long (default SERVER_DEFAULTS.requestTimeoutMs). */
  readonly requestTimeoutMs?: number;
  /** Milliseconds since the epoch, for the rate limit (tests pass a fake clock). */
  readonly now?: () => number;
  readonly logger: Logger;
  readonly adapter: BotAdapter;
  readonly bot: TurnHandler;
  /** For /healthz: the knowledge the engine serves. */
  readonly engine: Pick<Engine, 'kb'>;
  readonly version: string;
  /** Requests in flight, for graceful shutdown; one is made when absent. */
  readonly turns?: TurnTracker;
}

function problemForRestifyError(error: Error & { statusCode?: unknown }): HttpProblem {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 404) return PROBLEMS.notFound();
  if (status === 405) return PROBLEMS.methodNotAllowed();
  if (status >= 500) return PROBLEMS.internal();
  return {
    status,
    code: error.name.replace(/Error$/, '') || 'BadRequest',
    message: 'The request could not be handled.',
    isConnectionClosed: false,
  };
}

/**
 * The HTTP server: POST /api/messages (Bot Framework protocol) and GET /healthz.
 * It does not listen; the caller adds any more routes (the web chat's) and calls
 * listen(), so tests run it on port 0.
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { adapter, bot, engine, version } = deps;
  const logger = deps.logger.child({ component: 'http' });
  const turns = deps.turns ?? createTurnTracker();
  const maxBytes = deps.config.MAX_BODY_BYTES;

  const isAnonymous = adapter.isAnonymous;
  const allowedHosts = deps.config.ALLOWED_HOSTS ?? [];
  const trustedProxyHops = deps.config.WEBCHAT_TRUST_PROXY ?? 0;
  const messagesPerMinute = deps.config.MESSAGES_RATE_LIMIT_PER_MINUTE ?? 120;
  const messagesLimiter = createRateLimiter({
    capacity: SERVER_DEFAULTS.messagesBurst,
    perMinute: Math.max(1, messagesPerMinute),
    maxKeys: SERVER_DEFAULTS.maxMessageClients,
    now: deps.now ?? Date.now,
  });

  const server = restify.createServer({
    name: '', // no Server header
    // restify 12 logs through pino; @types/restify still describes bunyan's Logger.
    log: logger as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
  });
  // Node's defaults let a slow client hold a request open for 300 s (checked every 30 s).
  const requestTimeoutMs = deps.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs;
  const http = server.server;
  http.requestTimeout = requestTimeoutMs;
  http.headersTimeout = requestTimeoutMs;
  http.keepAliveTimeout = SERVER_DEFAULTS.keepAliveTimeoutMs;
  (http as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(
    SERVER_DEFAULTS.connectionsCheckingIntervalMs,
    requestTimeoutMs,
  );

  server.pre((req, res, next) => {
    // Only what is right for every response; each route sets the rest (the web chat page its own CSP).
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    if (turns.isClosing) res.setHeader('Connection', 'close');
    // DNS rebinding: a page on another site reaching this machine carries its own name.
    if (
      (isAnonymous || allowedHosts.length > 0) &&
      !isAllowedHost(req.headers.host, allowedHosts)
    ) {
      logger.debug(
        { host: boundLogText(req.headers.host ?? '', 256) },
        'request for another host refused',
      );
      req.resume();
      sendProblem(res, PROBLEMS.hostNotAllowed());
      next(false);
      return;
    }
    next();
  });

  // Router errors (404, 405, malformed URLs) in the same JSON shape as ours, never echoing the path.
  server.on(
    'restifyError',
    (
      req: restify.Request,
      res: restify.Response,
      error: Error & { statusCode?: unknown },
      callback: () => void,
    ) => {
      if (!res.headersSent) sendProblem(res, problemForRestifyError(error));
      callback();
    },
  );

  // Errors of the listening socket after start-up (restify re-emits them): logged, never an uncaught 'error' event.
  server.on('error', (error: unknown) => {
    if (server.server.listening) logger.error({ err: error }, 'http server error');
  });

  server.on('after', (req: restify.Request, res: restify.Response) => {
    logger.debug(
      { method: req.method, path: boundLogText(req.path(), 256), status: res.statusCode },
      'request',
    );
  });

  const logic = async (context: TurnContext): Promise<void> => bot.run(context);

  const handleMessage = async (req: restify.Request, res: restify.Response): Promise<void> => {
    if (turns.isClosing) return sendProblem(res, PROBLEMS.stopping());
    if (isAnonymous && messagesPerMinute > 0) {
      // With credentials the Bot Framework vouches for every caller; without, anyone may call.
      const decision = messagesLimiter.take(clientKeyOf(req, trustedProxyHops));
      if (!decision.isAllowed) {
        req.resume();
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        return sendProblem(res, PROBLEMS.rateLimited(decision.retryAfterSeconds));
      }
    }
    const body = await readJsonBody(req, maxBytes);
    if (!body.ok) {
      logger.debug({ status: body.problem.status, code: body.problem.code }, 'rejected body');
      return sendProblem(res, body.problem);
    }
    const parsed = parseActivity(body.value);
    if (!parsed.ok) {
      logger.debug(
        { details: parsed.details.map((detail) => boundLogText(detail, 256)) },
        'rejected activity',
      );
      return sendProblem(res, PROBLEMS.invalidActivity(parsed.details));
    }
    const { activity } = parsed;
    // Only logged when something goes wrong: the hash is not worth computing on every turn.
    const context = (): Record<string, unknown> => ({
      type: boundLogText(activity.type, 64),
      channelId: boundLogText(activity.channelId, 64),
      conversation: hashConversationId(activity.conversation.id),
    });
    if (
      activity.serviceUrl !== undefined &&
      activity.deliveryMode !== 'expectReplies' &&
      !adapter.isServiceUrlAllowed(activity.serviceUrl)
    ) {
      logger.warn(context(), 'serviceUrl not allowed in anonymous mode');
      return sendProblem(res, PROBLEMS.serviceUrlNotAllowed());
    }
    const authorization = req.headers.authorization ?? '';
    const auth = await adapter.authenticate(activity, authorization);
    if (!auth.ok) {
      // One line, no stack: anyone on the internet can send these.
      const details = {
        ...context(),
        reason: boundLogText(auth.reason, 512),
        hasToken: authorization !== '',
      };
      if (auth.isUnavailable) {
        logger.warn(details, 'request refused: the signing keys could not be fetched');
        res.setHeader('Retry-After', String(SERVER_DEFAULTS.identityRetryAfterSeconds));
        return sendProblem(res, PROBLEMS.authenticationUnavailable());
      }
      logger.warn(details, 'unauthenticated request refused');
      return sendProblem(res, PROBLEMS.unauthorized());
    }
    const turn = await adapter.run(auth.auth, activity, logic).then(
      (invokeResponse) => ({ ok: true as const, invokeResponse }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (!turn.ok) {
      // adapter.onTurnError answers the user and logs; this is a failure it did not absorb.
      logger.error(
        { ...context(), err: summarizeError(turn.error) },
        "turn failed outside the bot's error handler",
      );
      return sendProblem(res, PROBLEMS.turnFailed());
    }
    const status = turn.invokeResponse?.status ?? 200;
    if (turn.invokeResponse?.body === undefined) sendEmpty(res, status);
    else sendJson(res, status, turn.invokeResponse.body);
  };

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await turns.track(async () => {
      try {
        await handleMessage(req, res);
      } catch (error) {
        // Nothing above should throw; if it does, the client still gets an answer and Node keeps running.
        logger.error({ err: summarizeError(error) }, 'unexpected error in /api/messages');
        if (!res.headersSent) sendProblem(res, PROBLEMS.internal());
      }
    });
  });

  server.get('/healthz', (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const knowledge = { profiles: engine.kb.profiles.length, topics: engine.kb.topics.length };
    if (turns.isClosing) sendJson(res, 503, { status: 'stopping', knowledge, version });
    else sendJson(res, 200, { status: 'ok', knowledge, version });
    next();
  });

  return server;
}
