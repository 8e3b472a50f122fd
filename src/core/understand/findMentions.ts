import type { CoreSettings } from '../defaults';
import type { CompiledLexicon } from '../lexicon';
import { VOCABULARY_OF_TOPIC, type KnowledgeBase } from '../schema';
import { contentStems } from './entities';
import type { TopicIndex } from './scoreTopics';

/** An item of a profile list the question names ("designers", "el liderazgo del alcalde"). */
export interface Mention {
  readonly factId: string;
  readonly index: number;
  /** Share of the item's distinctive words the question uses, in (0, 1]. */
  readonly share: number;
}

interface ItemKey {
  readonly profileId: string;
  readonly factId: string;
  readonly index: number;
  /** The stems of each of the item's names (English, Spanish, an area's synonyms). */
  readonly phrases: ReadonlyArray<ReadonlySet<string>>;
}

/**
 * Step: the list items a question names, over every list of every profile, matched on
 * the item texts in both languages (and a policy area's names and synonyms). Words
 * most topics use ("innovation", "city") are left out: they name no item. Profiles
 * share fact ids ("policy-focus"), so items are keyed by profile too, and only the
 * asked city's items are looked at.
 */
export function buildItemIndex(
  kb: KnowledgeBase,
  topics: TopicIndex,
  lexicon: CompiledLexicon,
  settings: Pick<CoreSettings, 'commonStemIdf'>,
): (stems: readonly string[], share: number, city?: string) => Mention[] {
  const isCommon = (stem: string): boolean =>
    (topics.idf.get(stem) ?? Infinity) < settings.commonStemIdf;
  const keys: ItemKey[] = [];
  const seen = new Set<string>();
  const stemsOf = (text: string): Set<string> =>
    new Set(contentStems(text, lexicon.stopwords).filter((s) => !isCommon(s)));
  for (const profile of kb.profiles)
    for (const fact of profile.facts)
      fact.items.forEach((item, index) => {
        const key = `${profile.id}:${fact.id}#${index}`;
        if (seen.has(key)) return;
        seen.add(key);
        const texts: string[] = [];
        if (item.text) texts.push(item.text.en, item.text.es);
        const area = item.policyArea
          ? kb.policyAreas.find((a) => a.id === item.policyArea)
          : undefined;
        if (area) texts.push(area.name.en, area.name.es, ...area.synonyms.en, ...area.synonyms.es);
        // Each name on its own: an area's many synonyms must not dilute its one named in full.
        const phrases = texts.map(stemsOf).filter((p) => p.size > 0);
        if (phrases.length > 0)
          keys.push({ profileId: profile.id, factId: fact.id, index, phrases });
      });
  // Keys by city: a question looks only at its city's items (89 profiles' worth otherwise).
  const byCity = new Map<string, ItemKey[]>();
  for (const key of keys) byCity.set(key.profileId, [...(byCity.get(key.profileId) ?? []), key]);
  return (stems, minShare, city) => {
    const asked = new Set(stems.filter((s) => !isCommon(s)));
    const out: Mention[] = [];
    for (const key of city === undefined ? keys : (byCity.get(city) ?? [])) {
      let share = 0;
      for (const phrase of key.phrases) {
        let hits = 0;
        for (const s of phrase) if (asked.has(s)) hits += 1;
        share = Math.max(share, hits / phrase.size);
      }
      if (share > 0 && share >= minShare) out.push({ factId: key.factId, index: key.index, share });
    }
    return out.sort((a, b) => b.share - a.share);
  };
}

/** A survey option the question names, of the vocabulary of a topic's list ("architects"). */
export interface OptionMention {
  readonly topicId: string;
  readonly optionId: string;
  /** Share of the option's distinctive words the question uses, in (0, 1]. */
  readonly share: number;
  /**
   * The question uses a word only this option of its vocabulary has ("mayor" of "a team
   * in the Mayor's office"), not only words many share ("a dedicated team").
   */
  readonly isDistinct: boolean;
}

/**
 * Step: the survey options a question names, for every topic whose list items are options
 * of a vocabulary (knowledge/vocabulary/): the options any city could have listed, so a
 * yes/no question about one the asked city did not list ("do they have sociologists?") is
 * answered "No" with the city's list, not "Yes" because the topic matched. Matched like
 * list items: on the option's names and page spellings, common words left out.
 */
export function buildOptionIndex(
  kb: KnowledgeBase,
  topics: TopicIndex,
  lexicon: CompiledLexicon,
  settings: Pick<CoreSettings, 'commonStemIdf'>,
): (stems: readonly string[], minShare: number) => OptionMention[] {
  const isCommon = (stem: string): boolean =>
    (topics.idf.get(stem) ?? Infinity) < settings.commonStemIdf;
  const stemsOf = (text: string): Set<string> =>
    new Set(contentStems(text, lexicon.stopwords).filter((s) => !isCommon(s)));
  const keys: Array<{
    topicId: string;
    optionId: string;
    phrases: Array<Set<string>>;
    distinct: ReadonlySet<string>;
  }> = [];
  for (const [topicId, kind] of Object.entries(VOCABULARY_OF_TOPIC)) {
    const options = (kb.vocabularies?.[kind] ?? []).map((option) => ({
      option,
      phrases: [
        option.name.en,
        option.name.es,
        ...option.labels,
        ...(lexicon.optionPhrases.get(option.id) ?? []),
      ]
        .map(stemsOf)
        .filter((p) => p.size > 0),
    }));
    const owners = new Map<string, number>();
    for (const { phrases } of options)
      for (const stem of new Set(phrases.flatMap((p) => [...p])))
        owners.set(stem, (owners.get(stem) ?? 0) + 1);
    for (const { option, phrases } of options) {
      const distinct = new Set(
        phrases.flatMap((p) => [...p]).filter((stem) => owners.get(stem) === 1),
      );
      if (phrases.length > 0) keys.push({ topicId, optionId: option.id, phrases, distinct });
    }
  }
  return (stems, minShare) => {
    const asked = new Set(stems.filter((s) => !isCommon(s)));
    const out: OptionMention[] = [];
    for (const key of keys) {
      let share = 0;
      for (const phrase of key.phrases) {
        let hits = 0;
        for (const s of phrase) if (asked.has(s)) hits += 1;
        share = Math.max(share, hits / phrase.size);
      }
      if (share > 0 && share >= minShare)
        out.push({
          topicId: key.topicId,
          optionId: key.optionId,
          share,
          isDistinct: [...key.distinct].some((s) => asked.has(s)),
        });
    }
    return out.sort((a, b) => b.share - a.share);
  };
}
