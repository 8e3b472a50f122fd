/**
 * `npm run teams:package [-- --bot-id <GUID>] [--domain bot.example.org] [--out dir]`
 *
 * Writes the Teams app package: dist/teams/city-profile-bot.zip with manifest.json,
 * its localization files (es.json), color.png and outline.png at its root (upload it in
 * Teams: Apps > Manage your apps > Upload an app), and the same files unzipped in
 * dist/teams/package/. The manifest is checked twice before anything is written: with
 * this app's rules (teamsManifest.ts) and against Microsoft's JSON schema, offline.
 * The bot id is the Azure Bot's MicrosoftAppId (from .env or the environment unless
 * --bot-id is given); the manifest template is teams/manifest.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { formatConfigIssues, loadConfig } from '../src/config';
import { findProjectRoot } from '../src/knowledge/readKnowledgeDir';
import { readVersion } from '../src/readVersion';
import { drawColorIcon, drawOutlineIcon } from './teamsIcons';
import {
  describeManifestProblems,
  localizationGaps,
  TeamsLocalizationSchema,
  TeamsManifestSchema,
  type TeamsLocalization,
  type TeamsManifest,
} from './teamsManifest';
import { validateWithOfficialSchemas } from './teamsManifestValidator';

export const PACKAGE_FILE_NAME = 'city-profile-bot.zip';
export const DEFAULT_TEMPLATE = join(findProjectRoot(__dirname), 'teams', 'manifest.json');
/** Every file gets this date, so the same inputs give the same zip, byte for byte. */
const FIXED_DATE = new Date('2024-01-01T00:00:00Z');

export interface TeamsPackageOptions {
  /** The Azure Bot's Microsoft App ID. */
  readonly botId: string;
  /** The app version (package.json's). */
  readonly version: string;
  /** The bot's public host, added to validDomains. */
  readonly domain?: string;
  readonly templatePath?: string;
}

export interface TeamsPackage {
  readonly manifest: TeamsManifest;
  /** The localization files by name (es.json), as packaged. */
  readonly localizations: ReadonlyMap<string, TeamsLocalization>;
  /** The files at the root of the zip, by name. */
  readonly files: ReadonlyMap<string, Buffer>;
  readonly zip: Buffer;
}

export type TeamsPackageResult =
  | { readonly ok: true; readonly teamsPackage: TeamsPackage }
  | { readonly ok: false; readonly problems: string };

/** Replaces `${{NAME}}` in every string of the template; an unknown name is left for validation to catch. */
function fillPlaceholders(value: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, values)]),
    );
  }
  return value;
}

/** Builds the package in memory, or says everything that is wrong with the manifest. */
export async function buildTeamsPackage(options: TeamsPackageOptions): Promise<TeamsPackageResult> {
  const template: unknown = JSON.parse(
    readFileSync(options.templatePath ?? DEFAULT_TEMPLATE, 'utf8'),
  );
  const filled = fillPlaceholders(template, {
    MICROSOFT_APP_ID: options.botId,
    APP_VERSION: options.version,
  });
  if (
    options.domain !== undefined &&
    typeof filled === 'object' &&
    filled !== null &&
    'validDomains' in filled &&
    Array.isArray(filled.validDomains)
  ) {
    filled.validDomains = [...new Set([...(filled.validDomains as unknown[]), options.domain])];
  }
  const parsed = TeamsManifestSchema.safeParse(filled);
  if (!parsed.success) return { ok: false, problems: describeManifestProblems(parsed.error) };
  const manifest = parsed.data;

  // Localization files sit beside the template and are packaged under the same name.
  const templateDir = dirname(options.templatePath ?? DEFAULT_TEMPLATE);
  const localizations = new Map<string, TeamsLocalization>();
  const problems: string[] = [];
  for (const { file } of manifest.localizationInfo.additionalLanguages) {
    const read: unknown = JSON.parse(readFileSync(join(templateDir, file), 'utf8'));
    const localization = TeamsLocalizationSchema.safeParse(read);
    if (!localization.success) {
      problems.push(
        ...describeManifestProblems(localization.error)
          .split('\n')
          .map((p) => `${file} ${p}`),
      );
      continue;
    }
    problems.push(...localizationGaps(manifest, localization.data).map((p) => `${file} ${p}`));
    localizations.set(file, localization.data);
  }
  problems.push(...(await validateWithOfficialSchemas(manifest, localizations)));
  if (problems.length > 0) return { ok: false, problems: problems.join('\n') };

  const asJson = (value: unknown): Buffer =>
    Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  const files = new Map<string, Buffer>([
    ['manifest.json', asJson(manifest)],
    ...[...localizations].map(([file, localization]) => [file, asJson(localization)] as const),
    [manifest.icons.color, drawColorIcon(manifest.accentColor)],
    [manifest.icons.outline, drawOutlineIcon()],
  ]);
  const zip = new JSZip();
  for (const [name, data] of files)
    zip.file(name, data, { date: FIXED_DATE, createFolders: false });
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  return { ok: true, teamsPackage: { manifest, localizations, files, zip: bytes } };
}

interface CliArgs {
  readonly botId?: string;
  readonly domain?: string;
  readonly out?: string;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  const args: Record<string, string> = {};
  const names: Readonly<Record<string, keyof CliArgs>> = {
    '--bot-id': 'botId',
    '--domain': 'domain',
    '--out': 'out',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const name = names[flag];
    const value = argv[i + 1];
    if (name === undefined || value === undefined)
      return `unknown or incomplete option: ${flag}\nusage: npm run teams:package -- [--bot-id <GUID>] [--domain bot.example.org] [--out dir]`;
    args[name] = value;
  }
  return args;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  let botId = args.botId;
  if (botId === undefined) {
    const { result } = loadConfig();
    if (!result.ok) {
      process.stderr.write(`The configuration is invalid:\n${formatConfigIssues(result.issues)}\n`);
      return 1;
    }
    botId = result.config.MicrosoftAppId;
  }
  if (botId === undefined) {
    process.stderr.write(
      "The Teams app needs the Azure Bot's app id: set MicrosoftAppId (in .env or the environment) or pass --bot-id <GUID>.\n",
    );
    return 1;
  }
  const built = await buildTeamsPackage({
    botId,
    version: readVersion(),
    ...(args.domain === undefined ? {} : { domain: args.domain }),
  });
  if (!built.ok) {
    process.stderr.write(`The Teams manifest is invalid:\n${built.problems}\n`);
    return 1;
  }
  const outDir = args.out ?? join(findProjectRoot(__dirname), 'dist', 'teams');
  const unzipped = join(outDir, 'package');
  mkdirSync(unzipped, { recursive: true });
  for (const [name, data] of built.teamsPackage.files) writeFileSync(join(unzipped, name), data);
  const zipPath = join(outDir, PACKAGE_FILE_NAME);
  writeFileSync(zipPath, built.teamsPackage.zip);
  process.stdout.write(
    `Wrote ${zipPath} (${built.teamsPackage.zip.length} bytes) for bot ${botId}, version ${built.teamsPackage.manifest.version}.\n`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `teams:package failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
