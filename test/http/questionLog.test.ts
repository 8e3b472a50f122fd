import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../../src/knowledge/readKnowledgeDir';
import {
  parseQuestionLogLine,
  type QuestionLogEntry,
} from '../../src/questionLog/questionLogEntry';
import { postJson, startApp, type RunningApp } from './support';

/*
 * The issue's walk-through over HTTP: the four questions through /api/messages with
 * expectReplies, then Teams' feedback invoke; the log holds what the issue says, and
 * nothing at all when it is not configured.
 */

const QUESTIONS = [
  'what is the gdp of mexico city',
  'how many metro lines are there',
  'my email is ana.lopez@example.org, when is the next council meeting',
  'who is the mayor?',
];

function activity(conversationId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://example.invalid',
    from: { id: 'user-1', name: 'Ana López' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversationId, conversationType: 'personal' },
    locale: 'en-US',
    ...extra,
  };
}

async function converse(running: RunningApp, conversationId: string): Promise<number> {
  for (const [i, text] of QUESTIONS.entries()) {
    const answer = await postJson(
      `${running.baseUrl}/api/messages`,
      activity(conversationId, {
        type: 'message',
        id: `m${i}`,
        deliveryMode: 'expectReplies',
        text,
      }),
    );
    expect(answer.status).toBe(200);
  }
  const invoke = await postJson(
    `${running.baseUrl}/api/messages`,
    activity(conversationId, {
      type: 'invoke',
      id: 'i1',
      name: 'message/submitAction',
      replyToId: '1:the-mayor-answer',
      value: {
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"Out of date"}' },
      },
    }),
  );
  return invoke.status;
}

describe('the question log over HTTP', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'question-log-http-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('is never written when not configured; feedback is still answered', async () => {
    const running = await startApp();
    try {
      expect(running.app.questionLog).toBeNull();
      expect(await converse(running, 'no-log')).toBe(200);
    } finally {
      await running.close();
    }
    expect(existsSync(join(findProjectRoot(), 'questions.jsonl'))).toBe(false);
  });

  test('with QUESTION_LOG_FILE, keeps the declined question redacted and the dislike for city.mayor', async () => {
    const file = join(dir, 'questions.jsonl');
    const running = await startApp({ QUESTION_LOG_FILE: file });
    try {
      expect(await converse(running, 'with-log')).toBe(200);
    } finally {
      await running.close();
    }
    const entries = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map(parseQuestionLogLine)
      .filter((e): e is QuestionLogEntry => e !== null);
    expect(entries).toContainEqual(
      expect.objectContaining({
        type: 'question',
        outcome: 'declined',
        text: 'my email is [email], when is the next council meeting',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        type: 'feedback',
        topic: 'city.mayor',
        reaction: 'dislike',
        comment: 'Out of date',
        channel: 'msteams',
      }),
    );
    // Every question was counted (the tallies are written at shutdown at the latest).
    const counted = entries.reduce((n, e) => n + (e.type === 'tally' ? e.questions : 0), 0);
    expect(counted).toBe(QUESTIONS.length);
    const text = readFileSync(file, 'utf8');
    for (const identity of ['ana.lopez', 'Ana López', 'user-1', 'with-log'])
      expect(text).not.toContain(identity);
  });
});
