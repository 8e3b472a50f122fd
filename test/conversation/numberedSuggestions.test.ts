import { CHANNEL_TEXTS } from '../../src/channels/channelTexts';
import { pick } from '../../src/core/texts';
import {
  cardOf,
  createHarness,
  headingOf,
  loadEngine,
  only,
  suggestedValues,
  USER,
} from './conversationHarness';

const engine = loadEngine();
const HINT = pick(CHANNEL_TEXTS.numberHint, 'en');

describe('numbered suggestions (text-only mode for listening)', () => {
  test('"2" asks the second suggestion of the last answer, in text-only mode', async () => {
    const harness = createHarness({ engine, channelId: 'webchat' });
    await harness.say('text only');
    const mayor = only(await harness.say('who is the mayor?'));
    const [, second] = suggestedValues(mayor);
    expect(second).toBeDefined();
    const picked = only(await harness.say('2'));
    const expected = engine.respond(second ?? '', engine.respond('who is the mayor?').state).answer;
    expect(picked.text?.startsWith(expected.title)).toBe(true);
  });

  test('the hint that a number picks a suggestion is said once per conversation, not on every answer', async () => {
    const harness = createHarness({ engine, channelId: 'webchat' });
    const spoken = [
      only(await harness.say('text only')).speak ?? '',
      only(await harness.say('who is the mayor?')).speak ?? '',
      only(await harness.say('how is innovation funded?')).speak ?? '',
    ];
    expect(spoken.filter((s) => s.includes(HINT))).toHaveLength(1);
    expect(spoken[0]).toContain(HINT);
    for (const s of spoken) expect(s).toMatch(/You can ask: 1\. .+ 2\. /);
  });

  test("with cards, a number picks the card's button in the order shown", async () => {
    const harness = createHarness({ engine });
    const card = cardOf(only(await harness.say('who is the mayor?')));
    const first = (card.actions ?? [])[0];
    const picked = cardOf(only(await harness.say('1')));
    const expected = engine.respond(first?.title ?? '', engine.respond('who is the mayor?').state);
    expect(headingOf(picked)).toBe(expected.answer.title);
  });

  test('right after the welcome, "1" asks the welcome\'s first example question', async () => {
    const harness = createHarness({ engine });
    const welcome = cardOf(only(await harness.join([USER])));
    const first = (welcome.actions ?? [])[0]?.title ?? '';
    expect(first).not.toBe('');
    expect(headingOf(cardOf(only(await harness.say('1'))))).toBe(engine.ask(first).title);
  });

  test('a number beyond the suggestions, or a year, is asked as it is', async () => {
    const harness = createHarness({ engine });
    await harness.say('who is the mayor?');
    expect(headingOf(cardOf(only(await harness.say('9'))))).toBe(engine.respond('9').answer.title);
  });
});
