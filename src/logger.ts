import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/**
 * Where secrets could appear in a log object: the config itself, headers of a request
 * or of an outgoing call, and errors that carry their request. pino replaces them.
 */
export const REDACTED_PATHS: readonly string[] = Object.freeze([
  'MicrosoftAppPassword',
  'AZURE_STORAGE_CONNECTION_STRING',
  'REDIS_URL',
  '*.MicrosoftAppPassword',
  '*.AZURE_STORAGE_CONNECTION_STRING',
  '*.REDIS_URL',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.*.headers.authorization',
  '*.*.headers.Authorization',
]);

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where lines go; stdout when absent. Tests pass a stream to read lines back. */
  readonly destination?: DestinationStream;
  readonly name?: string;
}

/** A structured JSON logger, one line per event, secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    name: options.name ?? 'city-profile-bot',
    level: options.level,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    // A request or response object (restify logs them at trace) becomes its method, URL,
    // status and headers, not the whole socket; the headers are then redacted as above.
    serializers: {
      // An error already summarised (summarizeError: bounded, escaped) is logged as it is;
      // pino's own serializer would join its causes' stacks with raw newlines.
      err: (value: unknown): unknown =>
        value instanceof Error ? pino.stdSerializers.err(value) : value,
      req: pino.stdSerializers.req,
      res: pino.stdSerializers.res,
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/**
 * A child for the one line per turn, without redaction. Those lines have fixed fields
 * (a hash, the channel, the topic, numbers; the person's text only at debug level) and
 * cannot hold a header or a config value, while pino's wildcard redaction above costs
 * about 25 µs a line, a tenth of a whole turn (docs/hardening.md). Every other line of
 * the bot (errors included) keeps the redaction.
 */
export function createTurnLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}

/** A logger that writes nothing: for tests and tools. */
export function createSilentLogger(): Logger {
  return createLogger({ level: 'silent' });
}
