/**
 * Every threshold, weight and limit of the core, in one place. Config may override
 * them (see src/config.ts); nothing else hard-codes a number that tunes behaviour.
 */
export interface CoreSettings {
  readonly minConfidence: number;
  readonly closeMargin: number;
  readonly maxQuestionLength: number;
  readonly maxNormalizedLength: number;
  readonly maxCorrectionsPerQuestion: number;
  readonly typoThreshold: number;
  readonly minTypoLength: number;
  readonly unknownWordWeight: number;
  readonly foreignWordCap: number;
  readonly correctedWordWeight: number;
  readonly weights: {
    readonly coverage: number;
    readonly example: number;
    readonly keyword: number;
  };
  readonly followUpBoost: number;
  readonly personalBoost: number;
  readonly personalFactor: number;
  readonly genericWordWeight: number;
  readonly correctionCacheSize: number;
  readonly maxSuggestions: number;
  readonly secondChanceMargin: number;
}

export const DEFAULTS: CoreSettings = Object.freeze({
  /** Under this confidence a question gets no topic. */
  minConfidence: 0.34,
  /** When the runner-up topic is within this of the best, the answer offers both. */
  closeMargin: 0.05,
  /** Questions longer than this (characters) are declined politely. */
  maxQuestionLength: 500,
  /**
   * The same limit after normalisation, which can grow a text (U+FB03 "ﬃ" becomes
   * "ffi"): a question over it is declined as too long, like one over maxQuestionLength.
   */
  maxNormalizedLength: 500,
  /**
   * Fuzzy searches (fuse.js) one question may start, in all its passes: a typo costs a
   * search, and a question of hundreds of made-up words must not cost hundreds. Words
   * past the budget count as unknown; real questions have a handful of typos at most.
   */
  maxCorrectionsPerQuestion: 4,
  /** fuse.js threshold for finding candidate corrections; an edit-distance check then decides. */
  typoThreshold: 0.5,
  /** Words shorter than this are never corrected (too many false friends). */
  minTypoLength: 4,
  /** Weight of a word the knowledge never uses, relative to the rarest known word. */
  unknownWordWeight: 0.85,
  /** At most this many rarest-word weights of unknown words count against a topic. */
  foreignWordCap: 1.0,
  /** Weight kept by a word that was found by typo correction. */
  correctedWordWeight: 0.85,
  /** Blend of the three matching signals (they add up to 1). */
  weights: Object.freeze({ coverage: 0.45, example: 0.3, keyword: 0.25 }),
  /** Extra score for topics that naturally follow the previous answer. */
  followUpBoost: 0.06,
  /** Added to the out-of-scope topic when a question is about the asker's own errands ("my", "mi"). */
  personalBoost: 0.25,
  /** In-scope confidences are multiplied by this for such errands. */
  personalFactor: 0.7,
  /** Weight of a generic word ("think", "actually", "parece") relative to an unknown one. */
  genericWordWeight: 0.25,
  /** Entries kept in the typo-correction cache. */
  correctionCacheSize: 5000,
  /** Suggestions offered with an answer. */
  maxSuggestions: 3,
  /** A second pass that reads real words as typos must clear the threshold by this much. */
  secondChanceMargin: 0.1,
});
