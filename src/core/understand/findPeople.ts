import type { CompiledLexicon } from '../lexicon';
import type { KnowledgeBase } from '../schema';
import { contentStems } from './entities';

/** A person of the asked city's profile whom the question names ("Claudia Sheinbaum"). */
export interface PersonMention {
  /** The subject the person is (topics.yaml `subject.id`: "mayor", "lead"). */
  readonly subject: string;
  /** The question's stems that are the person's name. */
  readonly stems: readonly string[];
}

/** The name a person fact gives: "... the mayor of Lima was Jorge Muñoz Wells." */
const NAME_AFTER_VERB = /\b(?:was|were)\s+([^:.;()]+)/u;

/**
 * Step: the people a question names, from the names the asked city's person facts give
 * (the mayor, the Lead Innovation Officer: "{when}, X's Lead Innovation Officer was ...").
 * A name counts when two of its words are asked, or one of four letters or more.
 */
export function buildPersonIndex(
  kb: KnowledgeBase,
  lexicon: Pick<CompiledLexicon, 'stopwords'>,
): (stems: readonly string[], cityId: string) => PersonMention[] {
  const personTopics = new Map(
    kb.topics.flatMap((t) => (t.subject?.isPerson ? [[t.id, t.subject.id] as const] : [])),
  );
  const byCity = new Map<string, Array<{ subject: string; stems: ReadonlySet<string> }>>();
  for (const profile of kb.profiles) {
    const people: Array<{ subject: string; stems: ReadonlySet<string> }> = [];
    for (const fact of profile.facts) {
      const subject = personTopics.get(fact.topic);
      const name = NAME_AFTER_VERB.exec(fact.text.en)?.[1];
      if (!subject || !name) continue;
      const stems = new Set(contentStems(name, lexicon.stopwords).filter((s) => s.length >= 3));
      if (stems.size > 0) people.push({ subject, stems });
    }
    byCity.set(profile.id, people);
  }
  return (stems, cityId) => {
    const out: PersonMention[] = [];
    for (const person of byCity.get(cityId) ?? []) {
      const hits = [...new Set(stems.filter((s) => person.stems.has(s)))];
      if (hits.length >= 2 || hits.some((s) => s.length >= 4))
        out.push({ subject: person.subject, stems: hits });
    }
    return out.sort((a, b) => b.stems.length - a.stems.length);
  };
}
