import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server as HttpServer,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { adversarialQuestions } from '../../src/cli/adversarialQuestions';
import { listenHosts, parseConfig } from '../../src/config';
import { pick, TEXTS } from '../../src/core/texts';
import { findProjectRoot } from '../../src/knowledge/readKnowledgeDir';
import { APP_ID, startFakeIdentityProvider } from '../fixtures/fakeIdentityProvider';
import {
  captureLogger,
  messageActivity,
  postJson,
  repliesOf,
  startApp,
  type RunningApp,
} from '../http/support';
import {
  send,
  startFakeConnector,
  startHardeningApp,
  startWebConversation,
  stringsOf,
  WEBCHAT_API,
  webRepliesOf,
} from './hardeningSupport';

/*
 * Issue 10: what an attack on loopback found, one block per finding, each against the
 * real app on port 0 (createApp). Every test here failed before its fix.
 */

interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A request with full control of the headers (fetch cannot set Host) and of the local address. */
function rawRequest(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    localAddress?: string;
  },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        path: options.path,
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        headers: {
          ...(options.body === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(options.body)),
              }),
          ...options.headers,
        },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end(options.body);
  });
}

/** A channel connector that records every request's method and path and answers as `answer` says. */
async function startRecordingChannel(
  answer: (
    path: string,
    count: number,
  ) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<{ serviceUrl: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(`${req.method ?? ''} ${req.url ?? ''}`);
      const { status, headers = {}, body = '' } = answer(req.url ?? '', paths.length);
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A line break or an escape sequence's start: what pino-pretty would print raw. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\n\r\u001b]/;

const accepted = { status: 200, body: JSON.stringify({ id: 'reply' }) };

describe('1. anonymous mode is for one machine', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp();
  });
  afterAll(async () => {
    await running.close();
  });

  test('a serviceUrl with a query string is refused with 400 and nothing is called', async () => {
    const channel = await startRecordingChannel(() => accepted);
    try {
      const answer = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', 'conv-query', {
          serviceUrl: `${channel.serviceUrl}internal/admin?x=`,
        }),
      );
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('serviceUrl');
      expect(channel.paths).toEqual([]);
    } finally {
      await channel.close();
    }
  });

  test.each(['..', '.', '%2e%2E'])(
    'a conversation id of "%s" is refused and no request leaves /v3/conversations/{id}',
    async (id) => {
      const channel = await startRecordingChannel(() => accepted);
      try {
        const answer = await postJson(
          `${running.baseUrl}/api/messages`,
          messageActivity('who is the mayor?', id, { serviceUrl: channel.serviceUrl }),
        );
        expect(answer.status).toBe(400);
        expect(channel.paths.filter((path) => !path.startsWith('POST /v3/conversations/'))).toEqual(
          [],
        );
      } finally {
        await channel.close();
      }
    },
  );

  test('a serviceUrl that is not on this machine gets 403 and is never called', async () => {
    const answer = await postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity('who is the mayor?', 'conv-remote', {
        serviceUrl: 'http://channel.example.test/',
      }),
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual(expect.objectContaining({ code: 'Forbidden' }));
    expect(answer.text).toContain('ALLOWED_SERVICE_URLS');
  });

  test('the same request with expectReplies is answered in the response (nothing is called)', async () => {
    const answer = await postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity('who is the mayor?', 'conv-remote-expect', {
        serviceUrl: 'http://channel.example.test/',
        deliveryMode: 'expectReplies',
      }),
    );
    expect(answer.status).toBe(200);
    expect(String(repliesOf(answer)[0]?.['text'])).toContain('Sheinbaum');
  });

  test('a channel that redirects is not followed: one request per reply', async () => {
    const channel = await startRecordingChannel((_path, count) => ({
      status: 307,
      headers: { Location: `/v3/conversations/loop-${count}/activities/x` },
    }));
    try {
      const answer = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', 'conv-redirect', { serviceUrl: channel.serviceUrl }),
      );
      expect(answer.status).toBe(200);
      expect(channel.paths).toHaveLength(1);
    } finally {
      await channel.close();
    }
  });

  test('a channel that answers 500 is tried twice at most (one retry)', async () => {
    const connector = await startFakeConnector('fail-500');
    try {
      const answer = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', 'conv-500', { serviceUrl: connector.serviceUrl }),
      );
      expect(answer.status).toBe(200);
      // The reply: first try and one retry; the turn then ends undelivered, without an apology.
      expect(connector.received).toBe(2);
    } finally {
      await connector.close();
    }
  });

  test('a loopback serviceUrl (the Emulator) still gets its reply', async () => {
    const connector = await startFakeConnector('accept');
    try {
      const answer = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', 'conv-emulator', {
          serviceUrl: connector.serviceUrl.replace('127.0.0.1', 'localhost'),
        }),
      );
      expect(answer.status).toBe(200);
      expect(connector.received).toBe(1);
    } finally {
      await connector.close();
    }
  });

  test.each([
    [{}, ['127.0.0.1', '::1'], false],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }, ['0.0.0.0'], false],
    [{ HOST: '0.0.0.0' }, ['0.0.0.0'], true],
  ])('with %j the server listens on %j', (env, hosts, isExplicit) => {
    const parsed = parseConfig(env);
    if (!parsed.ok) throw new Error('bad config');
    expect(listenHosts(parsed.config)).toEqual({ hosts, isExplicit });
  });

  describe('the composition root (dist/src/index.js)', () => {
    const root = findProjectRoot();
    const entry = join(root, 'dist', 'src', 'index.js');

    /** Starts the built server on a free port and returns its log lines up to "listening". */
    async function startAndRead(
      env: Record<string, string>,
    ): Promise<Array<Record<string, unknown>>> {
      if (!existsSync(entry)) throw new Error('dist/src/index.js is missing: run `npm run build`');
      const child = spawn(process.execPath, [entry], {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        return await new Promise((resolve, reject) => {
          let text = '';
          const timer = setTimeout(() => reject(new Error(`no start-up in time: ${text}`)), 20_000);
          child.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            const lines = text.split('\n').filter((line) => line.startsWith('{'));
            const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
            if (parsed.some((line) => /anonymous/.test(String(line['msg'])))) {
              clearTimeout(timer);
              resolve(parsed);
            }
          });
          child.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${text}`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
    }

    test('without credentials or HOST it listens on loopback only', async () => {
      const lines = await startAndRead({});
      const listening = lines.find((line) => String(line['msg']).startsWith('listening'));
      expect(listening?.['hosts']).toEqual(expect.arrayContaining(['127.0.0.1']));
      expect(listening?.['hosts']).not.toContain('0.0.0.0');
      expect(lines.some((line) => line['level'] === 40)).toBe(false);
    }, 30_000);

    test('with HOST set to every interface it warns that anyone can make it call URLs', async () => {
      const lines = await startAndRead({ HOST: '0.0.0.0' });
      const warning = lines.find((line) => line['level'] === 40);
      expect(String(warning?.['msg'])).toMatch(/anyone who can reach this port/);
    }, 30_000);
  });
});

describe('2. logs stay small and honest', () => {
  const captured = captureLogger('info');
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp({}, { logger: captured.logger });
  });
  afterAll(async () => {
    await running.close();
  });

  test("a channel's 5 MB error body, with a forged log line in it, is logged cut to about 1 KB and escaped", async () => {
    const forged = '\n{"level":30,"msg":"admin logged in"}\n';
    const channel = await startRecordingChannel(() => ({
      status: 400,
      body: `${'x'.repeat(1000)}${forged}${'y'.repeat(5 * 1024 * 1024)}`,
    }));
    const before = captured.raw.length;
    try {
      const answer = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', 'conv-5mb', { serviceUrl: channel.serviceUrl }),
      );
      expect(answer.status).toBe(200);
    } finally {
      await channel.close();
    }
    const lines = captured.raw.slice(before);
    expect(lines.length).toBeGreaterThan(0);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(16 * 1024);
    const values = captured.lines.slice(before).flatMap((line) => stringsOf(line));
    expect(values.filter((value) => CONTROL_CHARACTER.test(value))).toEqual([]);
  });

  test('the channel id and type a caller sends are bounded and escaped in the turn line', async () => {
    const channelId = `\u001b[31m${'c'.repeat(900)}\n{"level":50}`;
    const before = captured.lines.length;
    const answer = await postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity('who is the mayor?', 'conv-channel', {
        channelId,
        deliveryMode: 'expectReplies',
      }),
    );
    expect(answer.status).toBe(200);
    const turn = captured.lines.slice(before).find((line) => line['msg'] === 'turn');
    expect(String(turn?.['channelId']).length).toBeLessThan(120);
    expect(String(turn?.['channelId'])).not.toMatch(CONTROL_CHARACTER);
  });
});

describe('3. bounded work per question, over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp();
  });
  afterAll(async () => {
    await running.close();
  });

  test('a 500-character question of ligatures (3x longer once normalised) is declined as too long', async () => {
    const [, ligatures] = adversarialQuestions(2);
    const answer = await postJson(
      `${running.baseUrl}/api/messages`,
      messageActivity(String(ligatures), 'conv-ligatures', { deliveryMode: 'expectReplies' }),
    );
    expect(answer.status).toBe(200);
    expect(String(repliesOf(answer)[0]?.['text'])).toContain(pick(TEXTS.tooLongTitle, 'en'));
  });
});

describe('5. authentication is bounded', () => {
  test('a hanging identity provider gets 503 with Retry-After, and no socket is left open', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const hanging: HttpServer = createHttpServer(() => undefined); // never answers
    hanging.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const metadataUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/.well-known/openidconfiguration`;
    const identity = await startFakeIdentityProvider();
    const running = await startApp(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value' },
      {
        authOverrides: {
          ...identity.authOverrides,
          ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
        },
        identityFetchTimeoutMs: 300,
      },
    );
    try {
      const answers = await Promise.all(
        [1, 2, 3].map(async (i) =>
          send(`${running.baseUrl}/api/messages`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${identity.token({})}`,
            },
            body: JSON.stringify(
              messageActivity('who is the mayor?', `conv-hang-${i}`, {
                deliveryMode: 'expectReplies',
                serviceUrl: 'https://smba.example.test/',
              }),
            ),
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      // The three requests shared one fetch, and it was aborted.
      for (let i = 0; i < 100 && sockets.size > 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sockets.size).toBe(0);
    } finally {
      await running.close();
      await identity.close();
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});

describe('6. rate limits that hold', () => {
  test('/api/messages in anonymous mode answers a flood from one client with 429 and Retry-After', async () => {
    const running = await startApp({ MESSAGES_RATE_LIMIT_PER_MINUTE: '60' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      const started = Date.now();
      for (let i = 0; i < 50; i += 1) {
        const answer = await postJson(
          `${running.baseUrl}/api/messages`,
          messageActivity('hi', `conv-flood-${i}`, { deliveryMode: 'expectReplies' }),
        );
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
      }
      // A burst of 40, then one a second.
      const refilled = Math.ceil((Date.now() - started) / 1000);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(40 + refilled);
      expect(statuses).toContain(429);
      expect(retryAfter).toMatch(/^\d+$/);
    } finally {
      await running.close();
    }
  });

  describe('the web chat', () => {
    let running: RunningApp;
    const create = (headers: Record<string, string> = {}, localAddress?: string) =>
      rawRequest(running.baseUrl, {
        path: WEBCHAT_API,
        body: '{}',
        headers,
        ...(localAddress === undefined ? {} : { localAddress }),
      });

    afterEach(async () => {
      await running.close();
    });

    test('every loopback address (127.0.0.2 ... 127.0.0.6) shares one budget', async () => {
      running = await startApp({ WEBCHAT_RATE_LIMIT_PER_MINUTE: '1' });
      const statuses: number[] = [];
      // The burst is 20: 25 creations from five addresses cannot all pass.
      for (let i = 0; i < 25; i += 1)
        statuses.push((await create({}, `127.0.0.${2 + (i % 5)}`)).status);
      expect(statuses).toContain(429);
    });

    test('behind a trusted proxy, X-Forwarded-For entries with ports or rotating addresses of one IPv6 /64 share a budget', async () => {
      running = await startApp({ WEBCHAT_RATE_LIMIT_PER_MINUTE: '1', WEBCHAT_TRUST_PROXY: '1' });
      const withPorts: number[] = [];
      for (let i = 0; i < 25; i += 1)
        withPorts.push((await create({ 'x-forwarded-for': `203.0.113.5:${4000 + i}` })).status);
      expect(withPorts).toContain(429);
      const rotating: number[] = [];
      for (let i = 0; i < 25; i += 1)
        rotating.push(
          (await create({ 'x-forwarded-for': `2001:db8:1:2::${(i + 1).toString(16)}` })).status,
        );
      expect(rotating).toContain(429);
      // Another client is not held up by those two.
      expect((await create({ 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    });

    test('with two trusted proxies the client is the second entry from the right, whatever it puts before it', async () => {
      running = await startApp({ WEBCHAT_RATE_LIMIT_PER_MINUTE: '1', WEBCHAT_TRUST_PROXY: '2' });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i += 1)
        statuses.push(
          (await create({ 'x-forwarded-for': `10.9.9.${i}, 203.0.113.9, 10.0.0.1` })).status,
        );
      expect(statuses).toContain(429);
    });

    test("a creation flood from one client never evicts another client's live conversation", async () => {
      running = await startApp({
        WEBCHAT_RATE_LIMIT_PER_MINUTE: '100000',
        WEBCHAT_TRUST_PROXY: '1',
        WEBCHAT_CONVERSATIONS_PER_CLIENT: '3',
        STATE_MAX_CONVERSATIONS: '20',
      });
      const neighbour = await create({ 'x-forwarded-for': '198.51.100.20' });
      const { conversationId } = JSON.parse(neighbour.text) as { conversationId: string };
      for (let i = 0; i < 60; i += 1) await create({ 'x-forwarded-for': '203.0.113.66' });
      const answer = await rawRequest(running.baseUrl, {
        path: `${WEBCHAT_API}/${conversationId}/activities`,
        headers: { 'x-forwarded-for': '198.51.100.20' },
        body: JSON.stringify({ type: 'message', text: 'how is innovation funded?' }),
      });
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('funded');
    });
  });
});

describe('7. no links smuggled through replies', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp();
  });
  afterAll(async () => {
    await running.close();
  });

  test('"population of Evil-Site.Com" never repeats the address (markdown-it with linkify finds no link)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require('markdown-it') as (options: object) => { render(text: string): string };
    const markdown = factory({ html: false, linkify: true });
    for (const endpoint of ['bot', 'webchat'] as const) {
      let texts: string[];
      if (endpoint === 'bot') {
        const answer = await postJson(
          `${running.baseUrl}/api/messages`,
          messageActivity('population of Evil-Site.Com', `conv-link`, {
            deliveryMode: 'expectReplies',
          }),
        );
        texts = repliesOf(answer).flatMap((reply) => stringsOf(reply));
      } else {
        const id = await startWebConversation(running.baseUrl);
        const answer = await send(`${running.baseUrl}${WEBCHAT_API}/${id}/activities`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: 'population of Evil-Site.Com' }),
        });
        texts = webRepliesOf(answer).flatMap((reply) => stringsOf(reply));
      }
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text.toLowerCase()).not.toContain('evil-site');
        expect(markdown.render(text)).not.toMatch(/href="https?:\/\/evil/i);
      }
    }
  });
});

describe('8. bad bodies get 4xx', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp();
  });
  afterAll(async () => {
    await running.close();
  });

  test('5,000 levels in a web chat value (a 10 KB body) get 400 naming the limit', async () => {
    const id = await startWebConversation(running.baseUrl);
    const body = `{"type":"message","text":"hi","value":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const answer = await send(`${running.baseUrl}${WEBCHAT_API}/${id}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('64 levels');
  });

  test('40,000 levels in the recipient on /api/messages get 400 naming the limit', async () => {
    const body = `{"type":"message","channelId":"test","deliveryMode":"expectReplies","conversation":{"id":"c"},"from":{"id":"u"},"text":"hi","recipient":{"id":"b","x":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`;
    const answer = await send(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('64 levels');
  });
});

describe('9. the Host header is checked in anonymous mode', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startHardeningApp({ ALLOWED_HOSTS: 'bot.example.org' });
  });
  afterAll(async () => {
    await running.close();
  });

  test.each(['rebind.attacker.example', 'rebind.attacker.example:3978', '192.0.2.1'])(
    'Host: %s gets 421 on every route',
    async (host) => {
      for (const path of ['/healthz', '/', '/api/messages']) {
        const answer = await rawRequest(running.baseUrl, {
          path,
          headers: { host },
          ...(path === '/api/messages' ? { body: '{}' } : {}),
        });
        expect(answer.status).toBe(421);
      }
    },
  );

  test.each(['localhost:3978', '127.0.0.1', '[::1]:3978', 'bot.example.org'])(
    'Host: %s is served',
    async (host) => {
      expect(
        (await rawRequest(running.baseUrl, { path: '/healthz', headers: { host } })).status,
      ).toBe(200);
    },
  );
});

describe('10. timeouts', () => {
  test('a body that trickles in is cut off (408) once the request time is up', async () => {
    const running = await startApp({}, { requestTimeoutMs: 400 });
    try {
      const { port } = new URL(running.baseUrl);
      const started = Date.now();
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            'POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":',
          );
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.once('close', () => resolve(text.split('\r\n')[0] ?? ''));
        setTimeout(() => {
          socket.destroy();
          resolve('still open');
        }, 8000);
      });
      expect(outcome).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(running.app.server.server.keepAliveTimeout).toBeLessThanOrEqual(5000);
    } finally {
      await running.close();
    }
  });
});
