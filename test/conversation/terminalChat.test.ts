import { PassThrough, Readable } from 'node:stream';
import { runTerminalChat } from '../../src/cli/terminalChat';
import { NEW_CONVERSATION } from '../../src/core/engine';
import type { Language } from '../../src/core/schema';
import { loadEngine } from './conversationHarness';

const engine = loadEngine();

/** Runs a whole terminal chat over these input lines and returns everything it printed. */
async function chat(lines: readonly string[], language: Language = 'en'): Promise<string> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  await runTerminalChat({
    engine,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    language,
  });
  return chunks.join('');
}

describe('the terminal chat', () => {
  test('prints the bilingual welcome with numbered example questions before reading anything', async () => {
    const printed = await chat([]);
    const english = engine.welcome('en');
    expect(printed).toContain(english.blocks[0]?.text);
    expect(printed).toContain(engine.welcome('es').blocks[0]?.text);
    expect(printed).toContain(`  1) ${english.suggestions[0]?.label}`);
  });

  test('answers piped questions in plain text, follow-ups included, never as card JSON', async () => {
    const printed = await chat([
      'how is innovation funded in Mexico City?',
      'what about the sources?',
    ]);
    const first = engine.respond('how is innovation funded in Mexico City?');
    const second = engine.respond('what about the sources?', first.state);
    expect(printed).toContain(first.answer.text);
    expect(printed).toContain(second.answer.text);
    expect(printed).not.toContain('AdaptiveCard');
  });

  test('a number picks that numbered suggestion of the last answer', async () => {
    const first = engine.respond('who is the mayor?');
    const suggestion = first.answer.suggestions[1];
    expect(suggestion).toBeDefined();
    const printed = await chat(['who is the mayor?', '2']);
    expect(printed).toContain(engine.respond(suggestion?.value ?? '', first.state).answer.text);
  });

  test.each(['exit', 'salir', 'EXIT'])(
    '"%s" ends the chat: later lines are not answered',
    async (word) => {
      const printed = await chat(['who is the mayor?', word, 'what is the population?']);
      expect(printed).toContain(engine.ask('who is the mayor?').title);
      expect(printed).not.toContain(engine.ask('what is the population?').title);
    },
  );

  test('--lang es starts in Spanish: Spanish welcome first, and an ambiguous question answered in Spanish', async () => {
    const printed = await chat(['ADIP'], 'es');
    const spanishWelcome = engine.welcome('es').blocks[0]?.text ?? '';
    const englishWelcome = engine.welcome('en').blocks[0]?.text ?? '';
    expect(printed.indexOf(spanishWelcome)).toBeLessThan(printed.indexOf(englishWelcome));
    expect(printed).toContain(
      engine.respond('ADIP', { ...NEW_CONVERSATION, language: 'es' }).answer.title,
    );
  });

  test('switching to Spanish mid-chat re-answers the last question in Spanish', async () => {
    const printed = await chat(['who is the mayor?', 'en español']);
    const first = engine.respond('who is the mayor?');
    expect(printed).toContain(engine.respond('en español', first.state).answer.text);
  });
});
