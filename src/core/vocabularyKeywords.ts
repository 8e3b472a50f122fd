import { lexiconOf } from './lexicon';
import type { KnowledgeBase, VocabularyKind } from './schema';
import { contentStems } from './understand/entities';

/**
 * Survey options whose names are signals of their topic wherever they appear: a role
 * ("cultural anthropologist") asks about roles, a term ("experimentation") about the
 * terms. Options of other lists reuse words of other topics ("Dedicated funding" is a
 * success factor and a funding question), so they are not added; nor is a name that
 * shares a word with another topic ("social worker" and social inclusion): it would
 * blur that topic's words.
 */
const KEYWORD_VOCABULARIES: ReadonlyArray<readonly [VocabularyKind, string]> = [
  ['role', 'team.roles'],
  ['term', 'innovation.terms'],
];

/** The knowledge with its vocabularies' option names added to their topics' keywords. Pure. */
export function withVocabularyKeywords(kb: KnowledgeBase): KnowledgeBase {
  const { stopwords } = lexiconOf(kb);
  const stemsOf = (text: string): string[] => contentStems(text, stopwords);
  const extra = new Map<string, { en: string[]; es: string[] }>();
  for (const [kind, topicId] of KEYWORD_VOCABULARIES) {
    const elsewhere = new Set(
      kb.topics
        .filter((t) => t.id !== topicId)
        .flatMap((t) => [...t.keywords.en, ...t.keywords.es, ...t.examples.en, ...t.examples.es])
        .flatMap(stemsOf),
    );
    // Hyphenated names ("back-end developers") split into ordinary words ("back").
    const isDistinct = (text: string): boolean =>
      !text.includes('-') && stemsOf(text).every((s) => !elsewhere.has(s));
    const words = extra.get(topicId) ?? { en: [], es: [] };
    for (const option of kb.vocabularies?.[kind] ?? []) {
      words.en.push(...[option.name.en, ...option.labels].filter(isDistinct));
      if (isDistinct(option.name.es)) words.es.push(option.name.es);
    }
    extra.set(topicId, words);
  }
  if (extra.size === 0) return kb;
  return {
    ...kb,
    topics: kb.topics.map((t) => {
      const add = extra.get(t.id);
      if (!add) return t;
      const en = [...new Set([...t.keywords.en, ...add.en])];
      const es = [...new Set([...t.keywords.es, ...add.es])];
      return { ...t, keywords: { en, es } };
    }),
  };
}
