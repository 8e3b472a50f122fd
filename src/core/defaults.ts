/**
 * Every threshold, weight and limit of the core, in one place. Config may override
 * them (see src/config.ts); nothing else hard-codes a number that tunes behaviour.
 */
export interface CoreSettings {
  readonly minConfidence: number;
  readonly closeMargin: number;
  /** Small talk this clear ("that's all", "thank you so much") stays small talk over a weaker profile match. */
  readonly smallTalkKeepConfidence: number;
  readonly maxQuestionLength: number;
  readonly maxNormalizedLength: number;
  readonly typoThreshold: number;
  readonly minTypoLength: number;
  readonly unknownWordWeight: number;
  readonly foreignWordCap: number;
  /** A keyword phrase's share is taken of at most this many words' worth of a long question. */
  readonly keywordSpan: number;
  /** Factor on a chat topic's score when none of its keywords is in the question. */
  readonly chatWithoutKeyword: number;
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
  /** A one-word place smaller than this must be written with a capital to count ("Tema", "Split"). */
  readonly capitalRequiredBelow: number;
  /** A lowercase minor place opening a question counts from this length ("villahermosa ..."). */
  readonly minOpeningPlaceLength: number;
  /** Shortest shared beginning that makes two words one family (popul-, financ-, innova-). */
  readonly familyPrefix: number;
  /** Share of the shorter word two words of a family must share. */
  readonly familyShare: number;
  /** The data-availability floor for a question naming a policy area (see chooseTopic). */
  readonly dataFloor: {
    readonly withCue: number;
    readonly perCueShare: number;
    readonly withArea: number;
    readonly perAreaShare: number;
    readonly minAreaShare: number;
  };
  /** A city named with at most this many other content words asks for its overview. */
  readonly cityOnlyMaxTerms: number;
  /** Extra score for the topics of the entity a pronoun points at. */
  readonly pronounBoost: number;
  /** Weight of the words put in for a pronoun (they were not typed). */
  readonly pronounWordWeight: number;
  /** Characters of an over-long message read to guess its language. */
  readonly languageSampleLength: number;
  /** A message of more words than this is never read as several act phrases said together. */
  readonly maxCompositeActWords: number;
  /** Chat openers dropped before a question, at most. */
  readonly maxFillerDrops: number;
  /** Words corrected as typos in one question, at most (fuzzy search is the costly part). */
  readonly maxCorrectionsPerQuestion: number;
  /** Words longer than this are never corrected. */
  readonly maxTypoWordLength: number;
  /** Once a language is chosen, a message switches it only with this many marker points more. */
  readonly languageSwitchMargin: number;
  /** ... and only with at least this many words. */
  readonly languageSwitchMinWords: number;
  /** A dialogue act ("no entiendo") switches an unchosen language with this many marker points more... */
  readonly actLanguageMargin: number;
  /** ... and at least this many words ("ok", "what?" alone never switch). */
  readonly actLanguageMinWords: number;
  /** An ordinal's item is explained by its own topic when that topic is this clear. */
  readonly ordinalTopicConfidence: number;
  /** Misses in a row after which the fallback offers the topic menu. */
  readonly missesBeforeMenu: number;
  /** Questions answered from one message, at most. */
  readonly maxQuestionsPerMessage: number;
  /** Fact ids remembered as sent in a conversation, at most. */
  readonly maxSentFacts: number;
  /** The welcome offers this many example questions. */
  readonly welcomeSuggestions: number;
  /** A message of a question form and at most this many content words ("how many?") asks it of the last topic. */
  readonly formOnlyMaxWords: number;
  /** Stems with an idf under this (used by most topics: "innovation", "city") name no list item. */
  readonly commonStemIdf: number;
  /** Share of a list item's words a question must use to name it. */
  readonly minMentionShare: number;
  /** A survey option named at least this fully chooses its list's topic for a yes/no question no other words chose. */
  readonly strongOptionShare: number;
  /** Share of a question's content words the chosen topic must leave uncovered for "the profile doesn't say". */
  readonly gapShare: number;
  /** "The profile doesn't say" for a question of at most this many content words (longer ones are chatty). */
  readonly gapMaxContentWords: number;
}

export const DEFAULTS: CoreSettings = Object.freeze({
  /** Under this confidence a question gets no topic. */
  minConfidence: 0.34,
  /** When the runner-up topic is within this of the best, the answer offers both. */
  closeMargin: 0.05,
  /** Small talk at least this clear is not overridden by a profile topic scoring lower. */
  smallTalkKeepConfidence: 0.8,
  /** Questions longer than this (characters) are declined politely. */
  maxQuestionLength: 500,
  /**
   * The same limit after normalisation, which can grow a text (U+FB03 "ﬃ" becomes
   * "ffi"): a question over it is declined as too long, like one over maxQuestionLength.
   */
  maxNormalizedLength: 500,
  /** fuse.js threshold for finding candidate corrections; an edit-distance check then decides. */
  typoThreshold: 0.5,
  /** Words shorter than this are never corrected (too many false friends). */
  minTypoLength: 4,
  /** Weight of a word the knowledge never uses, relative to the rarest known word. */
  unknownWordWeight: 0.85,
  /** At most this many rarest-word weights of unknown words count against a topic. */
  foreignWordCap: 1.0,
  keywordSpan: 3,
  chatWithoutKeyword: 0.8,
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
  capitalRequiredBelow: 1_000_000,
  minOpeningPlaceLength: 6,
  familyPrefix: 5,
  familyShare: 0.75,
  dataFloor: Object.freeze({
    withCue: 0.6,
    perCueShare: 0.32,
    withArea: 0.55,
    perAreaShare: 0.35,
    minAreaShare: 0.5,
  }),
  cityOnlyMaxTerms: 2,
  pronounBoost: 0.12,
  pronounWordWeight: 0.5,
  languageSampleLength: 300,
  maxFillerDrops: 4,
  maxCompositeActWords: 6,
  maxCorrectionsPerQuestion: 6,
  maxTypoWordLength: 24,
  languageSwitchMargin: 2,
  languageSwitchMinWords: 3,
  actLanguageMargin: 1,
  actLanguageMinWords: 2,
  ordinalTopicConfidence: 0.5,
  missesBeforeMenu: 2,
  maxQuestionsPerMessage: 3,
  maxSentFacts: 60,
  welcomeSuggestions: 4,
  formOnlyMaxWords: 1,
  commonStemIdf: 1.2,
  minMentionShare: 0.3,
  strongOptionShare: 0.6,
  gapShare: 0.5,
  gapMaxContentWords: 4,
});
