/**
 * `npm run bench:scale`: one bot instance against two, sharing one Redis, in one run.
 *
 * Starts redis-server (no persistence) on a free loopback port and the real server
 * (dist/src/index.js) as child processes with STATE_STORE=redis, then drives them with
 * autocannon over loopback: each connection plays conversations of three turns
 * ("how is innovation funded?", "what about the sources?", "tell me more") with
 * expectReplies, a new conversation id each time, so every turn reads and writes its
 * conversation in Redis. Same load, same duration, first on one instance, then spread
 * over two. Prints throughput and latency percentiles, then stops everything.
 *
 * Instances are separate processes, not two servers in this process: in one process
 * they would share one event loop and one core, and "two instances" would measure
 * nothing. On a small machine the load generator, Redis and the instances share the
 * cores; the printout says how many there are.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../src/knowledge/readKnowledgeDir';
import {
  createChildGroup,
  findFreePort,
  isHealthy,
  loadAutocannon,
  resultSchema,
  runBench,
  sleep,
  type AutocannonRequest,
  type LoadResult,
} from './benchSupport';

const BENCH = Object.freeze({
  connections: 16,
  warmupSeconds: 3,
  durationSeconds: 10,
  requestTimeoutSeconds: 10,
  readyTimeoutMs: 20_000,
  stopTimeoutMs: 5_000,
});

const TURNS = ['how is innovation funded?', 'what about the sources?', 'tell me more'] as const;

// ---- processes

const processes = createChildGroup(BENCH.stopTimeoutMs);

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + BENCH.readyTimeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function startRedis(): Promise<{ url: string; version: string; child: ChildProcess }> {
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0)
    throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
  const port = await findFreePort();
  const { child } = processes.start('redis-server', 'redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--loglevel',
    'warning',
    '--dir',
    tmpdir(),
  ]);
  await waitUntil('redis-server', async () => child.exitCode === null && (await canConnect(port)));
  return {
    url: `redis://127.0.0.1:${port}`,
    version: /v=(\S+)/.exec(version.stdout)?.[1] ?? 'unknown',
    child,
  };
}

async function canConnect(port: number): Promise<boolean> {
  return await new Promise<boolean>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function startInstance(
  root: string,
  redisUrl: string,
  keyPrefix: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await findFreePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // All the load comes from one loopback client: anonymous mode's per-client limit would answer 429.
    MESSAGES_RATE_LIMIT_PER_MINUTE: '0',
    STATE_STORE: 'redis',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    STATE_TTL_SECONDS: '600',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
  };
  const { child } = processes.start(
    `instance on port ${port}`,
    process.execPath,
    [join(root, 'dist', 'src', 'index.js')],
    env,
  );
  await waitUntil(`the instance on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`the instance on port ${port} exited at start-up`);
    return await isHealthy(port);
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// ---- where the cores go (Linux /proc; left out elsewhere)

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (user + system), or null when unknown. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime] = [Number(fields[11]), Number(fields[12])];
    return Number.isFinite(utime) && Number.isFinite(stime)
      ? (utime + stime) / CLOCK_TICKS_PER_SECOND
      : null;
  } catch {
    return null;
  }
}

interface Meter {
  readonly name: string;
  readonly seconds: () => number | null;
}

/** Runs `work` and returns, per meter, the share of one core it used meanwhile (1 = a whole core). */
async function measureCpu<T>(
  meters: readonly Meter[],
  work: () => Promise<T>,
): Promise<{ value: T; cores: Map<string, number> }> {
  const before = meters.map((m) => m.seconds());
  const started = process.hrtime.bigint();
  const value = await work();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cores = new Map<string, number>();
  meters.forEach((meter, i) => {
    const [start, end] = [before[i], meter.seconds()];
    if (start !== null && start !== undefined && end !== null)
      cores.set(meter.name, (end - start) / elapsed);
  });
  return { value, cores };
}

/** All cores' idle and total time so far, in clock ticks (Linux /proc/stat), or null when unknown. */
function sampleMachine(): { idle: number; total: number } | null {
  try {
    // The first line adds up all cores: user nice system idle iowait irq softirq steal ...
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const [idle = 0, iowait = 0] = [fields[3], fields[4]];
    return { idle: idle + iowait, total: fields.reduce((sum, value) => sum + value, 0) };
  } catch {
    return null;
  }
}

/** CPU time every process on the machine used, ours included. */
const MACHINE = 'whole machine';
const machineMeter: Meter = {
  name: MACHINE,
  seconds: () => {
    const sample = sampleMachine();
    return sample ? (sample.total - sample.idle) / CLOCK_TICKS_PER_SECOND : null;
  },
};

/** Share of all cores left idle over the next ms, or null when unknown. */
async function measureIdleShare(ms: number): Promise<number | null> {
  const sample = sampleMachine;
  const before = sample();
  await sleep(ms);
  const after = sample();
  if (!before || !after || after.total <= before.total) return null;
  return (after.idle - before.idle) / (after.total - before.total);
}

const selfMeter: Meter = {
  name: 'load generator',
  seconds: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  },
};

const processMeter = (name: string, child: ChildProcess): Meter => ({
  name,
  seconds: () => cpuSecondsOf(child.pid),
});

// ---- load

let conversationCount = 0;

function conversationRequests(): AutocannonRequest[] {
  return TURNS.map((text, turn) => ({
    method: 'POST',
    path: '/api/messages',
    setupRequest: (request, context) => {
      // The context is reset when a connection starts over at the first turn: a new conversation.
      if (turn === 0 || typeof context.conversation !== 'string')
        context.conversation = `bench-${(conversationCount += 1)}-${randomUUID().slice(0, 8)}`;
      const activity = {
        type: 'message',
        id: randomUUID(),
        channelId: 'bench',
        serviceUrl: 'http://127.0.0.1:9/',
        deliveryMode: 'expectReplies',
        conversation: { id: context.conversation },
        from: { id: 'bench-user' },
        recipient: { id: 'bot' },
        locale: 'en-US',
        text,
      };
      return { ...request, body: JSON.stringify(activity) };
    },
  }));
}

async function drive(urls: string[], seconds: number): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  const raw = await autocannon({
    url: urls,
    connections: BENCH.connections,
    duration: seconds,
    timeout: BENCH.requestTimeoutSeconds,
    headers: { 'content-type': 'application/json' },
    requests: conversationRequests(),
    // Every one of the three answers is about Mexico City's funding; an apology is not.
    verifyBody: (body) => body.includes('"activities"') && body.includes('Mexico City'),
  });
  return resultSchema.parse(raw);
}

interface Row {
  readonly instances: number;
  readonly result: LoadResult;
  readonly cores: Map<string, number>;
}

function printRows(rows: readonly Row[]): void {
  const line = (cells: Array<string | number>): string =>
    cells.map((c, i) => String(c).padStart(i === 0 ? 9 : 11)).join(' ');
  process.stdout.write(
    `${line(['instances', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'errors', 'non-2xx', 'wrong'])}\n`,
  );
  for (const { instances, result: r } of rows) {
    process.stdout.write(
      `${line([instances, r.requests.average.toFixed(0), r.latency.p50, r.latency.p99, r.latency.average.toFixed(1), r.requests.total, r.errors + r.timeouts, r.non2xx, r.mismatches])}\n`,
    );
  }
  process.stdout.write(
    '\nCPU used during each run, in cores (this machine has ' + cpus().length + '):\n',
  );
  for (const { instances, cores } of rows) {
    const machine = cores.get(MACHINE);
    const ours = [...cores].filter(([name]) => name !== MACHINE);
    const parts = ours.map(([name, share]) => `${name} ${share.toFixed(2)}`);
    // Other people's processes on a shared machine take cores from the run: say how much.
    if (machine !== undefined)
      parts.push(
        `other processes ${Math.max(0, machine - ours.reduce((sum, [, share]) => sum + share, 0)).toFixed(2)}`,
      );
    process.stdout.write(
      `  ${instances} instance${instances === 1 ? '' : 's'}: ${parts.join(', ')}\n`,
    );
  }
  const [one, two] = rows;
  if (one && two && one.result.requests.average > 0) {
    process.stdout.write(
      `\ntwo instances / one: x${(two.result.requests.average / one.result.requests.average).toFixed(2)} throughput, p99 ${one.result.latency.p99} -> ${two.result.latency.p99} ms\n`,
    );
  }
}

async function main(): Promise<number> {
  const root = findProjectRoot(__dirname);
  if (!existsSync(join(root, 'dist', 'src', 'index.js')))
    throw new Error(
      'dist/src/index.js is missing: run `npm run build` first (npm run bench:scale does)',
    );
  const cores = cpus().length;
  process.stdout.write(
    `bench:scale: ${cores} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `${BENCH.connections} connections, ${BENCH.durationSeconds} s per run after ${BENCH.warmupSeconds} s of warm-up; ` +
      `conversations of ${TURNS.length} turns, expectReplies, loopback only\n`,
  );
  const idle = await measureIdleShare(1000);
  if (idle !== null && idle < 0.8)
    process.stdout.write(
      `note: the machine was only ${(idle * 100).toFixed(0)}% idle before the run; the figures will be low and noisy\n`,
    );
  const redis = await startRedis();
  process.stdout.write(`redis-server ${redis.version} on ${redis.url} (no persistence)\n\n`);
  const keyPrefix = `bench-${randomUUID().slice(0, 8)}:`;
  const rows: Row[] = [];
  const redisMeter = processMeter('redis', redis.child);

  const first = await startInstance(root, redis.url, keyPrefix);
  const oneMeters = [processMeter('instance 1', first.child), redisMeter, selfMeter, machineMeter];
  await drive([first.url], BENCH.warmupSeconds);
  const one = await measureCpu(
    oneMeters,
    async () => await drive([first.url], BENCH.durationSeconds),
  );
  rows.push({ instances: 1, result: one.value, cores: one.cores });

  const second = await startInstance(root, redis.url, keyPrefix);
  const twoMeters = [
    processMeter('instance 1', first.child),
    processMeter('instance 2', second.child),
    redisMeter,
    selfMeter,
    machineMeter,
  ];
  await drive([first.url, second.url], BENCH.warmupSeconds);
  const two = await measureCpu(
    twoMeters,
    async () => await drive([first.url, second.url], BENCH.durationSeconds),
  );
  rows.push({ instances: 2, result: two.value, cores: two.cores });

  printRows(rows);
  const failed = rows.some(({ result: r }) => r.errors + r.timeouts + r.non2xx + r.mismatches > 0);
  if (failed)
    process.stdout.write('\nSome requests failed or got a wrong answer (see the columns above).\n');
  return failed ? 1 : 0;
}

runBench('bench:scale', main, processes);
