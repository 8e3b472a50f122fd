import { z } from 'zod';

/**
 * The Teams app manifest (schema 1.17) as far as this app uses it, with the limits
 * Teams enforces on upload. The packaging refuses to write a package that breaks them.
 * https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema
 */

export const MANIFEST_SCHEMA_URL =
  'https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams' version rule: major.minor.patch, numbers only. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const DOMAIN =
  /^(\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i;

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

export const TeamsManifestSchema = z.strictObject({
  $schema: z.literal(MANIFEST_SCHEMA_URL),
  manifestVersion: z.literal('1.17'),
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
  icons: z.strictObject({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
  accentColor: z.string().regex(/^#[0-9a-f]{6}$/i, { error: 'expected a colour such as #1F5F8B' }),
  bots: z.array(BotSchema).length(1),
  validDomains: z
    .array(z.string().regex(DOMAIN, { error: 'expected a domain without scheme or path' }))
    .max(16),
});

export type TeamsManifest = z.infer<typeof TeamsManifestSchema>;

/** Every problem, one a line, with its path: `bots.0.commandLists.0.commands.3.title: Too big ...`. */
export function describeManifestProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(manifest)'}: ${issue.message}`)
    .join('\n');
}
