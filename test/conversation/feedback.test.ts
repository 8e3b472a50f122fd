import { ActivityTypes, type Activity } from 'botbuilder';
import { createQuestionLog, type QuestionLog } from '../../src/questionLog/questionLog';
import type { QuestionLogEntry } from '../../src/questionLog/questionLogEntry';
import type { QuestionLogStore } from '../../src/questionLog/questionLogStore';
import { cardOf, createHarness, loadEngine, only, type Harness } from './conversationHarness';

const engine = loadEngine();
const NOW = Date.parse('2026-03-02T10:00:00Z');

/** A question log over an in-memory store, so a test can read back what reached it. */
function memoryLog(): { log: QuestionLog; entries: QuestionLogEntry[] } {
  const entries: QuestionLogEntry[] = [];
  const store: QuestionLogStore = {
    kind: 'file',
    append: (batch) => {
      entries.push(...batch);
      return Promise.resolve();
    },
    read: () => Promise.resolve(entries),
    close: async () => {},
  };
  return { log: createQuestionLog(store, { now: () => NOW }), entries };
}

function harnessOn(channelId: string, log: QuestionLog | null): Harness {
  return createHarness({ engine, channelId, conversationType: 'personal', questionLog: log });
}

function teamsFeedbackInvoke(
  reaction: 'like' | 'dislike',
  feedback?: string,
  replyToId?: string,
): Partial<Activity> {
  return {
    type: ActivityTypes.Invoke,
    name: 'message/submitAction',
    ...(replyToId === undefined ? {} : { replyToId }),
    value: {
      actionName: 'feedback',
      actionValue: { reaction, ...(feedback === undefined ? {} : { feedback }) },
    },
  };
}

/** The invoke response the bot sent back (ActivityHandler sends it as an `invokeResponse` activity). */
function invokeStatus(replies: readonly Partial<Activity>[]): number | undefined {
  const response = replies.find((r) => r.type === 'invokeResponse');
  const value = response?.value as { status?: number } | undefined;
  return value?.status;
}

function feedbackLoopOf(reply: Partial<Activity>): unknown {
  const data: unknown = reply.channelData;
  return typeof data === 'object' && data !== null
    ? Reflect.get(data, 'feedbackLoopEnabled')
    : undefined;
}

const feedbackEntries = (entries: readonly QuestionLogEntry[]) =>
  entries.filter((e) => e.type === 'feedback');

describe('feedback on answers in Teams', () => {
  test('a profile answer card turns on Teams feedback loop', async () => {
    const reply = only(await harnessOn('msteams', null).say('who is the mayor?'));
    cardOf(reply);
    expect(reply.channelData).toEqual(expect.objectContaining({ feedbackLoopEnabled: true }));
  });

  test('answers that are not from the profile (help, fallback) ask for no feedback', async () => {
    const harness = harnessOn('msteams', null);
    for (const message of ['help', 'asdf qwerty zxcv']) {
      const reply = only(await harness.say(message));
      expect(feedbackLoopOf(reply)).toBeUndefined();
    }
  });

  test('in text-only style nothing is added to the answer', async () => {
    const harness = harnessOn('msteams', null);
    await harness.say('text only');
    const reply = only(await harness.say('who is the mayor?'));
    expect(reply.attachments ?? []).toHaveLength(0);
    expect(feedbackLoopOf(reply)).toBeUndefined();
    expect(reply.entities ?? []).toHaveLength(0);
  });

  test('a dislike with a comment reaches the store with topic, city, language and channel, redacted, and gets 200', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('msteams', log);
    await harness.say('who is the mayor?');
    const replies = await harness.say(
      teamsFeedbackInvoke(
        'dislike',
        JSON.stringify({ feedbackText: 'out of date, write to me at ana@example.org' }),
      ),
    );
    expect(invokeStatus(replies)).toBe(200);
    await log.flush();
    expect(feedbackEntries(entries)).toEqual([
      {
        type: 'feedback',
        at: new Date(NOW).toISOString(),
        channel: 'msteams',
        language: 'en',
        city: engine.ask('who is the mayor?').city,
        topic: 'city.mayor',
        reaction: 'dislike',
        comment: 'out of date, write to me at [email]',
      },
    ]);
  });

  test('a reaction names its answer by the Teams message id, not only the latest answer', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('msteams', log);
    // Teams gives each sent message an id (TestAdapter echoes the activity's own).
    let sent = 0;
    const send = harness.adapter.sendActivities.bind(harness.adapter);
    harness.adapter.sendActivities = async (context, activities) => {
      for (const activity of activities) activity.id ??= `1:message-${(sent += 1)}`;
      return send(context, activities);
    };
    const [mayorReply] = await harness.say('who is the mayor?');
    await harness.say('how is innovation funded?');
    expect(mayorReply?.id).toBe('1:message-1');
    await harness.say(teamsFeedbackInvoke('dislike', undefined, mayorReply?.id));
    await harness.say(teamsFeedbackInvoke('like', undefined, '1:message-2'));
    await log.flush();
    expect(feedbackEntries(entries).map((e) => [e.topic, e.reaction])).toEqual([
      ['city.mayor', 'dislike'],
      [engine.ask('how is innovation funded?').topic, 'like'],
    ]);
  });

  test('a like is stored too, and the stored entry names nobody', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('msteams', log);
    await harness.say('¿cuántas personas trabajan en la ADIP?');
    expect(invokeStatus(await harness.say(teamsFeedbackInvoke('like')))).toBe(200);
    await log.flush();
    const [entry] = feedbackEntries(entries);
    expect(entry).toEqual(
      expect.objectContaining({ reaction: 'like', language: 'es', comment: null }),
    );
    const text = JSON.stringify(entries);
    expect(text).not.toContain('user-1');
    expect(text).not.toContain('Ana');
    expect(text).not.toMatch(/conversation-/);
  });

  test('a malformed feedback invoke gets 400 and stores nothing', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('msteams', log);
    await harness.say('who is the mayor?');
    const replies = await harness.say({
      type: ActivityTypes.Invoke,
      name: 'message/submitAction',
      value: { actionName: 'feedback', actionValue: { reaction: 'love' } },
    });
    expect(invokeStatus(replies)).toBe(400);
    await log.flush();
    expect(feedbackEntries(entries)).toEqual([]);
  });

  test('other invokes still get 501', async () => {
    const replies = await harnessOn('msteams', null).say({
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: {},
    });
    expect(invokeStatus(replies)).toBe(501);
  });

  test('feedback before any answer is stored without a topic', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('msteams', log);
    expect(invokeStatus(await harness.say(teamsFeedbackInvoke('dislike')))).toBe(200);
    await log.flush();
    expect(feedbackEntries(entries)).toEqual([
      expect.objectContaining({ topic: null, city: null, language: null }),
    ]);
  });
});

/** The feedback actions Web Chat shows under an answer (see src/bot/feedbackActivities.ts). */
function feedbackActionsOf(reply: Partial<Activity>): Array<Record<string, unknown>> {
  const message = (reply.entities ?? []).find((e) => e.type === 'https://schema.org/Message');
  const actions: unknown = message?.['potentialAction'];
  return Array.isArray(actions) ? (actions as Array<Record<string, unknown>>) : [];
}

function webChatPress(action: Record<string, unknown> | undefined): Partial<Activity> {
  return {
    type: ActivityTypes.Event,
    name: 'webchat:activity-status/feedback',
    entities: action ? [{ type: 'https://schema.org/Action', ...action }] : [],
  };
}

describe('feedback on answers in the web chat page', () => {
  test('each profile answer offers a like and a dislike action', async () => {
    const reply = only(await harnessOn('webchat', null).say('who is the mayor?'));
    expect(feedbackActionsOf(reply).map((a) => a['@type'])).toEqual([
      'LikeAction',
      'DislikeAction',
    ]);
  });

  test('pressing dislike under an earlier answer reaches the store with that answer topic', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('webchat', log);
    const first = only(await harness.say('who is the mayor?'));
    only(await harness.say('how is innovation funded?'));
    const dislike = feedbackActionsOf(first).find((a) => a['@type'] === 'DislikeAction');
    expect(await harness.say(webChatPress(dislike))).toEqual([]);
    await log.flush();
    expect(feedbackEntries(entries)).toEqual([
      expect.objectContaining({ channel: 'webchat', topic: 'city.mayor', reaction: 'dislike' }),
    ]);
  });

  test('a press naming an answer the conversation does not remember is stored without a topic; one naming nothing is dropped', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('webchat', log);
    await harness.say('who is the mayor?');
    await harness.say(
      webChatPress({
        '@type': 'LikeAction',
        object: { '@type': 'Message', identifier: 'made-up' },
      }),
    );
    await harness.say(webChatPress(undefined));
    await log.flush();
    expect(feedbackEntries(entries)).toEqual([
      expect.objectContaining({ topic: null, reaction: 'like' }),
    ]);
  });

  test('in text-only style the page gets no feedback actions', async () => {
    const harness = harnessOn('webchat', null);
    await harness.say('text only');
    expect(feedbackActionsOf(only(await harness.say('who is the mayor?')))).toEqual([]);
  });
});

describe('the question log in a conversation', () => {
  test('a declined question is logged redacted, with its confidence; an answered one only counted', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('webchat', log);
    await harness.say('who is the mayor?');
    await harness.say('my email is ana.lopez@example.org, when is the next council meeting');
    await log.flush();
    const questions = entries.filter((e) => e.type === 'question');
    expect(questions).toEqual([
      expect.objectContaining({
        outcome: 'declined',
        channel: 'webchat',
        language: 'en',
        text: 'my email is [email], when is the next council meeting',
      }),
    ]);
    const tallies = entries.filter((e) => e.type === 'tally');
    expect(tallies).toEqual([
      expect.objectContaining({ channel: 'webchat', language: 'en', questions: 2, declined: 1 }),
    ]);
  });

  test('a "the profile doesn\'t say" answer is logged as declined, leaning to the nearest topic it names', async () => {
    const { log, entries } = memoryLog();
    const question = 'how many metro lines are there';
    const answer = engine.ask(question);
    expect(answer.kind).toBe('gap');
    await harnessOn('msteams', log).say(question);
    await log.flush();
    const [entry] = entries.filter((e) => e.type === 'question');
    expect(entry).toEqual(
      expect.objectContaining({ outcome: 'declined', kind: 'gap', topic: null }),
    );
    const nearest = entry?.type === 'question' ? entry.candidates[0]?.topic : undefined;
    const topic = engine.kb.topics.find((t) => t.id === nearest);
    expect(topic?.suggestion).toBeDefined();
    expect(answer.short).toContain(`“${topic?.suggestion?.en ?? '?'}”`);
  });

  test('commands and greetings are neither logged nor counted', async () => {
    const { log, entries } = memoryLog();
    const harness = harnessOn('test', log);
    await harness.say('help');
    await harness.say('text only');
    await log.flush();
    expect(entries).toEqual([]);
  });
});
