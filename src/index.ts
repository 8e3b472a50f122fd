/**
 * The composition root: the only module with effects at import. Reads the config,
 * builds the app (createApp: knowledge, state, bot, adapter, server), listens, and
 * shuts down gracefully on SIGTERM/SIGINT. Bad config or knowledge: every issue on
 * stderr and exit 1, never a server with part of its knowledge.
 */
import { formatConfigIssues, isAnonymousMode, listenHosts, loadConfig } from './config';
import { createApp } from './createApp';
import { createLogger } from './logger';
import { installShutdownHandlers } from './server/gracefulShutdown';
import { isLoopbackHost } from './server/hostCheck';
import { listenOnHosts, type Listening } from './server/listenOnHosts';
import { routeSdkConsoleErrors } from './server/routeSdkConsoleErrors';

async function main(): Promise<number> {
  const { result, envFile } = loadConfig();
  if (!result.ok) {
    const count = result.issues.length;
    process.stderr.write(
      `The configuration is invalid (${count} problem${count === 1 ? '' : 's'}; see .env.example):\n${formatConfigIssues(result.issues)}\n`,
    );
    return 1;
  }
  const { config } = result;
  const logger = createLogger({ level: config.LOG_LEVEL });
  // botbuilder prints refused tokens with console.error; they go to the log instead (see the module).
  routeSdkConsoleErrors(logger.child({ component: 'auth' }));
  process.on('unhandledRejection', (reason: unknown) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });

  const created = await createApp(config, { logger });
  if (!created.ok) {
    process.stderr.write(
      `${created.message}\nNot starting: the bot never serves part of a knowledge base.\n`,
    );
    return 1;
  }
  const { app } = created;
  const { server } = app;

  const { hosts, isExplicit } = listenHosts(config);
  let listening: Listening;
  try {
    listening = await listenOnHosts(server, config.PORT, hosts);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Cannot listen on ${hosts.join(', ')} port ${config.PORT}: ${reason}\n(set PORT or HOST in .env or the environment)\n`,
    );
    await app.store.close();
    return 1;
  }

  const { port } = listening;
  const first = hosts[0] ?? '127.0.0.1';
  const host =
    first === '0.0.0.0' || first === '::'
      ? 'localhost'
      : first.includes(':')
        ? `[${first}]`
        : first;
  logger.info(
    {
      port,
      hosts: listening.hosts,
      version: app.version,
      stateStore: app.store.kind,
      questionLog: app.questionLog?.kind ?? 'off',
      envFile,
      profiles: app.engine.kb.profiles.length,
    },
    `listening on http://${host}:${port}/api/messages`,
  );
  if (isAnonymousMode(config)) {
    const isReachableFromOutside =
      isExplicit && !hosts.every((h) => isLoopbackHost(h.toLowerCase()));
    if (isReachableFromOutside) {
      logger.warn(
        { host: config.HOST },
        'anonymous mode on a network interface: anyone who can reach this port can talk to the bot unauthenticated and make the server send requests to the URLs it allows (loopback and ALLOWED_SERVICE_URLS). Set MicrosoftAppId and MicrosoftAppPassword, or HOST=127.0.0.1; requests are answered only for localhost and ALLOWED_HOSTS',
      );
    } else {
      logger.info(
        'anonymous local mode: no MicrosoftAppId, so requests are not authenticated and the server listens on this machine only (set MicrosoftAppId and MicrosoftAppPassword to serve Azure Bot Service)',
      );
    }
  }
  installShutdownHandlers({
    stop: async () => {
      listening.close();
      return await app.stop();
    },
    logger,
    exit: (code) => process.exit(code),
  });
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
