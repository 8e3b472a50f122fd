import { expect } from '@jest/globals';
import type { Activity, ChannelAccount } from 'botbuilder';
import {
  allNodes,
  BOT,
  cardOf,
  createHarness,
  headingOf,
  loadEngine,
  only,
} from './conversationHarness';
import { TEAMS_LINE_MAX } from '../../src/channels/renderAnswerActivity';

const engine = loadEngine();
const mayor = engine.ask('who is the mayor?');

function mentionOf(account: ChannelAccount): {
  text: string;
  entity: NonNullable<Activity['entities']>[number];
} {
  const text = `<at>${account.name}</at>`;
  return { text, entity: { type: 'mention', mentioned: account, text } };
}

function teams(conversationType: string): ReturnType<typeof createHarness> {
  return createHarness({ engine, channelId: 'msteams', conversationType });
}

describe('Microsoft Teams', () => {
  test.each(['channel', 'groupChat', 'personal'])(
    'in a %s conversation, the @mention is stripped before the question is understood',
    async (type) => {
      const mention = mentionOf(BOT);
      const reply = only(
        await teams(type).say({
          text: `${mention.text} who is the mayor?`,
          entities: [mention.entity],
        }),
      );
      expect(headingOf(cardOf(reply))).toBe(mayor.title);
      // Teams would show a long text beside a card as a second message: the direct answer only.
      expect(reply.text).toBe(mayor.short);
      expect(String(reply.text).length).toBeLessThanOrEqual(TEAMS_LINE_MAX);
      expect(reply.summary).toBe(mayor.title);
      expect(cardOf(reply).fallbackText).toBe(mayor.text);
    },
  );

  test.each(['channel', 'groupChat'])(
    'in a %s conversation, a message that does not @mention the bot gets no answer',
    async (type) => {
      expect(await teams(type).say('who is the mayor?')).toHaveLength(0);
    },
  );

  test('in a channel, a message that @mentions someone else gets no answer', async () => {
    const other = mentionOf({ id: 'user-9', name: 'Marta' });
    expect(
      await teams('channel').say({
        text: `${other.text} who is the mayor?`,
        entities: [other.entity],
      }),
    ).toHaveLength(0);
  });

  test('in a personal chat the bot answers without being mentioned', async () => {
    const reply = only(await teams('personal').say('who is the mayor?'));
    expect(headingOf(cardOf(reply))).toBe(mayor.title);
  });

  test('a mention alone is answered as an empty message, not as a question about the name', async () => {
    const mention = mentionOf(BOT);
    const reply = only(
      await teams('channel').say({ text: mention.text, entities: [mention.entity] }),
    );
    expect(headingOf(cardOf(reply))).toBe(engine.respond('').answer.title);
  });

  test('follow-up buttons carry the Teams imBack the card needs, with the question as the value and the short label as the title', async () => {
    const mention = mentionOf(BOT);
    const card = cardOf(
      only(
        await teams('channel').say({
          text: `${mention.text} who is the mayor?`,
          entities: [mention.entity],
        }),
      ),
    );
    // Teams cuts labels to fit: each button is on a row of its own (an ActionSet in the body).
    expect(card.actions ?? []).toEqual([]);
    const submits = allNodes(card).filter((a) => a.type === 'Action.Submit');
    const offered = mayor.suggestions.slice(0, 3);
    expect(submits.map((a) => a.data)).toEqual(
      offered.map((s): unknown =>
        expect.objectContaining({ msteams: { type: 'imBack', value: s.value } }),
      ),
    );
    expect(submits.map((a) => a.title)).toEqual(offered.map((s) => s.button));
  });
});

describe('the line beside a Teams card when the direct answer is long', () => {
  test('a later note after the survey fact: the first sentence, in the conversation language', async () => {
    const harness = createHarness({ engine, channelId: 'msteams', conversationType: 'personal' });
    await harness.say('¿quién era la jefa de gobierno de la Ciudad de México?');
    const reply = only(await harness.say('¿y hoy?'));
    const state = engine.respond(
      '¿y hoy?',
      engine.respond('¿quién era la jefa de gobierno de la Ciudad de México?').state,
    );
    const short = state.answer.short ?? '';
    expect(short.length).toBeGreaterThan(TEAMS_LINE_MAX);
    const line = String(reply.text);
    expect(line).not.toBe(state.answer.title);
    expect(short.startsWith(line)).toBe(true);
    expect(line.length).toBeLessThanOrEqual(TEAMS_LINE_MAX);
    expect(line).toMatch(/encuesta/u);
  });

  test('one long sentence (a list): its opening, cut at an item and marked as cut', async () => {
    const harness = createHarness({ engine, channelId: 'msteams', conversationType: 'personal' });
    const question = 'what are the critical success factors in Vienna?';
    const reply = only(await harness.say(question));
    const answer = engine.ask(question);
    expect((answer.short ?? '').length).toBeGreaterThan(TEAMS_LINE_MAX);
    const line = String(reply.text);
    expect(line.length).toBeLessThanOrEqual(TEAMS_LINE_MAX);
    expect(line.endsWith('…')).toBe(true);
    expect((answer.short ?? '').startsWith(line.slice(0, -1))).toBe(true);
    expect(line).toContain('Vienna');
  });
});
