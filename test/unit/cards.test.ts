import { JSDOM } from 'jsdom';
import type * as AdaptiveCardsModule from 'adaptivecards';
import type { Answer } from '../../src/core/answer';
import { composeMessage } from '../../src/core/composeAnswer';
import type { Engine } from '../../src/core/engine';
import type { Language } from '../../src/core/schema';
import { TEXTS } from '../../src/core/texts';
import { composeBilingualWelcome } from '../../src/channels/composeBilingualWelcome';
import { renderAnswerActivity } from '../../src/channels/renderAnswerActivity';
import { renderAnswerCard } from '../../src/channels/renderAnswerCard';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  allNodes,
  loadEngine,
  textBlocks,
  type CardJson,
} from '../conversation/conversationHarness';

const engine = loadEngine();
const closeEngine = loadEngine({ closeMargin: 0.5 });
const LANGUAGES: readonly Language[] = ['en', 'es'];

/** Answers a conversation and returns its last answer. */
function lastAnswer(on: Engine, messages: readonly string[]): Answer {
  let state = undefined;
  let answer: Answer | undefined;
  for (const message of messages) {
    const turn = on.respond(message, state);
    state = turn.state;
    answer = turn.answer;
  }
  if (!answer) throw new Error('no messages');
  return answer;
}

const PER_LANGUAGE: Record<Language, Record<string, readonly string[]>> = {
  en: {
    help: ['help'],
    greeting: ['hello'],
    thanks: ['thanks'],
    goodbye: ['bye'],
    fallback: ["What's the weather like tomorrow?"],
    'unknown city': ['Who is the mayor of Berlin?'],
    'one policy area': ['is there enough data on health?'],
    'tell me more': ['who is the mayor?', 'tell me more'],
    'tell me more, first': ['tell me more'],
    'text only': ['text only'],
    cards: ['cards'],
    'language switch, first': ['in English please'],
    empty: [''],
    'too long': ['how is innovation funded? '.repeat(40)],
  },
  es: {
    help: ['ayuda'],
    greeting: ['hola'],
    thanks: ['gracias'],
    goodbye: ['adiós'],
    fallback: ['cuéntame un chiste'],
    'unknown city': ['¿Quién es el alcalde de Bogotá?'],
    'one policy area': ['¿hay datos suficientes de salud?'],
    'tell me more': ['¿Quién es la jefa de gobierno?', 'cuéntame más'],
    'tell me more, first': ['cuéntame más'],
    'text only': ['solo texto'],
    cards: ['tarjetas'],
    'language switch, first': ['en español'],
    empty: ['¿'],
    'too long': ['¿cómo se financia la innovación? '.repeat(40)],
  },
};

function everyAnswer(): Array<readonly [string, Answer]> {
  const out: Array<readonly [string, Answer]> = [];
  for (const language of LANGUAGES) {
    for (const topic of engine.kb.topics.filter((t) => t.kind === 'profile')) {
      out.push([`${topic.id} (${language})`, engine.ask(topic.examples[language][0] ?? '')]);
    }
    for (const [name, messages] of Object.entries(PER_LANGUAGE[language]))
      out.push([`${name} (${language})`, lastAnswer(engine, messages)]);
    out.push([
      `did you mean (${language})`,
      closeEngine.ask(language === 'en' ? 'funding' : 'financiamiento'),
    ]);
    out.push([`welcome (${language})`, engine.welcome(language)]);
    out.push([
      `unsupported message (${language})`,
      composeMessage(
        engine.kb,
        'problem',
        language,
        TEXTS.unsupportedTitle,
        TEXTS.unsupported,
        engine.settings.maxSuggestions,
      ),
    ]);
  }
  out.push([
    'bilingual welcome (en first)',
    composeBilingualWelcome(engine.welcome('en'), engine.welcome('es')),
  ]);
  out.push([
    'bilingual welcome (es first)',
    composeBilingualWelcome(engine.welcome('es'), engine.welcome('en')),
  ]);
  return out;
}

const answers = everyAnswer();

// adaptivecards' CommonJS entry point is ES modules Node cannot load; its UMD bundle
// works, and rendering needs a DOM: jsdom's window, installed as globals first.
let AC: typeof AdaptiveCardsModule;
let dom: JSDOM;

beforeAll(() => {
  dom = new JSDOM('<!doctype html><html lang="en"><body></body></html>');
  const scope = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    if (key in scope) continue;
    try {
      scope[key] = (dom.window as unknown as Record<string, unknown>)[key];
    } catch {
      // A few window getters (localStorage on an opaque origin) throw: not needed.
    }
  }
  scope.window = dom.window;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only once jsdom's window is global: the library reads it at load
  const loaded: unknown = require('adaptivecards/dist/adaptivecards.js');
  AC = loaded as typeof AdaptiveCardsModule;
  // Without a markdown processor the library warns on the console and sets innerText,
  // which jsdom lacks: "process" markdown as escaped plain text instead.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    result.didProcess = true;
  };
});

afterAll(() => dom.window.close());

function cardJsonOf(answer: Answer): CardJson {
  const attachment = renderAnswerCard(answer);
  expect(attachment.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
  const content: unknown = attachment.content;
  return content as CardJson;
}

function messagesOf(events: ReadonlyArray<{ message: string }>): string[] {
  return events.map((e) => e.message);
}

test('the cases cover every profile topic in both languages, plus every other kind of answer', () => {
  const kinds = new Set(answers.map(([, a]) => a.kind));
  expect([...kinds].sort()).toEqual([
    'chat',
    'command',
    'fallback',
    'problem',
    'profile',
    'unknown-city',
  ]);
  expect(
    answers.filter(([, a]) => a.kind === 'profile' && a.blocks.length > 0).length,
  ).toBeGreaterThanOrEqual(2 * 22);
  expect(answers.some(([, a]) => a.alternatives.length > 0)).toBe(true);
});

describe.each(answers)('the card for %s', (_name, answer) => {
  test('parses as Adaptive Card 1.5 without a single warning', () => {
    const card = new AC.AdaptiveCard();
    const context = new AC.SerializationContext(AC.Versions.v1_5);
    card.parse(cardJsonOf(answer), context);
    const events: Array<{ message: string }> = [];
    for (let i = 0; i < context.eventCount; i += 1) {
      const event = context.getEventAt(i);
      if (event) events.push(event);
    }
    expect(messagesOf(events)).toEqual([]);
    expect(messagesOf(card.validateProperties().validationEvents)).toEqual([]);
  });

  test('renders to HTML with one button per action and the heading as a heading', () => {
    const json = cardJsonOf(answer);
    const card = new AC.AdaptiveCard();
    card.parse(json);
    const element = card.render();
    if (!element) throw new Error('the card did not render');
    const actions = allNodes(json).filter((n) => n.type.startsWith('Action.'));
    expect(element.querySelectorAll('button')).toHaveLength(actions.length);
    expect(element.querySelector('[role="heading"]')?.textContent).toBe(answer.title);
    expect(element.textContent).toContain(answer.title);
  });

  test('is version 1.5, every TextBlock wraps and has text, and no row has more than 3 columns', () => {
    const json = cardJsonOf(answer);
    expect(json.version).toBe('1.5');
    expect(json.type).toBe('AdaptiveCard');
    const blocks = textBlocks(json);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block.wrap).toBe(true);
      expect(block.text?.trim()).toBeTruthy();
    }
    for (const set of allNodes(json).filter((n) => n.type === 'ColumnSet'))
      expect((set.columns ?? []).length).toBeLessThanOrEqual(3);
  });

  test('starts with the title as a heading and carries fallbackText, speak and its language', () => {
    const json = cardJsonOf(answer);
    expect(json.body[0]).toMatchObject({ type: 'TextBlock', style: 'heading', text: answer.title });
    expect(json.fallbackText).toBe(answer.text);
    expect(json.speak?.length).toBeGreaterThan(0);
    expect(json.lang).toBe(answer.language);
  });

  test('is plain JSON (survives a round trip unchanged)', () => {
    const json = cardJsonOf(answer);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test('in text style is plain text with every button as an imBack suggested action', () => {
    const activity = renderAnswerActivity(answer, 'text', 'msteams');
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toBe(answer.text);
    const values = (activity.suggestedActions?.actions ?? []).map((a): unknown => a.value);
    for (const s of [...answer.alternatives, ...answer.suggestions])
      expect(values).toContain(s.value);
  });
});
