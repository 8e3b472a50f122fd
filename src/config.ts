import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { findProjectRoot } from './knowledge/readKnowledgeDir';
import {
  checkQuestionLogSettings,
  questionLogSettingsShape,
  resolveQuestionLogFile,
} from './questionLog/questionLogSettings';
import { checkStorageSettings, storageSettingsShape } from './storage/storageSettings';

/**
 * The environment, parsed once. This is the only module that reads process.env; every
 * other module gets the values it needs as arguments. Keys keep the variables' names so
 * that code, docs/server.md and .env.example can be searched for the same word.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export { STATE_STORES, type StateStoreKind } from './storage/storageSettings';

/** The Bot Framework's app types, spelled as the SDK and the Azure portal spell them. */
export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** Variables whose values never appear in an issue or a log line. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'MicrosoftAppPassword',
  'AZURE_STORAGE_CONNECTION_STRING',
  'REDIS_URL',
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message, params: { isValueProblem: true } });
  return z.NEVER;
}

/** A whole number in [min, max]; absent means `fallback`. */
function integer(min: number, max: number, fallback: number, what = 'a whole number') {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < min || value > max)
        return fail(ctx, `expected ${what} from ${min} to ${max}`);
      return value;
    });
}

/** One of a fixed list of words, matched without regard to case and returned as listed. */
function oneOf<T extends string>(values: readonly T[], fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined) return fallback;
      const found = values.find((v) => v.toLowerCase() === raw.toLowerCase());
      return found ?? fail(ctx, `expected one of ${values.join(', ')}`);
    });
}

const FRAME_SOURCE = String.raw`(?:'self'|'none'|https?://[^\s'"]+)`;
const FRAME_ANCESTORS = new RegExp(`^${FRAME_SOURCE}(?:\\s+${FRAME_SOURCE})*$`);

function matching(pattern: RegExp, expected: string) {
  return z
    .string()
    .optional()
    .refine((raw) => raw === undefined || pattern.test(raw), {
      message: `expected ${expected}`,
      params: { isValueProblem: true },
    });
}

/** Trusted reverse-proxy hops in front of the server: false (0), true (1) or a number of hops. */
function proxyHops() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number => {
      if (raw === undefined || raw.toLowerCase() === 'false') return 0;
      if (raw.toLowerCase() === 'true') return 1;
      const hops = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(hops) || hops > 10)
        return fail(ctx, 'expected false, true or a number of proxy hops from 0 to 10');
      return hops;
    });
}

const LIST_SEPARATOR = /[\s,]+/;

/** Space- or comma-separated http(s) URLs without query, fragment or credentials. */
function urlList() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): readonly string[] => {
      const entries = (raw ?? '').split(LIST_SEPARATOR).filter((entry) => entry !== '');
      for (const entry of entries) {
        const url = URL.canParse(entry) ? new URL(entry) : null;
        if (
          !url ||
          !/^https?:$/.test(url.protocol) ||
          url.search !== '' ||
          url.hash !== '' ||
          url.username !== '' ||
          url.password !== ''
        )
          return fail(
            ctx,
            'expected http(s) URLs separated by spaces or commas, such as https://smba.trafficmanager.net/',
          );
      }
      return Object.freeze(entries);
    });
}

/** Space- or comma-separated host names (no port), lower-cased. */
function hostList() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): readonly string[] => {
      const entries = (raw ?? '')
        .split(LIST_SEPARATOR)
        .filter((entry) => entry !== '')
        .map((entry) => entry.toLowerCase());
      if (entries.some((entry) => !/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(entry)))
        return fail(
          ctx,
          'expected host names separated by spaces or commas, such as bot.example.org',
        );
      return Object.freeze(entries);
    });
}

const EnvSchema = z
  .object({
    MicrosoftAppId: matching(
      GUID,
      "the Azure Bot's Microsoft App ID, a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    ),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: oneOf(APP_TYPES, 'MultiTenant'),
    MicrosoftAppTenantId: z
      .string()
      .optional()
      .refine((raw) => raw === undefined || GUID.test(raw) || TENANT_DOMAIN.test(raw), {
        message:
          'expected a Microsoft Entra tenant id (a GUID) or its domain such as contoso.onmicrosoft.com',
        params: { isValueProblem: true },
      }),
    PORT: integer(0, 65535, 3978, 'a port number'),
    // No default here: listenHosts() picks loopback in anonymous mode, every interface with credentials.
    HOST: z.string().optional(),
    LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
    KNOWLEDGE_DIR: z.string().optional(),
    /** The city a question that names none is about (a profile id such as medellin); default: the knowledge's. */
    DEFAULT_CITY: matching(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      'a city id of the knowledge, lowercase and hyphenated, such as mexico-city or medellin',
    ),
    // The state store's variables and their rules belong to src/storage (one definition).
    ...storageSettingsShape,
    WEBCHAT_RATE_LIMIT_PER_MINUTE: integer(1, 100_000, 60, 'a number of messages'),
    WEBCHAT_FRAME_ANCESTORS: matching(
      FRAME_ANCESTORS,
      "space-separated 'self', 'none' or http(s) origins, such as 'self' https://www.example.gob.mx",
    ),
    WEBCHAT_TRUST_PROXY: proxyHops(),
    WEBCHAT_CONVERSATIONS_PER_CLIENT: integer(1, 100_000, 50, 'a number of conversations'),
    // 0 turns the limit off (load tests from one address); it applies in anonymous mode only.
    MESSAGES_RATE_LIMIT_PER_MINUTE: integer(0, 100_000, 120, 'a number of messages'),
    ALLOWED_SERVICE_URLS: urlList(),
    ALLOWED_HOSTS: hostList(),
    MAX_BODY_BYTES: integer(1024, 16 * 1024 * 1024, 256 * 1024, 'a number of bytes'),
    // The opt-in question log (off by default; src/questionLog, README "Question log").
    ...questionLogSettingsShape,
  })
  .superRefine((env, ctx) => {
    const add = (variable: string, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [variable], message });
    const hasId = env.MicrosoftAppId !== undefined;
    const hasPassword = env.MicrosoftAppPassword !== undefined;
    const type = env.MicrosoftAppType;
    if (!hasId && (hasPassword || env.MicrosoftAppTenantId !== undefined)) {
      add(
        'MicrosoftAppId',
        'required when MicrosoftAppPassword or MicrosoftAppTenantId is set (without it the bot would run unauthenticated)',
      );
    }
    if (hasId && type !== 'UserAssignedMSI' && !hasPassword)
      add(
        'MicrosoftAppPassword',
        `required when MicrosoftAppId is set and MicrosoftAppType is ${type}`,
      );
    if (hasId && type === 'UserAssignedMSI' && hasPassword)
      add('MicrosoftAppPassword', 'must not be set when MicrosoftAppType is UserAssignedMSI');
    if (hasId && type !== 'MultiTenant' && env.MicrosoftAppTenantId === undefined)
      add('MicrosoftAppTenantId', `required when MicrosoftAppType is ${type}`);
    checkStorageSettings(env, ctx);
    checkQuestionLogSettings(env, ctx);
  });

export type Config = Readonly<z.output<typeof EnvSchema>>;

/** True without MicrosoftAppId: nothing is authenticated (the Emulator, curl, the web chat on one machine). */
export function isAnonymousMode(config: Pick<Config, 'MicrosoftAppId'>): boolean {
  return config.MicrosoftAppId === undefined;
}

/**
 * Where the server listens: HOST when set; otherwise only this machine (127.0.0.1 and
 * ::1) in anonymous mode, where anyone who can reach the port can make the server call
 * URLs, and every interface with credentials.
 */
export function listenHosts(config: Pick<Config, 'HOST' | 'MicrosoftAppId'>): {
  readonly hosts: readonly string[];
  readonly isExplicit: boolean;
} {
  if (config.HOST !== undefined) return { hosts: [config.HOST], isExplicit: true };
  return {
    hosts: isAnonymousMode(config) ? ['127.0.0.1', '::1'] : ['0.0.0.0'],
    isExplicit: false,
  };
}

/** Every variable the bot reads, in the order .env.example and docs/server.md list them. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));

/** One problem with one variable; `found` is already safe to print (secrets are hidden). */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
  /** What was found, quoted, or null when the issue is about a combination of variables. */
  readonly found: string | null;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Blank values count as unset, so a copied .env.example with empty lines means "use the default". */
function clean(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

function describeFound(variable: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (SECRET_VARIABLES.has(variable)) return 'a value (hidden)';
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/** zod's generic wording, said as this module says it ("expected ..."). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' ? 'expected a whole number' : `expected ${issue.expected}`;
    case 'too_small': {
      const unit = issue.origin === 'string' ? ' characters' : '';
      return `expected ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}${unit}`;
    }
    case 'too_big': {
      const unit = issue.origin === 'string' ? ' characters' : '';
      return `expected ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${unit}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Parses an environment (process.env or a test's object) into a Config; never throws. */
export function parseConfig(env: Env, projectRoot: string = findProjectRoot()): ConfigResult {
  const values = clean(env);
  const parsed = EnvSchema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue): ConfigIssue => {
      const variable = String(issue.path[0] ?? '(environment)');
      const isValueProblem = issue.code !== 'custom' || issue.params?.['isValueProblem'] === true;
      return {
        variable,
        message: describeIssue(issue),
        found: isValueProblem ? describeFound(variable, values[variable]) : null,
      };
    });
    issues.sort(
      (a, b) => CONFIG_VARIABLES.indexOf(a.variable) - CONFIG_VARIABLES.indexOf(b.variable),
    );
    return { ok: false, issues };
  }
  const config = parsed.data;
  // A relative KNOWLEDGE_DIR means the same folder whatever the working directory.
  const knowledgeDir =
    config.KNOWLEDGE_DIR === undefined || isAbsolute(config.KNOWLEDGE_DIR)
      ? config.KNOWLEDGE_DIR
      : resolve(projectRoot, config.KNOWLEDGE_DIR);
  return {
    ok: true,
    config: Object.freeze({
      ...config,
      KNOWLEDGE_DIR: knowledgeDir,
      QUESTION_LOG_FILE: resolveQuestionLogFile(config.QUESTION_LOG_FILE, projectRoot),
    }),
  };
}

/** All issues, one a line: `PORT: expected a port number from 0 to 65535, found "abc"`. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((i) => `${i.variable}: ${i.message}${i.found === null ? '' : `, found ${i.found}`}`)
    .join('\n');
}

export interface LoadedConfig {
  readonly result: ConfigResult;
  /** The .env file that was read, or null when there was none. */
  readonly envFile: string | null;
}

/**
 * Reads `.env` from the project root when present and parses it with the process's
 * environment, which wins over the file. process.env itself is left untouched.
 */
export function loadConfig(
  env: Env = process.env,
  projectRoot: string = findProjectRoot(),
): LoadedConfig {
  const envFile = join(projectRoot, '.env');
  if (!existsSync(envFile)) return { result: parseConfig(env, projectRoot), envFile: null };
  let fromFile: Record<string, string>;
  try {
    fromFile = parseDotenv(readFileSync(envFile));
  } catch (error) {
    const found = error instanceof Error ? error.message : String(error);
    return {
      result: {
        ok: false,
        issues: [
          { variable: '.env', message: `could not read ${envFile} (${found})`, found: null },
        ],
      },
      envFile,
    };
  }
  return { result: parseConfig({ ...clean(fromFile), ...clean(env) }, projectRoot), envFile };
}
