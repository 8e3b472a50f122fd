/**
 * `npm run bench:http`: what the bot costs over HTTP, against two baselines, in one run.
 *
 *   (a) a bare restify endpoint that parses the JSON body and answers: the ceiling;
 *   (b) a botbuilder echo bot (CloudAdapter, expectReplies): the framework's own cost;
 *   (c) our bot (dist/src/index.js, defaults, LOG_LEVEL info) answering a mix of the real
 *       evaluation questions (test/eval/questions.txt) with expectReplies, every request
 *       from a new conversation;
 *   then a soak of SOAK_TURNS turns, each from a new conversation, printing the bot's
 *   RSS every SOAK_SAMPLE_EVERY turns: the memory store keeps at most
 *   STATE_MAX_CONVERSATIONS (10,000) conversations, so memory must level off.
 *
 * Every server runs in its own child process (`node dist/scripts/benchHttp.js --serve
 * bare|echo`, or the real dist/src/index.js), so autocannon, in this process, does not
 * share their event loop. Loopback only; bounded durations and counts. `--profile`
 * starts our bot with --cpu-prof and prints where the profile went.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
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
  connections: 10,
  warmupSeconds: 3,
  durationSeconds: 10,
  requestTimeoutSeconds: 10,
  soakTurns: 100_000,
  soakSampleEvery: 10_000,
  readyTimeoutMs: 20_000,
  stopTimeoutMs: 5_000,
});

const TARGETS = Object.freeze({
  /** Our bot's throughput as a share of the echo bot's. */
  minShareOfEcho: 0.7,
  maxP99Ms: 25,
  /** RSS over the soak's second half may grow by at most this share. */
  maxSecondHalfGrowth: 0.05,
});

// ---- The two baseline servers, run as children of this script ------------------------

async function serveBare(port: number): Promise<void> {
  const restify = await import('restify');
  const server = restify.createServer({ name: '', handleUncaughtExceptions: false });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.post('/api/messages', (req, res, next) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const activity: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const text: unknown =
        typeof activity === 'object' && activity !== null
          ? Reflect.get(activity, 'text')
          : undefined;
      res.send(200, { activities: [{ type: 'message', text: `echo: ${String(text)}` }] });
      next();
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', resolve);
  });
}

async function serveEcho(port: number): Promise<void> {
  const restify = await import('restify');
  const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } =
    await import('botbuilder');
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer({ name: '', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  // The SDK samples' way: bodyParser, then CloudAdapter.process.
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', resolve);
  });
}

// ---- Processes ---------------------------------------------------------------------

const processes = createChildGroup(BENCH.stopTimeoutMs);

interface Server {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<Server> {
  const { child, errors } = processes.start(name, process.execPath, args, env);
  const deadline = Date.now() + BENCH.readyTimeoutMs;
  while (!(await isHealthy(port))) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start-up:\n${errors()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}`);
    await sleep(100);
  }
  return { name, url: `http://127.0.0.1:${port}`, child };
}

/** Resident memory of a process in MB (Linux /proc), or NaN elsewhere. */
function rssMb(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

// ---- Load ----------------------------------------------------------------------------

function readQuestions(root: string): string[] {
  return readFileSync(join(root, 'test', 'eval', 'questions.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(' :: '))
    .map((line) => line.slice(line.indexOf(' :: ') + 4).trim());
}

let requestCount = 0;

/** One POST /api/messages per request: the next question of the mix, from a conversation never seen before. */
function messageRequests(questions: readonly string[]): AutocannonRequest[] {
  const runId = randomUUID().slice(0, 8);
  return [
    {
      method: 'POST',
      path: '/api/messages',
      setupRequest: (request) => {
        requestCount += 1;
        const activity = {
          type: 'message',
          id: `a-${requestCount}`,
          channelId: 'bench',
          deliveryMode: 'expectReplies',
          conversation: { id: `bench-${runId}-${requestCount}` },
          from: { id: 'bench-user' },
          recipient: { id: 'bot' },
          locale: 'en-US',
          text: questions[requestCount % questions.length] ?? 'who is the mayor?',
        };
        return { ...request, body: JSON.stringify(activity) };
      },
    },
  ];
}

const APOLOGY = 'Sorry, something went wrong';

async function drive(
  url: string,
  questions: readonly string[],
  run: { seconds: number } | { amount: number },
  onResponse?: () => void,
): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  const instance = autocannon({
    url,
    connections: BENCH.connections,
    ...('seconds' in run ? { duration: run.seconds } : { amount: run.amount }),
    timeout: BENCH.requestTimeoutSeconds,
    headers: { 'content-type': 'application/json' },
    requests: messageRequests(questions),
    // An answer is a JSON list of activities with at least one message, and never an apology.
    verifyBody: (body) => body.includes('"activities":[{') && !body.includes(APOLOGY),
  });
  if (onResponse) instance.on('response', onResponse);
  return resultSchema.parse(await instance);
}

// ---- Report ----------------------------------------------------------------------------

interface Row {
  readonly name: string;
  readonly result: LoadResult;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

const failures = (r: LoadResult): number => r.errors + r.timeouts + r.non2xx + r.mismatches;

function printRows(rows: readonly Row[]): void {
  const line = (cells: Array<string | number>): string =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(9))).join(' ');
  process.stdout.write(
    `${line(['', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'errors', 'RSS MB', '-> MB'])}\n`,
  );
  for (const { name, result: r, rssBefore, rssAfter } of rows) {
    process.stdout.write(
      `${line([name, r.requests.average.toFixed(0), r.latency.p50, r.latency.p99, r.latency.average.toFixed(2), r.requests.total, failures(r), rssBefore.toFixed(0), rssAfter.toFixed(0)])}\n`,
    );
  }
}

async function measure(server: Server, questions: readonly string[]): Promise<Row> {
  await drive(server.url, questions, { seconds: BENCH.warmupSeconds });
  const rssBefore = rssMb(server.child);
  const result = await drive(server.url, questions, { seconds: BENCH.durationSeconds });
  return { name: server.name, result, rssBefore, rssAfter: rssMb(server.child) };
}

async function soak(
  server: Server,
  questions: readonly string[],
): Promise<{ samples: Array<{ turns: number; rss: number }>; result: LoadResult }> {
  const samples = [{ turns: 0, rss: rssMb(server.child) }];
  let turns = 0;
  process.stdout.write(
    `\nsoak: ${BENCH.soakTurns.toLocaleString('en-US')} turns, each from a new conversation, ${BENCH.connections} connections\n`,
  );
  process.stdout.write(
    `  ${'turns'.padStart(9)} ${'RSS MB'.padStart(8)}\n  ${'0'.padStart(9)} ${samples[0]?.rss.toFixed(1).padStart(8)}\n`,
  );
  const result = await drive(server.url, questions, { amount: BENCH.soakTurns }, () => {
    turns += 1;
    if (turns % BENCH.soakSampleEvery === 0) {
      const rss = rssMb(server.child);
      samples.push({ turns, rss });
      process.stdout.write(
        `  ${turns.toLocaleString('en-US').padStart(9)} ${rss.toFixed(1).padStart(8)}\n`,
      );
    }
  });
  return { samples, result };
}

async function main(): Promise<number> {
  const root = findProjectRoot(__dirname);
  const entry = join(root, 'dist', 'src', 'index.js');
  if (!existsSync(entry))
    throw new Error(
      'dist/src/index.js is missing: run `npm run build` first (npm run bench:http does)',
    );
  const isProfiling = process.argv.includes('--profile');
  const questions = readQuestions(root);
  process.stdout.write(
    `bench:http: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `${BENCH.connections} connections, ${BENCH.durationSeconds} s per run after ${BENCH.warmupSeconds} s of warm-up, loopback only; ` +
      `${questions.length} real questions, expectReplies, a new conversation per request\n\n`,
  );

  const self = join(__dirname, 'benchHttp.js');
  const baseEnv = { PATH: process.env['PATH'] ?? '' };
  const rows: Row[] = [];
  for (const [name, kind] of [
    ['(a) bare restify (ceiling)', 'bare'],
    ['(b) botbuilder echo bot', 'echo'],
  ] as const) {
    const port = await findFreePort();
    const server = await startServer(
      name,
      [self, '--serve', kind, '--port', String(port)],
      baseEnv,
      port,
    );
    rows.push(await measure(server, questions));
    await processes.stop(server.child);
  }

  const port = await findFreePort();
  const profileDir = isProfiling ? mkdtempSync(join(tmpdir(), 'bench-http-profile-')) : null;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const botEnv = {
    ...baseEnv,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    // All the load comes from one loopback client: anonymous mode's per-client limit would answer 429.
    MESSAGES_RATE_LIMIT_PER_MINUTE: '0',
  };
  const bot = await startServer('(c) city-profile-bot', [...nodeArgs, entry], botEnv, port);
  rows.push(await measure(bot, questions));
  printRows(rows);
  const soaked = await soak(bot, questions);
  await processes.stop(bot.child);
  if (profileDir)
    process.stdout.write(`\nCPU profile of the bot (open in Chrome DevTools): ${profileDir}\n`);

  // ---- Targets
  const [, echo, ours] = rows;
  if (!echo || !ours) throw new Error('a run is missing');
  const share = ours.result.requests.average / echo.result.requests.average;
  const half = soaked.samples.find((s) => s.turns >= BENCH.soakTurns / 2);
  const last = soaked.samples[soaked.samples.length - 1];
  const growth = half && last ? (last.rss - half.rss) / half.rss : Number.NaN;
  const checks = [
    [
      `our bot at least ${TARGETS.minShareOfEcho * 100}% of the echo bot's throughput`,
      share >= TARGETS.minShareOfEcho,
      `${(share * 100).toFixed(0)}%`,
    ],
    [
      'zero errors (ours, measured run and soak)',
      failures(ours.result) === 0 && failures(soaked.result) === 0,
      `${failures(ours.result)} + ${failures(soaked.result)}`,
    ],
    [
      `p99 under ${TARGETS.maxP99Ms} ms at ${BENCH.connections} connections`,
      ours.result.latency.p99 < TARGETS.maxP99Ms,
      `${ours.result.latency.p99} ms`,
    ],
    [
      `RSS stops growing (at most +${TARGETS.maxSecondHalfGrowth * 100}% over the soak's second half)`,
      growth <= TARGETS.maxSecondHalfGrowth,
      half && last
        ? `${half.rss.toFixed(0)} -> ${last.rss.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`
        : 'no samples',
    ],
  ] as const;
  process.stdout.write(
    `\nsoak: ${soaked.result.requests.total.toLocaleString('en-US')} turns at ${soaked.result.requests.average.toFixed(0)} req/s, p99 ${soaked.result.latency.p99} ms\n\ntargets:\n`,
  );
  for (const [what, isMet, figure] of checks)
    process.stdout.write(`  ${isMet ? 'met   ' : 'MISSED'} ${what}: ${figure}\n`);
  return checks.every(([, isMet]) => isMet) ? 0 : 1;
}

// ---- Entry: the load generator, or one of its baseline servers ------------------------

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const serve = argument('--serve');
if (serve === 'bare' || serve === 'echo') {
  const port = Number(argument('--port'));
  (serve === 'bare' ? serveBare(port) : serveEcho(port)).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
  process.once('SIGTERM', () => process.exit(0));
} else {
  runBench('bench:http', main, processes);
}
