import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { z } from 'zod';

/** Pieces the benchmark scripts share: autocannon's shape, ports, health checks. */

// autocannon has no type declarations: take it as unknown and check what comes back.
export interface AutocannonRequest {
  method: 'POST';
  path: string;
  setupRequest: (request: { body?: string }, context: Record<string, unknown>) => { body?: string };
}

export interface AutocannonOptions {
  url: string | string[];
  connections: number;
  duration?: number;
  amount?: number;
  timeout: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
  verifyBody?: (body: string) => boolean;
}

export type AutocannonInstance = EventEmitter & PromiseLike<unknown>;
export type Autocannon = (options: AutocannonOptions) => AutocannonInstance;

export function loadAutocannon(): Autocannon {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded: unknown = require('autocannon');
  if (typeof loaded !== 'function') throw new Error('autocannon did not load as a function');
  return loaded as Autocannon;
}

/** The part of autocannon's result the benchmarks print. */
export const resultSchema = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number(), average: z.number() }),
  duration: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  mismatches: z.number(),
});
export type LoadResult = z.infer<typeof resultSchema>;

/** A free loopback port (asked of the OS, then released). */
export async function findFreePort(): Promise<number> {
  return await new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function sleep(ms: number): Promise<void> {
  await new Promise<void>((done) => setTimeout(done, ms));
}

/** True when the server on this loopback port answers /healthz with 200. */
export async function isHealthy(port: number): Promise<boolean> {
  return await new Promise<boolean>((done) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        done(res.statusCode === 200);
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => done(false));
  });
}

/** The child processes a benchmark starts, so that every way out stops them all. */
export interface ChildGroup {
  /** Spawns a child; `errors()` is the tail of what it wrote on stderr. */
  start(
    name: string,
    file: string,
    args: string[],
    env?: NodeJS.ProcessEnv,
  ): { child: ChildProcess; errors: () => string };
  /** SIGTERM, then SIGKILL after the group's timeout. */
  stop(child: ChildProcess): Promise<void>;
  stopAll(): Promise<void>;
}

export function createChildGroup(stopTimeoutMs: number): ChildGroup {
  const children = new Set<ChildProcess>();
  let isStopping = false;
  const stop = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    start: (name, file, args, env = process.env) => {
      const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        errors = (errors + chunk.toString()).slice(-2000);
      });
      children.add(child);
      child.once('exit', (code, signal) => {
        children.delete(child);
        if (!isStopping && code !== 0)
          process.stderr.write(`${name} exited (${signal ?? code}):\n${errors}\n`);
      });
      return { child, errors: () => errors };
    },
    stop,
    stopAll: async () => {
      isStopping = true;
      await Promise.all([...children].map(stop));
    },
  };
}

/** Runs a benchmark's main, stopping every child on the way out, on Ctrl-C too. */
export function runBench(name: string, main: () => Promise<number>, group: ChildGroup): void {
  process.once('SIGINT', () => {
    void group.stopAll().then(() => process.exit(130));
  });
  main()
    .then(
      async (code) => {
        await group.stopAll();
        process.exitCode = code;
      },
      async (error: unknown) => {
        await group.stopAll();
        process.stderr.write(
          `${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      },
    )
    .catch(() => {
      process.exitCode = 1;
    });
}
