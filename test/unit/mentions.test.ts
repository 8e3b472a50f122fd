import type { Activity } from 'botbuilder';
import { removeRecipientMention } from '../../src/bot/mentions';

const bot = { id: 'bot-1', name: 'City bot' };

function textAfter(text: string, entities: unknown[] = []): string | undefined {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    recipient: bot,
    entities: entities as Activity['entities'],
  };
  removeRecipientMention(activity);
  return activity.text;
}

describe('removeRecipientMention', () => {
  test.each([
    [
      'the bot mentioned with a well-formed entity',
      '<at>City bot</at> who is the mayor?',
      [{ type: 'mention', mentioned: bot, text: '<at>City bot</at>' }],
      'who is the mayor?',
    ],
    [
      'a leading mention whose entity names nobody',
      '<at>bot</at> who is the mayor?',
      [{ type: 'mention', text: '<at>bot</at>' }],
      'who is the mayor?',
    ],
    [
      'someone else mentioned mid-sentence keeps the name, not the tags',
      'what would <at>Ana</at> ask',
      [],
      'what would Ana ask',
    ],
  ])('%s', (_name, text, entities, expected) => {
    expect(textAfter(text, entities)).toBe(expected);
  });
});
