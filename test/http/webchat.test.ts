import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { TEXTS, pick } from '../../src/core/texts';
import { defaultAssetLocations } from '../../src/server/webchat/webChatAssets';
import {
  activitiesOf,
  createConversation,
  field,
  realEngine,
  request,
  say,
  startWebChatApp,
  type RunningWebChat,
} from './webchatTestServer';

/*
 * The web chat endpoint with the real bot (createBot over the shipped knowledge),
 * through createServer, over HTTP on port 0.
 */

const FUNDING = 'how is innovation funded in Mexico City?';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const engine = realEngine();

let app: RunningWebChat;

beforeAll(async () => {
  app = await startWebChatApp({ options: { burst: 1000 } });
});

afterAll(async () => {
  await app.close();
});

/** A GET whose body is not decoded (fetch would undo the compression we want to see). */
async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function hasCard(activity: Record<string, unknown>): boolean {
  const attachments = activity['attachments'];
  return (
    Array.isArray(attachments) && attachments.some((a) => field(a, 'contentType') === ADAPTIVE_CARD)
  );
}

function cardText(activity: Record<string, unknown>): string {
  return JSON.stringify(field(activity, 'attachments', 0, 'content') ?? null);
}

describe('the chat page', () => {
  test('GET / serves the page with a strict Content-Security-Policy and a fresh style nonce each time', async () => {
    const first = await request(`${app.baseUrl}/`);
    const second = await request(`${app.baseUrl}/`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(second.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce ?? ''}'`);
    expect(first.text).toContain(`nonce="${nonce ?? ''}"`);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(first.headers.get('cache-control')).toBe('no-store');
  });

  test('the page has a language, a title, one h1, a main landmark and no inline script', async () => {
    const page = await request(`${app.baseUrl}/`);
    expect(page.text).toMatch(/<html lang="en"/);
    expect(page.text).toMatch(/<title>[^<]+<\/title>/);
    expect(page.text.match(/<h1\b/g)).toHaveLength(1);
    expect(page.text).toMatch(/<main\b/);
    const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/webchat\//);
    expect(page.text).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(page.text).not.toMatch(/\son[a-z]+=/i);
    expect(page.text).not.toMatch(/\sstyle=/i);
    expect(page.text).not.toContain('{{');
  });

  test('the page’s script, stylesheet and Web Chat’s full bundle are served from this server and cached for good', async () => {
    const page = await request(`${app.baseUrl}/`);
    const paths = [...page.text.matchAll(/(?:src|href)="(\/webchat\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(paths).toHaveLength(3);
    for (const path of paths) {
      const asset = await request(`${app.baseUrl}${path}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      expect(asset.headers.get('content-type')).toMatch(/^text\/(javascript|css); charset=utf-8$/);
    }
    const bundlePath = paths.find((path) => path.includes('botframework-webchat-4.18.1')) ?? '';
    const bundle = await request(`${app.baseUrl}${bundlePath}`);
    const shipped = readFileSync(
      join(defaultAssetLocations().webChatPackageDir, 'dist', 'webchat.js'),
      'utf8',
    );
    expect(bundle.text).toBe(shipped);
    expect(bundle.text).toContain('Action.Submit');
  });

  test('an asset asked for again with its ETag gets 304, and a compressed copy when the browser accepts one', async () => {
    const page = await request(`${app.baseUrl}/`);
    const path = /src="(\/webchat\/[^"]+\/chat\.js)"/.exec(page.text)?.[1] ?? '';
    const plain = await request(`${app.baseUrl}${path}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const etag = plain.headers.get('etag') ?? '';
    const again = await request(`${app.baseUrl}${path}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const gzipped = await rawGet(`${app.baseUrl}${path}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['vary']).toBe('Accept-Encoding');
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(plain.text);
    const brotli = await rawGet(`${app.baseUrl}${path}`, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString('utf8')).toBe(plain.text);
  });

  test('an unknown asset gets a JSON 404', async () => {
    const answer = await request(`${app.baseUrl}/webchat/0000/nothing.js`);
    expect(answer.status).toBe(404);
    expect(field(answer.body, 'code')).toBe('NotFound');
  });
});

describe('starting a conversation', () => {
  test('gets 201 with an unguessable conversation id, a user id and the bot’s welcome', async () => {
    const { id, answer } = await createConversation(app.baseUrl);
    expect(answer.status).toBe(201);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(field(answer.body, 'userId')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [welcome, ...more] = activitiesOf(answer);
    expect(more).toEqual([]);
    expect(welcome?.['type']).toBe('message');
    expect(field(welcome, 'from', 'role')).toBe('bot');
    expect(field(welcome, 'conversation', 'id')).toBe(id);
    expect(welcome?.['id']).toMatch(new RegExp(`^${id}\\|\\d+$`));
    expect(Number.isNaN(Date.parse(String(welcome?.['timestamp'])))).toBe(false);
    // Web Chat would hold back a reply to an activity it never saw (the conversationUpdate).
    expect(welcome?.['replyToId']).toBeUndefined();
    expect(cardText(welcome ?? {})).toContain(
      (engine.welcome('en').blocks[0]?.text ?? '').slice(0, 30),
    );
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  test('twice gives two different conversations', async () => {
    const first = await createConversation(app.baseUrl);
    const second = await createConversation(app.baseUrl);
    expect(first.id).not.toBe(second.id);
  });

  test('with a Spanish browser locale gets the welcome in Spanish first', async () => {
    const answer = await request(`${app.baseUrl}/api/webchat/conversations`, {
      body: { locale: 'es-MX' },
    });
    const [welcome] = activitiesOf(answer);
    expect(welcome?.['locale']).toBe('es');
  });

  test('without a body works too, and with a body that is not JSON gets 415', async () => {
    const empty = await request(`${app.baseUrl}/api/webchat/conversations`, { method: 'POST' });
    expect(empty.status).toBe(201);
    const form = await request(`${app.baseUrl}/api/webchat/conversations`, {
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});

describe('posting a message', () => {
  test('echoes it with a server id and the same clientActivityID, then the answer card with 81% and its source', async () => {
    const { id } = await createConversation(app.baseUrl);
    const answer = await request(`${app.baseUrl}/api/webchat/conversations/${id}/activities`, {
      body: {
        type: 'message',
        text: FUNDING,
        locale: 'en-US',
        channelData: { clientActivityID: 'client-1' },
      },
    });
    expect(answer.status).toBe(200);
    const [echo, reply, ...rest] = activitiesOf(answer);
    expect(rest).toEqual([]);
    expect(echo?.['text']).toBe(FUNDING);
    expect(field(echo, 'channelData', 'clientActivityID')).toBe('client-1');
    expect(field(echo, 'from', 'role')).toBe('user');
    expect(echo?.['id']).toMatch(new RegExp(`^${id}\\|\\d+$`));
    expect(reply?.['replyToId']).toBe(echo?.['id']);
    expect(field(reply, 'from', 'role')).toBe('bot');
    expect(field(reply, 'from', 'id')).not.toBe(field(echo, 'from', 'id'));
    expect(reply?.['locale']).toBe('en');
    expect(hasCard(reply ?? {})).toBe(true);
    expect(cardText(reply ?? {})).toContain('81%');
    expect(cardText(reply ?? {})).toContain(
      'OECD / Bloomberg Philanthropies Innovation Capacity Survey',
    );
    expect(Date.parse(String(reply?.['timestamp']))).toBeGreaterThan(
      Date.parse(String(echo?.['timestamp'])),
    );
  });

  test('gives every activity of a conversation a new id and a strictly later timestamp', async () => {
    const { id, answer } = await createConversation(app.baseUrl);
    const all = [...activitiesOf(answer)];
    for (const text of [FUNDING, 'who leads innovation?', 'tell me more'])
      all.push(...activitiesOf(await say(app.baseUrl, id, text)));
    const ids = all.map((a) => String(a['id']));
    expect(new Set(ids).size).toBe(ids.length);
    const times = all.map((a) => Date.parse(String(a['timestamp'])));
    for (let i = 1; i < times.length; i += 1)
      expect(times[i]).toBeGreaterThan(times[i - 1] ?? Infinity);
  });

  test('keeps each conversation’s state: "text only" in one tab changes that tab only', async () => {
    const plain = await createConversation(app.baseUrl);
    const cards = await createConversation(app.baseUrl);
    await say(app.baseUrl, plain.id, 'text only');
    const [, plainReply] = activitiesOf(await say(app.baseUrl, plain.id, FUNDING));
    const [, cardReply] = activitiesOf(await say(app.baseUrl, cards.id, FUNDING));
    expect(hasCard(plainReply ?? {})).toBe(false);
    expect(String(plainReply?.['text'])).toContain('81%');
    expect(hasCard(cardReply ?? {})).toBe(true);
  });

  test('a card button’s Action.Submit arrives as the chosen question, shown as the person’s message', async () => {
    const { id } = await createConversation(app.baseUrl);
    const value = { msteams: { type: 'imBack', value: FUNDING }, question: FUNDING };
    const answer = await request(`${app.baseUrl}/api/webchat/conversations/${id}/activities`, {
      body: {
        type: 'message',
        value,
        channelData: { clientActivityID: 'submit-1', postBack: true },
      },
    });
    const [echo, reply] = activitiesOf(answer);
    expect(echo?.['text']).toBe(FUNDING);
    expect(echo?.['value']).toEqual(value);
    expect(field(echo, 'channelData', 'postBack')).toBeUndefined();
    expect(cardText(reply ?? {})).toContain('81%');
  });

  test('ignores the ids, sender and conversation the client claims', async () => {
    const mine = await createConversation(app.baseUrl);
    const other = await createConversation(app.baseUrl);
    const answer = await say(app.baseUrl, mine.id, 'hello', {
      id: 'forged',
      from: { id: field(other.answer.body, 'userId'), role: 'bot' },
      conversation: { id: other.id },
      serviceUrl: 'https://attacker.example',
      channelId: 'msteams',
    });
    const [echo] = activitiesOf(answer);
    expect(echo?.['id']).not.toBe('forged');
    expect(field(echo, 'from', 'id')).toBe(field(mine.answer.body, 'userId'));
    expect(field(echo, 'from', 'role')).toBe('user');
    expect(field(echo, 'conversation', 'id')).toBe(mine.id);
    expect(echo?.['channelId']).toBe('webchat');
    expect(echo?.['serviceUrl']).toBeUndefined();
  });

  test('a message of 10,000 characters is answered politely, not refused', async () => {
    const { id } = await createConversation(app.baseUrl);
    const answer = await say(app.baseUrl, id, 'why '.repeat(2500));
    expect(answer.status).toBe(200);
    const [, reply] = activitiesOf(answer);
    expect(String(reply?.['text'])).toContain(
      pick(TEXTS.tooLong(engine.settings.maxQuestionLength), 'en').slice(0, 30),
    );
  });

  test('markup in the text is echoed as plain text for Web Chat to show, never as HTML', async () => {
    const { id } = await createConversation(app.baseUrl);
    const markup = '<img src=x onerror=alert(1)> **bold**';
    const [echo] = activitiesOf(await say(app.baseUrl, id, markup, { textFormat: 'xml' }));
    expect(echo?.['text']).toBe(markup);
    expect(echo?.['textFormat']).toBe('plain');
  });
});

describe('requests the endpoint refuses, with a clear JSON error', () => {
  let id: string;
  const url = (conversationId: string): string =>
    `${app.baseUrl}/api/webchat/conversations/${conversationId}/activities`;

  beforeAll(async () => {
    id = (await createConversation(app.baseUrl)).id;
  });

  test.each([
    {
      name: 'a malformed conversation id',
      target: () => url('not-an-id'),
      body: { type: 'message', text: 'hi' },
      status: 400,
      code: 'InvalidConversationId',
    },
    {
      name: 'an unknown conversation id',
      target: () => url('AAAAAAAAAAAAAAAAAAAAAA'),
      body: { type: 'message', text: 'hi' },
      status: 404,
      code: 'ConversationNotFound',
    },
    {
      name: 'an activity without a type',
      target: () => url(id),
      body: { text: 'hi' },
      status: 400,
      code: 'InvalidActivity',
    },
    {
      name: 'an activity that is not a message',
      target: () => url(id),
      body: { type: 'event', name: 'x' },
      status: 400,
      code: 'InvalidActivity',
    },
    {
      name: 'a text that is not a string',
      target: () => url(id),
      body: { type: 'message', text: 42 },
      status: 400,
      code: 'InvalidActivity',
    },
    {
      name: 'a JSON array',
      target: () => url(id),
      body: [{ type: 'message' }],
      status: 400,
      code: 'InvalidActivity',
    },
    {
      name: 'a body sent as text/plain',
      target: () => url(id),
      body: '{"type":"message","text":"hi"}',
      status: 415,
      code: 'UnsupportedMediaType',
    },
  ])('$name gets $status $code', async ({ target, body, status, code }) => {
    const answer = await request(target(), { body });
    expect(answer.status).toBe(status);
    expect(field(answer.body, 'code')).toBe(code);
    expect(typeof field(answer.body, 'message')).toBe('string');
  });

  test('a missing type is named in the message', async () => {
    const answer = await request(url(id), { body: { text: 'hi' } });
    expect(String(field(answer.body, 'message'))).toContain('type is required');
  });

  test('invalid JSON gets 400', async () => {
    const answer = await request(url(id), {
      body: '{"type": "message", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(field(answer.body, 'code')).toBe('BadRequest');
    expect(String(field(answer.body, 'message'))).toContain('not valid JSON');
  });

  test('invalid UTF-8 gets 400', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"type":"message","text":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const answer = await request(url(id), {
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
  });

  test('an empty body gets 400', async () => {
    const answer = await request(url(id), {
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
  });

  test('a body over 256 KB gets 413', async () => {
    const answer = await request(url(id), { body: { type: 'message', text: 'x'.repeat(262_145) } });
    expect(answer.status).toBe(413);
    expect(field(answer.body, 'code')).toBe('PayloadTooLarge');
  });

  test('a 10 KB conversation id gets a 4xx', async () => {
    const answer = await request(url('A'.repeat(10_240)), {
      body: { type: 'message', text: 'hi' },
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toContain('A'.repeat(100));
  });

  test('after all of these the server still answers', async () => {
    const answer = await say(app.baseUrl, id, FUNDING);
    expect(answer.status).toBe(200);
  });
});
