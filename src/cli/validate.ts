import { resolve } from 'node:path';
import { formatKnowledgeIssues } from '../core/validateKnowledge';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledgeDir } from '../knowledge/readKnowledgeDir';

/** `npm run validate [-- DIR]`: the start-up check of the knowledge base, on its own. */
function main(argv: readonly string[]): number {
  const dir = argv[0] ? resolve(argv[0]) : DEFAULT_KNOWLEDGE_DIR;
  const result = loadKnowledgeDir(dir);
  if (!result.ok) {
    const n = result.issues.length;
    process.stderr.write(
      `${dir}: ${n} problem${n === 1 ? '' : 's'}\n${formatKnowledgeIssues(result.issues)}\n`,
    );
    return 1;
  }
  const { kb } = result;
  const facts = kb.profiles.reduce((sum, p) => sum + p.facts.length, 0);
  process.stdout.write(
    `${dir}: valid. ${kb.profiles.length} profile${kb.profiles.length === 1 ? '' : 's'} (${kb.profiles.map((p) => p.id).join(', ')}), ` +
      `${facts} facts, ${kb.topics.length} topics, ${kb.policyAreas.length} policy areas.\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
