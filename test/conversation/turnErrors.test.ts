import { expect } from '@jest/globals';
import { Writable } from 'node:stream';
import { MemoryStorage, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import { pino } from 'pino';
import type { BotLogger } from '../../src/bot/createBot';
import { hashConversationId } from '../../src/bot/createBot';
import type { Engine } from '../../src/core/engine';
import { pick, TEXTS } from '../../src/core/texts';
import { StateStoreError } from '../../src/storage/storageErrors';
import { cardOf, createHarness, headingOf, loadEngine, only } from './conversationHarness';

const engine = loadEngine();

interface LogCall {
  readonly level: 'warn' | 'error';
  readonly details: object;
  readonly message: string;
}

function recordingLogger(): { logger: BotLogger; calls: LogCall[] } {
  const calls: LogCall[] = [];
  return {
    calls,
    logger: {
      warn: (details, message) => calls.push({ level: 'warn', details, message }),
      error: (details, message) => calls.push({ level: 'error', details, message }),
    },
  };
}

/** The real engine, except that one message makes it throw. */
function engineFailingOn(trigger: string): Engine {
  return {
    ...engine,
    respond: (message, state) => {
      if (message === trigger) throw new Error('engine exploded');
      return engine.respond(message, state);
    },
  };
}

/** A store that works until `failing` is set, then fails every call as unreachable. */
class FlakyStorage implements Storage {
  failing: 'read' | 'write' | 'conflict' | null = null;
  private readonly inner = new MemoryStorage();

  async read(keys: string[]): Promise<StoreItems> {
    if (this.failing === 'read')
      throw new StateStoreError(
        'unavailable',
        'Storage: the test state store could not read (down).',
      );
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    if (this.failing === 'write')
      throw new StateStoreError(
        'unavailable',
        'Storage: the test state store could not write (down).',
      );
    if (this.failing === 'conflict')
      throw new StateStoreError('conflict', 'Storage: error writing "x" due to eTag conflict.');
    return this.inner.write(changes);
  }

  async delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('a turn that fails', () => {
  test('gets one short apology in English and logs the error with a hashed conversation id, never the message', async () => {
    const { logger, calls } = recordingLogger();
    const question = 'a secret question 12345';
    const harness = createHarness({
      engine: engineFailingOn(question),
      logger,
      conversationId: 'conversation-abc',
    });
    const replies = await harness.say(question);
    expect(replies.map((r) => r.text)).toEqual([pick(TEXTS.error, 'en')]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.level).toBe('error');
    expect(calls[0]?.details).toMatchObject({
      conversation: hashConversationId('conversation-abc'),
      channelId: 'test',
    });
    const logged = JSON.stringify(calls[0]?.details);
    expect(logged).not.toContain('conversation-abc');
    expect(logged).not.toContain(question);
  });

  test('apologises in Spanish in a Spanish conversation', async () => {
    const harness = createHarness({
      engine: engineFailingOn('¿y la población?'),
      logger: recordingLogger().logger,
    });
    await harness.say('¿Quién es la jefa de gobierno?');
    expect((await harness.say('¿y la población?')).map((r) => r.text)).toEqual([
      pick(TEXTS.error, 'es'),
    ]);
  });

  test('saves nothing the failed turn changed: the conversation goes on from before it', async () => {
    const harness = createHarness({ engine, logger: recordingLogger().logger });
    await harness.say('how is innovation funded?');
    const before = await harness.storedState();
    // The channel refuses the next card (after the turn has already updated its state).
    let isChannelDown = true;
    harness.adapter.use(async (context: TurnContext, next) => {
      context.onSendActivities(async (_ctx, activities, nextSend) => {
        if (isChannelDown && activities.some((a) => (a.attachments?.length ?? 0) > 0)) {
          isChannelDown = false;
          throw new Error('channel down');
        }
        return nextSend();
      });
      await next();
    });
    const failed = await harness.say('in Spanish please');
    expect(failed.map((r) => r.attachments?.length ?? 0)).toEqual([0]);
    expect(await harness.storedState()).toEqual(before);
    const card = cardOf(only(await harness.say('what about the sources?')));
    expect(card.lang).toBe('en');
    expect(headingOf(card)).toBe(
      engine.respond('what about the sources?', engine.respond('how is innovation funded?').state)
        .answer.title,
    );
  });

  test('a store that cannot be read gets the "could not reach my memory" apology', async () => {
    const storage = new FlakyStorage();
    const harness = createHarness({ engine, storage, logger: recordingLogger().logger });
    await harness.say('who is the mayor?');
    storage.failing = 'read';
    expect((await harness.say('what is the population?')).map((r) => r.text)).toEqual([
      pick(TEXTS.unavailable, 'en'),
    ]);
  });

  test('a store that cannot be written gets the same apology after the answer', async () => {
    const storage = new FlakyStorage();
    const harness = createHarness({ engine, storage, logger: recordingLogger().logger });
    await harness.say('who is the mayor?');
    storage.failing = 'write';
    const replies = await harness.say('what is the population?');
    expect(replies).toHaveLength(2);
    expect(replies[1]?.text).toBe(pick(TEXTS.unavailable, 'en'));
  });

  test('an eTag conflict when saving (two turns at once) is logged as a warning, without an apology', async () => {
    const storage = new FlakyStorage();
    const { logger, calls } = recordingLogger();
    const harness = createHarness({ engine, storage, logger });
    await harness.say('who is the mayor?');
    storage.failing = 'conflict';
    const replies = await harness.say('what is the population?');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.attachments).toHaveLength(1);
    expect(calls.map((c) => c.level)).toEqual(['warn']);
  });

  test('a pino logger can be handed to the bot as it is, and its JSON line holds no message text', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger: BotLogger = pino({ level: 'info' }, destination);
    const question = 'what is my private question 987';
    await createHarness({
      engine: engineFailingOn(question),
      logger,
      conversationId: 'private-conversation',
    }).say(question);
    expect(lines).toHaveLength(1);
    const entry: unknown = JSON.parse(lines[0] ?? '');
    expect(entry).toMatchObject({
      level: 50,
      msg: 'turn failed',
      conversation: hashConversationId('private-conversation'),
      err: { message: expect.stringContaining('engine exploded') },
    });
    expect(lines[0]).not.toContain(question);
    expect(lines[0]).not.toContain('private-conversation');
  });
});
