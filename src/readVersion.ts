import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from './knowledge/readKnowledgeDir';

/** The version in the project's package.json (shown by /healthz, stamped on the Teams package). */
export function readVersion(projectRoot: string = findProjectRoot()): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const version =
      typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
