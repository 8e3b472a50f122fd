import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIG_VARIABLES,
  formatConfigIssues,
  loadConfig,
  parseConfig,
  type ConfigIssue,
  type ConfigResult,
} from '../../src/config';
import { findProjectRoot } from '../../src/knowledge/readKnowledgeDir';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ROOT = findProjectRoot(__dirname);

function issuesOf(result: ConfigResult): readonly ConfigIssue[] {
  if (result.ok) throw new Error('expected issues, got a config');
  return result.issues;
}

function configOf(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a config, got:\n${formatConfigIssues(result.issues)}`);
  return result.config;
}

describe('parseConfig', () => {
  test('an empty environment gives the documented defaults: anonymous mode on port 3978', () => {
    const config = configOf(parseConfig({}, ROOT));

    expect(config).toMatchObject({
      MicrosoftAppType: 'MultiTenant',
      PORT: 3978,
      LOG_LEVEL: 'info',
      STATE_STORE: 'memory',
      STATE_TTL_SECONDS: 3600,
      STATE_MAX_CONVERSATIONS: 10_000,
      REDIS_KEY_PREFIX: 'city-profile-bot:',
      AZURE_STORAGE_CONTAINER: 'bot-state',
      WEBCHAT_RATE_LIMIT_PER_MINUTE: 60,
      MAX_BODY_BYTES: 262_144,
    });
    expect(config.MicrosoftAppId).toBeUndefined();
    expect(config.KNOWLEDGE_DIR).toBeUndefined();
  });

  test('blank and whitespace values count as unset, as in a copied .env.example', () => {
    const config = configOf(
      parseConfig({ PORT: '', HOST: '   ', MicrosoftAppId: '', LOG_LEVEL: ' ' }, ROOT),
    );

    expect(config.PORT).toBe(3978);
    expect(config.HOST).toBeUndefined();
    expect(config.MicrosoftAppId).toBeUndefined();
  });

  test('values are read and converted: numbers, case-insensitive words, trimmed strings', () => {
    const config = configOf(
      parseConfig(
        {
          PORT: ' 8080 ',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'WARN',
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: 'secret',
          MicrosoftAppType: 'singletenant',
          MicrosoftAppTenantId: TENANT_ID,
          MAX_BODY_BYTES: '4096',
          STATE_STORE: 'redis',
          REDIS_URL: 'redis://127.0.0.1:6379',
        },
        ROOT,
      ),
    );

    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MicrosoftAppType: 'SingleTenant',
      MAX_BODY_BYTES: 4096,
      STATE_STORE: 'redis',
    });
  });

  test('a relative KNOWLEDGE_DIR is taken from the project root, an absolute one as it is', () => {
    expect(
      configOf(parseConfig({ KNOWLEDGE_DIR: 'test/fixtures/knowledge' }, ROOT)).KNOWLEDGE_DIR,
    ).toBe(join(ROOT, 'test/fixtures/knowledge'));
    expect(configOf(parseConfig({ KNOWLEDGE_DIR: '/srv/knowledge' }, ROOT)).KNOWLEDGE_DIR).toBe(
      '/srv/knowledge',
    );
  });

  test.each([
    ['PORT', 'abc', /^PORT: expected a port number from 0 to 65535, found "abc"$/],
    ['PORT', '70000', /^PORT: expected a port number from 0 to 65535, found "70000"$/],
    ['PORT', '-1', /^PORT: expected a port number/],
    ['PORT', '80.5', /^PORT: expected a port number/],
    [
      'LOG_LEVEL',
      'loud',
      /^LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, found "loud"$/,
    ],
    [
      'MicrosoftAppId',
      'my-bot',
      /^MicrosoftAppId: expected the Azure Bot's Microsoft App ID, a GUID/,
    ],
    [
      'MicrosoftAppType',
      'Personal',
      /^MicrosoftAppType: expected one of MultiTenant, SingleTenant, UserAssignedMSI/,
    ],
    [
      'MAX_BODY_BYTES',
      '10',
      /^MAX_BODY_BYTES: expected a number of bytes from 1024 to 16777216, found "10"$/,
    ],
    [
      'WEBCHAT_RATE_LIMIT_PER_MINUTE',
      '0',
      /^WEBCHAT_RATE_LIMIT_PER_MINUTE: expected a number of messages from 1 to 100000/,
    ],
    [
      'STATE_STORE',
      'mongo',
      /^STATE_STORE: expected one of memory, azure-blobs, redis, found "mongo"$/,
    ],
    [
      'STATE_TTL_SECONDS',
      'an hour',
      /^STATE_TTL_SECONDS: expected a whole number, found "an hour"$/,
    ],
    [
      'AZURE_STORAGE_CONTAINER',
      'Bot_State',
      /^AZURE_STORAGE_CONTAINER: expected an Azure container name/,
    ],
  ])('%s=%s is reported, not thrown', (variable, value, message) => {
    const [first, ...others] = issuesOf(parseConfig({ [variable]: value }, ROOT));

    expect(first?.variable).toBe(variable);
    expect(formatConfigIssues(first ? [first] : [])).toMatch(message);
    expect(others.filter((i) => i.variable === variable)).toEqual([]);
  });

  test('every problem is reported at once, in the order of .env.example', () => {
    const issues = issuesOf(
      parseConfig({ MAX_BODY_BYTES: 'big', PORT: 'abc', LOG_LEVEL: 'loud' }, ROOT),
    );

    expect(issues.map((i) => i.variable)).toEqual(['PORT', 'LOG_LEVEL', 'MAX_BODY_BYTES']);
  });

  test.each([
    [
      'an app id without a password',
      { MicrosoftAppId: APP_ID },
      'MicrosoftAppPassword: required when MicrosoftAppId is set and MicrosoftAppType is MultiTenant',
    ],
    [
      'a password without an app id (the bot would silently run unauthenticated)',
      { MicrosoftAppPassword: 'x' },
      'MicrosoftAppId: required when MicrosoftAppPassword or MicrosoftAppTenantId is set',
    ],
    [
      'SingleTenant without a tenant',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant',
    ],
    [
      'UserAssignedMSI with a password',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_ID,
      },
      'MicrosoftAppPassword: must not be set when MicrosoftAppType is UserAssignedMSI',
    ],
    [
      'the redis store without REDIS_URL',
      { STATE_STORE: 'redis' },
      'REDIS_URL: STATE_STORE=redis needs REDIS_URL',
    ],
    [
      'the blob store without a connection string',
      { STATE_STORE: 'azure-blobs' },
      'AZURE_STORAGE_CONNECTION_STRING: STATE_STORE=azure-blobs needs',
    ],
  ])('%s is reported', (_name, env, expected) => {
    expect(formatConfigIssues(issuesOf(parseConfig(env, ROOT)))).toContain(expected);
  });

  test.each([
    ['MultiTenant with a password', { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }],
    [
      'SingleTenant with a tenant domain',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 'contoso.onmicrosoft.com',
      },
    ],
    [
      'UserAssignedMSI with a tenant and no password',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_ID,
      },
    ],
  ])('%s is a valid set of credentials', (_name, env) => {
    expect(parseConfig(env, ROOT).ok).toBe(true);
  });

  test('secret values never appear in an issue', () => {
    const issues = issuesOf(
      parseConfig(
        {
          MicrosoftAppPassword: 'hunter2-secret',
          STATE_STORE: 'redis',
          REDIS_URL: 'http://user:hunter3-secret@cache:6379',
        },
        ROOT,
      ),
    );

    const text = formatConfigIssues(issues);
    expect(text).toContain('REDIS_URL');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('hunter3-secret');
  });
});

describe('loadConfig', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-test-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('without a .env file the environment alone is used', () => {
    const loaded = loadConfig({ PORT: '4000' }, dir);

    expect(loaded.envFile).toBeNull();
    expect(configOf(loaded.result).PORT).toBe(4000);
  });

  test('a .env file in the project root is read, and the environment wins over it', () => {
    writeFileSync(
      join(dir, '.env'),
      '# comment\nPORT=5000\nLOG_LEVEL=debug\nHOST=\nMicrosoftAppId=\n',
    );

    const loaded = loadConfig({ LOG_LEVEL: 'error', HOST: '' }, dir);

    expect(loaded.envFile).toBe(join(dir, '.env'));
    expect(configOf(loaded.result)).toMatchObject({
      PORT: 5000,
      LOG_LEVEL: 'error',
    });
    expect(configOf(loaded.result).HOST).toBeUndefined();
  });

  test('loading never writes to the environment it is given', () => {
    writeFileSync(join(dir, '.env'), 'PORT=5000\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };

    loadConfig(env, dir);

    expect(env).toEqual({ LOG_LEVEL: 'warn' });
  });

  test('a bad value in .env is reported like one in the environment', () => {
    writeFileSync(join(dir, '.env'), 'PORT=eighty\n');

    expect(formatConfigIssues(issuesOf(loadConfig({}, dir).result))).toBe(
      'PORT: expected a port number from 0 to 65535, found "eighty"',
    );
  });
});

describe('the documented variables', () => {
  test('are exactly the ones docs/CONTRACTS.md lists', () => {
    const contracts = readFileSync(join(ROOT, 'docs/CONTRACTS.md'), 'utf8');
    const section = contracts.split('## Environment')[1]?.split('\n## ')[0] ?? '';
    const listed = [
      ...section.matchAll(/\b(Microsoft[A-Za-z]+|[A-Z][A-Z_]{2,})\b(?= \(|,|\.|$)/gm),
    ].map((m) => m[1]);

    expect(new Set(CONFIG_VARIABLES)).toEqual(new Set(listed));
  });

  test.each(['.env.example', 'docs/server.md'])('each one is described in %s', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');

    expect(CONFIG_VARIABLES.filter((name) => !new RegExp(`\\b${name}\\b`).test(text))).toEqual([]);
  });
});
