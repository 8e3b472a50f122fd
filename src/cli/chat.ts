import type { Language } from '../core/schema';
import { createEngineFromDir } from '../knowledge/createDefaultEngine';
import { runTerminalChat } from './terminalChat';

const USAGE = `usage: npm run --silent chat [-- --lang es] [-- --knowledge <dir>]
Talk to the bot in the terminal (plain text). Type a question and press Enter;
a number picks a numbered suggestion; "exit" / "salir" or Ctrl+D ends the chat.
Also reads questions piped in, one a line: echo "who is the mayor?" | npm run --silent chat`;

interface ChatArguments {
  readonly language: Language;
  readonly knowledgeDir: string | undefined;
}

function parseArguments(argv: readonly string[]): ChatArguments | string {
  let language: Language = 'en';
  let knowledgeDir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--lang' || arg === '--knowledge') {
      if (value === undefined) return `${arg} needs a value`;
      i += 1;
      if (arg === '--knowledge') knowledgeDir = value;
      else if (value === 'en' || value === 'es') language = value;
      else return `--lang must be en or es, not "${value}"`;
    } else {
      return `unknown argument "${arg}"`;
    }
  }
  return { language, knowledgeDir };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const built = createEngineFromDir(args.knowledgeDir);
  if (!built.ok) {
    process.stderr.write(`${built.message}\n`);
    return 1;
  }
  await runTerminalChat({
    engine: built.engine,
    input: process.stdin,
    output: process.stdout,
    language: args.language,
    isInteractive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    logger: {
      warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
      error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
    },
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `chat failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
