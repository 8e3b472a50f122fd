import { expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'restify';
import { createBot, hashConversationId } from '../../src/bot/createBot';
import type { Engine } from '../../src/core/engine';
import { pick, TEXTS } from '../../src/core/texts';
import { sharedEngine } from '../fixtures/sharedEngine';
import { findProjectRoot } from '../../src/knowledge/readKnowledgeDir';
import { createBotAdapter } from '../../src/server/botAdapter';
import { createServer } from '../../src/server/createServer';
import { createTurnTracker } from '../../src/server/turnTracker';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import {
  captureLogger,
  messageActivity,
  postJson,
  repliesOf,
  type HttpAnswer,
  type RunningApp,
} from '../http/support';
import {
  refusingUrl,
  startFakeConnector,
  startHardeningApp,
  type FakeConnector,
} from './hardeningSupport';

const engine = sharedEngine();

// ---- A failure inside a turn -----------------------------------------------------------

const MARKER = 'please fail now 💥';

/** The real engine, except that the marker question makes it throw (a bug in the core, say). */
const failingEngine: Engine = {
  ...engine,
  respond: (message, state) => {
    if (message === MARKER) throw new Error('injected failure in the engine');
    return engine.respond(message, state);
  },
};

describe('a failure inside a turn', () => {
  const captured = captureLogger('info');
  const storage = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // The app as createApp builds it, with the failing engine in the bot.
    const { bot, adapterErrorHandler } = createBot({
      engine: failingEngine,
      storage,
      logger: captured.logger.child({ component: 'bot' }),
    });
    const adapter = createBotAdapter({ MicrosoftAppType: 'MultiTenant' });
    adapter.onTurnError = adapterErrorHandler;
    server = createServer({
      config: { MAX_BODY_BYTES: 262_144 },
      logger: captured.logger,
      adapter,
      bot,
      engine,
      version: 'test',
      turns: createTurnTracker(),
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
  });

  const ask = async (
    text: string,
    conversation: string,
    locale: string,
  ): Promise<Array<Record<string, unknown>>> =>
    repliesOf(
      await postJson(
        `${baseUrl}/api/messages`,
        messageActivity(text, conversation, { deliveryMode: 'expectReplies', locale }),
      ),
    );

  test.each([
    [
      'English',
      'en-US',
      'how is innovation funded in Mexico City?',
      'what about the sources?',
      'en',
    ],
    [
      'Spanish',
      'es-MX',
      '¿Cómo se financia la innovación en la Ciudad de México?',
      '¿y las fuentes?',
      'es',
    ],
  ] as const)(
    'in %s gets one short apology in that language, is logged once with context and no text, and the conversation goes on from before it',
    async (_language, locale, first, followUp, language) => {
      const conversation = `fault-${language}-conversation`;
      await ask(first, conversation, locale);
      const before = captured.lines.length;

      const failed = await ask(MARKER, conversation, locale);
      const lines = captured.lines.slice(before);
      const next = await ask(followUp, conversation, locale);

      expect(failed).toHaveLength(1);
      expect(failed[0]?.['text']).toBe(pick(TEXTS.error, language));
      expect(String(failed[0]?.['text']).length).toBeLessThan(80);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 50,
        msg: 'turn failed',
        conversation: hashConversationId(conversation),
        channelId: 'test',
        outcome: 'failed',
        isApologySent: true,
        err: { message: expect.stringContaining('injected failure in the engine') },
      });
      expect(lines[0]).not.toHaveProperty('text');
      expect(JSON.stringify(lines[0])).not.toContain(conversation);
      expect(JSON.stringify(lines[0])).not.toContain('fail now');
      const expected = engine.respond(followUp, engine.respond(first).state).answer;
      expect(next[0]?.['text']).toBe(expected.text);
      expect(expected.topic).toBe('funding.sources');
    },
  );
});

// ---- A channel that is down or slow -------------------------------------------------------

// `sleep` (node:timers/promises) stays on the real clock when jest fakes the global timers.

/** Resolves once `condition` holds (checked every few real milliseconds; the test's timeout bounds it). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

/**
 * Runs the fake clock forward one timer at a time (the SDK's retry back-off, the channel
 * timeout), with a few real milliseconds between for the sockets, until `isDone()`.
 */
async function advanceClockUntil(isDone: () => boolean): Promise<void> {
  for (let step = 0; step < 100; step += 1) {
    await sleep(10);
    if (isDone()) return;
    await jest.advanceTimersToNextTimerAsync();
  }
  throw new Error('still not done after 100 timers');
}

describe('a channel connector that refuses, fails or is slow', () => {
  const captured = captureLogger('info');
  let running: RunningApp;
  const connectors: FakeConnector[] = [];
  /** Shorter than the slow channel, so the test sees the bot give up on it. */
  const CHANNEL_TIMEOUT_MS = 3_000;

  beforeAll(async () => {
    running = await startHardeningApp(
      {},
      { logger: captured.logger, channelTimeoutMs: CHANNEL_TIMEOUT_MS },
    );
  });

  // The channel timeout and the SDK's retry back-off (1 s, 2 s, 4 s, jittered) run on
  // the global timers: a fake clock lets them pass at once, and keeps a stuck turn stuck
  // for exactly as long as the test needs. Date and the event loop stay real.
  beforeEach(() => {
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
      ],
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  afterAll(async () => {
    await running.close();
    await Promise.all(connectors.map((c) => c.close()));
  });

  const channelFor = async (
    kind: 'refuses' | 'fails-500' | 'slow',
  ): Promise<{ serviceUrl: string; connector: FakeConnector | null }> => {
    if (kind === 'refuses') return { serviceUrl: await refusingUrl(), connector: null };
    const connector = await startFakeConnector(kind === 'fails-500' ? 'fail-500' : 'slow');
    connectors.push(connector);
    return { serviceUrl: connector.serviceUrl, connector };
  };

  test.each(['refuses', 'fails-500', 'slow'] as const)(
    'that %s does not hold up other conversations, is logged once as undelivered, and leaves nothing in flight',
    async (kind) => {
      const { serviceUrl, connector } = await channelFor(kind);
      const conversation = `channel-${kind}`;
      const before = captured.lines.length;
      let isStuckSettled = false;

      const stuck = postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', conversation, { serviceUrl }),
      ).finally(() => {
        isStuckSettled = true;
      });
      if (connector) await connector.waitForReplies(1);
      await waitUntil(() => running.app.turns.inFlight === 1);
      const other = await postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('what is the population?', `${conversation}-other`, {
          deliveryMode: 'expectReplies',
        }),
      );

      expect(isStuckSettled).toBe(false);
      expect(running.app.turns.inFlight).toBe(1);
      expect(other.status).toBe(200);
      expect(repliesOf(other)[0]?.['text']).toContain('9,209,944');
      await advanceClockUntil(() => isStuckSettled);
      const answer: HttpAnswer = await stuck;
      expect(answer.status).toBe(200);
      expect(running.app.turns.inFlight).toBe(0);
      const lines = captured.lines
        .slice(before)
        .filter((line) => line['conversation'] === hashConversationId(conversation));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 50,
        outcome: 'undelivered',
        msg: 'turn failed: the channel did not take the reply',
        err: { message: expect.stringContaining('could not deliver the reply to the channel') },
      });
      // No apology was sent after the reply: it would only have failed the same way.
      if (kind === 'slow') expect(connector?.received).toBe(1);
    },
    30_000,
  );

  test('many conversations stuck on a slow channel are all let go: nothing in flight, nothing stored for their failed turns', async () => {
    const { serviceUrl, connector } = await channelFor('slow');
    const storage = running.app.store.storage;
    if (!(storage instanceof BoundedMemoryStorage)) throw new Error('expected the memory store');
    const storedBefore = storage.countItems();
    const count = 25;

    const stuck = Array.from({ length: count }, (_, i) =>
      postJson(
        `${running.baseUrl}/api/messages`,
        messageActivity('who is the mayor?', `stuck-${i}`, { serviceUrl }),
      ),
    );
    await connector?.waitForReplies(count);
    const inFlightWhileStuck = running.app.turns.inFlight;
    let settled = 0;
    for (const request of stuck) void request.finally(() => (settled += 1));
    await advanceClockUntil(() => settled === count);
    const answers = await Promise.all(stuck);

    expect(inFlightWhileStuck).toBe(count);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: count }, () => 200));
    expect(running.app.turns.inFlight).toBe(0);
    expect(storage.countItems()).toBe(storedBefore);
  }, 30_000);
});

// ---- Invalid knowledge at start-up -----------------------------------------------------

/** Resolves true when something accepts a connection on the port. */
async function isListening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('start-up with a knowledge file made invalid', () => {
  const root = findProjectRoot();
  const entry = join(root, 'dist', 'src', 'index.js');
  let dir: string;

  beforeAll(() => {
    if (!existsSync(entry))
      throw new Error('dist/src/index.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'broken-knowledge-'));
    cpSync(join(root, 'knowledge'), dir, { recursive: true });
    const city = join(dir, 'cities', 'mexico-city.yaml');
    writeFileSync(
      city,
      readFileSync(city, 'utf8')
        .replace(
          'value: 9209944, unit: inhabitants, year: 2020',
          'value: 9209944, unit: inhabitants, year: twenty-twenty',
        )
        .replace(
          '    citation: { year: 2020, section: Mayor }',
          '    citaton: { year: 2020, section: Mayor }',
        ),
    );
    const topics = join(dir, 'topics.yaml');
    writeFileSync(
      topics,
      readFileSync(topics, 'utf8').replace('    kind: profile', '    kind: profle'),
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('exits 1 with every issue listed, no stack trace, and nothing listening', async () => {
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        KNOWLEDGE_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    );

    expect(code).toBe(1);
    expect(stderr).toContain('(3 problems)');
    expect(stderr).toMatch(
      /cities\/mexico-city\.yaml > facts\[0\] \(id "mayor"\)\s+expected only known keys, found unknown key "citaton"/,
    );
    expect(stderr).toMatch(
      /figures\[0\]\.year\s+expected a year between 1900 and 2100, found "twenty-twenty"/,
    );
    expect(stderr).toMatch(
      /topics\.yaml > topics\[0\] \(id "city\.overview"\) > kind\s+expected one of .*found "profle"/,
    );
    expect(stderr).toContain('Not starting');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toMatch(/listening/);
    expect(await isListening(port)).toBe(false);
  }, 30_000);
});
