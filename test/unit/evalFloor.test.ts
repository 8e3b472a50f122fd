import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine';
import { evaluate, parseEvalSet, type EvalReport } from '../../src/eval/evaluate';
import { sharedEngine } from '../fixtures/sharedEngine';

// Floors set a little under the figures measured when they were last raised
// (project set: 98.2% overall, 100% declined; harder hold-out set: 86.2%; question
// forms: 95.7%; second question forms set: 93.0%; cross-city hold-out: 98.3%; public dev
// set: 100%). A change that costs
// accuracy fails here; raise them when it improves.
const FLOORS = {
  overall: 0.96,
  declined: 0.96,
  perLanguage: 0.95,
  holdout: 0.84,
  forms: 0.93,
  forms2: 0.9,
  forms3: 0.89,
  citiesHoldout: 0.96,
  dev: 0.97,
};

const root = join(__dirname, '..', '..');
let engine: Engine;

beforeAll(() => {
  engine = sharedEngine();
});

function run(path: string): EvalReport {
  return evaluate(parseEvalSet(readFileSync(path, 'utf8')), (q) => engine.ask(q));
}

const ratio = (t: { correct: number; total: number }): number => t.correct / t.total;

describe('the project question set', () => {
  test('has at least 200 questions in both languages, with out-of-scope and unknown-city ones', () => {
    const items = parseEvalSet(readFileSync(join(root, 'test', 'eval', 'questions.txt'), 'utf8'));
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(items.filter((i) => i.language === 'es').length).toBeGreaterThanOrEqual(80);
    expect(items.filter((i) => i.tags.includes('oos')).length).toBeGreaterThanOrEqual(20);
    expect(items.filter((i) => i.tags.includes('unknown-city')).length).toBeGreaterThanOrEqual(20);
  });

  test('is answered above the accuracy floor overall, per language and for declines', () => {
    const report = run(join(root, 'test', 'eval', 'questions.txt'));
    const misses = report.misses.map((m) => `${m.item.question}: ${m.why}`).join('\n');
    expect({ overall: ratio(report.overall) >= FLOORS.overall, misses }).toEqual({
      overall: true,
      misses,
    });
    expect(ratio(report.declined)).toBeGreaterThanOrEqual(FLOORS.declined);
    for (const [, tally] of report.byLanguage)
      expect(ratio(tally)).toBeGreaterThanOrEqual(FLOORS.perLanguage);
  });
});

describe('the harder hold-out set (long, chatty and slangy questions)', () => {
  test('is answered above its floor', () => {
    expect(ratio(run(join(root, 'test', 'eval', 'holdout.txt')).overall)).toBeGreaterThanOrEqual(
      FLOORS.holdout,
    );
  });
});

describe('the question forms and cross-city hold-out sets', () => {
  test('question forms (yes/no, counts, negations, traps) are answered above their floor', () => {
    expect(ratio(run(join(root, 'test', 'eval', 'forms.txt')).overall)).toBeGreaterThanOrEqual(
      FLOORS.forms,
    );
  });

  test('the second question forms set (written after the first was fixed) is above its floor', () => {
    expect(ratio(run(join(root, 'test', 'eval', 'forms2.txt')).overall)).toBeGreaterThanOrEqual(
      FLOORS.forms2,
    );
  });

  test('the third question forms set (written before its fixes) is above its floor', () => {
    expect(ratio(run(join(root, 'test', 'eval', 'forms3.txt')).overall)).toBeGreaterThanOrEqual(
      FLOORS.forms3,
    );
  });

  test('questions about the other cities are answered above their floor', () => {
    expect(
      ratio(run(join(root, 'test', 'eval', 'cities-holdout.txt')).overall),
    ).toBeGreaterThanOrEqual(FLOORS.citiesHoldout);
  });
});

const devSet = join(root, '..', 'shared', 'eval', 'dev.txt');
(existsSync(devSet) ? describe : describe.skip)(
  'the public development set beside the checkout',
  () => {
    test('is answered above its floor', () => {
      expect(ratio(run(devSet).overall)).toBeGreaterThanOrEqual(FLOORS.dev);
    });
  },
);
