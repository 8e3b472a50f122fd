import { createInterface } from 'node:readline';
import type { Answer } from '../core/answer';
import type { Engine } from '../core/engine';
import { parseConfig } from '../config';
import { createEngineFromDir, type EngineResult } from '../knowledge/createDefaultEngine';

/**
 * The engine as the server builds it: KNOWLEDGE_DIR and DEFAULT_CITY read the same way,
 * so another city can run its own instance.
 */
function engineFromEnvironment(): EngineResult {
  const env = parseConfig({
    KNOWLEDGE_DIR: process.env.KNOWLEDGE_DIR,
    DEFAULT_CITY: process.env.DEFAULT_CITY,
  });
  if (!env.ok) {
    const message = env.issues.map((i) => `${i.variable}: ${i.message}`).join('\n');
    return { ok: false, issues: [], message };
  }
  return createEngineFromDir(
    env.config.KNOWLEDGE_DIR,
    {},
    { defaultCity: env.config.DEFAULT_CITY },
  );
}

/** Where `ask` reads and writes: the process's streams, or in-memory ones in tests. */
export interface AskStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const USAGE =
  'usage: npm run --silent ask -- [--json] "question"\n       npm run --silent ask -- --json < questions.txt   (one question a line)';

/** The `ask` command's JSON object, as ../shared/spec/topics.md specifies it. */
export function toAskJson(question: string, answer: Answer): Record<string, unknown> {
  return {
    question,
    language: answer.language,
    topic: answer.kind === 'profile' || answer.kind === 'chat' ? answer.topic : null,
    confidence: Math.max(0, Math.min(1, answer.confidence)),
    city: answer.city,
    unknownCity: answer.unknownCity,
    policyArea: answer.policyArea,
    cities: answer.cities,
    short: answer.short,
    text: answer.text,
    citations: answer.citations.map((c) => ({
      source: c.source,
      year: c.year,
      section: c.section,
    })),
    suggestions: answer.suggestions.map((s) => s.label),
  };
}

async function runBatch(engine: Engine, streams: AskStreams): Promise<void> {
  const lines = createInterface({ input: streams.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) streams.stdout.write(out.join(''));
    out.length = 0;
  };
  for await (const line of lines) {
    const question = line.replace(/\r$/, '');
    out.push(`${JSON.stringify(toAskJson(question, engine.ask(question)))}\n`);
    if (out.length >= 256) flush();
  }
  flush();
}

/**
 * The `ask` command: answers the question in `argv` (or, with `--json` and no question,
 * every line of stdin) and returns the exit code. `loadEngine` is called only once the
 * arguments are valid.
 */
export async function runAsk(
  argv: readonly string[],
  streams: AskStreams,
  loadEngine: () => EngineResult = engineFromEnvironment,
): Promise<number> {
  const isJson = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.includes('--help') || rest.includes('-h')) {
    streams.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const question = rest.join(' ');
  if (!isJson || rest.length > 0) {
    if (question.trim().length === 0) {
      streams.stderr.write(`Please give a question.\n${USAGE}\n`);
      return 2;
    }
  }
  const built = loadEngine();
  if (!built.ok) {
    streams.stderr.write(`${built.message}\n`);
    return 1;
  }
  const { engine } = built;
  if (isJson && rest.length === 0) {
    await runBatch(engine, streams);
    return 0;
  }
  if (question.length > engine.settings.maxQuestionLength) {
    streams.stderr.write(
      `The question is too long (${question.length} characters; at most ${engine.settings.maxQuestionLength}). Please ask one short question.\n`,
    );
    return 2;
  }
  const answer = engine.ask(question);
  streams.stdout.write(
    isJson ? `${JSON.stringify(toAskJson(question, answer))}\n` : `${answer.text}\n`,
  );
  return 0;
}

if (require.main === module) {
  runAsk(process.argv.slice(2), process).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `ask failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
