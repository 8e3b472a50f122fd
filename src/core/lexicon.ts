import { normalizeText, stemWord, tokenize } from './normalize';
import type { KnowledgeBase, Language, Lexicon } from './schema';

/** A phrase as normalised words. */
export type Phrase = readonly string[];

/** Dialogue acts a whole message can be (see knowledge/lexicon.yaml, `acts`). */
export type ActKind =
  | 'affirm'
  | 'deny'
  | 'repeat'
  | 'shorter'
  | 'clarify'
  | 'acknowledge'
  | 'source'
  | 'why'
  | 'otherCity';

export type CommandPhraseKind = 'styleText' | 'styleCards' | 'more' | 'help';

/**
 * The lexicon as the understanding steps use it: sets of normalised words, phrases as
 * word lists, whole-message phrases keyed by their text. Built once per knowledge base.
 */
export interface CompiledLexicon {
  readonly stopwords: ReadonlySet<string>;
  readonly markers: Readonly<Record<Language, ReadonlySet<string>>>;
  readonly genericWords: ReadonlySet<string>;
  /** Stemmed. */
  readonly questionStems: ReadonlySet<string>;
  /** The question words as written (normalised, not stemmed). */
  readonly questionStemsRaw: ReadonlySet<string>;
  /** Stemmed. */
  readonly dataCueStems: ReadonlySet<string>;
  readonly focusCueStems: ReadonlySet<string>;
  readonly followUpCues: readonly Phrase[];
  readonly placePrepositions: ReadonlySet<string>;
  readonly personalWords: ReadonlySet<string>;
  /** Longest first. */
  readonly fillers: readonly Phrase[];
  readonly formatPhrases: readonly Phrase[];
  readonly metaWords: ReadonlySet<string>;
  readonly polite: readonly Phrase[];
  /** Openings that only ask for what follows ("give me", "dame"): dropped before an act is read. */
  readonly requestLeads: readonly Phrase[];
  /** Whole messages (joined words) -> command. */
  readonly commands: ReadonlyMap<string, CommandPhraseKind>;
  readonly languageLeads: readonly Phrase[];
  readonly languageNames: ReadonlyMap<string, Language>;
  /** Whole messages (joined words) -> act; the first act listed wins a shared phrase. */
  readonly acts: ReadonlyMap<string, ActKind>;
  readonly correctionOpeners: readonly Phrase[];
  /** Every word of the "shorter" and "repeat" phrases: "too long, shorter please" is made only of them. */
  readonly actWords: ReadonlyMap<'shorter' | 'repeat', ReadonlySet<string>>;
  readonly ordinals: ReadonlyMap<string, number>;
  readonly listWords: ReadonlySet<string>;
  /** Nouns a demonstrative points with at the last answer ("ese dato", "that figure"). */
  readonly pointerNouns: ReadonlySet<string>;
  readonly personPronouns: readonly Phrase[];
  /** The last two cities together ("compare them"). */
  readonly bothPronouns: readonly Phrase[];
  readonly thingPronouns: readonly Phrase[];
  /** Pronouns whose accent tells them from another word ("él" / "el"): normalised -> as typed. */
  readonly accentedPronouns: ReadonlyMap<string, string>;
  readonly yesNoOpeners: Readonly<Record<Language, readonly Phrase[]>>;
  readonly questionWordsEs: readonly Phrase[];
  readonly embeddedYesNo: readonly Phrase[];
  /** Spanish question words that are also relatives or conjunctions ("que", "como"). */
  readonly ambiguousQuestionWordsEs: ReadonlySet<string>;
  /** Spanish verbs beyond the openers: a verb in a question with no question word asks yes or no. */
  readonly verbsEs: readonly Phrase[];
  /** Spanish pronouns that stand only before a verb ("se", "le"). */
  readonly cliticsEs: ReadonlySet<string>;
  /** "or not" / "o no" closing a question: it asks yes or no. */
  readonly orNotCues: readonly Phrase[];
  /** Tags closing a yes/no question: "..., right?", "..., doesn't it?", "¿..., verdad?". */
  readonly tagCues: readonly Phrase[];
  readonly countCues: readonly Phrase[];
  readonly whenCues: readonly Phrase[];
  readonly whyCues: readonly Phrase[];
  readonly negationCues: readonly Phrase[];
  readonly moreCues: readonly Phrase[];
  readonly lessCues: readonly Phrase[];
  readonly atLeastCues: readonly Phrase[];
  readonly atMostCues: readonly Phrase[];
  readonly aroundCues: readonly Phrase[];
  readonly beforeCues: readonly Phrase[];
  readonly afterCues: readonly Phrase[];
  readonly amountCues: readonly Phrase[];
  readonly statisticCues: readonly Phrase[];
  readonly currencyCues: readonly Phrase[];
  readonly priorCues: readonly Phrase[];
  /** Words that ask a person's age or a date of their life ("how old", "qué edad"). */
  readonly ageCues: readonly Phrase[];
  /** Openings of a self-introduction ("i m a", "soy"), greetings before one, restarts inside one. */
  readonly selfIntroCues: readonly Phrase[];
  readonly selfIntroGreetings: readonly Phrase[];
  readonly selfIntroRestarts: readonly Phrase[];
  readonly serviceCues: readonly Phrase[];
  /** Using a city service ("connect to", "apply for", "solicitar"): a how-to no profile answers. */
  readonly serviceActions: readonly Phrase[];
  /** Contact and location details no profile holds: an address, a phone number, opening hours. */
  readonly contactCues: readonly Phrase[];
  /** Other words for survey options, by option id: matched like the option's names. */
  readonly optionPhrases: ReadonlyMap<string, readonly string[]>;
}

function phrase(text: string): Phrase {
  return tokenize(normalizeText(text));
}

/** Phrases indexed by their first word, longest first: a lookup costs one map read per word. */
const BY_FIRST = Symbol('byFirst');
type IndexedPhrases = Phrase[] & { [BY_FIRST]?: ReadonlyMap<string, readonly Phrase[]> };

function phrases(texts: readonly string[]): Phrase[] {
  const list: IndexedPhrases = texts
    .map(phrase)
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  const byFirst = new Map<string, Phrase[]>();
  for (const p of list) {
    const first = p[0] ?? '';
    byFirst.set(first, [...(byFirst.get(first) ?? []), p]);
  }
  list[BY_FIRST] = byFirst;
  return list;
}

function wordSet(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap(phrase));
}

/** Compiles a validated lexicon. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const commands = new Map<string, CommandPhraseKind>();
  for (const kind of ['styleText', 'styleCards', 'more', 'help'] as const)
    for (const p of phrases(lexicon.commands[kind])) commands.set(p.join(' '), kind);
  const acts = new Map<string, ActKind>();
  const actKinds: readonly ActKind[] = [
    'affirm',
    'deny',
    'repeat',
    'shorter',
    'source',
    'why',
    'otherCity',
    'clarify',
    'acknowledge',
  ];
  for (const kind of actKinds)
    for (const p of phrases(lexicon.acts[kind])) {
      const key = p.join(' ');
      if (!acts.has(key)) acts.set(key, kind);
    }
  const languageNames = new Map<string, Language>();
  for (const language of ['en', 'es'] as const)
    for (const p of phrases(lexicon.languageSwitch[language]))
      languageNames.set(p.join(' '), language);
  const ordinals = new Map<string, number>();
  for (const entry of lexicon.ordinals)
    for (const p of phrases(entry.words)) ordinals.set(p.join(' '), entry.position);
  const forms = lexicon.questionForms;
  return {
    stopwords: new Set([...wordSet(lexicon.stopwords.en), ...wordSet(lexicon.stopwords.es)]),
    markers: { en: wordSet(lexicon.languageMarkers.en), es: wordSet(lexicon.languageMarkers.es) },
    genericWords: wordSet(lexicon.genericWords),
    questionStems: new Set([...wordSet(lexicon.questionWords)].map(stemWord)),
    questionStemsRaw: wordSet(lexicon.questionWords),
    dataCueStems: new Set([...wordSet(lexicon.dataCues)].map(stemWord)),
    focusCueStems: new Set([...wordSet(lexicon.focusCues ?? [])].map(stemWord)),
    followUpCues: phrases(lexicon.followUpCues),
    placePrepositions: wordSet(lexicon.placePrepositions),
    personalWords: wordSet(lexicon.personalWords),
    fillers: phrases(lexicon.fillers),
    formatPhrases: phrases(lexicon.formatPhrases),
    metaWords: wordSet(lexicon.metaWords),
    polite: phrases(lexicon.polite),
    requestLeads: phrases(lexicon.requestLeads),
    commands,
    languageLeads: phrases(lexicon.languageSwitch.lead),
    languageNames,
    acts,
    correctionOpeners: phrases(lexicon.acts.correction),
    actWords: new Map([
      ['shorter', wordSet(lexicon.acts.shorter)],
      ['repeat', wordSet(lexicon.acts.repeat)],
    ]),
    ordinals,
    listWords: wordSet(lexicon.listWords),
    pointerNouns: wordSet(lexicon.pointerNouns),
    personPronouns: phrases(lexicon.pronouns.person),
    bothPronouns: phrases(lexicon.pronouns.both),
    thingPronouns: phrases(lexicon.pronouns.thing),
    accentedPronouns: new Map(
      [...lexicon.pronouns.person, ...lexicon.pronouns.thing]
        .filter((p) => p.toLowerCase() !== normalizeText(p))
        .map((p) => [normalizeText(p), p.toLowerCase()] as const),
    ),
    yesNoOpeners: { en: phrases(forms.yesNoOpeners.en), es: phrases(forms.yesNoOpeners.es) },
    questionWordsEs: phrases(forms.questionWordsEs),
    embeddedYesNo: phrases(forms.embeddedYesNo),
    ambiguousQuestionWordsEs: wordSet(forms.ambiguousQuestionWordsEs),
    cliticsEs: wordSet(forms.cliticsEs),
    verbsEs: phrases(forms.verbsEs),
    orNotCues: phrases(forms.orNot),
    tagCues: phrases(forms.tags),
    countCues: phrases(forms.count),
    whenCues: phrases(forms.when),
    whyCues: phrases(forms.why),
    negationCues: phrases(forms.negation),
    moreCues: phrases(forms.more),
    lessCues: phrases(forms.less),
    atLeastCues: phrases(forms.atLeast),
    atMostCues: phrases(forms.atMost),
    aroundCues: phrases(forms.around),
    beforeCues: phrases(forms.before),
    afterCues: phrases(forms.after),
    amountCues: phrases(lexicon.amountCues),
    statisticCues: phrases(lexicon.statisticCues),
    currencyCues: phrases(lexicon.currencyCues),
    priorCues: phrases(lexicon.priorCues),
    ageCues: phrases(lexicon.ageCues),
    selfIntroCues: phrases(lexicon.selfIntroduction.cues),
    selfIntroGreetings: phrases(lexicon.selfIntroduction.greetings),
    selfIntroRestarts: phrases(lexicon.selfIntroduction.restarts),
    serviceCues: phrases(lexicon.serviceCues),
    serviceActions: phrases(lexicon.serviceActions),
    contactCues: phrases(lexicon.contactCues),
    optionPhrases: new Map(Object.entries(lexicon.optionPhrases)),
  };
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

/** The compiled lexicon of a knowledge base, built on first use. */
export function lexiconOf(kb: Pick<KnowledgeBase, 'lexicon'>): CompiledLexicon {
  let lexicon = compiled.get(kb.lexicon);
  if (!lexicon) {
    lexicon = compileLexicon(kb.lexicon);
    compiled.set(kb.lexicon, lexicon);
  }
  return lexicon;
}

/** Length of the longest phrase that `words` starts with at `from`, or 0. */
export function phraseAt(
  words: readonly string[],
  phraseList: readonly Phrase[],
  from = 0,
): number {
  const index = (phraseList as IndexedPhrases)[BY_FIRST];
  const candidates = index ? (index.get(words[from] ?? '') ?? []) : phraseList;
  for (const p of candidates) {
    if (p.length === 0 || from + p.length > words.length) continue;
    let isMatch = true;
    for (let k = 0; k < p.length; k += 1)
      if (words[from + k] !== p[k]) {
        isMatch = false;
        break;
      }
    if (isMatch) return p.length;
  }
  return 0;
}

/** Index of the first word where one of the phrases starts, or -1. */
export function findPhrase(words: readonly string[], phraseList: readonly Phrase[]): number {
  for (let i = 0; i < words.length; i += 1) if (phraseAt(words, phraseList, i) > 0) return i;
  return -1;
}

/** True when one of the phrases occurs in `words`. */
export function hasPhrase(words: readonly string[], phraseList: readonly Phrase[]): boolean {
  return findPhrase(words, phraseList) >= 0;
}
