import type { Answer } from '../../src/core/answer';
import { composeBilingualWelcome } from '../../src/channels/composeBilingualWelcome';
import { languageOfLocale } from '../../src/channels/languageOfLocale';
import { readIncomingMessage, readSubmittedQuestion } from '../../src/channels/readIncomingMessage';
import { renderAnswerActivity, supportsCards } from '../../src/channels/renderAnswerActivity';
import { buildAnswerCard, citationLine } from '../../src/channels/renderAnswerCard';
import { speechOf } from '../../src/channels/speechOf';
import { leadSentences, summaryOf } from '../../src/channels/summaryOf';
import {
  NOTHING_OFFERED,
  pickOfferedSuggestion,
  readOfferedSuggestions,
} from '../../src/channels/offeredSuggestions';
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

  test('speech is the summary: the title and the direct answer, without the address, the sources or the buttons', () => {
    const speech = speechOf(funding);
    expect(funding.profileUrl).not.toBeNull();
    expect(speech).toBe(summaryOf(funding));
    expect(speech.startsWith(`${funding.title}. `)).toBe(true);
    expect(speech).not.toContain(funding.profileUrl);
    expect(speech).not.toContain(funding.citations[0]?.section);
    for (const s of funding.suggestions) expect(speech).not.toContain(s.label);
    expect(speech.length).toBeLessThan(funding.text.length / 3);
  });

  test("the summary uses the core's direct answer when there is one", () => {
    const short = 'Mexico City had dedicated funding for innovation.';
    expect(summaryOf({ ...funding, short })).toBe(`${funding.title}. ${short}`);
    expect(summaryOf({ ...funding, short: null })).toBe(summaryOf(funding));
  });

  test.each([
    [
      'Hello! I answer questions about the innovation profiles of cities. Ask away.',
      'Hello! I answer questions about the innovation profiles of cities.',
    ],
    [
      'At the time, 81% of cities had it. Others did not.',
      'At the time, 81% of cities had it. Others did not.',
    ],
    [
      'One sentence with 9,209,944 people, e.g. many.',
      'One sentence with 9,209,944 people, e.g. many.',
    ],
  ])('the lead of %p is %p', (text, lead) => {
    expect(leadSentences(text)).toBe(lead);
  });

  test('a very long lead is cut at a word, with an ellipsis', () => {
    const lead = leadSentences(`${'word '.repeat(200)}end.`);
    expect(lead.length).toBeLessThanOrEqual(321);
    expect(lead.endsWith('word…')).toBe(true);
  });

  test('in text style the speech numbers the suggestions, and says once what a number does', () => {
    const first = renderAnswerActivity(funding, 'text', 'webchat', { isNumberHintDue: true });
    const later = renderAnswerActivity(funding, 'text', 'webchat');
    const [one, two] = funding.suggestions;
    expect(first.speak).toContain(`You can ask: 1. ${one?.label} 2. ${two?.label}`);
    expect(first.speak).toContain('Type a number');
    expect(later.speak).toContain(`1. ${one?.label}`);
    expect(later.speak).not.toContain('Type a number');
  });

  test('in text style on a web chat the profile address is a link read by its name', () => {
    const url = funding.profileUrl ?? '';
    const web = renderAnswerActivity(funding, 'text', 'webchat');
    expect(web.text).toContain(`[Open the public profile](${url})`);
    expect(web.text?.split(url)).toHaveLength(2);
    expect(renderAnswerActivity(funding, 'text', 'sms').text).toBe(funding.text);
  });

  test('the card has one citation line: the survey, its year and the first section, counting the others', () => {
    const line = citationLine([...funding.citations, ...funding.citations], 'en') ?? '';
    const [first] = funding.citations;
    expect(line).toMatch(/^Source: /);
    expect(line).toContain(`${first?.source}, ${first?.year}, “${first?.section}”`);
    const others = new Set(funding.citations.map((c) => c.section)).size - 1;
    if (others > 0) expect(line).toMatch(new RegExp(`and ${others} more sections?$`));
    expect(citationLine(funding.citations, 'es')).toMatch(/^Fuente: /);
    expect(citationLine([], 'en')).toBeNull();
  });

  test('citations of two survey rounds still make one line, newest year first', () => {
    const [first] = funding.citations;
    if (!first) throw new Error('no citation');
    expect(citationLine([first, { ...first, year: 2018 }], 'en')).toContain(
      `, ${first.year}, 2018, `,
    );
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

describe('picking a suggestion by its number', () => {
  const offered = { values: ['Who is the mayor?', 'What is ADIP?'], isNumberHintGiven: true };

  test.each([
    ['2', 'What is ADIP?'],
    [' 1. ', 'Who is the mayor?'],
    ['1)', 'Who is the mayor?'],
    ['3', '3'],
    ['0', '0'],
    ['2020', '2020'],
    ['2 more', '2 more'],
    ['what is 2?', 'what is 2?'],
  ])('%p after two suggestions asks %p', (message, asked) => {
    expect(pickOfferedSuggestion(message, offered)).toBe(asked);
  });

  test('with nothing offered a number is asked as it is', () => {
    expect(pickOfferedSuggestion('1', NOTHING_OFFERED)).toBe('1');
  });

  test.each([[undefined], [null], [{ values: 'x' }], [{ values: [], isNumberHintGiven: 'yes' }]])(
    'a stored offer %p that is not one reads as nothing offered',
    (stored) => {
      expect(readOfferedSuggestions(stored)).toEqual(NOTHING_OFFERED);
    },
  );
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

  test("marks the second language's paragraphs with their language, for the page to tag", () => {
    const welcome = composeBilingualWelcome(en, es);
    expect(welcome.blocks.filter((b) => b.language === 'es')).toHaveLength(es.blocks.length);
    const card = buildAnswerCard(welcome);
    const marked = card.body.filter((e) => e.type === 'TextBlock' && e.id?.startsWith('lang-es-'));
    expect(marked.length).toBeGreaterThan(0);
    expect(card.body.some((e) => e.type === 'TextBlock' && e.id?.startsWith('lang-en-'))).toBe(
      false,
    );
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
