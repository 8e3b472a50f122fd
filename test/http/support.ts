import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type Server as HttpServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parseConfig, type Config } from '../../src/config';
import { createApp, type App, type AppOptions } from '../../src/createApp';
import { createLogger, type Logger } from '../../src/logger';

/** The real app (knowledge, bot, state, adapter, server) listening on 127.0.0.1 on a free port. */
export interface RunningApp {
  readonly app: App;
  readonly config: Config;
  readonly baseUrl: string;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  const result = parseConfig({ LOG_LEVEL: 'silent', ...env });
  if (!result.ok) throw new Error(`bad test config: ${JSON.stringify(result.issues)}`);
  return result.config;
}

export async function startApp(
  env: Record<string, string> = {},
  options: Partial<AppOptions> = {},
): Promise<RunningApp> {
  const config = testConfig(env);
  const created = await createApp(config, {
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...options,
  });
  if (!created.ok) throw new Error(created.message);
  const { app } = created;
  await new Promise<void>((resolve) => {
    app.server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = app.server.address();
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.stop();
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

let nextId = 1;

/** A message activity as a channel sends it. */
export function messageActivity(
  text: string,
  conversationId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  nextId += 1;
  return {
    type: 'message',
    id: `activity-${nextId}`,
    timestamp: '2026-01-01T00:00:00.000Z',
    channelId: 'test',
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'Test user' },
    recipient: { id: 'bot-1', name: 'City profile bot' },
    locale: 'en-US',
    text,
    ...extra,
  };
}

/** What the fake channel received: the path and the activity the bot posted. */
export interface ReceivedReply {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A Bot Framework channel's connector, reduced to receiving replies: every POST is recorded and answered with an id. */
export interface FakeChannel {
  readonly serviceUrl: string;
  readonly received: ReceivedReply[];
  close(): Promise<void>;
}

export async function startFakeChannel(): Promise<FakeChannel> {
  const received: ReceivedReply[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A logger whose lines can be read back, parsed. */
export function captureLogger(level: 'debug' | 'info' | 'warn' = 'debug'): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  raw: string[];
} {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines, raw };
}

/** The activities of an expectReplies answer. */
export function repliesOf(answer: HttpAnswer): Array<Record<string, unknown>> {
  const body = answer.json;
  if (
    typeof body !== 'object' ||
    body === null ||
    !('activities' in body) ||
    !Array.isArray(body.activities)
  ) {
    throw new Error(`not an expectReplies answer: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  return body.activities as Array<Record<string, unknown>>;
}
