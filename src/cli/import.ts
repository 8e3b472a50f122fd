import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { SummaryFileSchema, type Profile, type SummaryFile } from '../core/schema';
import { validateKnowledge, formatKnowledgeIssues } from '../core/validateKnowledge';
import { importPage, slugOfFile } from '../importer/importPage';
import type { PageCopy } from '../importer/chooseCopy';
import { DEFAULT_KNOWLEDGE_DIR, readKnowledgeDocuments } from '../knowledge/readKnowledgeDir';

const USAGE = `usage: npm run import -- [--knowledge DIR] [--force] FILE...
  Reads survey profile pages (../shared/profiles/pages/<slug>.txt or the seed) and writes
  knowledge/cities/<city-id>.yaml for each. Other stored copies of a page
  (pages/variants/<slug>--*.txt) are read too: a copy with headings is preferred.
  A hand-made profile (one without a "sections" list) is kept unless --force.`;

interface Options {
  readonly knowledgeDir: string;
  readonly isForced: boolean;
  readonly files: readonly string[];
}

function parseArgs(argv: readonly string[]): Options | string {
  let knowledgeDir = process.env.KNOWLEDGE_DIR
    ? resolve(process.env.KNOWLEDGE_DIR)
    : DEFAULT_KNOWLEDGE_DIR;
  let isForced = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--knowledge') {
      const dir = argv[i + 1];
      if (!dir) return '--knowledge needs a folder';
      knowledgeDir = resolve(dir);
      i += 1;
    } else if (arg === '--force') isForced = true;
    else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('--')) return `unknown option ${arg}\n${USAGE}`;
    else files.push(resolve(arg));
  }
  return files.length > 0 ? { knowledgeDir, isForced, files } : USAGE;
}

/** The asked copy first, then the other stored copies of the same page (pages/variants/). */
function copiesOf(file: string): PageCopy[] {
  const text = readFileSync(file, 'utf8');
  const slug = slugOfFile(file);
  const dir = dirname(file);
  const variantsDir = basename(dir) === 'variants' ? dir : join(dir, 'variants');
  const copies: PageCopy[] = [{ file, text }];
  if (existsSync(variantsDir)) {
    for (const name of readdirSync(variantsDir).sort()) {
      if (!name.startsWith(`${slug}--`) || !name.endsWith('.txt')) continue;
      const path = join(variantsDir, name);
      const other = readFileSync(path, 'utf8');
      if (path !== file && other !== text) copies.push({ file: path, text: other });
    }
  }
  return copies;
}

function readSummaries(knowledgeDir: string): Map<string, SummaryFile> {
  const out = new Map<string, SummaryFile>();
  const dir = join(knowledgeDir, 'summaries');
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (!/\.ya?ml$/.test(name)) continue;
    const parsed = SummaryFileSchema.safeParse(load(readFileSync(join(dir, name), 'utf8')));
    if (parsed.success) out.set(parsed.data.page, parsed.data);
  }
  return out;
}

const FACT_KEYS = [
  'id',
  'topic',
  'holds',
  'option',
  'dataStatus',
  'text',
  'figures',
  'items',
  'itemsOrdered',
  'note',
  'citation',
];

/** The profile as written: empty lists (the schema's defaults) left out, fact keys in reading order. */
function compact(profile: Profile): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => !(Array.isArray(v) && v.length === 0),
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, strip(v)]));
  };
  return {
    ...profile,
    facts: profile.facts.map((fact) => {
      const record = strip(fact) as Record<string, unknown>;
      const ordered = FACT_KEYS.filter((k) => k in record).map((k): [string, unknown] => [
        k,
        record[k],
      ]);
      return Object.fromEntries(ordered);
    }),
  };
}

function yamlOf(profile: Profile, from: string): string {
  const header = [
    `# ${profile.name.en}'s innovation profile, imported by \`npm run import\` from the`,
    `# survey site's public page (${profile.profileUrl}), stored copy ${from}.`,
    `# ${profile.survey.year} round. Sections the stored copy held: ${(profile.sections ?? []).join(', ')}.`,
    '# Sections not listed are unknown (the copy was cut), never "no". Texts come from the',
    '# vocabularies (knowledge/vocabulary/) and own-words summaries (knowledge/summaries/).',
    '# Re-import rather than edit by hand.',
  ];
  return `${header.join('\n')}\n${dump(compact(profile), { lineWidth: 140, noRefs: true })}`;
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const documents = readKnowledgeDocuments(options.knowledgeDir);
  const base = validateKnowledge(documents);
  if (!base.ok) {
    process.stderr.write(
      `The knowledge in ${options.knowledgeDir} is invalid; fix it first:\n${formatKnowledgeIssues(base.issues)}\n`,
    );
    return 1;
  }
  const summaries = readSummaries(options.knowledgeDir);
  let failures = 0;
  for (const file of options.files) {
    if (!existsSync(file)) {
      process.stdout.write(`✗ ${file}: no such file\n`);
      failures += 1;
      continue;
    }
    const result = importPage(copiesOf(file), base.kb, summaries);
    const problems = result.problems.map((p) => `    line ${p.line || '-'}: ${p.why}`);
    const profile = result.profile;
    if (!profile) {
      process.stdout.write(`✗ ${file}: no profile written\n${problems.join('\n')}\n`);
      failures += 1;
      continue;
    }
    const relative = `cities/${profile.id}.yaml`;
    const target = join(options.knowledgeDir, relative);
    const existing = documents.find((d) => d.file === relative);
    const isHandMade =
      existing !== undefined &&
      'data' in existing &&
      typeof existing.data === 'object' &&
      existing.data !== null &&
      !('sections' in existing.data);
    if (isHandMade && !options.isForced) {
      process.stdout.write(
        `= ${file}: ${relative} is hand-made; kept (use --force to replace it)\n${problems.join('\n')}\n`,
      );
      continue;
    }
    // Validate the knowledge as it would be with this profile before writing a byte.
    const data: unknown = JSON.parse(JSON.stringify(profile));
    const next = validateKnowledge([
      ...documents.filter((d) => d.file !== relative),
      { file: relative, data },
    ]);
    if (!next.ok) {
      process.stdout.write(
        `✗ ${file}: the profile would be invalid; not written\n${formatKnowledgeIssues(next.issues)}\n`,
      );
      failures += 1;
      continue;
    }
    writeFileSync(target, yamlOf(profile, basename(result.file ?? file)));
    const filled = result.filledFrom.map((f) => `    filled ${f.what} from ${basename(f.file)}`);
    process.stdout.write(
      `✓ ${basename(file)} -> ${relative} (${profile.survey.year} round, ${profile.facts.length} facts; sections: ${(profile.sections ?? []).join(', ')}${profile.truncatedSection ? `; cut in ${profile.truncatedSection}` : ''}; copy ${basename(result.file ?? file)})\n` +
        [...filled, ...problems].map((l) => `${l}\n`).join(''),
    );
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
