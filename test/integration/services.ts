import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort, sleep } from '../../scripts/benchSupport';

// The port and wait helpers are the benchmarks' own: re-exported for the integration tests.
export { findFreePort, sleep };

/**
 * Real store servers for the integration tests, each on a free loopback port, started
 * and stopped by the tests themselves. Every process started here is also killed when
 * the test worker exits, so a failed test never leaves a server behind.
 */

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const ROOT = resolve(__dirname, '..', '..');

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Polls until check() is true; fails with what it was waiting for after timeoutMs. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let interval = 10; ; interval = Math.min(interval * 2, 200)) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(interval);
  }
}

export function isRedisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether the Redis cases run: without redis-server they are skipped with one message,
 * except in CI (process.env.CI set), where a missing server is a failure.
 */
export function checkRedisAvailability(): boolean {
  if (isRedisServerInstalled()) return true;
  if (process.env.CI) {
    throw new Error(
      'redis-server is not installed, and CI is set: install it (apt-get install -y redis-server) so the Redis integration tests run.',
    );
  }
  if (!hasWarnedAboutRedis) {
    hasWarnedAboutRedis = true;
    process.stderr.write(
      'Skipping the Redis integration tests: redis-server is not installed (apt-get install -y redis-server).\n',
    );
  }
  return false;
}
let hasWarnedAboutRedis = false;

abstract class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';

  protected constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  protected abstract command(): { file: string; args: string[] };
  protected abstract isReady(): Promise<boolean>;

  get isRunning(): boolean {
    return this.child !== null;
  }

  /** Starts the server (again, on the same port) and waits until it answers. */
  async start(): Promise<void> {
    if (this.child) return;
    const { file, args } = this.command();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    running.add(child);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      running.delete(child);
      if (this.child === child) this.child = null;
    });
    try {
      await waitUntil(`${this.name} on port ${this.port}`, async () => {
        if (this.child !== child)
          throw new Error(`${this.name} exited at start-up:\n${this.output}`);
        return await this.isReady();
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops the server and waits for the process to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.resume();
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  /** Freezes the process: it keeps its connections open but answers nothing. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }
}

/** redis-server without persistence on a free loopback port. */
export class RedisServer extends ServerProcess {
  private constructor(port: number) {
    super('redis-server', port);
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await findFreePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected command(): { file: string; args: string[] } {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      '--dir',
      tmpdir(),
    ];
    return { file: 'redis-server', args };
  }

  protected async isReady(): Promise<boolean> {
    return (await sendRedisCommand(this.port, ['PING'])) === '+PONG';
  }

  /** Sends one command over a fresh connection and returns the raw first reply line, such as ":1". */
  async sendCommand(args: string[]): Promise<string> {
    return await sendRedisCommand(this.port, args);
  }

  /** Milliseconds the key has left: -2 when it does not exist, -1 when it never expires. */
  async ttlOf(key: string): Promise<number> {
    const reply = await sendRedisCommand(this.port, ['PTTL', key]);
    return Number(reply.replace(/^:/, ''));
  }

  /**
   * Lets time pass for one key, as Redis sees it: leaves it `remainingMs` to live, as if
   * it had been idle until then (Redis has no clock to move; its TTL is what counts).
   */
  async runDown(key: string, remainingMs: number): Promise<void> {
    const reply = await sendRedisCommand(this.port, ['PEXPIRE', key, String(remainingMs)]);
    if (reply !== ':1') throw new Error(`could not run down ${key}: ${reply}`);
  }
}

/** Sends one RESP command on its own connection; resolves with the first reply line, '' if it cannot connect. */
async function sendRedisCommand(port: number, args: string[]): Promise<string> {
  const payload = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return await new Promise<string>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (value: string): void => {
      socket.destroy();
      done(value);
    };
    socket.setTimeout(1000, () => finish(''));
    socket.once('error', () => finish(''));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      const end = reply.indexOf('\r\n');
      if (end >= 0) finish(reply.slice(0, end));
    });
    socket.write(payload);
  });
}

/** The emulator's public development account (documented by Microsoft; not a secret). */
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's blob service on a free loopback port; its data survives a restart (same folder). */
export class AzuriteServer extends ServerProcess {
  private readonly location: string;

  private constructor(port: number) {
    super('azurite-blob', port);
    this.location = mkdtempSync(join(tmpdir(), 'azurite-'));
  }

  static async start(): Promise<AzuriteServer> {
    const server = new AzuriteServer(await findFreePort());
    await server.start();
    return server;
  }

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:${this.port}/${AZURITE_ACCOUNT};`;
  }

  protected command(): { file: string; args: string[] } {
    const main = join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
    const args = [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(this.port),
      '--location',
      this.location,
    ];
    return {
      file: process.execPath,
      args: [...args, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    };
  }

  protected async isReady(): Promise<boolean> {
    return await new Promise<boolean>((done) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: `/${AZURITE_ACCOUNT}?comp=list`,
          timeout: 1000,
        },
        (res) => {
          res.resume();
          done(true); // any HTTP answer (403 without a signature) means it is serving
        },
      );
      req.once('timeout', () => req.destroy());
      req.once('error', () => done(false));
      req.end();
    });
  }

  /** Stops the server and deletes its data folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.location, { recursive: true, force: true });
  }
}
