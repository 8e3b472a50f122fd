import Fuse from 'fuse.js';
import { DEFAULTS } from '../../../src/core/defaults';
import type { Engine } from '../../../src/core/engine';
import { adversarialQuestions } from '../../../src/cli/adversarialQuestions';
import { buildEngine } from './support';

/*
 * Issue 10, finding 3: a question costs bounded work whatever it holds. Counted in
 * fuse.js searches (the cost that dominated), never timed.
 */

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

afterEach(() => {
  jest.restoreAllMocks();
});

function countSearches(run: () => void): number {
  const search = jest.spyOn(Fuse.prototype, 'search');
  run();
  const calls = search.mock.calls.length;
  search.mockRestore();
  return calls;
}

/** Made-up words no cache has seen: `count` of them, each `length` letters, all distinct. */
function madeUpWords(count: number, length: number, seed: string): string[] {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return Array.from({ length: count }, (_, i) => {
    let word = seed;
    let n = i + 1;
    while (word.length < length) {
      word += letters[n % letters.length] ?? 'b';
      n = Math.floor(n / letters.length) + word.length * 7;
    }
    return word.slice(0, length);
  });
}

/** Two passes, two indexes, the per-pass cap on corrections. */
const MAX_SEARCHES = 2 * 2 * DEFAULTS.maxCorrectionsPerQuestion;

describe('bounded work per question', () => {
  test('a question that grows past the limit when normalised (U+FB03 is "ffi") is declined as too long', () => {
    const question = '\uFB03'.repeat(DEFAULTS.maxQuestionLength);
    expect(question.length).toBe(DEFAULTS.maxQuestionLength);

    const answer = engine.ask(question);

    expect(answer.kind).toBe('problem');
    expect(answer.text).toContain(String(DEFAULTS.maxQuestionLength));
  });

  test('a question of many distinct unknown words tries at most maxCorrectionsPerQuestion corrections', () => {
    const question = `who is ${madeUpWords(40, 9, 'pq').join(' ')}`;
    expect(question.length).toBeLessThanOrEqual(DEFAULTS.maxQuestionLength);

    const searches = countSearches(() => engine.ask(question));

    // Each correction tried is one search of its first letter's index and at most one of
    // the lost-first-letter index, in each of the (at most two) passes.
    expect(searches).toBeGreaterThan(0);
    expect(searches).toBeLessThanOrEqual(MAX_SEARCHES);
  });

  test('a word longer than any knowledge word (plus the edits allowed) is never searched for', () => {
    const searches = countSearches(() =>
      engine.ask(`population ${madeUpWords(1, 60, 'zy').join('')}`),
    );

    expect(searches).toBe(0);
  });

  test.each(adversarialQuestions(6).map((q, i) => [i, q] as const))(
    'adversarial question %i of the benchmark gets an answer within the search budget',
    (_i, question) => {
      const searches = countSearches(() => engine.ask(question));

      expect(searches).toBeLessThanOrEqual(MAX_SEARCHES);
    },
  );

  test.each([
    ['whos the mayr', 'city.mayor'],
    ['how is innovaton fundd', 'funding.overview'],
    ['populaton', 'city.population'],
  ])('a real typo is still corrected: "%s" is about %s', (question, topic) => {
    expect(engine.ask(question).topic).toBe(topic);
  });

  test('a name that looks like a web address is not repeated as a place ("Evil-Site.Com")', () => {
    const answer = engine.ask('population of Evil-Site.Com');

    expect(answer.text).not.toMatch(/evil-site/i);
  });

  test('a place written with dots the way places are ("St. Louis") is still named', () => {
    expect(engine.ask('population of St. Louis').text).toContain('St. Louis');
  });
});
