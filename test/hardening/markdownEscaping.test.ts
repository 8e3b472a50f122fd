import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../../src/core/answer';
import { escapeMarkdown } from '../../src/channels/escapeMarkdown';
import { buildAnswerCard } from '../../src/channels/renderAnswerCard';
import { sharedEngine } from '../fixtures/sharedEngine';

/** markdown-it, as Web Chat renders Adaptive Card TextBlocks (botframework-webchat depends on it). */
interface MarkdownRenderer {
  render(text: string): string;
}

function loadMarkdownIt(): MarkdownRenderer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory: unknown = require('markdown-it');
  if (typeof factory !== 'function') throw new Error('markdown-it did not load');
  const create = factory as (options: { html: boolean; linkify: boolean }) => unknown;
  const renderer = create({ html: false, linkify: true });
  if (
    typeof renderer !== 'object' ||
    renderer === null ||
    typeof Reflect.get(renderer, 'render') !== 'function'
  )
    throw new Error('markdown-it has no render');
  return renderer as MarkdownRenderer;
}

const markdown = loadMarkdownIt();
const MARKUP_ELEMENT = /<(?:a|img|strong|em|script|s|del|code|h\d|blockquote|ul|ol|li|table)\b/;

/** What a reader sees of rendered HTML: the tags dropped, the entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

const engine = sharedEngine();

const INJECTIONS = [
  '**bold**',
  '_italic_',
  '[x](javascript:alert(1))',
  '![x](data:image/png;base64,AAAA)',
  '<img src=x onerror=alert(1)>',
  '`code`',
  '~~struck~~',
  '# Heading',
  '- item',
  '1. item',
  '> quote',
  'a | b',
  'back\\slash',
];

describe('escapeMarkdown', () => {
  test.each(INJECTIONS)('makes %j render as the very text it is, with no markup', (text) => {
    const html = markdown.render(escapeMarkdown(text));

    expect(html).not.toMatch(MARKUP_ELEMENT);
    expect(visibleText(html)).toBe(text);
  });

  test.each([
    'Mexico City',
    'Ciudad de México',
    "St. John's",
    'Baden-Baden',
    'Population — Mexico City',
    'Source: OECD / Bloomberg Philanthropies, 2020',
    '9,209,944 (2020)',
    '81%',
  ])('leaves %j as it is', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
  });

  test('without escaping, at least the link, the image and the emphasis would have rendered as markup', () => {
    const rendered = INJECTIONS.map((text) => markdown.render(text)).join('');

    expect(rendered).toContain('<strong>');
    expect(rendered).toContain('<img');
    expect(rendered).toMatch(/<h1>|<li>|<blockquote>/);
  });
});

describe('a card that quotes what the person wrote', () => {
  /** The unknown-city answer, as if the core had quoted `name` as the place asked about. */
  function unknownCityAnswer(name: string): Answer {
    const answer = engine.ask('what is the population of Xanadu?');
    expect(answer.kind).toBe('unknown-city');
    const quoted: unknown = JSON.parse(
      JSON.stringify(answer).replaceAll(
        'Xanadu',
        name.replace(/["\\]/g, (c) => `\\${c}`),
      ),
    );
    return quoted as Answer;
  }

  test.each(INJECTIONS)('shows %j literally in every TextBlock, never as markup', (name) => {
    const card = buildAnswerCard(unknownCityAnswer(name));
    const blocks = card.body.filter((element) => element.type === 'TextBlock');
    const shown = blocks.map((block) => markdown.render(block.text));

    expect(shown.join('')).not.toMatch(MARKUP_ELEMENT);
    expect(shown.map(visibleText).join('\n')).toContain(name);
  });
});

describe('the knowledge’s own answers', () => {
  const questions = readFileSync(join(__dirname, '..', 'eval', 'questions.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(' :: '))
    .map((line) => line.slice(line.indexOf(' :: ') + 4).trim());

  test('need no escaping: no card for any evaluation question or welcome shows a backslash', () => {
    const answers = [
      ...questions.map((q) => engine.ask(q)),
      engine.welcome('en'),
      engine.welcome('es'),
    ];
    const escaped = answers.flatMap((answer) =>
      buildAnswerCard(answer)
        .body.filter((element) => element.type === 'TextBlock')
        .map((block) => block.text)
        .filter((text) => text.includes('\\')),
    );

    expect(questions.length).toBeGreaterThan(100);
    expect(escaped).toEqual([]);
  });
});
