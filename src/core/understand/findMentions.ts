import type { CoreSettings } from '../defaults';
import type { CompiledLexicon } from '../lexicon';
import type { KnowledgeBase } from '../schema';
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
  readonly factId: string;
  readonly index: number;
  readonly stems: ReadonlySet<string>;
}

/**
 * Step: the list items a question names, over every list of every profile, matched on
 * the item texts in both languages (and a policy area's names and synonyms). Words
 * most topics use ("innovation", "city") are left out: they name no item.
 */
export function buildItemIndex(
  kb: KnowledgeBase,
  topics: TopicIndex,
  lexicon: CompiledLexicon,
  settings: Pick<CoreSettings, 'commonStemIdf'>,
): (stems: readonly string[], share: number) => Mention[] {
  const isCommon = (stem: string): boolean =>
    (topics.idf.get(stem) ?? Infinity) < settings.commonStemIdf;
  const keys: ItemKey[] = [];
  const seen = new Set<string>();
  for (const profile of kb.profiles)
    for (const fact of profile.facts)
      fact.items.forEach((item, index) => {
        const key = `${fact.id}#${index}`;
        if (seen.has(key)) return;
        seen.add(key);
        const texts: string[] = [];
        if (item.text) texts.push(item.text.en, item.text.es);
        const area = item.policyArea
          ? kb.policyAreas.find((a) => a.id === item.policyArea)
          : undefined;
        if (area) texts.push(area.name.en, area.name.es, ...area.synonyms.en, ...area.synonyms.es);
        const stems = new Set(
          texts.flatMap((t) => contentStems(t, lexicon.stopwords)).filter((s) => !isCommon(s)),
        );
        if (stems.size > 0) keys.push({ factId: fact.id, index, stems });
      });
  return (stems, minShare) => {
    const asked = new Set(stems.filter((s) => !isCommon(s)));
    const out: Mention[] = [];
    for (const key of keys) {
      let hits = 0;
      for (const s of key.stems) if (asked.has(s)) hits += 1;
      // Both languages' words are in one set: half of it is a whole name in one language.
      const share = Math.min(1, (2 * hits) / key.stems.size);
      if (hits > 0 && share >= minShare) out.push({ factId: key.factId, index: key.index, share });
    }
    return out.sort((a, b) => b.share - a.share);
  };
}
