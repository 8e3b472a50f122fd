import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { load } from 'js-yaml';
import type { KnowledgeDocument, KnowledgeResult } from '../core/validateKnowledge';
import { validateKnowledge } from '../core/validateKnowledge';

/** The project root: the nearest folder above this module with a package.json (works from src/ and dist/). */
export function findProjectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** The knowledge folder shipped with the project. */
export const DEFAULT_KNOWLEDGE_DIR = join(findProjectRoot(), 'knowledge');

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listYamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** Reads and parses every YAML file under a folder; a file that does not parse becomes an issue, not an exception. */
export function readKnowledgeDocuments(dir: string): KnowledgeDocument[] {
  return listYamlFiles(dir).map((path) => {
    const file = relative(dir, path).split(sep).join('/');
    try {
      return { file, data: load(readFileSync(path, 'utf8'), { filename: file }) };
    } catch (error) {
      const message =
        error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
      return { file, parseError: message };
    }
  });
}

/** Loads and validates a knowledge folder. */
export function loadKnowledgeDir(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeResult {
  let documents: KnowledgeDocument[];
  try {
    documents = readKnowledgeDocuments(dir);
  } catch (error) {
    const found = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [{ file: dir, path: '(folder)', expected: 'a readable knowledge folder', found }],
    };
  }
  return validateKnowledge(documents);
}
