import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { Server } from 'restify';

export interface Listening {
  readonly port: number;
  /** The hosts actually listened on (a second loopback family may be unavailable). */
  readonly hosts: readonly string[];
  /** Stops the extra listeners (the restify server is closed by its own shutdown). */
  close(): void;
}

function listenNet(listener: NetServer, port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    listener.once('error', () => resolve(false));
    listener.listen(port, host, () => resolve(true));
  });
}

/**
 * Listens on every host of `hosts` with one port: the restify server on the first, and
 * for each other one a plain TCP listener that hands its connections to the same HTTP
 * server (so 127.0.0.1 and ::1 serve alike, and a graceful shutdown sees them all). The
 * first must succeed (its error rejects); a later one that cannot listen (no IPv6) is
 * left out.
 */
export async function listenOnHosts(
  server: Server,
  port: number,
  hosts: readonly string[],
): Promise<Listening> {
  const [first, ...others] = hosts;
  if (first === undefined) throw new Error('listenOnHosts: no host to listen on');
  await new Promise<void>((resolve, reject) => {
    // restify re-emits the http server's errors (EADDRINUSE, EACCES) on itself.
    server.once('error', reject);
    server.listen(port, first, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const extras: NetServer[] = [];
  const listened = [first];
  for (const host of others) {
    const listener = createNetServer((socket) => server.server.emit('connection', socket));
    if (await listenNet(listener, actualPort, host)) {
      extras.push(listener);
      listened.push(host);
    }
  }
  return {
    port: actualPort,
    hosts: listened,
    close: () => {
      for (const listener of extras) listener.close();
    },
  };
}
