import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { sharedEngine } from '../fixtures/sharedEngine';
import { findProjectRoot } from '../../src/knowledge/readKnowledgeDir';
import { readVersion } from '../../src/readVersion';
import {
  BOT_SCOPES,
  MANIFEST_SCHEMA_URL,
  TeamsManifestSchema,
  type TeamsManifest,
} from '../../scripts/teamsManifest';
import { buildTeamsPackage, DEFAULT_TEMPLATE, type TeamsPackage } from '../../scripts/teamsPackage';

const BOT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const ROOT = findProjectRoot(__dirname);

async function build(options: { domain?: string; botId?: string } = {}): Promise<TeamsPackage> {
  const result = await buildTeamsPackage({
    botId: options.botId ?? BOT_ID,
    version: readVersion(ROOT),
    ...(options.domain ? { domain: options.domain } : {}),
  });
  if (!result.ok) throw new Error(result.problems);
  return result.teamsPackage;
}

function readPng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** Every pixel as [r, g, b, a]. */
function pixels(png: PNG): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (let at = 0; at < png.data.length; at += 4)
    out.push([
      png.data[at] ?? -1,
      png.data[at + 1] ?? -1,
      png.data[at + 2] ?? -1,
      png.data[at + 3] ?? -1,
    ]);
  return out;
}

describe('the Teams app package', () => {
  let zip: JSZip;
  let manifest: TeamsManifest;

  const bytesOf = async (name: string): Promise<Buffer> => {
    const entry = zip.file(name);
    if (!entry) throw new Error(`${name} is not in the zip`);
    return entry.async('nodebuffer');
  };

  beforeAll(async () => {
    const built = await build();
    zip = await JSZip.loadAsync(built.zip);
    const text = await zip.file('manifest.json')?.async('string');
    manifest = TeamsManifestSchema.parse(JSON.parse(text ?? 'null'));
  });

  test('the zip holds exactly manifest.json, color.png and outline.png, at its root', () => {
    const names = Object.values(zip.files).map((entry) => entry.name);

    expect(names.sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(Object.values(zip.files).every((entry) => !entry.dir)).toBe(true);
  });

  test('the manifest is schema 1.17 with the bot id, the app version and a GUID app id', () => {
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.version).toBe(readVersion(ROOT));
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(manifest.id).not.toBe(BOT_ID);
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
  });

  test('the bot works in personal chats, teams and group chats, with a command list for each', () => {
    const [bot] = manifest.bots;

    expect(bot?.scopes.slice().sort()).toEqual([...BOT_SCOPES].sort());
    expect(bot?.commandLists.flatMap((list) => list.scopes).sort()).toEqual([...BOT_SCOPES].sort());
  });

  test('every sample command is a question the bot understands, in its own language', () => {
    const engine = sharedEngine();
    const titles = [
      ...new Set(
        manifest.bots.flatMap((bot) =>
          bot.commandLists.flatMap((list) => list.commands.map((c) => c.title)),
        ),
      ),
    ];

    const misunderstood = titles
      .map((title) => ({ title, answer: engine.ask(title) }))
      .filter(
        ({ answer }) =>
          answer.topic === null ||
          answer.topic === 'none' ||
          answer.confidence < engine.settings.minConfidence,
      )
      .map(({ title }) => title);

    expect(titles.length).toBeGreaterThanOrEqual(5);
    expect(misunderstood).toEqual([]);
    expect(engine.ask('¿Cómo se financia la innovación?').language).toBe('es');
  });

  test('the icons are 192x192 in colour and 32x32 white on transparent', async () => {
    const color = readPng(await bytesOf('color.png'));
    const outline = readPng(await bytesOf('outline.png'));

    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const outlinePixels = pixels(outline);
    const isWhite = ([r, g, b, a]: number[]): boolean =>
      r === 255 && g === 255 && b === 255 && a === 255;
    const isClear = ([, , , a]: number[]): boolean => a === 0;
    expect(outlinePixels.filter((p) => !isWhite(p) && !isClear(p))).toEqual([]);
    expect(outlinePixels.some(isWhite)).toBe(true);
    expect(outlinePixels.filter(isClear).length).toBeGreaterThan(outlinePixels.length / 3);
    // The colour icon is opaque: the accent colour behind a white symbol.
    const colorPixels = pixels(color);
    expect(colorPixels.every(([, , , a]) => a === 255)).toBe(true);
    expect(colorPixels[0]?.slice(0, 3)).toEqual([0x1f, 0x5f, 0x8b]);
    expect(colorPixels.some(isWhite)).toBe(true);
  });

  test('the same inputs give the same zip, byte for byte', async () => {
    const [first, second] = await Promise.all([build(), build()]);

    expect(first.zip.equals(second.zip)).toBe(true);
  });

  test('a public domain is added to validDomains', async () => {
    const built = await build({ domain: 'bot.example.org' });

    expect(built.manifest.validDomains).toContain('bot.example.org');
  });

  test('a bot id that is not a GUID is refused with the field named', async () => {
    const result = await buildTeamsPackage({ botId: 'my-bot', version: '1.0.0' });

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems).toMatch(/^bots\.0\.botId: expected a GUID$/m);
  });

  test('the template in teams/ keeps its placeholders for the bot id and version', () => {
    const template = readFileSync(DEFAULT_TEMPLATE, 'utf8');

    expect(DEFAULT_TEMPLATE).toBe(join(ROOT, 'teams', 'manifest.json'));
    expect(template).toContain('"botId": "${{MICROSOFT_APP_ID}}"');
    expect(template).toContain('"version": "${{APP_VERSION}}"');
  });
});

describe('the manifest rules', () => {
  let valid: TeamsManifest;

  beforeAll(async () => {
    valid = (await build()).manifest;
  });

  const command = (title: string, description = 'A description') => ({ title, description });
  const withBot = (change: Partial<TeamsManifest['bots'][number]>): unknown => ({
    ...valid,
    bots: [{ ...valid.bots[0], ...change }],
  });

  test.each([
    [
      'a short name over 30 characters',
      () => ({ ...valid, name: { ...valid.name, short: 'x'.repeat(31) } }),
      'name.short',
    ],
    [
      'a full name over 100 characters',
      () => ({ ...valid, name: { ...valid.name, full: 'x'.repeat(101) } }),
      'name.full',
    ],
    [
      'a short description over 80 characters',
      () => ({ ...valid, description: { ...valid.description, short: 'x'.repeat(81) } }),
      'description.short',
    ],
    [
      'a full description over 4000 characters',
      () => ({ ...valid, description: { ...valid.description, full: 'x'.repeat(4001) } }),
      'description.full',
    ],
    ['a version that is not major.minor.patch', () => ({ ...valid, version: '1.0' }), 'version'],
    ['an app id that is not a GUID', () => ({ ...valid, id: 'city-profile-bot' }), 'id'],
    [
      'a website over http',
      () => ({ ...valid, developer: { ...valid.developer, websiteUrl: 'http://example.org' } }),
      'developer.websiteUrl',
    ],
    [
      'a missing privacy URL',
      () => ({
        ...valid,
        developer: {
          name: 'x',
          websiteUrl: 'https://example.org',
          termsOfUseUrl: 'https://example.org',
        },
      }),
      'developer.privacyUrl',
    ],
    [
      'a command title over 32 characters',
      () =>
        withBot({
          commandLists: [
            { scopes: ['personal', 'team', 'groupChat'], commands: [command('x'.repeat(33))] },
          ],
        }),
      'bots.0.commandLists.0.commands.0.title',
    ],
    [
      'a command description over 128 characters',
      () =>
        withBot({
          commandLists: [
            {
              scopes: ['personal', 'team', 'groupChat'],
              commands: [command('help', 'x'.repeat(129))],
            },
          ],
        }),
      'bots.0.commandLists.0.commands.0.description',
    ],
    [
      'eleven commands in one list',
      () =>
        withBot({
          commandLists: [
            {
              scopes: ['personal', 'team', 'groupChat'],
              commands: Array.from({ length: 11 }, (_, i) => command(`q${i}`)),
            },
          ],
        }),
      'bots.0.commandLists.0.commands',
    ],
    [
      'a scope without a command list',
      () => withBot({ commandLists: [{ scopes: ['personal'], commands: [command('help')] }] }),
      'bots.0.commandLists',
    ],
    ['an unknown field (a typo)', () => ({ ...valid, acentColor: '#000000' }), '(manifest)'],
    [
      'a validDomains entry with a scheme',
      () => ({ ...valid, validDomains: ['https://bot.example.org'] }),
      'validDomains.0',
    ],
  ])('%s is refused', (_name, manifest, path) => {
    const result = TeamsManifestSchema.safeParse(manifest());

    expect(result.success).toBe(false);
    expect(
      result.error?.issues.map((issue) => issue.path.map(String).join('.') || '(manifest)'),
    ).toContain(path);
  });

  test('the built manifest itself passes', () => {
    expect(TeamsManifestSchema.safeParse(valid).success).toBe(true);
  });
});
