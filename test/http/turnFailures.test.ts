import { ActivityHandler } from 'botbuilder';
import type { Server } from 'restify';
import { sharedEngine } from '../fixtures/sharedEngine';
import { createBotAdapter } from '../../src/server/botAdapter';
import { createServer } from '../../src/server/createServer';
import { captureLogger, messageActivity, postJson, repliesOf } from './support';

describe('a turn that fails', () => {
  const captured = captureLogger('info');
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const engine = sharedEngine();
    const bot = new ActivityHandler();
    bot.onMessage(async (context, next) => {
      if (context.activity.text === 'fail') throw new Error('injected failure');
      await context.sendActivity('fine');
      await next();
    });
    // No onTurnError: the failure reaches the server, as when the error handler itself fails.
    server = createServer({
      config: { MAX_BODY_BYTES: 262_144 },
      logger: captured.logger,
      adapter: createBotAdapter({ MicrosoftAppType: 'MultiTenant' }),
      bot,
      engine,
      version: 'test',
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
  });

  test('is answered 500 as JSON with no detail, logged once with its error, and the server keeps serving', async () => {
    const before = captured.lines.length;

    const failed = await postJson(
      `${baseUrl}/api/messages`,
      messageActivity('fail', 'conv-fail', { deliveryMode: 'expectReplies' }),
    );
    const next = await postJson(
      `${baseUrl}/api/messages`,
      messageActivity('hello', 'conv-fail', { deliveryMode: 'expectReplies' }),
    );

    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({
      code: 'InternalError',
      message: 'The bot could not handle this activity.',
    });
    expect(failed.text).not.toContain('injected');
    const errors = captured.lines.slice(before).filter((line) => Number(line['level']) >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: "turn failed outside the bot's error handler",
      type: 'message',
      channelId: 'test',
      err: { message: 'injected failure' },
    });
    expect(JSON.stringify(errors[0])).not.toContain('conv-fail');
    expect(next.status).toBe(200);
    expect(repliesOf(next)[0]?.['text']).toBe('fine');
  });
});
