import { createInterface } from 'node:readline';
import type { Answer } from '../core/answer';
import type { Engine } from '../core/engine';
import { parseConfig } from '../config';
import { createEngineFromDir } from '../knowledge/createDefaultEngine';

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

async function runBatch(engine: Engine): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(out.join(''));
    out.length = 0;
  };
  for await (const line of lines) {
    const question = line.replace(/\r$/, '');
    out.push(`${JSON.stringify(toAskJson(question, engine.ask(question)))}\n`);
    if (out.length >= 256) flush();
  }
  flush();
}

async function main(argv: readonly string[]): Promise<number> {
  const isJson = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const question = rest.join(' ');
  if (!isJson || rest.length > 0) {
    if (question.trim().length === 0) {
      process.stderr.write(`Please give a question.\n${USAGE}\n`);
      return 2;
    }
  }
  // KNOWLEDGE_DIR and DEFAULT_CITY as the server reads them: another city can run its own instance.
  const env = parseConfig({
    KNOWLEDGE_DIR: process.env.KNOWLEDGE_DIR,
    DEFAULT_CITY: process.env.DEFAULT_CITY,
  });
  if (!env.ok) {
    process.stderr.write(`${env.issues.map((i) => `${i.variable}: ${i.message}`).join('\n')}\n`);
    return 2;
  }
  const built = createEngineFromDir(
    env.config.KNOWLEDGE_DIR,
    {},
    { defaultCity: env.config.DEFAULT_CITY },
  );
  if (!built.ok) {
    process.stderr.write(`${built.message}\n`);
    return 1;
  }
  const { engine } = built;
  if (isJson && rest.length === 0) {
    await runBatch(engine);
    return 0;
  }
  if (question.length > engine.settings.maxQuestionLength) {
    process.stderr.write(
      `The question is too long (${question.length} characters; at most ${engine.settings.maxQuestionLength}). Please ask one short question.\n`,
    );
    return 2;
  }
  const answer = engine.ask(question);
  process.stdout.write(
    isJson ? `${JSON.stringify(toAskJson(question, answer))}\n` : `${answer.text}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ask failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
