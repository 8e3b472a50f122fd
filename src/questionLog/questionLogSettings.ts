import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** An unset variable and an empty one mean the same. */
const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().trim().min(1).max(4096).optional(),
);

const wholeNumber = (min: number, max: number, fallback: number, what: string) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
        if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
        ctx.addIssue({
          code: 'custom',
          message: `expected ${what} from ${min} to ${max}`,
          params: { isValueProblem: true },
        });
        return z.NEVER;
      }),
  );

/**
 * The question log's part of the environment (off unless one of the first two is set).
 * Embed in the app's config schema and run checkQuestionLogSettings in its superRefine.
 */
export const questionLogSettingsShape = {
  /** A JSON-lines file to keep the log in; relative paths are from the project root. */
  QUESTION_LOG_FILE: optionalText,
  /** true: keep the log in Redis, beside the conversation state (needs STATE_STORE=redis). */
  QUESTION_LOG_REDIS: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(['false', 'true']).default('false'),
  ),
  /** Entries are kept this many days. */
  QUESTION_LOG_DAYS: wholeNumber(1, 365, 30, 'a number of days'),
  /** The log never grows past this many bytes (Redis: this divided by 512 entries). */
  QUESTION_LOG_MAX_BYTES: wholeNumber(
    65_536,
    1024 * 1024 * 1024,
    10 * 1024 * 1024,
    'a number of bytes',
  ),
};

type Fields = z.output<z.ZodObject<typeof questionLogSettingsShape>> & {
  readonly STATE_STORE: string;
};

/** The file and Redis are alternatives, and Redis only beside a Redis state store. */
export function checkQuestionLogSettings(settings: Fields, ctx: z.RefinementCtx): void {
  if (settings.QUESTION_LOG_REDIS !== 'true') return;
  if (settings.QUESTION_LOG_FILE !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['QUESTION_LOG_REDIS'],
      message: 'set either QUESTION_LOG_FILE or QUESTION_LOG_REDIS=true, not both',
    });
  if (settings.STATE_STORE !== 'redis')
    ctx.addIssue({
      code: 'custom',
      path: ['QUESTION_LOG_REDIS'],
      message:
        'QUESTION_LOG_REDIS=true keeps the log beside the conversation state: it needs STATE_STORE=redis',
    });
}

/** QUESTION_LOG_FILE as an absolute path (relative ones are taken from the project root). */
export function resolveQuestionLogFile(
  file: string | undefined,
  projectRoot: string,
): string | undefined {
  return file === undefined || isAbsolute(file) ? file : resolve(projectRoot, file);
}
