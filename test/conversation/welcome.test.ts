import { ActivityTypes } from 'botbuilder';
import { pick, TEXTS } from '../../src/core/texts';
import {
  BOT,
  cardOf,
  cardText,
  createHarness,
  followUpTitles,
  headingOf,
  loadEngine,
  only,
  USER,
} from './conversationHarness';

const engine = loadEngine();
const english = engine.welcome('en');
const spanish = engine.welcome('es');

describe('the welcome', () => {
  test('greets a person who joins with one card in English and Spanish', async () => {
    const card = cardOf(only(await createHarness({ engine }).join([BOT, USER])));
    expect(headingOf(card)).toBe(
      `${pick(TEXTS.welcomeTitle, 'en')} · ${pick(TEXTS.welcomeTitle, 'es')}`,
    );
    const shown = cardText(card);
    expect(shown).toContain(english.blocks[0]?.text);
    expect(shown).toContain(spanish.blocks[0]?.text);
  });

  test('offers three example questions on a card (room for three on a phone), two in the first language, on different topics', async () => {
    const card = cardOf(only(await createHarness({ engine }).join([USER])));
    const titles = followUpTitles(card);
    expect(titles).toHaveLength(3);
    expect(titles.slice(0, 2)).toEqual(english.suggestions.slice(0, 2).map((s) => s.label));
    expect(titles.slice(2)).toEqual(spanish.suggestions.slice(2, 3).map((s) => s.label));
  });

  test('puts Spanish first for a person whose channel locale is Spanish', async () => {
    const reply = only(await createHarness({ engine, locale: 'es-MX' }).join([USER]));
    const card = cardOf(reply);
    expect(headingOf(card)).toBe(
      `${pick(TEXTS.welcomeTitle, 'es')} · ${pick(TEXTS.welcomeTitle, 'en')}`,
    );
    expect(card.lang).toBe('es');
    expect(followUpTitles(card).slice(0, 2)).toEqual(
      spanish.suggestions.slice(0, 2).map((s) => s.label),
    );
  });

  test("carries both welcomes as plain text, and speaks the first language's welcome", async () => {
    const reply = only(await createHarness({ engine }).join([USER]));
    for (const text of [english.blocks[0]?.text, spanish.blocks[0]?.text])
      expect(reply.text).toContain(text);
    // The summary: the title and the start of the first language's welcome, kept short.
    expect(reply.speak).toContain((english.blocks[0]?.text ?? '?').slice(0, 40));
    expect(reply.speak).not.toContain((spanish.blocks[0]?.text ?? '?').slice(0, 40));
    expect(reply.speak?.length).toBeLessThan(500);
  });

  test('is sent once per conversation, not again when someone else joins', async () => {
    const harness = createHarness({ engine });
    expect(await harness.join([BOT, USER])).toHaveLength(1);
    expect(await harness.join([{ id: 'user-2', name: 'Luis' }])).toHaveLength(0);
  });

  test('is not sent when only the bot itself is added', async () => {
    const harness = createHarness({ engine });
    expect(await harness.join([BOT])).toHaveLength(0);
    expect(await harness.join([USER])).toHaveLength(1);
  });

  test('is sent separately to each conversation', async () => {
    expect(await createHarness({ engine }).join([USER])).toHaveLength(1);
    expect(await createHarness({ engine }).join([USER])).toHaveLength(1);
  });

  test('ignores conversation updates that add nobody', async () => {
    const harness = createHarness({ engine });
    await harness.adapter.receiveActivity({
      type: ActivityTypes.ConversationUpdate,
      membersRemoved: [USER],
    });
    expect(harness.adapter.activeQueue).toHaveLength(0);
  });

  test('an example button of the welcome is answered like the typed question', async () => {
    const harness = createHarness({ engine });
    const card = cardOf(only(await harness.join([USER])));
    const question = followUpTitles(card)[0] ?? '';
    const answer = cardOf(only(await harness.say(question)));
    expect(headingOf(answer)).toBe(engine.ask(question).title);
  });
});
