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

/**
 * The most characters a button label has where buttons are narrow: Teams on a phone,
 * where a label longer than about this is cut ("How is …"). Counted in code points.
 */
export const NARROW_BUTTON_MAX = 24;
const buttonLabel = text.refine((value) => [...value].length <= NARROW_BUTTON_MAX, {
  message: `a button label of at most ${NARROW_BUTTON_MAX} characters`,
});
/** A short button label per language (NARROW_BUTTON_MAX). */
export const ButtonLabelSchema = z.strictObject({ en: buttonLabel, es: buttonLabel });

/** A list of texts per language (synonyms, examples). */
export const LocalizedListSchema = z.strictObject({ en: z.array(text), es: z.array(text) });
export type LocalizedList = z.infer<typeof LocalizedListSchema>;

/** Where a fact comes from: survey, round and the profile section that states it. */
export const CitationSchema = z.strictObject({
  source: text.optional(),
  year,
  section: text,
  /** The section's id in knowledge/vocabulary/sections.yaml, so citations can name it in Spanish. */
  sectionId: id.optional(),
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
  /** How exact the page is: "more than 100 people", "around 40 staff", "4-6 staff" (value 4, upTo 6). */
  qualifier: z.enum(['more-than', 'around', 'range']).optional(),
  upTo: z.number().finite().optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

/** One entry of a list inside a fact (a funding source, a ranked activity, a policy area). */
export const ItemSchema = z.strictObject({
  /** The survey option this item is, in the vocabulary of the fact's topic (knowledge/vocabulary/). */
  id: id.optional(),
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
  /**
   * For a fact that says whether the city has something (an explicit strategy,
   * dedicated funding, a dedicated team): true when it has, false when the page says
   * it does not. Absent on facts that are no such statement.
   */
  holds: z.boolean().optional(),
  /** The survey option the fact states (a team structure), in the topic's vocabulary. */
  option: id.optional(),
  note: LocalizedSchema.optional(),
  citation: CitationSchema.optional(),
  /** Question forms this fact answers first ("why" -> the agency's purpose, "when" -> its creation). */
  answers: z.array(z.enum(['why', 'when', 'now'])).optional(),
});
export type Fact = z.infer<typeof FactSchema>;

/** The sections of a survey profile page, in page order. */
export const ProfileSectionSchema = z.enum([
  'header',
  'goals',
  'success-factors',
  'spotlight',
  'strategy',
  'policy-areas',
  'roles',
  'team',
  'terms',
  'activities',
  'funding',
  'measurement',
  'data-availability',
]);
export type ProfileSection = z.infer<typeof ProfileSectionSchema>;

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
  /** The country's id in knowledge/vocabulary/places.yaml (its regions come from there). */
  countryId: id.optional(),
  /** State or province, for cities of federal countries (tells namesakes apart). */
  state: LocalizedSchema.optional(),
  profileUrl: z.url({ protocol: /^https$/, error: 'expected an https URL' }),
  survey: z.strictObject({ source: text, year }),
  /**
   * The page sections the profile was made from. Absent: the whole page (a hand-made
   * profile). A section not listed is unknown (the stored copy did not keep it), never "no".
   */
  sections: z.array(ProfileSectionSchema).optional(),
  /** The section the stored copy was cut in: its list may be incomplete. */
  truncatedSection: ProfileSectionSchema.optional(),
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
  /** The suggestion as a narrow button shows it (Teams on a phone): a few words. */
  button: ButtonLabelSchema.optional(),
  keywords: LocalizedListSchema,
  examples: LocalizedListSchema,
  includes: z.array(id).default([]),
  followUps: z.array(id).default([]),
  reply: LocalizedSchema.optional(),
  /**
   * When title and suggestion name one city's own things (ADIP, "Jefa de Gobierno"): that
   * city, and the wording every other city's answers and buttons use instead.
   */
  cityWording: z
    .strictObject({
      city: id,
      elsewhere: z.strictObject({
        title: LocalizedSchema,
        suggestion: LocalizedSchema,
        button: ButtonLabelSchema,
      }),
    })
    .optional(),
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

export const TopicsFileSchema = z.strictObject({
  topics: z
    .array(TopicSchema)
    .min(1)
    .superRefine((topics, context) => {
      topics.forEach((topic, i) => {
        if (topic.suggestion && !topic.button)
          context.addIssue({
            code: 'custom',
            path: [i, 'button'],
            message: 'a short button label beside the suggestion',
          });
      });
    }),
});

export const PolicyAreaSchema = z.strictObject({
  id,
  name: LocalizedSchema,
  /** Spellings the profile pages print ("Transport/Mobility"); the importer reads them. */
  labels: z.array(text).default([]),
  /** A focus area cities named that the data-availability chart does not have. */
  focusOnly: z.boolean().optional(),
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
  /**
   * Abbreviations that name a city only as written, in capitals ("LA" is Los Angeles,
   * "la" is a Spanish article): the question's word is read as the city's name.
   */
  exactAliases: z.array(z.strictObject({ city: id, alias: text })).default([]),
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

/** The kinds of survey option lists under knowledge/vocabulary/. */
export const VocabularyKindSchema = z.enum([
  'goal',
  'success-factor',
  'role',
  'term',
  'activity',
  'funding-source',
  'funded-activity',
  'team-structure',
  'partner',
  'section',
]);
export type VocabularyKind = z.infer<typeof VocabularyKindSchema>;

/** One option of a survey question, with the spellings the pages use. */
export const VocabularyOptionSchema = z.strictObject({
  id,
  name: LocalizedSchema,
  labels: z.array(text).default([]),
  /** The survey's example for the option ("e.g. use of drones or smart sensors"). */
  detail: LocalizedSchema.optional(),
  /** Survey rounds that offered the option, when not both. */
  rounds: z.array(year).optional(),
});
export type VocabularyOption = z.infer<typeof VocabularyOptionSchema>;
export const VocabularyFileSchema = z.strictObject({
  vocabulary: VocabularyKindSchema,
  options: z.array(VocabularyOptionSchema).min(1),
});

/** The fact topic whose items are options of each vocabulary (policy areas use policyAreas.yaml). */
export const VOCABULARY_OF_TOPIC: Readonly<Record<string, VocabularyKind>> = {
  'innovation.goals': 'goal',
  'innovation.success-factors': 'success-factor',
  'team.roles': 'role',
  'innovation.terms': 'term',
  'innovation.activities': 'activity',
  'funding.sources': 'funding-source',
  'funding.activities': 'funded-activity',
  'measurement.partnerships': 'partner',
  'team.structure': 'team-structure',
};

const PlaceNameSchema = z.strictObject({
  id,
  name: LocalizedSchema,
  labels: z.array(text).default([]),
});
export const PlacesFileSchema = z.strictObject({
  regions: z.array(PlaceNameSchema).min(1),
  countries: z.array(PlaceNameSchema.extend({ regions: z.array(id).min(1) })).min(1),
  cities: z.array(
    z.strictObject({
      /** The page's slug on the survey site (cities-innovation-oecd.com/cities/<page>). */
      page: id,
      id,
      name: LocalizedSchema,
      country: id,
      state: LocalizedSchema.optional(),
    }),
  ),
  /** States and provinces: a name after a city's name that tells namesakes apart. */
  subdivisions: z.array(z.strictObject({ country: id, names: z.array(text).min(1) })).default([]),
});
export type PlacesFile = z.infer<typeof PlacesFileSchema>;

/** Own-words summaries (en + es) of a page's free-text paragraphs: knowledge/summaries/<page>.yaml. */
export const SummaryFileSchema = z.strictObject({
  page: id,
  spotlight: z
    .strictObject({
      heading: text,
      summary: LocalizedSchema,
      truncated: z.boolean().optional(),
    })
    .optional(),
  policyAreas: z
    .array(
      z.strictObject({ name: text, summary: LocalizedSchema, truncated: z.boolean().optional() }),
    )
    .optional(),
});
export type SummaryFile = z.infer<typeof SummaryFileSchema>;

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
  /** Words that ask what a city focuses on ("does Tacoma focus on housing?"): no data question. */
  focusCues: words.optional(),
  followUpCues: words,
  placePrepositions: words,
  personalWords: words,
  fillers: words,
  formatPhrases: words,
  metaWords: words,
  polite: words,
  /** Openings that only ask for what follows ("give me more details", "dame más detalles"). */
  requestLeads: words.default([]),
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
    /** "and theirs?", "¿y la nuestra?": the last topic, for the conversation's other city. */
    otherCity: words.default([]),
  }),
  ordinals: z
    .array(
      z.strictObject({
        position: z
          .number({
            error: 'expected a position: 1, 2, ... or -1 for the last, -2 for the one before',
          })
          .int('expected a position: 1, 2, ... or -1 for the last, -2 for the one before')
          .refine(
            (n) => n !== 0,
            'expected a position: 1, 2, ... or -1 for the last, -2 for the one before',
          ),
        words,
      }),
    )
    .min(1),
  listWords: words,
  /** Nouns a demonstrative points with at the last answer ("ese dato", "that figure"). */
  pointerNouns: words.default([]),
  /** `both`: words for the last two cities together ("compare them", "compáralas"). */
  pronouns: z.strictObject({ person: words, thing: words, both: words.default([]) }),
  questionForms: z.strictObject({
    yesNoOpeners: wordsByLanguage,
    embeddedYesNo: words,
    questionWordsEs: words,
    ambiguousQuestionWordsEs: words,
    verbsEs: words,
    cliticsEs: words,
    orNot: words,
    /** A question closing with a tag ("..., right?", "¿..., verdad?") asks yes or no. */
    tags: words.default([]),
    count: words,
    when: words,
    why: words,
    negation: words,
    more: words,
    less: words,
    /** "at least 150", "al menos 9 millones": the figure may equal the number. */
    atLeast: words.default([]),
    /** "at most 5", "como mucho 5". */
    atMost: words.default([]),
    /** "around 3 million", "unas 150 personas": the figure near the number. */
    around: words.default([]),
    before: words,
    after: words,
  }),
  amountCues: words,
  /** A statistic of a policy area ("the unemployment rate"): no profile holds one. */
  statisticCues: words.default([]),
  currencyCues: words,
  priorCues: words,
  /** A person's age ("how old is she?"): a detail no profile holds. */
  ageCues: words.default([]),
  /**
   * A self-introduction before the question ("hi! I'm a journalist.", "soy periodista"): its
   * openings, the greetings that may precede it, and the words that restart the question
   * inside it ("... and I wonder ..."). The introduction is no detail asked.
   */
  selfIntroduction: z
    .strictObject({ cues: words, greetings: words, restarts: words })
    .default({ cues: [], greetings: [], restarts: [] }),
  /**
   * Other words people name a survey option with, by option id ("cut costs" for save-costs,
   * "experimentar" for experimentation): matched like the option's own names.
   */
  optionPhrases: z.record(z.string(), words).default({}),
  serviceCues: words,
  serviceActions: words,
  contactCues: words,
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
  /** Survey option lists by kind (knowledge/vocabulary/*.yaml); empty when the folder has none. */
  readonly vocabularies?: Readonly<Partial<Record<VocabularyKind, readonly VocabularyOption[]>>>;
  /** Regions, countries and the profile pages' cities (knowledge/vocabulary/places.yaml). */
  readonly places?: PlacesFile;
}
