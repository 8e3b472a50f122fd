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
  /** A row of a table shown above: plain text reads it, a card shows the table instead. */
  readonly isTableRow?: boolean;
  /** Cities side by side: one column per city, one row per compared point (cards show it as a table). */
  readonly table?: {
    readonly columns: readonly string[];
    readonly rows: ReadonlyArray<{ readonly label: string; readonly cells: readonly string[] }>;
  };
  /** The block's own language when it differs from the answer's (the bilingual welcome). */
  readonly language?: Language;
}

/** A follow-up the person can pick: `label` is shown, `value` is sent as their message. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
  /** The label on a narrow button (Teams on a phone), at most NARROW_BUTTON_MAX characters. */
  readonly button?: string;
}

export type AnswerKind =
  | 'profile'
  | 'chat'
  | 'fallback'
  | 'unknown-city'
  | 'problem'
  | 'command'
  /** The profile does not hold the detail asked: said plainly, with the nearest thing it covers. */
  | 'gap';

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
  readonly blocks: readonly AnswerBlock[];
  readonly citations: readonly AnswerCitation[];
  /** The public profile page the facts come from, when there are facts. */
  readonly profileUrl: string | null;
  readonly suggestions: readonly Suggestion[];
  /** "Did you mean" choices when two topics were close. */
  readonly alternatives: readonly Suggestion[];
  /**
   * The direct answer to the question as asked, in one or two sentences: "Yes"/"No"
   * first for a yes/no question, the number first for "how many", the subset asked
   * first. `text` opens with it (after the title). Null when the bot declines.
   */
  readonly short: string | null;
  /** Ids of every city with a profile the answer covers; empty when the bot declines. */
  readonly cities: readonly string[];
  /** Ids of the facts the answer shows (the conversation remembers them as sent). */
  readonly factIds: readonly string[];
  /** The fact whose list the answer shows first, for "the third one". */
  readonly listFact: string | null;
  /** The entity the answer is about (for "he", "it"): a topic's subject id. */
  readonly entity: string | null;
  /** The whole answer as plain text (what text channels and screen readers get). */
  readonly text: string;
}
