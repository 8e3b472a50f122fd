import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pick, TEXTS } from '../../src/core/texts';
import type { AppOptions } from '../../src/createApp';
import {
  messageActivity,
  postJson,
  repliesOf,
  request,
  startApp,
  type HttpAnswer,
  type RunningApp,
} from '../http/support';

/** Every request in these tests gives up after this long: a hang fails the test instead of stalling it. */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The real app (createApp) on 127.0.0.1 and port 0. The rate limits (web chat, and
 * /api/messages in anonymous mode) are raised so that a long table of bad requests from
 * one address is not answered 429; their own tests are in test/http and test/hardening/attacks.
 */
export async function startHardeningApp(
  env: Record<string, string> = {},
  options: Partial<AppOptions> = {},
): Promise<RunningApp> {
  return startApp(
    { WEBCHAT_RATE_LIMIT_PER_MINUTE: '100000', MESSAGES_RATE_LIMIT_PER_MINUTE: '0', ...env },
    options,
  );
}

/** A request that cannot hang the test. */
export async function send(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  return request(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

export const WEBCHAT_API = '/api/webchat/conversations';

/** Starts a web chat conversation and returns its id. */
export async function startWebConversation(baseUrl: string, locale = 'en-US'): Promise<string> {
  const answer = await send(`${baseUrl}${WEBCHAT_API}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ locale }),
  });
  const body = answer.json;
  if (
    answer.status !== 201 ||
    typeof body !== 'object' ||
    body === null ||
    !('conversationId' in body) ||
    typeof body.conversationId !== 'string'
  ) {
    throw new Error(
      `could not start a web chat conversation: ${answer.status} ${answer.text.slice(0, 200)}`,
    );
  }
  return body.conversationId;
}

/** The activities of a web chat answer: the echo of the person's message first, then the bot's replies. */
export function webActivitiesOf(answer: HttpAnswer): Array<Record<string, unknown>> {
  const body = answer.json;
  if (
    typeof body !== 'object' ||
    body === null ||
    !('activities' in body) ||
    !Array.isArray(body.activities)
  ) {
    throw new Error(`not a web chat answer: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  return body.activities as Array<Record<string, unknown>>;
}

/** The bot's messages in a web chat answer (without the echo). */
export function webRepliesOf(answer: HttpAnswer): Array<Record<string, unknown>> {
  return webActivitiesOf(answer).filter(
    (a) =>
      typeof a['from'] === 'object' &&
      a['from'] !== null &&
      Reflect.get(a['from'], 'role') === 'bot',
  );
}

/** The two apologies a failed turn may give; a polite answer to odd input is never one of them. */
export const APOLOGIES: readonly string[] = [
  pick(TEXTS.error, 'en'),
  pick(TEXTS.error, 'es'),
  pick(TEXTS.unavailable, 'en'),
  pick(TEXTS.unavailable, 'es'),
];

let probe = 0;

/** Fails unless the server still answers a real question on both endpoints. */
export async function expectStillServing(running: RunningApp): Promise<void> {
  probe += 1;
  const bot = await postJson(
    `${running.baseUrl}/api/messages`,
    messageActivity('who is the mayor?', `probe-${probe}`, { deliveryMode: 'expectReplies' }),
  );
  if (bot.status !== 200)
    throw new Error(`/api/messages stopped answering: ${bot.status} ${bot.text.slice(0, 200)}`);
  const [reply] = repliesOf(bot);
  if (typeof reply?.['text'] !== 'string' || !reply['text'].includes('Sheinbaum'))
    throw new Error(`/api/messages answered oddly: ${bot.text.slice(0, 200)}`);
  const health = await send(`${running.baseUrl}/healthz`);
  if (health.status !== 200) throw new Error(`/healthz stopped answering: ${health.status}`);
}

/** How a fake channel connector behaves when the bot posts a reply. */
export type ChannelBehaviour = 'accept' | 'fail-500' | 'slow';

/** How long a 'slow' connector takes to accept a reply. */
export const SLOW_CHANNEL_MS = 10_000;

/**
 * A Bot Framework channel's connector on 127.0.0.1: counts the replies posted to it and
 * answers each one as told (200 with an id, 500, or 200 after SLOW_CHANNEL_MS).
 * `refusingUrl` is an address where nothing listens (connection refused).
 */
export interface FakeConnector {
  readonly serviceUrl: string;
  behaviour: ChannelBehaviour;
  readonly received: number;
  /** Resolves when the connector has received `count` replies in all. */
  waitForReplies(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeConnector(behaviour: ChannelBehaviour): Promise<FakeConnector> {
  let received = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: HttpServer = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      for (const waiter of waiters.filter((w) => received >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (connector.behaviour === 'accept') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${received}` }));
      } else if (connector.behaviour === 'fail-500') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: 'ServiceError', message: 'the fake channel failed' } }),
        );
      } else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (res.destroyed) return;
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${received}` }));
        }, SLOW_CHANNEL_MS);
        timers.add(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const connector: FakeConnector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    behaviour,
    get received() {
      return received;
    },
    waitForReplies: (count) =>
      new Promise<void>((resolve) => {
        if (received >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return connector;
}

/** A loopback address where nothing listens: connecting to it is refused at once. */
export async function refusingUrl(): Promise<string> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** Every string in a JSON value (a card, an activity), depth first. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The texts of every TextBlock in an activity's Adaptive Cards (what the card renders as markdown). */
export function cardTextBlocks(activity: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      if (
        Reflect.get(node, 'type') === 'TextBlock' &&
        typeof Reflect.get(node, 'text') === 'string'
      )
        out.push(String(Reflect.get(node, 'text')));
      Object.values(node).forEach(visit);
    }
  };
  visit(activity['attachments']);
  return out;
}
