import { JSDOM } from 'jsdom';
import type * as AdaptiveCardsModule from 'adaptivecards';
import type { Answer } from '../../src/core/answer';
import { composeMessage } from '../../src/core/composeAnswer';
import type { Engine } from '../../src/core/engine';
import { NARROW_BUTTON_MAX, type Language } from '../../src/core/schema';
import { pick, TEXTS } from '../../src/core/texts';
import { composeBilingualWelcome } from '../../src/channels/composeBilingualWelcome';
import { TEAMS_LINE_MAX, renderAnswerActivity } from '../../src/channels/renderAnswerActivity';
import { renderAnswerCard } from '../../src/channels/renderAnswerCard';
import { summaryOf } from '../../src/channels/summaryOf';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  allNodes,
  cardOf,
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
    'side by side': ['Compare Leipzig with Mexico City'],
    'side by side, four cities': ['compare Lima, Medellín, Quillota and Rosario'],
    'cities list': ['Which cities focus on resilience?'],
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
    'side by side': ['Compara Oulu y Umeå'],
    'side by side, four cities': ['compara Lima, Medellín, Quillota y Rosario'],
    'cities list': ['¿Qué ciudades mexicanas tienen perfil?'],
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

/** What a press of each button sends, and the button's label, in the card's order. */
function buttonsOf(json: CardJson): Array<{ label: string; sends: string }> {
  return allNodes(json)
    .filter((n) => n.type === 'Action.Submit')
    .map((n) => {
      const data = n.data as { msteams?: { value?: unknown } } | undefined;
      return { label: String(n.title), sends: String(data?.msteams?.value) };
    });
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

/**
 * adaptivecards 3.0.6 checks `lang` with a /g regular expression, whose lastIndex makes
 * every other check of a valid tag ("en", "es") fail. A library bug, not the card's:
 * that one message is left out (any other message about `lang` still counts).
 */
const isLangRegexBug = (message: string, json: CardJson): boolean =>
  message === `Invalid value "${json.lang ?? ''}" for property "lang".`;

/** Every parse event of a card parsed as a client capped at `version` would parse it. */
function parseEvents(json: CardJson, version: AdaptiveCardsModule.Version): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(version);
  card.parse(json, context);
  const events: Array<{ message: string }> = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    if (event) events.push(event);
  }
  return [...messagesOf(events), ...messagesOf(card.validateProperties().validationEvents)].filter(
    (message) => !isLangRegexBug(message, json),
  );
}

/** Renders a card as a client capped at `version` would (Teams mobile: 1.2). */
function renderAs(json: CardJson, version: AdaptiveCardsModule.Version): HTMLElement {
  const card = new AC.AdaptiveCard();
  card.parse(json, new AC.SerializationContext(version));
  const element = card.render();
  if (!element) throw new Error('the card did not render');
  return element;
}

describe.each(answers)('the card for %s', (_name, answer) => {
  test('parses as Adaptive Card 1.5 (Teams desktop, Web Chat) without a single warning', () => {
    expect(parseEvents(cardJsonOf(answer), AC.Versions.v1_5)).toEqual([]);
  });

  test('on a 1.2 client (Teams mobile) parses with only the heading style unknown, and renders every button', () => {
    const json = cardJsonOf(answer);
    const unknown = parseEvents(json, AC.Versions.v1_2);
    expect(unknown.filter((message) => !/"style"/.test(message))).toEqual([]);
    const element = renderAs(json, AC.Versions.v1_2);
    const actions = allNodes(json).filter((n) => n.type.startsWith('Action.'));
    expect(element.querySelectorAll('button')).toHaveLength(actions.length);
    expect(element.textContent).toContain(answer.title);
  });

  test('renders to HTML with one button per action and the heading as a heading', () => {
    const json = cardJsonOf(answer);
    const element = renderAs(json, AC.Versions.v1_5);
    const actions = allNodes(json).filter((n) => n.type.startsWith('Action.'));
    expect(element.querySelectorAll('button')).toHaveLength(actions.length);
    expect(element.querySelector('[role="heading"]')?.textContent).toBe(answer.title);
    expect(element.textContent).toContain(answer.title);
  });

  test('declares the lowest version its elements need, every TextBlock wraps and has text, and no row has more than 3 columns', () => {
    const json = cardJsonOf(answer);
    const hasActionSet = allNodes(json).some((n) => n.type === 'ActionSet');
    expect(json.version).toBe(hasActionSet ? '1.2' : '1.0');
    expect(json.type).toBe('AdaptiveCard');
    const blocks = textBlocks(json);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block.wrap).toBe(true);
      expect(block.text?.trim()).toBeTruthy();
    }
    for (const set of allNodes(json).filter((n) => n.type === 'ColumnSet'))
      expect((set.columns ?? []).length).toBeLessThanOrEqual(3);
    expect((json.actions ?? []).length).toBeLessThanOrEqual(3);
  });

  test('starts with the title as a heading, keeps the whole answer in fallbackText and speaks only the summary', () => {
    const json = cardJsonOf(answer);
    expect(json.body[0]).toMatchObject({ type: 'TextBlock', style: 'heading', text: answer.title });
    expect(json.fallbackText).toBe(answer.text);
    expect(json.speak).toBe(summaryOf(answer));
    expect(json.speak?.startsWith(answer.title)).toBe(true);
    expect(json.speak?.length).toBeLessThanOrEqual(answer.title.length + 2 + 330);
    expect(json.lang).toBe(answer.language);
  });

  test("has at most one citation line, in the answer's language", () => {
    const json = cardJsonOf(answer);
    const source = pick(TEXTS.source, answer.language);
    const lines = textBlocks(json).filter((b) => b.text?.startsWith(`${source}: `));
    expect(lines).toHaveLength(answer.citations.length > 0 ? 1 : 0);
    for (const c of answer.citations.slice(0, 1)) expect(lines[0]?.text).toContain(c.section);
  });

  test('is plain JSON (survives a round trip unchanged)', () => {
    const json = cardJsonOf(answer);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test('in text style is plain text with every button as an imBack suggested action, read as a numbered list', () => {
    const activity = renderAnswerActivity(answer, 'text', 'msteams');
    expect(activity.attachments).toBeUndefined();
    expect(activity.text?.startsWith(answer.title)).toBe(true);
    const values = (activity.suggestedActions?.actions ?? []).map((a) => String(a.value));
    const offered = [...answer.alternatives, ...answer.suggestions];
    for (const s of offered) expect(values).toContain(s.value);
    if (offered.length > 0) expect(activity.speak).toContain(`1. ${offered[0]?.label}`);
  });

  test('on Teams, every button has a row of its own and a few-word label that fits a phone, and sends the same question as on the web', () => {
    const teams = cardOf(renderAnswerActivity(answer, 'cards', 'msteams'));
    const web = cardJsonOf(answer);
    expect(teams.actions ?? []).toEqual([]);
    for (const set of allNodes(teams).filter((n) => n.type === 'ActionSet'))
      expect(set.actions).toHaveLength(1);
    const buttons = buttonsOf(teams);
    expect(buttons.map((b) => b.sends)).toEqual(buttonsOf(web).map((b) => b.sends));
    for (const action of allNodes(teams).filter((n) => n.type.startsWith('Action.'))) {
      const label = String(action.title);
      expect([...label].length).toBeLessThanOrEqual(NARROW_BUTTON_MAX);
      expect(label.trim()).not.toBe('');
    }
    expect(parseEvents(teams, AC.Versions.v1_2).filter((m) => !/"style"/.test(m))).toEqual([]);
    expect(renderAs(teams, AC.Versions.v1_2).querySelectorAll('button')).toHaveLength(
      allNodes(teams).filter((n) => n.type.startsWith('Action.')).length,
    );
  });

  test('on Teams in cards style carries the card and a one-line summary, not the whole text again', () => {
    const activity = renderAnswerActivity(answer, 'cards', 'msteams');
    expect(activity.attachments).toHaveLength(1);
    // Beside the card only the direct answer (or the title), never the whole answer.
    expect(activity.text).not.toBe(answer.text);
    expect(String(activity.text).length).toBeLessThanOrEqual(TEAMS_LINE_MAX);
    // The direct answer (else the first paragraph), or its first sentence when the whole
    // is too long, or the title.
    const line = String(activity.text);
    const opening = line.replace(/…$/u, '');
    const lead = (
      answer.short ??
      answer.blocks.find((b) => b.text.trim() !== '')?.text ??
      ''
    ).trim();
    expect(line === answer.title || lead.startsWith(opening)).toBe(true);
    if (line !== lead && line !== answer.title) expect(line).toMatch(/[.!?…]$/u);
    expect(activity.summary).toBe(answer.title);
    expect(activity.summary).not.toContain('\n');
  });
});
