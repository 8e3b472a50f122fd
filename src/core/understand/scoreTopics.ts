import type { CoreSettings } from '../defaults';
import { lexiconOf } from '../lexicon';
import type { KnowledgeBase, Topic } from '../schema';
import { contentStems, PhraseIndex } from './entities';

/** One query word after correction and stemming; `weight` < 1 when it was guessed. */
export interface QueryTerm {
  readonly stem: string;
  readonly weight: number;
}

export interface TopicScore {
  readonly topic: Topic;
  /** 1 = certain. */
  readonly confidence: number;
}

interface TopicEntry {
  readonly topic: Topic;
  readonly terms: ReadonlySet<string>;
}

/** Where a stem occurs among all examples: example number and the stem's weight there. */
interface Posting {
  readonly example: number;
  readonly weight: number;
}

export interface TopicIndex {
  readonly entries: readonly TopicEntry[];
  /** Inverted index of the examples of every topic. */
  readonly postings: ReadonlyMap<string, readonly Posting[]>;
  /** For each example: its topic's index in `entries`, and its norm. */
  readonly exampleTopic: Int32Array;
  readonly exampleNorm: Float64Array;
  readonly idf: ReadonlyMap<string, number>;
  readonly unknownIdf: number;
  /** Keyword phrases over stems, valued by topic id. */
  readonly keywords: PhraseIndex<string>;
  /** Question words (stemmed): they tell questions apart, but never make a topic relevant alone. */
  readonly questionStems: ReadonlySet<string>;
  /** A known stem of the same word family ("populous" -> "population"), or null. */
  nearestStem(stem: string): string | null;
}

/** Indexes every topic's keywords and examples (both languages) for matching. */
export function buildTopicIndex(
  kb: KnowledgeBase,
  settings: Pick<CoreSettings, 'familyPrefix' | 'familyShare'>,
): TopicIndex {
  const { stopwords, questionStems } = lexiconOf(kb);
  const FAMILY_PREFIX = settings.familyPrefix;
  const stemsOf = (text: string): string[] => contentStems(text, stopwords);
  const raw = kb.topics.map((topic) => {
    const examples = [...topic.examples.en, ...topic.examples.es].map(stemsOf);
    const keywordStems = [...topic.keywords.en, ...topic.keywords.es]
      .map(stemsOf)
      .filter((k) => k.length > 0 && !k.every((s) => questionStems.has(s)));
    const terms = new Set<string>([...examples.flat(), ...keywordStems.flat()]);
    return { topic, examples, keywordStems, terms };
  });
  const df = new Map<string, number>();
  for (const r of raw) for (const t of r.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = raw.length;
  const idf = new Map<string, number>();
  for (const [t, count] of df) idf.set(t, Math.log(1 + n / count));
  const maxIdf = Math.log(1 + n);

  const keywords = new PhraseIndex<string>();
  const postings = new Map<string, Posting[]>();
  const exampleTopics: number[] = [];
  const exampleNorms: number[] = [];
  const entries = raw.map((r, topicIndex) => {
    for (const k of r.keywordStems) keywords.add(k, r.topic.id);
    for (const stems of r.examples) {
      const example = exampleTopics.length;
      const unique = new Set(stems);
      let norm = 0;
      for (const stem of unique) {
        const weight = idf.get(stem) ?? maxIdf;
        norm += weight * weight;
        const list = postings.get(stem) ?? [];
        list.push({ example, weight });
        postings.set(stem, list);
      }
      exampleTopics.push(topicIndex);
      exampleNorms.push(Math.sqrt(norm));
    }
    return { topic: r.topic, terms: r.terms };
  });
  const byPrefix = new Map<string, string[]>();
  for (const t of idf.keys()) {
    if (t.length < FAMILY_PREFIX + 1) continue;
    const key = t.slice(0, FAMILY_PREFIX);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), t]);
  }
  const nearestStem = (stem: string): string | null => {
    if (stem.length < FAMILY_PREFIX + 1) return null;
    let best: string | null = null;
    let bestShared = 0;
    for (const candidate of byPrefix.get(stem.slice(0, FAMILY_PREFIX)) ?? []) {
      let shared = 0;
      while (shared < stem.length && stem[shared] === candidate[shared]) shared += 1;
      const needed = Math.max(
        FAMILY_PREFIX + 1,
        Math.ceil(settings.familyShare * Math.min(stem.length, candidate.length)),
      );
      if (shared >= needed && shared > bestShared) {
        best = candidate;
        bestShared = shared;
      }
    }
    return best;
  };
  return {
    entries,
    postings,
    exampleTopic: Int32Array.from(exampleTopics),
    exampleNorm: Float64Array.from(exampleNorms),
    idf,
    unknownIdf: maxIdf,
    keywords,
    questionStems,
    nearestStem,
  };
}

/**
 * Scores every topic against the question's terms. Three signals, blended by the
 * settings' weights: how much of the question the topic's words cover, the best
 * cosine with one of its examples, and how much its keyword phrases cover.
 */
export function scoreTopics(
  index: TopicIndex,
  terms: readonly QueryTerm[],
  settings: Pick<
    CoreSettings,
    'weights' | 'unknownWordWeight' | 'foreignWordCap' | 'keywordSpan' | 'chatWithoutKeyword'
  >,
): TopicScore[] {
  // A topic must share at least one word with the question that is not a question
  // word: "what's 2 + 2" shares only "what" with every topic.
  const seen = new Map<string, number>();
  for (const t of terms) seen.set(t.stem, Math.max(seen.get(t.stem) ?? 0, t.weight));
  const query = [...seen].map(([stem, weight]) => {
    const idf = index.idf.get(stem);
    return { stem, w: weight * (idf ?? index.unknownIdf * settings.unknownWordWeight) };
  });
  // Words no topic uses count against every topic, but only up to a cap: a long
  // question with context ("I'm writing a report and need...") keeps its topic, while a
  // short foreign one ("movies tonight") has nothing else to stand on.
  let known = 0;
  let foreign = 0;
  for (const q of query) {
    if (index.idf.has(q.stem)) known += q.w;
    else foreign += q.w;
  }
  const total = known + Math.min(foreign, settings.foreignWordCap * index.unknownIdf);
  if (total === 0) return [];
  const queryNorm = Math.sqrt(query.reduce((s, q) => s + q.w * q.w, 0));

  const keywordWeight = new Map<string, number>();
  const stems = terms.map((t) => t.stem);
  // Each topic's keyword phrases are matched separately so overlapping phrases of
  // different topics do not hide each other.
  const weightOf = new Map(query.map((q) => [q.stem, q.w] as const));
  const matchedByTopic = new Map<string, Set<string>>();
  for (let i = 0; i < stems.length; i += 1) {
    for (const hit of index.keywords.matchesAt(stems, i)) {
      const set = matchedByTopic.get(hit.value) ?? new Set<string>();
      for (let k = i; k < hit.end; k += 1) set.add(stems[k] ?? '');
      matchedByTopic.set(hit.value, set);
    }
  }
  for (const [topicId, matched] of matchedByTopic) {
    let w = 0;
    for (const s of matched) w += weightOf.get(s) ?? 0;
    keywordWeight.set(topicId, w);
  }

  // Best cosine per topic, through the inverted index: only examples sharing a word are touched.
  const dots = new Map<number, number>();
  for (const q of query) {
    for (const p of index.postings.get(q.stem) ?? [])
      dots.set(p.example, (dots.get(p.example) ?? 0) + q.w * p.weight);
  }
  const bestCosByTopic = new Float64Array(index.entries.length);
  for (const [example, dot] of dots) {
    const topic = index.exampleTopic[example] ?? 0;
    const norm = (index.exampleNorm[example] ?? 1) * queryNorm;
    if (norm > 0) bestCosByTopic[topic] = Math.max(bestCosByTopic[topic] ?? 0, dot / norm);
  }

  const { coverage: wc, example: we, keyword: wk } = settings.weights;
  // A keyword phrase is weighed against at most `keywordSpan` words' worth of the question:
  // "... can you remind me who the mayor was in the survey?" still says "mayor" clearly.
  const keywordTotal = Math.min(total, settings.keywordSpan * index.unknownIdf);
  return index.entries
    .map((entry, topicIndex) => {
      let covered = 0;
      let substantive = 0;
      for (const q of query) {
        if (!entry.terms.has(q.stem)) continue;
        covered += q.w;
        if (!index.questionStems.has(q.stem)) substantive += q.w;
      }
      if (substantive === 0) return { topic: entry.topic, confidence: 0 };
      const bestCos = bestCosByTopic[topicIndex] ?? 0;
      const keyword = Math.min(1, (keywordWeight.get(entry.topic.id) ?? 0) / keywordTotal);
      const blended = wc * (covered / total) + we * bestCos + wk * keyword;
      // Small talk with none of its keywords ("necesito un plomero" shares only "necesito"
      // with "necesito ayuda") is weighed down: it is no call for help.
      const confidence =
        entry.topic.kind === 'chat' && keyword === 0
          ? blended * settings.chatWithoutKeyword
          : blended;
      return { topic: entry.topic, confidence: Math.max(0, Math.min(1, confidence)) };
    })
    .sort((a, b) => b.confidence - a.confidence);
}
