import { expect } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import {
  messageActivity,
  postJson,
  repliesOf,
  request,
  startApp,
  startFakeChannel,
  type FakeChannel,
  type RunningApp,
} from './support';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Every string in a card's body, in order (TextBlocks, FactSet facts, ...). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(textsOf);
  return [];
}

function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity['attachments'];
  expect(Array.isArray(attachments)).toBe(true);
  const [first] = attachments as Array<Record<string, unknown>>;
  expect(first?.['contentType']).toBe(ADAPTIVE_CARD);
  return first?.['content'] as Record<string, unknown>;
}

describe('the bot over HTTP (Bot Framework protocol, anonymous local mode)', () => {
  let running: RunningApp;
  let channel: FakeChannel;

  beforeAll(async () => {
    running = await startApp();
    channel = await startFakeChannel();
  });

  afterAll(async () => {
    await running.close();
    await channel.close();
  });

  const messagesUrl = (): string => `${running.baseUrl}/api/messages`;

  test('a question with expectReplies gets an Adaptive Card with the 81% figure and the 2020 citation, plus plain text', async () => {
    const answer = await postJson(
      messagesUrl(),
      messageActivity('how is innovation funded in Mexico City?', 'conv-expect', {
        deliveryMode: 'expectReplies',
      }),
    );

    expect(answer.status).toBe(200);
    const replies = repliesOf(answer).filter((a) => a['type'] === 'message');
    expect(replies).toHaveLength(1);
    const [reply] = replies as [Record<string, unknown>];
    const cardText = textsOf(cardOf(reply)['body']).join('\n');
    expect(cardText).toContain('81%');
    expect(cardText).toMatch(/OECD \/ Bloomberg Philanthropies Innovation Capacity Survey, 2020/);
    expect(reply['text']).toEqual(expect.stringContaining('81%'));
    expect(reply['text']).toEqual(expect.stringContaining('Innovation Capacity Survey, 2020'));
  });

  test('a follow-up in the same conversation answers the funding sources', async () => {
    const conversation = 'conv-follow-up';
    await postJson(
      messagesUrl(),
      messageActivity('how is innovation funded in Mexico City?', conversation, {
        deliveryMode: 'expectReplies',
      }),
    );

    const answer = await postJson(
      messagesUrl(),
      messageActivity('what about the sources?', conversation, { deliveryMode: 'expectReplies' }),
    );

    expect(answer.status).toBe(200);
    const [reply] = repliesOf(answer);
    expect(reply?.['text']).toMatch(/^Top sources of funding — Mexico City/);
    expect(reply?.['text']).toContain('Regional / State / Province / Territorial budget');
  });

  test('"tell me more" continues the topic of its own conversation and no other', async () => {
    const ask = async (text: string, conversation: string): Promise<unknown> =>
      repliesOf(
        await postJson(
          messagesUrl(),
          messageActivity(text, conversation, { deliveryMode: 'expectReplies' }),
        ),
      )[0]?.['text'];
    await ask('how is innovation funded in Mexico City?', 'conv-more');

    expect(await ask('tell me more', 'conv-more')).toMatch(
      /^How innovation is funded — Mexico City/,
    );
    expect(await ask('tell me more', 'conv-other')).not.toMatch(/funded/);
  });

  test('with normal delivery the reply is posted to the channel at /v3/conversations/{id}/activities/{replyToId}', async () => {
    const activity = messageActivity('how is innovation funded in Mexico City?', 'conv-delivery', {
      serviceUrl: channel.serviceUrl,
    });
    const before = channel.received.length;

    const answer = await postJson(messagesUrl(), activity);

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const replies = channel.received.slice(before);
    expect(replies).toHaveLength(1);
    const [reply] = replies as [(typeof replies)[number]];
    expect(reply.method).toBe('POST');
    expect(reply.path).toBe(`/v3/conversations/conv-delivery/activities/${String(activity['id'])}`);
    const body = reply.body as Record<string, unknown>;
    expect(body['replyToId']).toBe(activity['id']);
    expect(body['text']).toEqual(expect.stringContaining('81%'));
    expect(textsOf(cardOf(body)['body']).join('\n')).toContain('81%');
  });

  test('a conversation update adding a person is welcomed once', async () => {
    const update = {
      ...messageActivity('', 'conv-welcome', { deliveryMode: 'expectReplies' }),
      type: 'conversationUpdate',
      membersAdded: [{ id: 'user-1', name: 'Test user' }],
    };
    const first = await postJson(messagesUrl(), update);
    const second = await postJson(messagesUrl(), { ...update, id: 'another-update' });

    expect(first.status).toBe(200);
    expect(repliesOf(first)).toHaveLength(1);
    expect(repliesOf(second)).toHaveLength(0);
  });

  test('/healthz reports the knowledge loaded and the version', async () => {
    const answer = await request(`${running.baseUrl}/healthz`);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: 'ok',
      knowledge: {
        profiles: running.app.engine.kb.profiles.length,
        topics: running.app.engine.kb.topics.length,
      },
      version: running.app.version,
    });
    expect(running.app.engine.kb.profiles.length).toBeGreaterThan(0);
    expect(running.app.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.each([
    [
      'a body without a type',
      400,
      'application/json',
      () =>
        JSON.stringify({
          text: 'hello',
          channelId: 'test',
          conversation: { id: 'c' },
          from: { id: 'u' },
        }),
      /type is missing/,
    ],
    [
      'a body without a conversation',
      400,
      'application/json',
      () =>
        JSON.stringify({ type: 'message', text: 'hello', channelId: 'test', from: { id: 'u' } }),
      /conversation is missing/,
    ],
    [
      'a conversation id of 10 KB',
      400,
      'application/json',
      () => JSON.stringify(messageActivity('hi', 'c'.repeat(10_240))),
      /conversation\.id must be at most 1024 characters/,
    ],
    ['a JSON array', 400, 'application/json', () => '[]', /the body must be a JSON object/],
    ['invalid JSON', 400, 'application/json', () => '{"type": "message",', /not valid JSON/],
    ['an empty body', 400, 'application/json', () => '', /empty/],
    [
      'a form instead of JSON',
      415,
      'application/x-www-form-urlencoded',
      () => 'type=message',
      /Content-Type: application\/json/,
    ],
    [
      'JSON sent as text/plain',
      415,
      'text/plain',
      () => JSON.stringify(messageActivity('hi', 'c')),
      /Content-Type: application\/json/,
    ],
  ])('%s is answered %d with a JSON reason', async (_name, status, contentType, body, reason) => {
    const answer = await request(messagesUrl(), {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: body(),
    });

    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      code: expect.any(String),
      message: expect.stringMatching(reason),
    });
  });

  test('invalid UTF-8 is answered 400', async () => {
    const answer = await request(messagesUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: 'BadRequest', message: 'The body is not valid UTF-8.' });
  });

  test('a body over the limit is answered 413, and the connection stays usable after a modest excess', async () => {
    const limit = running.config.MAX_BODY_BYTES;
    const body = JSON.stringify(messageActivity('x'.repeat(limit), 'conv-large'));

    const answer = await request(messagesUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).not.toBe('close');
    expect(answer.json).toEqual({
      code: 'PayloadTooLarge',
      message: `The body is larger than the limit of ${limit} bytes.`,
    });
  });

  test('a declared size far over the limit is answered 413 at once, without reading the body, and the connection closed', async () => {
    const { port } = new URL(running.baseUrl);
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/messages',
            method: 'POST',
            agent: false,
            headers: { 'Content-Type': 'application/json', 'Content-Length': 1024 * 1024 * 1024 },
          },
          (res) => {
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
            res.resume();
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write('{"type":"message"');
      },
    );

    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  test('a chunked body over the limit (no Content-Length) is cut off with 413', async () => {
    const limit = running.config.MAX_BODY_BYTES;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit * 2) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const init = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit;

    const answer = await request(messagesUrl(), init);

    expect(answer.status).toBe(413);
  });

  test('an unknown address is answered 404 as JSON without echoing the path', async () => {
    const answer = await request(`${running.baseUrl}/api/<script>alert(1)</script>`);

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ code: 'NotFound', message: 'There is nothing at this address.' });
    expect(answer.text).not.toContain('script');
  });

  test('GET on /api/messages is answered 405 as JSON', async () => {
    const answer = await request(messagesUrl());

    expect(answer.status).toBe(405);
    expect(answer.json).toEqual({
      code: 'MethodNotAllowed',
      message: 'This address does not accept that method.',
    });
  });

  test.each([
    [
      'a turn',
      () =>
        postJson(
          messagesUrl(),
          messageActivity('hello', 'conv-headers', { deliveryMode: 'expectReplies' }),
        ),
    ],
    ['a 400', () => postJson(messagesUrl(), { text: 'no type' })],
    ['/healthz', () => request(`${running.baseUrl}/healthz`)],
    ['a 404', () => request(`${running.baseUrl}/nothing-here`)],
  ])('%s carries the security headers and no Server header', async (_name, send) => {
    const answer = await send();

    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('server')).toBeNull();
  });

  test('the server keeps serving after every bad request above', async () => {
    const answer = await postJson(
      messagesUrl(),
      messageActivity('help', 'conv-still-alive', { deliveryMode: 'expectReplies' }),
    );

    expect(answer.status).toBe(200);
    expect(repliesOf(answer).length).toBeGreaterThan(0);
  });
});
