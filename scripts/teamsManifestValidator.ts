import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type TeamsManifest as OfficialManifest } from '@microsoft/app-manifest';
import { MANIFEST_VERSION } from './teamsManifest';

/**
 * Microsoft's JSON schemas for the Teams manifest and its localization files, as
 * @microsoft/app-manifest ships them. Read from the package and handed to its
 * validator, so validating never fetches a schema from the network.
 */
function schemaFile(name: string): unknown {
  const build = dirname(require.resolve('@microsoft/app-manifest'));
  const path = join(build, 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, name);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The localization schema's activity-type keys end in `\b]\.`: a lone `]`, which is
 * fine in a plain regular expression but not in the Unicode mode the validator (ajv)
 * compiles patterns in. Escaping it (`\]`) means the same thing and compiles.
 */
function withUnicodeSafePatterns(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || !('patternProperties' in schema))
    return schema;
  const patterns: unknown = schema.patternProperties;
  if (typeof patterns !== 'object' || patterns === null) return schema;
  const fixed = Object.fromEntries(
    Object.entries(patterns).map(([pattern, value]) => [
      pattern.replaceAll('\\b]', '\\b\\]'),
      value as unknown,
    ]),
  );
  return { ...schema, patternProperties: fixed };
}

let schemas: { manifest: unknown; localization: unknown } | undefined;

function officialSchemas(): { manifest: unknown; localization: unknown } {
  schemas ??= {
    manifest: schemaFile('MicrosoftTeams.schema.json'),
    localization: withUnicodeSafePatterns(schemaFile('MicrosoftTeams.Localization.schema.json')),
  };
  return schemas;
}

type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

/**
 * Every way `manifest` and its localization files break Microsoft's schemas, one a line,
 * prefixed with the file ("manifest.json /bots/0/scopes must NOT have …"); [] when none.
 */
export async function validateWithOfficialSchemas(
  manifest: unknown,
  localizations: ReadonlyMap<string, unknown>,
): Promise<string[]> {
  const { manifest: manifestSchema, localization: localizationSchema } = officialSchemas();
  // The validator takes any JSON value; its types name the manifests it knows.
  const problems = (
    await AppManifestUtils.validateAgainstSchema(
      manifest as OfficialManifest,
      manifestSchema as Schema,
    )
  ).map((problem) => `manifest.json ${problem}`);
  for (const [file, localization] of localizations) {
    const found = await AppManifestUtils.validateAgainstSchema(
      localization as OfficialManifest,
      localizationSchema as Schema,
    );
    problems.push(...found.map((problem) => `${file} ${problem}`));
  }
  return problems;
}
