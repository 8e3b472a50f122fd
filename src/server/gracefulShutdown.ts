import type { Server } from 'restify';
import type { Logger } from '../logger';
import { SERVER_DEFAULTS } from './serverDefaults';
import type { TurnTracker } from './turnTracker';

export type ShutdownOutcome = 'drained' | 'timed-out';

export interface ShutdownDeps {
  readonly server: Server;
  readonly turns: TurnTracker;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

/** Resolves with the promise's value, or with `fallback` once ms have passed; the timer is always cleared. */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops the server gracefully: refuse new connections and new turns (503 on kept-alive
 * connections), wait for the turns in flight to finish, then close the connections
 * left. After `timeoutMs` it stops waiting and closes everything.
 */
export async function shutDownServer(deps: ShutdownDeps): Promise<ShutdownOutcome> {
  const { server, turns, logger } = deps;
  const deadline = Date.now() + (deps.timeoutMs ?? SERVER_DEFAULTS.shutdownTimeoutMs);
  const http = server.server;
  const stopped = new Promise<boolean>((resolve) => {
    if (!http.listening) resolve(true);
    else http.close(() => resolve(true));
  });
  logger.info(
    { inFlight: turns.inFlight },
    'shutting down: no new connections, finishing turns in flight',
  );
  const outcome = await within<ShutdownOutcome>(
    turns.close().then(() => 'drained' as const),
    deadline - Date.now(),
    'timed-out',
  );
  if (outcome === 'timed-out') {
    logger.warn(
      { inFlight: turns.inFlight },
      'shutdown timed out: closing the turns still in flight',
    );
    http.closeAllConnections();
  } else {
    http.closeIdleConnections();
  }
  if (!(await within(stopped, deadline - Date.now(), false))) http.closeAllConnections();
  await stopped;
  logger.info({ outcome }, 'server stopped');
  return outcome;
}

export interface ShutdownHandlerDeps {
  /** Stops the app: the server gracefully, then the state store. */
  readonly stop: () => Promise<ShutdownOutcome>;
  readonly logger: Logger;
  readonly exit: (code: number) => void;
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * On the first SIGTERM or SIGINT, stops gracefully and exits (0 when every turn
 * finished, 1 otherwise); a second signal exits at once. Returns a function that
 * removes the handlers.
 */
export function installShutdownHandlers(deps: ShutdownHandlerDeps): () => void {
  let isStopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (isStopping) {
      deps.logger.warn({ signal }, 'second signal: exiting now');
      deps.exit(1);
      return;
    }
    isStopping = true;
    deps.logger.info({ signal }, 'signal received');
    deps.stop().then(
      (outcome) => deps.exit(outcome === 'drained' ? 0 : 1),
      (error: unknown) => {
        deps.logger.error({ err: error }, 'shutdown failed');
        deps.exit(1);
      },
    );
  };
  const signals = deps.signals ?? (['SIGTERM', 'SIGINT'] as const);
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
