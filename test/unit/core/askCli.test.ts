import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runAsk } from '../../../src/cli/ask';
import { DEFAULTS } from '../../../src/core/defaults';
import type { Engine } from '../../../src/core/engine';
import type { KnowledgeBase, Profile } from '../../../src/core/schema';
import {
  buildEngine,
  defaultProfile,
  expectedFigureText,
  factById,
  figureById,
  loadRealKnowledge,
} from './support';

const ROOT = join(__dirname, '..', '..', '..');
const ASK = join(ROOT, 'dist', 'src', 'cli', 'ask.js');
/** The keys of the `ask --json` object, as ../shared/spec/topics.md lists them. */
const CONTRACT_KEYS = [
  'question',
  'language',
  'topic',
  'confidence',
  'city',
  'unknownCity',
  'policyArea',
  'cities',
  'short',
  'text',
  'citations',
  'suggestions',
];

let kb: KnowledgeBase;
let profile: Profile;
let engine: Engine;

beforeAll(() => {
  kb = loadRealKnowledge();
  profile = defaultProfile(kb);
  engine = buildEngine();
});

/** What one run of the command gave: its exit code and everything it wrote. */
interface AskRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Everything written to a stream, as it was written. */
function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs the `ask` command in this process, as `node dist/src/cli/ask.js args < input`
 * would (the built entry itself is run once, at the end of this file).
 */
async function ask(args: readonly string[], input?: string): Promise<AskRun> {
  const stdout = collect();
  const stderr = collect();
  const status = await runAsk(
    args,
    { stdin: Readable.from([input ?? '']), stdout: stdout.stream, stderr: stderr.stream },
    () => ({ ok: true, engine }),
  );
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

function parseLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ask "question" (plain text)', () => {
  test('the funding answer has the dedicated-funding share, a funding source and the citation line', async () => {
    const run = await ask(['how is innovation funded in Mexico City?']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const dedicated = factById(profile, 'dedicated-funding');
    expect(run.stdout).toContain(
      expectedFigureText(figureById(dedicated, 'dedicated-funding'), 'en'),
    );
    expect(run.stdout).toContain('81%');
    const sources = factById(profile, 'funding-sources').items.map(
      (i) => i.text?.en ?? '(no text)',
    );
    expect(sources.some((s) => run.stdout.includes(s))).toBe(true);
    const c = dedicated.citation;
    expect(run.stdout).toContain(
      `Source: ${c?.source ?? profile.survey.source}, ${c?.year ?? '(no year)'}, sections “${c?.section ?? '(no section)'}”`,
    );
    expect(run.stdout).toContain(profile.profileUrl);
  });

  test('a Spanish question gets a Spanish plain-text answer', async () => {
    const run = await ask(['¿Quién es la jefa de gobierno?']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('En el momento de la encuesta de 2020');
    expect(run.stdout).toContain('Fuente:');
  });

  test('words given as separate arguments are read as one question', async () => {
    const run = await ask(['--json', 'who', 'is', 'the', 'mayor?']);
    const [out] = parseLines(run.stdout);
    expect(out?.question).toBe('who is the mayor?');
    expect(out?.topic).toBe('city.mayor');
  });
});

describe('ask --json "question"', () => {
  test('prints exactly one JSON object with exactly the contract keys', async () => {
    const run = await ask(['--json', 'how is innovation funded in Mexico City?']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(out).toMatchObject({
      question: 'how is innovation funded in Mexico City?',
      language: 'en',
      topic: 'funding.overview',
      city: 'mexico-city',
      unknownCity: null,
      policyArea: null,
    });
    expect(typeof out.confidence).toBe('number');
    expect(out.confidence).toBeGreaterThanOrEqual(0);
    expect(out.confidence).toBeLessThanOrEqual(1);
    expect(String(out.text)).toContain('81%');
  });

  test('citations carry exactly source, year and section; suggestions are strings', async () => {
    const [out] = parseLines(
      (await ask(['--json', 'how is innovation funded in Mexico City?'])).stdout,
    );
    const citations = out?.citations;
    expect(Array.isArray(citations)).toBe(true);
    expect((citations as unknown[]).length).toBeGreaterThan(0);
    for (const c of citations as Array<Record<string, unknown>>) {
      expect(Object.keys(c).sort()).toEqual(['section', 'source', 'year']);
      expect(typeof c.source).toBe('string');
      expect([2020, 2018]).toContain(c.year);
      expect(String(c.section).length).toBeGreaterThan(0);
    }
    expect(citations).toContainEqual({
      source: profile.survey.source,
      year: 2020,
      section: factById(profile, 'dedicated-funding').citation?.section,
    });
    const suggestions = out?.suggestions;
    expect(Array.isArray(suggestions)).toBe(true);
    for (const s of suggestions as unknown[]) expect(typeof s).toBe('string');
  });

  test.each([
    [
      'an area question',
      'is there data on housing?',
      { topic: 'data.availability', policyArea: 'housing' },
    ],
    [
      'a city without a profile',
      'Who is the mayor of Porto?',
      { topic: null, unknownCity: 'Porto', citations: [] },
    ],
    [
      'an out-of-scope question',
      'tell me a joke',
      { topic: null, unknownCity: null, citations: [] },
    ],
    ['a Spanish question', '¿cuál es la población?', { topic: 'city.population', language: 'es' }],
  ])('%s has the contract keys and the right values', async (_name, question, values) => {
    const [out] = parseLines((await ask(['--json', question])).stdout);
    expect(Object.keys(out ?? {}).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(out).toMatchObject({ question, ...values });
  });
});

describe('ask --json with questions on standard input (batch)', () => {
  const long = `who is the mayor? ${'x'.repeat(10_000 - 18)}`;
  const questions = [
    'who is the mayor?',
    '',
    long,
    '¿cuál es la población?',
    '   ',
    'tell me a joke',
    'hola',
    'is there data on housing?',
  ];

  test('writes one JSON line per input line, in the same order, including empty and very long lines', async () => {
    const run = await ask(['--json'], `${questions.join('\n')}\n`);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const out = parseLines(run.stdout);
    expect(out).toHaveLength(questions.length);
    expect(out.map((o) => o.question)).toEqual(questions);
    for (const o of out) expect(Object.keys(o).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(out.map((o) => o.topic)).toEqual([
      'city.mayor',
      null,
      null,
      'city.population',
      null,
      null,
      'chat.greeting',
      'data.availability',
    ]);
  });

  test('empty and over-long lines get a message and no facts', async () => {
    const out = parseLines((await ask(['--json'], `${questions.join('\n')}\n`)).stdout);
    for (const i of [1, 2, 4]) {
      expect(out[i]?.citations).toEqual([]);
      expect(String(out[i]?.text).length).toBeGreaterThan(0);
      expect(String(out[i]?.text)).not.toContain('Sheinbaum');
    }
  });

  test('the last line is answered even without a final newline', async () => {
    const out = parseLines((await ask(['--json'], 'hola\nwho is the mayor?')).stdout);
    expect(out.map((o) => o.question)).toEqual(['hola', 'who is the mayor?']);
  });

  test('Windows line endings are not part of the questions', async () => {
    const out = parseLines((await ask(['--json'], 'hola\r\nwho is the mayor?\r\n')).stdout);
    expect(out.map((o) => o.question)).toEqual(['hola', 'who is the mayor?']);
  });

  test('no input gives no output and success', async () => {
    const run = await ask(['--json'], '');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });

  test('each line is answered on its own: a follow-up line gets no context from the line before', async () => {
    const out = parseLines(
      (await ask(['--json'], 'how is innovation funded?\ntell me more\n')).stdout,
    );
    expect(out[1]?.topic).toBeNull();
    expect(out[1]?.citations).toEqual([]);
  });
});

describe('bad questions', () => {
  test.each([
    ['an empty question', ['']],
    ['an empty question in JSON mode', ['--json', '']],
    ['a question of spaces', ['   ']],
    ['no question at all', []],
  ])('%s prints a clear message on stderr and exits 2', async (_name, args) => {
    const run = await ask(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/question/i);
  });

  test.each([
    ['plain text', []],
    ['JSON', ['--json']],
  ])(
    'an over-long question (%s) prints a clear message on stderr and exits 2',
    async (_name, flags) => {
      const question = 'who is the mayor? '.repeat(40);
      expect(question.length).toBeGreaterThan(DEFAULTS.maxQuestionLength);
      const run = await ask([...flags, question]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/too long/i);
      expect(run.stderr).toContain(String(DEFAULTS.maxQuestionLength));
    },
  );

  test('a question exactly at the length limit is answered', async () => {
    const question = 'who is the mayor?'.padEnd(DEFAULTS.maxQuestionLength, '.');
    const run = await ask(['--json', question]);
    expect(run.status).toBe(0);
    expect(parseLines(run.stdout)[0]?.topic).toBe('city.mayor');
  });
});

describe('the built command (node dist/src/cli/ask.js, from npm run build)', () => {
  const run = (args: readonly string[]) =>
    spawnSync(process.execPath, [ASK, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });

  beforeAll(() => {
    if (!existsSync(ASK)) throw new Error(`${ASK} is missing: run \`npm run build\` first`);
  });

  test('reads its arguments, prints the answer and exits 0; a bad question exits 2 with a message on stderr', () => {
    const answered = run(['--json', 'who', 'is', 'the', 'mayor?']);
    expect(answered.error).toBeUndefined();
    expect(answered.status).toBe(0);
    expect(answered.stderr).toBe('');
    expect(parseLines(answered.stdout)).toEqual([
      expect.objectContaining({ question: 'who is the mayor?', topic: 'city.mayor' }),
    ]);

    const refused = run(['   ']);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/question/i);
  });
});
