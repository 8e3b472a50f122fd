import type { Answer } from '../../src/core/answer';
import { composeBilingualWelcome } from '../../src/channels/composeBilingualWelcome';
import { languageOfLocale } from '../../src/channels/languageOfLocale';
import { readIncomingMessage, readSubmittedQuestion } from '../../src/channels/readIncomingMessage';
import { renderAnswerActivity, supportsCards } from '../../src/channels/renderAnswerActivity';
import { buildAnswerCard, citationLines } from '../../src/channels/renderAnswerCard';
import { speechOf } from '../../src/channels/speechOf';
import { submitAction } from '../../src/channels/adaptiveCardJson';
import { loadEngine } from '../conversation/conversationHarness';

const engine = loadEngine();

describe('reading what the person sent', () => {
  test.each([
    [{ text: '  who is the mayor?  ' }, 'who is the mayor?'],
    [{ text: '', value: { question: 'What is ADIP?' } }, 'What is ADIP?'],
    [
      { value: submitAction('Who leads innovation?', 'Who leads innovation?').data },
      'Who leads innovation?',
    ],
    [{ text: 'typed wins', value: { question: 'submitted' } }, 'typed wins'],
    [{ text: '' }, ''],
    [{}, ''],
    [{ value: { other: 1 } }, ''],
    [{ attachments: [{ contentType: 'image/png' }] }, null],
    [{ text: 'a question', attachments: [{ contentType: 'image/png' }] }, 'a question'],
  ])('%p is read as %p', (activity, expected) => {
    expect(readIncomingMessage(activity)).toBe(expected);
  });

  test.each([[null], ['text'], [42], [{ question: 7 }], [[]]])(
    'a submitted value %p holds no question',
    (value) => {
      expect(readSubmittedQuestion(value)).toBeNull();
    },
  );
});

test.each([
  ['es-MX', 'es'],
  ['es', 'es'],
  ['ES_es', 'es'],
  ['en-us', 'en'],
  ['fr-FR', null],
  ['', null],
  [undefined, null],
])('the locale %p suggests the language %p', (locale, language) => {
  expect(languageOfLocale(locale)).toBe(language);
});

test.each([
  ['msteams', true],
  ['webchat', true],
  ['directline', true],
  ['emulator', true],
  ['sms', false],
  ['slack', false],
  ['terminal', false],
  [undefined, false],
])('channel %p renders cards: %p', (channel, expected) => {
  expect(supportsCards(channel)).toBe(expected);
});

describe('rendering an answer', () => {
  const funding = engine.ask('how is innovation funded?');

  test('speech leaves out the profile address but keeps the answer and its sources', () => {
    const speech = speechOf(funding);
    expect(funding.profileUrl).not.toBeNull();
    expect(speech).not.toContain(funding.profileUrl);
    expect(speech).toContain(funding.blocks[0]?.text);
    expect(speech).toContain(funding.citations[0]?.section);
  });

  test('citations of one survey round share one line that names every section once', () => {
    const lines = citationLines([...funding.citations, ...funding.citations], 'en');
    expect(lines).toHaveLength(1);
    for (const c of funding.citations) expect(lines[0]?.split(c.section)).toHaveLength(2);
    expect(lines[0]).toMatch(/^Source: /);
    expect(citationLines(funding.citations, 'es')[0]).toMatch(/^Fuente: /);
  });

  test('citations of different rounds get a line each', () => {
    const [first] = funding.citations;
    if (!first) throw new Error('no citation');
    expect(citationLines([first, { ...first, year: 2018 }], 'en')).toHaveLength(2);
  });

  test('a card never repeats a "did you mean" choice among its follow-up buttons', () => {
    const suggestion = { label: 'Who is the mayor?', value: 'Who is the mayor?' };
    const answer: Answer = {
      ...funding,
      alternatives: [suggestion],
      suggestions: [suggestion, suggestion],
    };
    const card = buildAnswerCard(answer);
    expect(card.actions).toHaveLength(0);
  });

  test('a reply in cards style on a text channel falls back to plain text', () => {
    const activity = renderAnswerActivity(engine.ask('who is the mayor?'), 'cards', 'sms');
    expect(activity.attachments).toBeUndefined();
    expect(activity.suggestedActions?.actions.length).toBeGreaterThan(0);
  });

  test('a plain reply with nothing to suggest carries no empty suggestedActions', () => {
    const activity = renderAnswerActivity(
      { ...funding, suggestions: [], alternatives: [] },
      'text',
      'msteams',
    );
    expect(activity.suggestedActions).toBeUndefined();
  });
});

describe('the bilingual welcome', () => {
  const en = engine.welcome('en');
  const es = engine.welcome('es');

  test('puts the first language first in title, text and buttons', () => {
    const welcome = composeBilingualWelcome(es, en);
    expect(welcome.language).toBe('es');
    expect(welcome.title.indexOf(es.title)).toBe(0);
    expect(welcome.text.indexOf(es.blocks[0]?.text ?? '')).toBeLessThan(
      welcome.text.indexOf(en.blocks[0]?.text ?? ''),
    );
    expect(welcome.suggestions.slice(0, 2)).toEqual(es.suggestions.slice(0, 2));
  });

  test('offers four different questions', () => {
    const welcome = composeBilingualWelcome(en, es);
    expect(new Set(welcome.suggestions.map((s) => s.value)).size).toBe(4);
  });

  test('with fewer starters in the second language still offers some in it', () => {
    const welcome = composeBilingualWelcome(en, { ...es, suggestions: es.suggestions.slice(0, 1) });
    expect(welcome.suggestions.slice(2)).toEqual(es.suggestions.slice(0, 1));
  });
});
