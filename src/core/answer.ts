import type { Language } from './schema';

/** A citation as answers carry it: the survey, its round, the profile section. */
export interface AnswerCitation {
  readonly source: string;
  readonly year: number;
  readonly section: string;
  readonly url: string;
}

/** One block of an answer: a sentence, an optional list, an optional note. */
export interface AnswerBlock {
  readonly heading: string | null;
  readonly text: string;
  readonly items: readonly string[];
  readonly isOrdered: boolean;
  readonly note: string | null;
  /** The block's own language when it differs from the answer's (the bilingual welcome). */
  readonly language?: Language;
}

/** A follow-up the person can pick: `label` is shown, `value` is sent as their message. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
}

export type AnswerKind = 'profile' | 'chat' | 'fallback' | 'unknown-city' | 'problem' | 'command';

/**
 * What the bot says, independent of channel: cards, plain text and the `ask`
 * command are all renderings of this value.
 */
export interface Answer {
  readonly kind: AnswerKind;
  readonly language: Language;
  readonly topic: string | null;
  readonly confidence: number;
  readonly city: string | null;
  readonly unknownCity: string | null;
  readonly policyArea: string | null;
  readonly title: string;
  /** The direct answer to the question in 1–2 sentences, when the core has one. */
  readonly short?: string | null;
  readonly blocks: readonly AnswerBlock[];
  readonly citations: readonly AnswerCitation[];
  /** The public profile page the facts come from, when there are facts. */
  readonly profileUrl: string | null;
  readonly suggestions: readonly Suggestion[];
  /** "Did you mean" choices when two topics were close. */
  readonly alternatives: readonly Suggestion[];
  /** The whole answer as plain text (what text channels and screen readers get). */
  readonly text: string;
}
