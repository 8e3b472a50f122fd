/**
 * The composition root: the only module with effects at import. Reads the config,
 * builds the app (createApp: knowledge, state, bot, adapter, server), listens, and
 * shuts down gracefully on SIGTERM/SIGINT. Bad config or knowledge: every issue on
 * stderr and exit 1, never a server with part of its knowledge.
 */
import { formatConfigIssues, loadConfig } from './config';
import { createApp } from './createApp';
import { createLogger } from './logger';
import { installShutdownHandlers } from './server/gracefulShutdown';
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

  try {
    await new Promise<void>((resolve, reject) => {
      // restify re-emits the http server's errors (EADDRINUSE, EACCES) on itself.
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Cannot listen on ${config.HOST}:${config.PORT}: ${reason}\n(set PORT or HOST in .env or the environment)\n`,
    );
    await app.store.close();
    return 1;
  }

  const { port } = server.address();
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  logger.info(
    {
      port,
      host: config.HOST,
      version: app.version,
      stateStore: app.store.kind,
      questionLog: app.questionLog?.kind ?? 'off',
      envFile,
      profiles: app.engine.kb.profiles.length,
    },
    `listening on http://${host}:${port}/api/messages`,
  );
  if (config.MicrosoftAppId === undefined) {
    logger.info(
      'anonymous local mode: no MicrosoftAppId, so requests are not authenticated (set MicrosoftAppId and MicrosoftAppPassword to serve Azure Bot Service)',
    );
  }
  installShutdownHandlers({ stop: () => app.stop(), logger, exit: (code) => process.exit(code) });
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
