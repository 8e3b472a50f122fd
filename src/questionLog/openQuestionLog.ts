import { openFileQuestionLogStore } from './fileQuestionLogStore';
import { createQuestionLog, type QuestionLog, type QuestionLogOptions } from './questionLog';
import { DAY_MS, QUESTION_LOG_DEFAULTS, type QuestionLogStore } from './questionLogStore';
import { openRedisQuestionLogStore } from './redisQuestionLogStore';

/** The settings the question log reads (a Config fits). */
export interface QuestionLogConfig {
  readonly QUESTION_LOG_FILE?: string | undefined;
  readonly QUESTION_LOG_REDIS: 'false' | 'true';
  readonly QUESTION_LOG_DAYS: number;
  readonly QUESTION_LOG_MAX_BYTES: number;
  readonly REDIS_URL?: string | undefined;
  readonly REDIS_KEY_PREFIX: string;
}

/** The configured store, or null when the log is off (the default). */
export async function openQuestionLogStore(
  config: QuestionLogConfig,
  options: Pick<QuestionLogOptions, 'now' | 'onError'> = {},
): Promise<QuestionLogStore | null> {
  const retentionMs = config.QUESTION_LOG_DAYS * DAY_MS;
  if (config.QUESTION_LOG_FILE !== undefined)
    return openFileQuestionLogStore({
      path: config.QUESTION_LOG_FILE,
      maxBytes: config.QUESTION_LOG_MAX_BYTES,
      retentionMs,
      ...(options.now ? { now: options.now } : {}),
    });
  if (config.QUESTION_LOG_REDIS === 'true' && config.REDIS_URL !== undefined)
    return await openRedisQuestionLogStore({
      url: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
      maxEntries: Math.max(
        1,
        Math.floor(config.QUESTION_LOG_MAX_BYTES / QUESTION_LOG_DEFAULTS.redisBytesPerEntry),
      ),
      retentionMs,
      ...options,
    });
  return null;
}

/** The question log the bot records to, or null when it is off. */
export async function openQuestionLog(
  config: QuestionLogConfig,
  options: QuestionLogOptions = {},
): Promise<QuestionLog | null> {
  const store = await openQuestionLogStore(config, options);
  return store ? createQuestionLog(store, options) : null;
}
