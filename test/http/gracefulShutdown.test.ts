import { request as httpRequest } from 'node:http';
import { ActivityHandler } from 'botbuilder';
import type { Server } from 'restify';
import { sharedEngine } from '../fixtures/sharedEngine';
import { createSilentLogger } from '../../src/logger';
import { createBotAdapter } from '../../src/server/botAdapter';
import { createServer } from '../../src/server/createServer';
import {
  installShutdownHandlers,
  shutDownServer,
  type ShutdownOutcome,
} from '../../src/server/gracefulShutdown';
import { createTurnTracker, type TurnTracker } from '../../src/server/turnTracker';
import { messageActivity } from './support';

interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function defer<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A bot whose turn starts, says so, and waits for the test to let it finish. */
function createGatedBot(): { bot: ActivityHandler; started: Deferred; gate: Deferred } {
  const started = defer();
  const gate = defer();
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    started.resolve();
    await gate.promise;
    await context.sendActivity('finished');
    await next();
  });
  return { bot, started, gate };
}

/** One request on its own connection (no pool), so connection behaviour is the server's alone. */
function post(port: number, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function startGatedServer(
  bot: ActivityHandler,
): Promise<{ server: Server; turns: TurnTracker; port: number }> {
  const engine = sharedEngine();
  const turns = createTurnTracker();
  const server = createServer({
    config: { MAX_BODY_BYTES: 262_144 },
    logger: createSilentLogger(),
    adapter: createBotAdapter({ MicrosoftAppType: 'MultiTenant' }),
    bot,
    engine,
    version: 'test',
    turns,
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, turns, port: server.address().port };
}

describe('graceful shutdown', () => {
  test('a shutdown refuses new connections, waits for the turn in flight, and the turn still gets its answer', async () => {
    const { bot, started, gate } = createGatedBot();
    const { server, turns, port } = await startGatedServer(bot);
    const inFlight = post(
      port,
      messageActivity('hello', 'conv-drain', { deliveryMode: 'expectReplies' }),
    );
    await started.promise;

    const stopping = shutDownServer({
      server,
      turns,
      logger: createSilentLogger(),
      timeoutMs: 60_000,
    });

    expect(turns.isClosing).toBe(true);
    expect(turns.inFlight).toBe(1);
    await expect(post(port, messageActivity('too late', 'conv-late'))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    gate.resolve();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      activities: [expect.objectContaining({ text: 'finished' })],
    });
    await expect(stopping).resolves.toBe('drained');
    expect(server.server.listening).toBe(false);
  });

  test('a shutdown that runs out of time closes the turns still in flight', async () => {
    const { bot, started, gate } = createGatedBot();
    const { server, turns, port } = await startGatedServer(bot);
    const inFlight = post(
      port,
      messageActivity('hello', 'conv-stuck', { deliveryMode: 'expectReplies' }),
    );
    await started.promise;

    const outcome = await shutDownServer({
      server,
      turns,
      logger: createSilentLogger(),
      timeoutMs: 20,
    });

    expect(outcome).toBe('timed-out');
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
    gate.resolve();
  });

  test('the first signal stops gracefully and exits 0; a second one exits 1 at once', async () => {
    const stopped = defer<ShutdownOutcome>();
    const exits: number[] = [];
    const exited = defer();
    const uninstall = installShutdownHandlers({
      stop: () => stopped.promise,
      logger: createSilentLogger(),
      exit: (code) => {
        exits.push(code);
        if (exits.length === 2) exited.resolve();
      },
      signals: ['SIGUSR2'],
    });
    try {
      process.emit('SIGUSR2');
      process.emit('SIGUSR2');
      expect(exits).toEqual([1]);
      stopped.resolve('drained');
      await exited.promise;
      expect(exits).toEqual([1, 0]);
    } finally {
      uninstall();
    }
  });
});
