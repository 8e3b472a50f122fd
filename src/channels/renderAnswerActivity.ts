import { ActionTypes, ActivityTypes, InputHints, type Activity, type CardAction } from 'botbuilder';
import type { Answer } from '../core/answer';
import type { AnswerStyle } from '../core/engine';
import { renderAnswerCard, uniqueByValue } from './renderAnswerCard';
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

/** True when the channel renders Adaptive Cards. */
export function supportsCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}

/** The answer's buttons as suggested actions: "did you mean" first, then follow-ups. */
function suggestedActionsOf(answer: Answer): CardAction[] {
  return uniqueByValue([...answer.alternatives, ...answer.suggestions]).map((s) => ({
    type: ActionTypes.ImBack,
    title: s.label,
    value: s.value,
  }));
}

/**
 * The reply for an answer. In cards style on a card channel: the Adaptive Card,
 * with the plain answer in `text` and `speak` too. Otherwise (text style, or a
 * channel without cards): plain text, with the buttons as suggestedActions.
 */
export function renderAnswerActivity(
  answer: Answer,
  style: AnswerStyle,
  channelId: string | undefined,
): Partial<Activity> {
  const base: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: answer.text,
    speak: speechOf(answer),
    locale: answer.language,
    inputHint: InputHints.AcceptingInput,
  };
  if (style === 'cards' && supportsCards(channelId)) {
    // Teams shows a message's text above its card: the direct answer there, the details in the card.
    const text = channelId === 'msteams' && answer.short ? answer.short : answer.text;
    return { ...base, text, attachments: [renderAnswerCard(answer)] };
  }
  const actions = suggestedActionsOf(answer);
  return actions.length > 0 ? { ...base, suggestedActions: { to: [], actions } } : base;
}
