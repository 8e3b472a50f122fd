import type { CoreSettings } from '../core/defaults';
import { createEngine, type Engine } from '../core/engine';
import { formatKnowledgeIssues, type KnowledgeIssue } from '../core/validateKnowledge';
import { loadDictionary } from './loadDictionary';
import { loadGazetteer } from './loadGazetteer';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledgeDir } from './readKnowledgeDir';

export type EngineResult =
  { ok: true; engine: Engine } | { ok: false; issues: readonly KnowledgeIssue[]; message: string };

/** Loads knowledge from a folder, validates it and builds the engine; never a partial one. */
export function createEngineFromDir(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  overrides: Partial<CoreSettings> = {},
): EngineResult {
  const result = loadKnowledgeDir(dir);
  if (!result.ok) {
    const count = result.issues.length;
    const message = `The knowledge in ${dir} is invalid (${count} problem${count === 1 ? '' : 's'}):\n${formatKnowledgeIssues(result.issues)}`;
    return { ok: false, issues: result.issues, message };
  }
  const dictionary = loadDictionary();
  const engine = createEngine(result.kb, loadGazetteer(), overrides, (word) =>
    dictionary.has(word),
  );
  warmUp(engine);
  return { ok: true, engine };
}

/**
 * Answers each topic's first example once, in both languages, so that the first people
 * to ask do not wait for the JavaScript engine to compile the pipeline (~50 ms at start).
 */
function warmUp(engine: Engine): void {
  for (const topic of engine.kb.topics) {
    for (const question of [topic.examples.en[0], topic.examples.es[0]])
      if (question) engine.ask(question);
  }
}
