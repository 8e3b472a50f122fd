import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineFromDir } from '../knowledge/createDefaultEngine';
import { findProjectRoot } from '../knowledge/readKnowledgeDir';
import { evaluate, formatEvalReport, parseEvalSet } from '../eval/evaluate';

/** The project's own question set. */
export const DEFAULT_EVAL_SET = join(findProjectRoot(), 'test', 'eval', 'questions.txt');

function main(argv: readonly string[]): number {
  const showMisses = argv.includes('--misses');
  const path = argv.find((a) => !a.startsWith('--')) ?? DEFAULT_EVAL_SET;
  const built = createEngineFromDir();
  if (!built.ok) {
    process.stderr.write(`${built.message}\n`);
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    process.stderr.write(
      `Cannot read the question set ${path}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const { engine } = built;
  const report = evaluate(parseEvalSet(text), (q) => engine.ask(q));
  process.stdout.write(`${formatEvalReport(report, showMisses)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
