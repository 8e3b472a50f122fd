import { z } from 'zod';

/** Languages the bot answers in. */
export const LanguageSchema = z.enum(['en', 'es']);
export type Language = z.infer<typeof LanguageSchema>;
export const LANGUAGES: readonly Language[] = LanguageSchema.options;

const text = z.string().trim().min(1, 'expected a non-empty text');
const id = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/,
    'expected an id in lowercase letters, digits, dots and dashes',
  );
const year = z
  .number({ error: 'expected a year between 1900 and 2100' })
  .int('expected a year between 1900 and 2100')
  .min(1900, 'expected a year between 1900 and 2100')
  .max(2100, 'expected a year between 1900 and 2100');

/** A text in every language the bot speaks. */
export const LocalizedSchema = z.strictObject({ en: text, es: text });
export type Localized = z.infer<typeof LocalizedSchema>;

/** A list of texts per language (synonyms, examples). */
export const LocalizedListSchema = z.strictObject({ en: z.array(text), es: z.array(text) });
export type LocalizedList = z.infer<typeof LocalizedListSchema>;

/** Where a fact comes from: survey, round and the profile section that states it. */
export const CitationSchema = z.strictObject({
  source: text.optional(),
  year,
  section: text,
});
export type Citation = z.infer<typeof CitationSchema>;

export const FigureUnitSchema = z.enum([
  'people',
  'inhabitants',
  'percent-of-cities',
  'cities',
  'areas',
  'roles',
  'count',
  'year',
]);
export type FigureUnit = z.infer<typeof FigureUnitSchema>;

/** A number the survey gives, kept as a value so it can be formatted and checked. */
export const FigureSchema = z.strictObject({
  id,
  value: z.number({ error: 'expected a number' }).finite(),
  unit: FigureUnitSchema,
  year: year.optional(),
  /** For a date (`unit: year`): the month, 1-12. */
  month: z.number().int().min(1).max(12).optional(),
  label: LocalizedSchema.optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

/** One entry of a list inside a fact (a funding source, a ranked activity, a policy area). */
export const ItemSchema = z.strictObject({
  text: LocalizedSchema.optional(),
  policyArea: id.optional(),
  detail: LocalizedSchema.optional(),
  figures: z.array(FigureSchema).default([]),
  isCityChoice: z.boolean().optional(),
});
export type Item = z.infer<typeof ItemSchema>;

/**
 * One statement of a profile. `text` may hold `{when}` (the survey's time, e.g.
 * "At the time of the 2020 survey") and `{figure-id}` placeholders for its figures.
 */
export const FactSchema = z.strictObject({
  id,
  topic: id,
  text: LocalizedSchema,
  figures: z.array(FigureSchema).default([]),
  items: z.array(ItemSchema).default([]),
  itemsOrdered: z.boolean().optional(),
  dataStatus: z.enum(['sufficient', 'insufficient']).optional(),
  note: LocalizedSchema.optional(),
  citation: CitationSchema.optional(),
  /** Question forms this fact answers first ("why" -> the agency's purpose, "when" -> its creation). */
  answers: z.array(z.enum(['why', 'when', 'now'])).optional(),
});
export type Fact = z.infer<typeof FactSchema>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD (quoted in YAML)');

/**
 * A change after the survey (../shared/profiles/later-changes.md): dated and sourced,
 * kept apart from the survey's facts and always said as a later note.
 */
export const LaterChangeSchema = z.strictObject({
  id,
  topic: id,
  date: isoDate,
  text: LocalizedSchema,
  sources: z
    .array(
      z.strictObject({
        name: text,
        /** The article's title, as published. */
        title: text.optional(),
        date: isoDate,
        url: z.url({ protocol: /^https$/, error: 'expected an https URL' }).optional(),
      }),
    )
    .min(1, 'expected at least one source'),
});
export type LaterChange = z.infer<typeof LaterChangeSchema>;

/** A city profile: one file per city under knowledge/cities/. */
export const ProfileSchema = z.strictObject({
  id,
  name: LocalizedSchema,
  country: LocalizedSchema,
  profileUrl: z.url({ protocol: /^https$/, error: 'expected an https URL' }),
  survey: z.strictObject({ source: text, year }),
  facts: z.array(FactSchema).min(1, 'expected at least one fact'),
  laterChanges: z.array(LaterChangeSchema).default([]),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const TopicKindSchema = z.enum(['profile', 'chat', 'none']);

/**
 * A topic: what a question can be about. `keywords` are strong signals (names,
 * phrases), `examples` are whole questions; both feed the matcher.
 */
export const TopicSchema = z.strictObject({
  id,
  kind: TopicKindSchema,
  title: LocalizedSchema,
  suggestion: LocalizedSchema.optional(),
  keywords: LocalizedListSchema,
  examples: LocalizedListSchema,
  includes: z.array(id).default([]),
  followUps: z.array(id).default([]),
  reply: LocalizedSchema.optional(),
  /**
   * What the topic is about, when a pronoun can point at it ("how big is his team?"):
   * an entity id shared by the topics about it, whether it is a person, and the words
   * that stand for it.
   */
  subject: z
    .strictObject({ id, isPerson: z.boolean().default(false), words: LocalizedSchema })
    .optional(),
});
export type Topic = z.infer<typeof TopicSchema>;

export const TopicsFileSchema = z.strictObject({ topics: z.array(TopicSchema).min(1) });

export const PolicyAreaSchema = z.strictObject({
  id,
  name: LocalizedSchema,
  synonyms: LocalizedListSchema,
});
export type PolicyArea = z.infer<typeof PolicyAreaSchema>;
export const PolicyAreasFileSchema = z.strictObject({
  policyAreas: z.array(PolicyAreaSchema).min(1),
});

export const CityAliasSchema = z.strictObject({ city: id, aliases: z.array(text).min(1) });
export const CityAliasesFileSchema = z.strictObject({
  /** The profile a question that names no city is about. */
  defaultCity: id,
  cities: z.array(CityAliasSchema),
  /** Words that name places in a gazetteer but are ordinary words here ("mobile", "reading"). */
  notPlaces: z.array(text).default([]),
  /** Other names of cities with no profile that a gazetteer of English names misses. */
  otherPlaces: z.array(text).default([]),
});
export type CityAliasesFile = z.infer<typeof CityAliasesFileSchema>;

/**
 * Words people type for a word the knowledge uses: slang, abbreviations, chat
 * spellings ("ppl" -> "people", "lana" -> "dinero"). Applied word by word.
 */
export const SynonymSchema = z.strictObject({ means: text, words: z.array(text).min(1) });
export const SynonymsFileSchema = z.strictObject({ synonyms: z.array(SynonymSchema) });
export type Synonym = z.infer<typeof SynonymSchema>;

const words = z.array(text).min(1, 'expected at least one word or phrase');
const wordsByLanguage = z.strictObject({ en: words, es: words });

/**
 * The bot's word lists (knowledge/lexicon.yaml): stopwords, cue words, dialogue acts,
 * fillers, question forms. Phrases are matched on normalised words.
 */
export const LexiconSchema = z.strictObject({
  stopwords: wordsByLanguage,
  languageMarkers: wordsByLanguage,
  genericWords: words,
  questionWords: words,
  dataCues: words,
  followUpCues: words,
  placePrepositions: words,
  personalWords: words,
  fillers: words,
  formatPhrases: words,
  metaWords: words,
  polite: words,
  commands: z.strictObject({ styleText: words, styleCards: words, more: words, help: words }),
  languageSwitch: z.strictObject({ lead: words, en: words, es: words }),
  acts: z.strictObject({
    affirm: words,
    deny: words,
    correction: words,
    repeat: words,
    shorter: words,
    clarify: words,
    acknowledge: words,
    source: words,
    why: words,
  }),
  ordinals: z
    .array(
      z.strictObject({
        position: z
          .number({ error: 'expected a position: 1, 2, ... or -1 for the last' })
          .int('expected a position: 1, 2, ... or -1 for the last')
          .refine((n) => n === -1 || n >= 1, 'expected a position: 1, 2, ... or -1 for the last'),
        words,
      }),
    )
    .min(1),
  listWords: words,
  pronouns: z.strictObject({ person: words, thing: words }),
  questionForms: z.strictObject({
    yesNoOpeners: wordsByLanguage,
    questionWordsEs: words,
    count: words,
    when: words,
    why: words,
    negation: words,
    more: words,
    less: words,
    before: words,
    after: words,
  }),
  amountCues: words,
  currencyCues: words,
  priorCues: words,
  serviceCues: words,
});
export type Lexicon = z.infer<typeof LexiconSchema>;
export const LexiconFileSchema = z.strictObject({ lexicon: LexiconSchema });

/** The survey itself (knowledge/survey.yaml): the facts of `survey.about`. */
export const SurveyFileSchema = z.strictObject({
  source: text,
  url: z.url({ protocol: /^https$/, error: 'expected an https URL' }),
  facts: z.array(FactSchema).min(1, 'expected at least one fact'),
});
export type SurveyFile = z.infer<typeof SurveyFileSchema>;

/** The whole validated knowledge base. */
export interface KnowledgeBase {
  readonly topics: readonly Topic[];
  readonly policyAreas: readonly PolicyArea[];
  readonly profiles: readonly Profile[];
  readonly cityAliases: CityAliasesFile;
  readonly synonyms: readonly Synonym[];
  readonly lexicon: Lexicon;
  /** Facts about the survey itself; null when the knowledge has no survey file. */
  readonly survey: SurveyFile | null;
  readonly defaultCity: string;
}
