import { CardFactory, type Attachment } from 'botbuilder';
import type { Answer, AnswerBlock, AnswerCitation, Suggestion } from '../core/answer';
import type { Language } from '../core/schema';
import { pick, TEXTS } from '../core/texts';
import {
  actionSet,
  ADAPTIVE_CARD_SCHEMA,
  cardVersionOf,
  LANGUAGE_PART_ID_PREFIX,
  openUrlAction,
  submitAction,
  textBlock,
  type AdaptiveCardJson,
  type CardActionJson,
  type CardElementJson,
  type ColumnSetJson,
} from './adaptiveCardJson';
import { CHANNEL_TEXTS } from './channelTexts';
import { escapeMarkdown } from './escapeMarkdown';
import { speechOf } from './speechOf';

/**
 * Follow-up buttons at the bottom of a card. Web Chat wraps their labels (web/chat.css);
 * Teams cuts a label to fit, so there each button has a row of its own (`narrowButtons`).
 */
export const MAX_CARD_FOLLOW_UPS = 3;

export interface CardOptions {
  /**
   * Buttons for a host that cuts labels instead of wrapping them (Teams, whose phone app
   * leaves three buttons in a row about eight characters each): every button on a row of
   * its own, labelled with the suggestion's few-word `button` label. What a press sends
   * is still the whole question.
   */
  readonly narrowButtons?: boolean;
}

/**
 * A TextBlock showing `text` as written. Answers can quote the person (an unknown
 * city's name), so no answer text is ever passed to the card's markdown unescaped.
 */
function plainTextBlock(
  text: string,
  options: Parameters<typeof textBlock>[1] = {},
): ReturnType<typeof textBlock> {
  return textBlock(escapeMarkdown(text), options);
}

/** Cities per column set: three columns stay readable on a phone (Teams mobile). */
const MAX_TABLE_COLUMNS = 3;

/**
 * A side-by-side table: for each group of up to three cities, a header row of their
 * names, then each compared point as a bold label over one cell per city. Screen
 * readers read it label by label; the card's speech and fallback text read it row by row.
 */
function tableElements(table: NonNullable<AnswerBlock['table']>): CardElementJson[] {
  const out: CardElementJson[] = [];
  for (let from = 0; from < table.columns.length; from += MAX_TABLE_COLUMNS) {
    const to = Math.min(table.columns.length, from + MAX_TABLE_COLUMNS);
    const columns = (cells: readonly string[], isHeader: boolean): ColumnSetJson => ({
      type: 'ColumnSet',
      spacing: isHeader ? 'Medium' : 'None',
      columns: cells.slice(from, to).map((cell) => ({
        type: 'Column',
        width: 'stretch',
        items: [plainTextBlock(cell, isHeader ? { weight: 'Bolder' } : {})],
      })),
    });
    out.push(columns(table.columns, true));
    for (const row of table.rows) {
      out.push(plainTextBlock(row.label, { isSubtle: true, size: 'Small', spacing: 'Small' }));
      out.push(columns(row.cells, false));
    }
  }
  return out;
}

function blockElements(block: AnswerBlock): CardElementJson[] {
  const out: CardElementJson[] = [];
  if (block.table) return tableElements(block.table);
  if (block.isTableRow) return out;
  if (block.heading)
    out.push(plainTextBlock(block.heading, { weight: 'Bolder', spacing: 'Medium' }));
  if (block.text) out.push(plainTextBlock(block.text, block.heading ? { spacing: 'Small' } : {}));
  if (block.items.length > 0) {
    // One markdown list per block: Teams, Web Chat and Outlook render it as a real list.
    // The list markers are the only markdown; each item's text is escaped.
    const lines = block.items.map((item, i) =>
      block.isOrdered ? `${i + 1}. ${escapeMarkdown(item)}` : `- ${escapeMarkdown(item)}`,
    );
    out.push(textBlock(lines.join('\n'), { spacing: 'Small' }));
  }
  if (block.note)
    out.push(plainTextBlock(block.note, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  return out;
}

/** Marks a TextBlock in another language than the card's (LANGUAGE_PART_ID_PREFIX); `at` keeps ids unique. */
function inLanguage(element: CardElementJson, language: Language, at: number): CardElementJson {
  return element.type === 'TextBlock'
    ? { ...element, id: `${LANGUAGE_PART_ID_PREFIX}${language}-${at}` }
    : element;
}

/**
 * The card's one citation line, short enough for a phone: "Source: <survey>, <years>,
 * “<first section>” and 2 more sections". The sections are named as the citations
 * carry them (in the answer's language when the knowledge has them so); the plain text
 * (fallbackText) keeps every section.
 */
export function citationLine(
  citations: readonly AnswerCitation[],
  language: Language,
): string | null {
  const [first] = citations;
  if (!first) return null;
  const years = [...new Set(citations.map((c) => c.year))].sort((a, b) => b - a);
  const sections = [...new Set(citations.map((c) => c.section))];
  const more =
    sections.length > 1
      ? ` ${pick(CHANNEL_TEXTS.moreSections(sections.length - 1), language)}`
      : '';
  return `${pick(TEXTS.source, language)}: ${first.source}, ${years.join(', ')}, “${first.section}”${more}`;
}

/** Drops repeated buttons (same message sent), keeping the first. */
export function uniqueByValue(suggestions: readonly Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const s of suggestions) {
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    out.push(s);
  }
  return out;
}

/** The Adaptive Card JSON for an answer. Pure: the same answer gives the same card. */
export function buildAnswerCard(answer: Answer, options: CardOptions = {}): AdaptiveCardJson {
  const { language } = answer;
  const narrow = options.narrowButtons === true;
  const button = (s: Suggestion): CardActionJson =>
    submitAction(narrow ? (s.button ?? s.label) : s.label, s.value);
  /** Buttons as rows of their own (narrow) or as one row (`spacing` for the first row). */
  const buttonRows = (actions: readonly CardActionJson[], spacing: 'Small' | 'Medium') =>
    narrow
      ? actions.map((action, i) => actionSet([action], i === 0 ? spacing : 'Small'))
      : [actionSet(actions, spacing)];
  const body: CardElementJson[] = [
    plainTextBlock(answer.title, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
  ];
  // The direct answer first and prominent; the blocks after it give the details.
  if (answer.short)
    body.push(plainTextBlock(answer.short, { size: 'Medium', weight: 'Bolder', spacing: 'Small' }));
  for (const block of answer.blocks) {
    const part = block.language ?? language;
    const shown = block.text === answer.short ? { ...block, text: '' } : block;
    for (const element of blockElements(shown))
      body.push(part === language ? element : inLanguage(element, part, body.length));
  }

  if (answer.alternatives.length > 0) {
    body.push(
      plainTextBlock(pick(TEXTS.didYouMeanHeading, language), {
        weight: 'Bolder',
        spacing: 'Medium',
      }),
    );
    body.push(...buttonRows(answer.alternatives.map(button), 'Small'));
  }

  const citation = citationLine(answer.citations, language);
  if (citation)
    body.push(plainTextBlock(citation, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  if (answer.profileUrl)
    body.push(
      actionSet([openUrlAction(pick(TEXTS.openProfile, language), answer.profileUrl)], 'Small'),
    );

  const shown = new Set(answer.alternatives.map((a) => a.value));
  const followUps: CardActionJson[] = uniqueByValue(answer.suggestions)
    .filter((s) => !shown.has(s.value))
    .slice(0, MAX_CARD_FOLLOW_UPS)
    .map(button);
  if (narrow && followUps.length > 0) body.push(...buttonRows(followUps, 'Medium'));

  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: cardVersionOf(body),
    lang: language,
    speak: speechOf(answer),
    fallbackText: answer.text,
    body,
    actions: narrow ? [] : followUps,
  };
}

/** An answer as an Adaptive Card attachment (1.0 or 1.2: Teams mobile renders both). */
export function renderAnswerCard(answer: Answer, options: CardOptions = {}): Attachment {
  return CardFactory.adaptiveCard(buildAnswerCard(answer, options));
}
