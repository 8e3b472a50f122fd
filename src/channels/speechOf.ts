import type { Answer, Suggestion } from '../core/answer';
import { pick } from '../core/texts';
import { CHANNEL_TEXTS } from './channelTexts';
import { summaryOf } from './summaryOf';

export interface SpeechOptions {
  /** Read the follow-ups as a numbered list (text-only mode, where a number picks one). */
  readonly numbered?: readonly Suggestion[];
  /** Add, once per conversation, that typing a number picks a suggestion. */
  readonly isNumberHintDue?: boolean;
}

/**
 * What a screen reader announces and a speech channel says: the summary (title and
 * the direct answer), never the whole card, its buttons or a web address read aloud.
 * In text-only mode the follow-ups follow as a numbered list, so "2" can pick one.
 */
export function speechOf(answer: Answer, options: SpeechOptions = {}): string {
  const parts = [summaryOf(answer)];
  const numbered = options.numbered ?? [];
  if (numbered.length > 0) {
    const list = numbered.map((s, i) => `${i + 1}. ${s.label}`).join(' ');
    parts.push(`${pick(CHANNEL_TEXTS.suggestionsIntro, answer.language)} ${list}`);
    if (options.isNumberHintDue === true)
      parts.push(pick(CHANNEL_TEXTS.numberHint, answer.language));
  }
  return parts.join('\n');
}
