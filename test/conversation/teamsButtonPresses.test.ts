import type { Activity, ChannelAccount } from 'botbuilder';
import { NEW_CONVERSATION } from '../../src/core/chatState';
import {
  BOT,
  cardOf,
  createHarness,
  followUpButtons,
  followUpTitles,
  headingOf,
  loadEngine,
  only,
  type Harness,
} from './conversationHarness';

const engine = loadEngine();
const mayor = engine.ask('who is the mayor?');

function mentionOf(account: ChannelAccount): {
  text: string;
  entity: NonNullable<Activity['entities']>[number];
} {
  const text = `<at>${account.name}</at>`;
  return { text, entity: { type: 'mention', mentioned: account, text } };
}

/** A Teams group conversation where someone has @mentioned the bot with a question; returns its first follow-up. */
async function afterMentionedQuestion(
  conversationType: string,
): Promise<{ harness: Harness; value: string; title: string }> {
  const harness = createHarness({ engine, channelId: 'msteams', conversationType });
  const mention = mentionOf(BOT);
  const card = cardOf(
    only(
      await harness.say({ text: `${mention.text} who is the mayor?`, entities: [mention.entity] }),
    ),
  );
  const [submit] = followUpButtons(card);
  const data = submit?.data as { msteams: { value: string } } | undefined;
  if (!submit || !data) throw new Error('the answer card has no follow-up button');
  expect(followUpTitles(card)).toContain(submit.title);
  return { harness, value: data.msteams.value, title: submit.title ?? '' };
}

/** The answer the bot gives to the follow-up question after "who is the mayor?". */
function titleOfAnswerTo(question: string): string {
  const first = engine.respond('who is the mayor?', NEW_CONVERSATION);
  return engine.respond(question, first.state).answer.title;
}

describe.each(['channel', 'groupChat'])('in a Teams %s', (conversationType) => {
  test('an imBack press of a follow-up (its value as text, no mention) is answered', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ text: value }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
    expect(headingOf(cardOf(reply))).not.toBe(mayor.title);
  });

  test('an imBack press is recognised whatever the case and the spacing Teams sends it with', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ text: `  ${value.toUpperCase()}  ` }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
  });

  test('an Action.Submit press without text (the data as value) is answered', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ text: undefined, value: { question: value } }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
  });

  test('a messageBack press with its text and value is answered', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ text: value, value: { question: value } }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
  });

  test('a messageBack press with a value but no text is answered', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ value: { question: value } }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
  });

  test('a postBack press (channelData.postBack) is answered', async () => {
    const { harness, value } = await afterMentionedQuestion(conversationType);
    const reply = only(await harness.say({ text: value, channelData: { postBack: true } }));
    expect(headingOf(cardOf(reply))).toBe(titleOfAnswerTo(value));
  });

  test('typed text without a mention is still ignored, even after the bot has answered', async () => {
    const { harness } = await afterMentionedQuestion(conversationType);
    expect(await harness.say('how is innovation funded?')).toHaveLength(0);
    expect(await harness.say('who is the mayor?')).toHaveLength(0);
  });

  test('a text that matches no button the bot offered in this conversation is ignored', async () => {
    const harness = createHarness({ engine, channelId: 'msteams', conversationType });
    expect(await harness.say(mayor.suggestions[0]?.value ?? 'how is it funded?')).toHaveLength(0);
  });

  test('a press on a card the bot sent in a fresh conversation (data as value) is answered', async () => {
    const harness = createHarness({ engine, channelId: 'msteams', conversationType });
    const reply = only(await harness.say({ value: { question: 'who is the mayor?' } }));
    expect(headingOf(cardOf(reply))).toBe(mayor.title);
  });
});
