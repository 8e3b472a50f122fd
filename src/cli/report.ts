import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatConfigIssues, loadConfig } from '../config';
import { loadKnowledgeDir } from '../knowledge/readKnowledgeDir';
import { openQuestionLogStore } from '../questionLog/openQuestionLog';
import { DAY_MS } from '../questionLog/questionLogStore';
import { buildReport, REPORT_DEFAULTS } from '../report/buildReport';
import { nameWords } from '../report/groupingWords';
import { renderReportHtml } from '../report/renderReportHtml';
import { renderReportText, type TopicNames } from '../report/renderReportText';

const USAGE = `usage: npm run --silent report -- [--days N | --from YYYY-MM-DD [--to YYYY-MM-DD]] [--top N] [--json] [--html FILE]
Reads the question log configured by QUESTION_LOG_FILE (or QUESTION_LOG_REDIS=true) and
prints what people asked that the bot declined or was unsure about, and their feedback.
  --days N     the last N days (default: QUESTION_LOG_DAYS, the whole log)
  --from/--to  a period of whole days (UTC), --to included (default today)
  --top N      rows of declined questions and near misses (default ${REPORT_DEFAULTS.top})
  --json       the report as JSON, for tools
  --html FILE  also write the report as one self-contained HTML page`;

export interface ReportArguments {
  readonly days: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly top: number;
  readonly isJson: boolean;
  readonly htmlFile: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The command line, or the problem with it (said in words, for stderr). */
export function parseReportArguments(
  argv: readonly string[],
): { ok: true; args: ReportArguments } | { ok: false; problem: string } | { ok: 'help' } {
  let days: number | null = null;
  let from: string | null = null;
  let to: string | null = null;
  let top: number = REPORT_DEFAULTS.top;
  let isJson = false;
  let htmlFile: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const needsValue = (): string | null => {
      i += 1;
      return value === undefined || value.startsWith('--') ? null : value;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return { ok: 'help' };
      case '--json':
        isJson = true;
        break;
      case '--html': {
        htmlFile = needsValue();
        if (htmlFile === null) return { ok: false, problem: '--html needs a file name' };
        break;
      }
      case '--days':
      case '--top': {
        const raw = needsValue();
        const n = raw !== null && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 1 || n > 3650)
          return { ok: false, problem: `${flag} needs a whole number from 1 to 3650` };
        if (flag === '--days') days = n;
        else top = n;
        break;
      }
      case '--from':
      case '--to': {
        const raw = needsValue();
        if (raw === null || !DATE.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)))
          return { ok: false, problem: `${flag} needs a date such as 2026-03-01` };
        if (flag === '--from') from = raw;
        else to = raw;
        break;
      }
      default:
        return { ok: false, problem: `unknown argument ${JSON.stringify(flag)}` };
    }
  }
  if (days !== null && from !== null)
    return { ok: false, problem: 'give either --days or --from, not both' };
  if (from !== null && to !== null && from > to)
    return { ok: false, problem: '--from must not be after --to' };
  return { ok: true, args: { days, from, to, top, isJson, htmlFile } };
}

/** The period in milliseconds: [from, to] inclusive. */
export function periodOf(
  args: ReportArguments,
  retentionDays: number,
  nowMs: number,
): { fromMs: number; toMs: number } {
  const toMs = args.to === null ? nowMs : Date.parse(`${args.to}T23:59:59.999Z`);
  const fromMs =
    args.from !== null
      ? Date.parse(`${args.from}T00:00:00Z`)
      : toMs - (args.days ?? retentionDays) * DAY_MS;
  return { fromMs, toMs };
}

/**
 * From the knowledge, when it loads: topic titles to show beside their ids, and the
 * words of the profiles' city names, which grouping leaves out. Without it the report
 * still works, with ids only.
 */
function knowledgeNamesOf(knowledgeDir: string | undefined): {
  topics: TopicNames;
  cityWords: ReadonlySet<string>;
} {
  const loaded = knowledgeDir === undefined ? loadKnowledgeDir() : loadKnowledgeDir(knowledgeDir);
  if (!loaded.ok) return { topics: new Map(), cityWords: new Set() };
  const { kb } = loaded;
  const names = [
    ...kb.profiles.flatMap((p) => [p.name.en, p.name.es]),
    ...kb.cityAliases.cities.flatMap((c) => c.aliases),
  ];
  return {
    topics: new Map(kb.topics.map((t) => [t.id, t.title.en])),
    cityWords: nameWords(names),
  };
}

/** Where the command writes, and what it reads (the process's own by default; tests pass theirs). */
export interface ReportIo {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly projectRoot?: string;
  readonly now?: () => number;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs the command; returns the exit code (0 done, 1 the log is off or unreadable, 2 bad arguments). */
export async function runReport(argv: readonly string[], io: ReportIo): Promise<number> {
  const parsed = parseReportArguments(argv);
  if (parsed.ok === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr(`${parsed.problem}\n${USAGE}\n`);
    return 2;
  }
  const { args } = parsed;
  const { result } = loadConfig(io.env ?? process.env, io.projectRoot);
  if (!result.ok) {
    io.stderr(
      `The configuration is invalid (see .env.example):\n${formatConfigIssues(result.issues)}\n`,
    );
    return 1;
  }
  const { config } = result;
  const now = io.now ?? Date.now;
  const store = await openQuestionLogStore(config, {
    now,
    onError: () => {
      /* a failed read is reported below */
    },
  });
  if (!store) {
    io.stderr(
      'The question log is off: set QUESTION_LOG_FILE (or QUESTION_LOG_REDIS=true with STATE_STORE=redis) as the bot was started with.\n',
    );
    return 1;
  }
  const { fromMs, toMs } = periodOf(args, config.QUESTION_LOG_DAYS, now());
  let entries;
  try {
    entries = await store.read(fromMs);
  } catch (error) {
    io.stderr(
      `Could not read the question log: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
  const known = knowledgeNamesOf(config.KNOWLEDGE_DIR);
  const report = buildReport(entries, {
    fromMs,
    toMs,
    top: args.top,
    ignoredWords: known.cityWords,
  });
  const names = known.topics;
  if (args.htmlFile !== null) {
    const target = resolve(args.htmlFile);
    writeFileSync(target, renderReportHtml(report, names));
    if (!args.isJson) io.stderr(`Wrote ${target}\n`);
  }
  io.stdout(args.isJson ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report, names));
  return 0;
}

if (require.main === module) {
  runReport(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `report failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
