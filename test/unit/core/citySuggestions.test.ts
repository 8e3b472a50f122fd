import type { Engine } from '../../../src/core/engine';
import { buildEngine, loadRealKnowledge } from './support';

const kb = loadRealKnowledge();
const others = kb.profiles.filter((p) => p.id !== kb.defaultCity).map((p) => [p.name.en, p.id]);

let engine: Engine;
beforeAll(() => {
  engine = buildEngine();
});

describe("follow-up buttons of another city's answer", () => {
  test.each(others)(
    '%s: every button names nothing of Mexico City and leads to a fact of the same city',
    (name, id) => {
      for (const question of [
        `who leads innovation in ${name}?`,
        `what is innovation helping ${name} do?`,
        `¿quién es el alcalde de ${name}?`,
      ]) {
        const first = engine.respond(question);
        expect(first.answer.city).toBe(id);
        for (const s of first.answer.suggestions) {
          expect(s.label).not.toMatch(/ADIP|Jefa de Gobierno/u);
          const next = engine.respond(s.value, first.state).answer;
          expect([next.city, next.kind]).toEqual([id, 'profile']);
          expect(next.factIds.length).toBeGreaterThan(0);
          expect(next.title).not.toMatch(/ADIP|Jefa de Gobierno/u);
        }
      }
    },
  );

  test("Mexico City's own buttons keep its names", () => {
    const labels = engine.respond('who leads innovation?').answer.suggestions.map((s) => s.label);
    expect(labels).toContain('What is ADIP?');
  });
});
