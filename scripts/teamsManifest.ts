import { z } from 'zod';

/**
 * The Teams app manifest as far as this app uses it, with the limits Teams enforces on
 * upload (some stricter than the JSON schema: a command title of at most 32 characters).
 * The packaging refuses to write a package that breaks them, and then checks the result
 * against Microsoft's own JSON schema too, offline (teamsManifestValidator.ts).
 * https://learn.microsoft.com/microsoft-365/extensibility/schema/
 *
 * MANIFEST_VERSION is the newest version Microsoft's manifest reference lists as
 * generally available (1.28, May 2026) among those whose schema @microsoft/app-manifest
 * ships (it has 1.29 and 1.30 too; the reference shows 1.29 only in its preview view).
 */

export const MANIFEST_VERSION = '1.28';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams' version rule: major.minor.patch, numbers only. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const DOMAIN =
  /^(\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i;

/** BCP 47 as Teams takes it: "en", "es", "es-mx". */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

const Guid = z.string().regex(GUID, { error: 'expected a GUID' });
const HttpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' }).max(2048);
const text = (max: number) => z.string().trim().min(1).max(max);

export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;
const Scope = z.enum(BOT_SCOPES);

const CommandSchema = z.strictObject({
  title: text(32),
  description: text(128),
});

const CommandListSchema = z.strictObject({
  scopes: z.array(Scope).min(1),
  commands: z.array(CommandSchema).min(1).max(10),
});

const BotSchema = z
  .strictObject({
    botId: Guid,
    scopes: z.array(Scope).min(1),
    supportsFiles: z.boolean().optional(),
    isNotificationOnly: z.boolean().optional(),
    commandLists: z.array(CommandListSchema).min(1).max(3),
  })
  .superRefine((bot, ctx) => {
    const listed = bot.commandLists.flatMap((list) => list.scopes);
    for (const scope of listed) {
      if (!bot.scopes.includes(scope))
        ctx.addIssue({
          code: 'custom',
          path: ['commandLists'],
          message: `a command list for scope ${scope}, which the bot does not have`,
        });
    }
    for (const scope of bot.scopes) {
      if (listed.filter((s) => s === scope).length !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['commandLists'],
          message: `scope ${scope} needs exactly one command list`,
        });
    }
  });

const LanguageTag = z.string().regex(LANGUAGE_TAG, { error: 'expected a language tag such as es' });

const LocalizationInfoSchema = z.strictObject({
  defaultLanguageTag: LanguageTag,
  additionalLanguages: z
    .array(
      z.strictObject({
        languageTag: LanguageTag,
        file: z
          .string()
          .regex(/^[a-z0-9-]+\.json$/i, { error: 'expected a file name such as es.json' }),
      }),
    )
    .min(1),
});

export const TeamsManifestSchema = z.strictObject({
  $schema: z.literal(MANIFEST_SCHEMA_URL),
  manifestVersion: z.literal(MANIFEST_VERSION),
  version: z.string().regex(SEMVER, { error: 'expected a version such as 1.2.3' }),
  id: Guid,
  developer: z.strictObject({
    name: text(32),
    websiteUrl: HttpsUrl,
    privacyUrl: HttpsUrl,
    termsOfUseUrl: HttpsUrl,
    mpnId: z.string().max(10).optional(),
  }),
  name: z.strictObject({ short: text(30), full: text(100) }),
  description: z.strictObject({ short: text(80), full: text(4000) }),
  localizationInfo: LocalizationInfoSchema,
  icons: z.strictObject({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
  accentColor: z.string().regex(/^#[0-9a-f]{6}$/i, { error: 'expected a colour such as #1F5F8B' }),
  bots: z.array(BotSchema).length(1),
  validDomains: z
    .array(z.string().regex(DOMAIN, { error: 'expected a domain without scheme or path' }))
    .max(16),
});

export type TeamsManifest = z.infer<typeof TeamsManifestSchema>;

/** A localized command's key: "bots[0].commandLists[1].commands[3].title". */
export const COMMAND_KEY =
  /^bots\[0\]\.commandLists\[(\d)\]\.commands\[(\d{1,2})\]\.(title|description)$/;

/**
 * A localization file (es.json): the app's names and descriptions, and each command's
 * title and description by its place in the default manifest, in another language.
 */
export const TeamsLocalizationSchema = z
  .object({
    $schema: z.literal(LOCALIZATION_SCHEMA_URL),
    'name.short': text(30),
    'name.full': text(100),
    'description.short': text(80),
    'description.full': text(4000),
  })
  .catchall(z.string())
  .superRefine((file, ctx) => {
    for (const [key, value] of Object.entries(file)) {
      if (key === '$schema' || key.startsWith('name.') || key.startsWith('description.')) continue;
      const match = COMMAND_KEY.exec(key);
      if (!match) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'not a key this app localizes' });
        continue;
      }
      const max = match[3] === 'title' ? 32 : 128;
      if (value.trim() === '' || value.length > max)
        ctx.addIssue({ code: 'custom', path: [key], message: `expected 1 to ${max} characters` });
    }
  });

export type TeamsLocalization = z.infer<typeof TeamsLocalizationSchema>;

/** Keys of `localization` that name no command of `manifest`, and commands it leaves untranslated. */
export function localizationGaps(
  manifest: TeamsManifest,
  localization: TeamsLocalization,
): string[] {
  const problems: string[] = [];
  const expected = new Set<string>();
  manifest.bots[0]?.commandLists.forEach((list, i) =>
    list.commands.forEach((_command, j) => {
      for (const field of ['title', 'description'])
        expected.add(`bots[0].commandLists[${i}].commands[${j}].${field}`);
    }),
  );
  const given = Object.keys(localization).filter((key) => COMMAND_KEY.test(key));
  for (const key of given) if (!expected.has(key)) problems.push(`${key}: no such command`);
  for (const key of expected) if (!given.includes(key)) problems.push(`${key}: not translated`);
  return problems;
}

/** Every problem, one a line, with its path: `bots.0.commandLists.0.commands.3.title: Too big ...`. */
export function describeManifestProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(manifest)'}: ${issue.message}`)
    .join('\n');
}
