import { ActionTypes, ActivityTypes, InputHints, type Activity } from 'botbuilder';
import type { Answer, Suggestion } from '../core/answer';
import type { AnswerStyle } from '../core/engine';
import { pick, TEXTS } from '../core/texts';
import { MAX_CARD_FOLLOW_UPS, renderAnswerCard, uniqueByValue } from './renderAnswerCard';
import { speechOf } from './speechOf';

/**
 * Channels known to render Adaptive Cards. Anything else (SMS, Slack, Telegram,
 * the terminal chat, a channel added tomorrow) gets plain text, which every channel shows.
 */
export const CARD_CHANNELS: ReadonlySet<string> = new Set([
  'msteams',
  'webchat',
  'directline',
  'directlinespeech',
  'emulator',
  'test',
]);

/** Channels that show a message's text as markdown, so a link can be shown (and read) by its label. */
export const MARKDOWN_CHANNELS: ReadonlySet<string> = new Set([
  'msteams',
  'webchat',
  'directline',
  'directlinespeech',
  'emulator',
]);

/** True when the channel renders Adaptive Cards. */
export function supportsCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}

export interface RenderOptions {
  /** Say once, in text-only mode, that a number picks a suggestion (the dialog tracks "once"). */
  readonly isNumberHintDue?: boolean;
}

/** True when the reply for this style and channel is an Adaptive Card (otherwise plain text). */
export function isCardReply(style: AnswerStyle, channelId: string | undefined): boolean {
  return style === 'cards' && supportsCards(channelId);
}

/**
 * The questions a reply offers, in the order the person sees them (and numbers them):
 * "did you mean" first, then follow-ups; a card shows at most MAX_CARD_FOLLOW_UPS of these.
 */
export function offeredSuggestions(
  answer: Answer,
  style: AnswerStyle,
  channelId: string | undefined,
): Suggestion[] {
  const all = uniqueByValue([...answer.alternatives, ...answer.suggestions]);
  if (!isCardReply(style, channelId)) return all;
  return all.slice(0, uniqueByValue(answer.alternatives).length + MAX_CARD_FOLLOW_UPS);
}

/**
 * The plain answer as a text reply shows it. Where text is markdown, the profile's
 * address becomes a link named "Open the public profile", so a screen reader reads the
 * name, not the address; elsewhere (SMS, the terminal) the address stays as it is.
 */
function textOf(answer: Answer, channelId: string | undefined): string {
  const url = answer.profileUrl;
  if (!url || channelId === undefined || !MARKDOWN_CHANNELS.has(channelId)) return answer.text;
  const link = `[${pick(TEXTS.openProfile, answer.language)}](${url})`;
  return answer.text
    .split('\n')
    .map((line) => (line.includes(url) ? link : line))
    .join('\n');
}

/**
 * The reply for an answer. In cards style on a card channel: the Adaptive Card, whose
 * `fallbackText` holds the whole plain answer and whose `speak` (like the activity's)
 * is the short summary. Teams shows a long `text` beside a card as a second message,
 * so there the reply carries only a one-line `summary` (notifications, previews);
 * elsewhere `text` stays for clients that show no cards (the web page hides it).
 * Otherwise (text style, or a channel without cards): plain text, the buttons as
 * suggestedActions, and speech that numbers them.
 */
/** The most a Teams card reply's text may hold: the direct answer, a line or two. */
export const TEAMS_LINE_MAX = 240;

/**
 * The one line beside a Teams card: the direct answer when it is short, else its first
 * sentence when that is, else the sentence's opening cut at an item and marked "…" (a
 * notification then still reads as the answer, in its language); without a direct answer the
 * first paragraph is read the same way; the title when there is none.
 */
function teamsLineOf(answer: Answer): string {
  // No direct answer (a profile at a glance): its first paragraph, as the title alone says nothing.
  const short = (answer.short ?? answer.blocks.find((b) => b.text.trim() !== '')?.text)?.trim();
  if (!short) return answer.title;
  if (short.length <= TEAMS_LINE_MAX) return short;
  const first = short.split(/(?<=[.!?])\s+(?=[\p{Lu}¿¡])/u)[0]?.trim() ?? '';
  if (first.length > 0 && first.length <= TEAMS_LINE_MAX) return first;
  // One long sentence (a list): its opening up to the last whole item or word that fits.
  const room = short.slice(0, TEAMS_LINE_MAX - 1);
  const cut = Math.max(room.lastIndexOf(', '), room.lastIndexOf(': ') + 1);
  const head = (
    cut > TEAMS_LINE_MAX / 2 ? room.slice(0, cut) : room.replace(/\s+\S*$/u, '')
  ).trim();
  return head.length > 0 ? `${head}…` : answer.title;
}

export function renderAnswerActivity(
  answer: Answer,
  style: AnswerStyle,
  channelId: string | undefined,
  options: RenderOptions = {},
): Partial<Activity> {
  const base: Partial<Activity> = {
    type: ActivityTypes.Message,
    locale: answer.language,
    inputHint: InputHints.AcceptingInput,
  };
  if (isCardReply(style, channelId)) {
    const isTeams = channelId === 'msteams';
    const card = {
      ...base,
      speak: speechOf(answer),
      attachments: [renderAnswerCard(answer, { narrowButtons: isTeams })],
    };
    // Teams shows a long text beside a card as a second message: there the text is the
    // direct answer alone (one or two sentences, or its first; else the title), the whole
    // answer stays in the card's fallbackText, and `summary` names it in notifications.
    return isTeams
      ? { ...card, text: teamsLineOf(answer), summary: answer.title }
      : { ...card, text: answer.text };
  }
  const offered = offeredSuggestions(answer, style, channelId);
  const reply: Partial<Activity> = {
    ...base,
    text: textOf(answer, channelId),
    speak: speechOf(answer, {
      numbered: offered,
      isNumberHintDue: options.isNumberHintDue === true,
    }),
  };
  if (offered.length === 0) return reply;
  const actions = offered.map((s) => ({
    type: ActionTypes.ImBack,
    title: s.label,
    value: s.value,
  }));
  return { ...reply, suggestedActions: { to: [], actions } };
}
