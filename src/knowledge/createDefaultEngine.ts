import type { CoreSettings } from '../core/defaults';
import { createEngine, type Engine } from '../core/engine';
import { formatKnowledgeIssues, type KnowledgeIssue } from '../core/validateKnowledge';
import { loadDictionary } from './loadDictionary';
import { loadGazetteer } from './loadGazetteer';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledgeDir } from './readKnowledgeDir';

export type EngineResult =
  { ok: true; engine: Engine } | { ok: false; issues: readonly KnowledgeIssue[]; message: string };

export interface EngineOptions {
  /** The city a question that names none is about (DEFAULT_CITY); must have a profile. */
  readonly defaultCity?: string | undefined;
}

/** Loads knowledge from a folder, validates it and builds the engine; never a partial one. */
export function createEngineFromDir(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  overrides: Partial<CoreSettings> = {},
  options: EngineOptions = {},
): EngineResult {
  const result = loadKnowledgeDir(dir);
  if (!result.ok) {
    const count = result.issues.length;
    const message = `The knowledge in ${dir} is invalid (${count} problem${count === 1 ? '' : 's'}):\n${formatKnowledgeIssues(result.issues)}`;
    return { ok: false, issues: result.issues, message };
  }
  let kb = result.kb;
  if (options.defaultCity !== undefined && options.defaultCity !== kb.defaultCity) {
    const city = options.defaultCity;
    if (!kb.profiles.some((p) => p.id === city)) {
      const issue = {
        file: 'DEFAULT_CITY',
        path: '(setting)',
        expected: 'the id of a city that has a profile',
        found: JSON.stringify(city),
      };
      return {
        ok: false,
        issues: [issue],
        message: `DEFAULT_CITY is "${city}", but the knowledge in ${dir} has no profile with that id.`,
      };
    }
    kb = { ...kb, defaultCity: city };
  }
  const dictionary = loadDictionary();
  const engine = createEngine(kb, loadGazetteer(), overrides, (word) => dictionary.has(word));
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
