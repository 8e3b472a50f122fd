import type { CoreSettings } from '../defaults';
import { hasPhrase, phraseAt, type CompiledLexicon } from '../lexicon';
import { stemWord } from '../normalize';
import type { Fact, KnowledgeBase, Topic } from '../schema';
import { contentStems } from './entities';
import type { TopicIndex } from './scoreTopics';

/** A number or a scale word ("100 mil", "2 million"): the figure compared, never a detail. */
const NUMBER_WORD = /^(?:\d+|mil|mill?on(?:es)?|millions?|thousands?|hundreds?|cient(?:o|os)?)$/u;

/** A detail the question asks for that the knowledge holds no fact for. */
export interface Gap {
  /**
   * amount: money, salaries, costs; service: how to use a city service; contact: an
   * address, a phone number, opening hours; detail: anything else.
   */
  readonly kind: 'amount' | 'service' | 'contact' | 'detail';
  /** The question's words the chosen topic does not cover. */
  readonly words: readonly string[];
}

/** The key content words of a question that the topic's facts and vocabulary do not cover. */
export type UncoveredWords = (
  topic: Topic,
  stems: readonly string[],
  skip: ReadonlySet<string>,
  cityId: string,
) => string[];

/** Finds the gap of an understood question (see buildGapFinder). */
export type GapFinder = (
  topic: Topic | null,
  words: readonly string[],
  stems: readonly string[],
  skip: ReadonlySet<string>,
  isCount: boolean,
  hasAreaWithoutData: boolean,
  hasDataCue: boolean,
  cityId: string,
) => Gap | null;

/**
 * Step: what the profile doesn't hold. A general method, not a list of questions: the
 * key content words of the question that the chosen topic's facts and vocabulary do
 * not cover. When they make up a large share of the question ("how many metro lines",
 * "the GDP", "staff of the mayor's office"), the honest answer is "the profile doesn't
 * say", never the chosen topic's figure. Money amounts and how-to questions about city
 * services are recognised by their cue words.
 */
export function buildGapFinder(
  kb: KnowledgeBase,
  topics: TopicIndex,
  lexicon: CompiledLexicon,
  settings: Pick<CoreSettings, 'gapShare' | 'gapMaxContentWords'>,
): { findGap: GapFinder; uncoveredWords: UncoveredWords } {
  const termsOf = new Map(topics.entries.map((e) => [e.topic.id, e.terms] as const));
  const topicById = new Map(kb.topics.map((t) => [t.id, t] as const));
  const factStems = (facts: readonly Fact[], set: Set<string>): void => {
    for (const fact of facts)
      for (const lang of ['en', 'es'] as const) {
        contentStems(fact.text[lang], lexicon.stopwords).forEach((s) => set.add(s));
        for (const item of fact.items) {
          if (item.text)
            contentStems(item.text[lang], lexicon.stopwords).forEach((s) => set.add(s));
          if (item.detail)
            contentStems(item.detail[lang], lexicon.stopwords).forEach((s) => set.add(s));
        }
      }
  };
  // What a topic covers for one city: its own vocabulary and that city's facts (another
  // city's "Mayor's Office of Innovation" covers nothing about this one). Built on first use.
  const coverage = new Map<string, Set<string>>();
  const coverageOf = (topicId: string, cityId: string): Set<string> => {
    const key = `${topicId}|${cityId}`;
    const known = coverage.get(key);
    if (known) return known;
    const set = new Set<string>();
    const topic = topicById.get(topicId);
    const profile = kb.profiles.find((p) => p.id === cityId);
    for (const id of [topicId, ...(topic?.includes ?? [])]) {
      for (const t of termsOf.get(id) ?? []) set.add(t);
      factStems(profile?.facts.filter((f) => f.topic === id) ?? [], set);
      factStems(kb.survey?.facts.filter((f) => f.topic === id) ?? [], set);
    }
    coverage.set(key, set);
    return set;
  };
  const cueStems = new Set(
    [
      ...lexicon.countCues,
      ...lexicon.whenCues,
      ...lexicon.whyCues,
      ...lexicon.negationCues,
      ...lexicon.moreCues,
      ...lexicon.lessCues,
      ...lexicon.currencyCues,
      ...lexicon.beforeCues,
      ...lexicon.afterCues,
      ...[...lexicon.metaWords].map((w) => [w]),
      ...lexicon.fillers,
      ...lexicon.yesNoOpeners.en,
      ...lexicon.yesNoOpeners.es,
    ]
      // One-word cues only: "mayor que" (greater than) must not hide "mayor".
      .filter((p) => p.length === 1)
      .flat()
      // "is it true that ...", "¿es cierto que ...?", "..., right?": how a yes/no question
      // asks, never a detail it asks about.
      .concat(
        [...lexicon.yesNoOpeners.en, ...lexicon.yesNoOpeners.es]
          .filter((p) => p.length > 1 && /^(?:is|es)$/.test(p[0] ?? ''))
          .flatMap((p) => p.slice(1)),
        lexicon.tagCues.filter((p) => p.length === 1).flat(),
      )
      .map(stemWord),
  );
  const keywordTopics = new Map<string, Set<string>>();
  for (const entry of topics.entries)
    if (entry.topic.kind === 'profile')
      for (const lang of ['en', 'es'] as const)
        for (const k of entry.topic.keywords[lang]) {
          // One-word keywords only ("mayor"): a word inside a phrase ("money behind") names nothing alone.
          const stems = contentStems(k, lexicon.stopwords);
          const stem = stems[0];
          if (stems.length !== 1 || stem === undefined) continue;
          const set = keywordTopics.get(stem) ?? new Set<string>();
          set.add(entry.topic.id);
          keywordTopics.set(stem, set);
        }
  const keyWords = (stems: readonly string[], skip: ReadonlySet<string>): string[] =>
    stems.filter(
      (s) =>
        !lexicon.questionStems.has(s) &&
        !lexicon.dataCueStems.has(s) &&
        !cueStems.has(s) &&
        !lexicon.genericWords.has(s) &&
        !skip.has(s) &&
        !NUMBER_WORD.test(s) &&
        s.length >= 3,
    );
  /** The stem of the first content word after a count cue ("how many <firefighters>"). */
  const countedStem = (words: readonly string[]): string | null => {
    for (let i = 0; i < words.length; i += 1) {
      const n = phraseAt(words, lexicon.countCues, i);
      if (n === 0) continue;
      const next = words.slice(i + n).find((w) => !lexicon.stopwords.has(w));
      return next === undefined ? null : stemWord(next);
    }
    return null;
  };
  const uncoveredWords: UncoveredWords = (topic, stems, skip, cityId) => {
    const covered = coverageOf(topic.id, cityId);
    return keyWords(stems, skip).filter((s) => !covered.has(s));
  };
  const findGap: GapFinder = (
    topic: Topic | null,
    words: readonly string[],
    stems: readonly string[],
    skip: ReadonlySet<string>,
    isCount: boolean,
    hasAreaWithoutData: boolean,
    hasDataCue: boolean,
    cityId: string,
  ): Gap | null => {
    if (hasPhrase(words, lexicon.amountCues)) return { kind: 'amount', words: [] };
    // How to use a city service, when no topic answers it: the official channels.
    const isHowTo = phraseAt(words, lexicon.serviceCues) > 0;
    if (isHowTo && (!topic || hasPhrase(words, lexicon.serviceActions)))
      return { kind: 'service', words: [] };
    // "the street address of the agency", "ADIP's phone number": no profile holds contacts.
    if (hasPhrase(words, lexicon.contactCues) && topic?.kind !== 'chat')
      return { kind: 'contact', words: [] };
    if (!topic || topic.kind !== 'profile') return null;
    // "who was the mayor before her?": the profile names only who held the post at survey time.
    if (topic.subject?.isPerson && hasPhrase(words, lexicon.priorCues))
      return { kind: 'detail', words: [] };
    // "how old is he?", "¿qué edad tiene?": a person's age is no fact any profile holds.
    if (topic.subject?.isPerson && hasPhrase(words, lexicon.ageCues))
      return { kind: 'detail', words: [] };
    // "¿cuál es la tasa de desempleo?": a policy area's statistic, with no data word, is
    // not its data's availability (the survey holds no statistic of any area).
    if (topic.id === 'data.availability' && !hasDataCue && hasPhrase(words, lexicon.statisticCues))
      return { kind: 'detail', words: [] };
    // Data words asked of data availability ("en cuántos temas hay información suficiente") are its subject.
    if (topic.id === 'data.availability' && hasDataCue) return null;
    // A policy area's data is exactly what data availability answers.
    if (topic.id === 'data.availability' && skip.size > 0 && !hasAreaWithoutData) return null;
    const covered = coverageOf(topic.id, cityId);
    const content = keyWords(stems, skip);
    // "how many schools": a policy area counted is not a figure the profile holds.
    if (isCount && hasAreaWithoutData && stems.length <= settings.gapMaxContentWords)
      return { kind: 'detail', words: [] };
    if (content.length === 0) return null;
    // "how many firefighters work for the city?": the thing counted is the word after the
    // count cue; when the topic does not cover it, its figure counts something else.
    if (isCount) {
      const counted = countedStem(words);
      if (counted && content.includes(counted) && !covered.has(counted))
        return { kind: 'detail', words: [counted] };
    }
    const uncovered = content.filter((s) => !covered.has(s));
    if (uncovered.length === 0) return null;
    // "how many people work in the mayor's office": a count about another topic's thing.
    const isShort = content.length <= settings.gapMaxContentWords;
    if (
      isShort &&
      isCount &&
      uncovered.some((s) => [...(keywordTopics.get(s) ?? [])].some((id) => id !== topic.id))
    )
      return { kind: 'detail', words: uncovered };
    // Short questions whose key words are mostly not covered ("the GDP", "ADIP's phone number").
    const share = uncovered.length / content.length;
    if (isShort && share > settings.gapShare) return { kind: 'detail', words: uncovered };
    return null;
  };
  return { findGap, uncoveredWords };
}
