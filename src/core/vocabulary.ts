import Fuse from 'fuse.js';
import { normalizeText, squeezeDoubles, tokenize } from './normalize';
import { lexiconOf } from './lexicon';
import type { KnowledgeBase, Language } from './schema';

/** Every word the knowledge base uses, with the languages it appears in. */
export interface Vocabulary {
  readonly words: ReadonlySet<string>;
  readonly languages: ReadonlyMap<string, ReadonlySet<Language>>;
  /** Corrects a word the vocabulary does not know; null when nothing is close. */
  /**
   * Corrects a word the vocabulary does not know; null when nothing is close. Ordinary
   * dictionary words are left alone unless `allowRealWords` ("major" for "mayor").
   */
  correct(word: string, allowRealWords?: boolean): string | null;
}

/** Optimal string alignment distance, cut off above `max` (returns max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) rows.push(new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.MAX_SAFE_INTEGER;
  for (let i = 0; i <= a.length; i += 1) (rows[i] as number[])[0] = i;
  for (let j = 0; j <= b.length; j += 1) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let rowMin = Number.MAX_SAFE_INTEGER;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > max) return max + 1;
  }
  return at(a.length, b.length);
}

/**
 * Short words are only corrected for a dropped letter or two swapped ones ("mayr",
 * "dta"): a changed letter in a short word is usually another word ("love", "live").
 */
function isPlausibleShortTypo(word: string, candidate: string): boolean {
  if (word.length > 4) return true;
  if (candidate.length === word.length + 1) return true;
  return (
    candidate.length === word.length && [...candidate].sort().join('') === [...word].sort().join('')
  );
}

function maxEditsFor(length: number): number {
  return length <= 7 ? 1 : 2;
}

interface VocabularyOptions {
  readonly typoThreshold: number;
  readonly minTypoLength: number;
  readonly cacheSize: number;
  /** Ordinary words of English or Spanish: never corrected into another word. */
  readonly isDictionaryWord?: (word: string) => boolean;
}

function addText(
  target: Map<string, Set<Language>>,
  text: string,
  language: Language | null,
): void {
  for (const word of tokenize(normalizeText(text))) {
    const set = target.get(word) ?? new Set<Language>();
    if (language) set.add(language);
    target.set(word, set);
  }
}

/** The names a person fact gives: "... the mayor of Lima was Jorge Muñoz Wells." */
const PERSON_NAME = /\b(?:was|were)\s+([^:.;()]+)/u;

/** Collects the knowledge base's words and builds the fuse.js index that corrects typos. */
export function buildVocabulary(kb: KnowledgeBase, options: VocabularyOptions): Vocabulary {
  const languages = new Map<string, Set<Language>>();
  for (const topic of kb.topics) {
    for (const lang of ['en', 'es'] as const) {
      for (const text of [...topic.keywords[lang], ...topic.examples[lang]])
        addText(languages, text, lang);
    }
  }
  for (const area of kb.policyAreas) {
    if (area.focusOnly) continue;
    for (const lang of ['en', 'es'] as const) {
      for (const text of [area.name[lang], ...area.synonyms[lang]]) addText(languages, text, lang);
    }
  }
  for (const entry of kb.cityAliases.cities)
    for (const alias of entry.aliases) addText(languages, alias, null);
  // People's names ("Horacio Rodríguez Larreta") are words of the knowledge too: never
  // "corrected" into another word ("horario"), so that the person is recognised.
  const personTopics = new Set(kb.topics.filter((t) => t.subject?.isPerson).map((t) => t.id));
  for (const profile of kb.profiles) {
    addText(languages, profile.name.en, null);
    addText(languages, profile.name.es, null);
    for (const fact of profile.facts) {
      const name = personTopics.has(fact.topic) ? PERSON_NAME.exec(fact.text.en)?.[1] : undefined;
      if (name) addText(languages, name, null);
    }
  }
  const words = new Set(languages.keys());
  const { stopwords } = lexiconOf(kb);
  // Typos are corrected towards content words only: a question word mistyped into a
  // stopword would only add noise.
  const targets = [...words].filter((w) => w.length >= 3 && !stopwords.has(w) && !/\d/.test(w));
  // One small fuse.js index per first letter: typos rarely hit the first letter, and
  // searching ~50 words instead of ~1,000 keeps a cold correction well under a millisecond.
  const byFirstLetter = new Map<string, string[]>();
  for (const w of targets)
    byFirstLetter.set(w.charAt(0), [...(byFirstLetter.get(w.charAt(0)) ?? []), w]);
  // A second set of shards for a lost first letter ("abilidades" for "habilidades"):
  // the words without their first letter, keyed by their new first letter.
  const byLostFirst = new Map<string, string[]>();
  const restored = new Map<string, string>();
  for (const w of targets) {
    const rest = w.slice(1);
    if (rest.length < 4) continue;
    byLostFirst.set(rest.charAt(0), [...(byLostFirst.get(rest.charAt(0)) ?? []), rest]);
    if (!restored.has(rest)) restored.set(rest, w);
  }
  // No word longer than this is within reach of a target: edit distance is at least the
  // difference in length (and a lost first letter leaves the rest one letter shorter).
  const longestTarget = targets.reduce((longest, w) => Math.max(longest, w.length), 0);
  // Each shard is cut once more by length: a word of n letters is only searched among
  // targets within the edits allowed of n, the only ones the edit-distance check can
  // accept. Same candidates in the same order, and a search costs a fraction.
  const fuses = new Map<string, Fuse<string>>();
  const fuseFor = (
    key: string,
    source: ReadonlyMap<string, string[]>,
    length: number,
    reach: number,
  ): Fuse<string> | undefined => {
    const id = `${key}:${length}`;
    let fuse = fuses.get(id);
    const list = source.get(key.slice(1))?.filter((w) => Math.abs(w.length - length) <= reach);
    if (!fuse && list && list.length > 0) {
      fuse = new Fuse(list, {
        includeScore: true,
        threshold: options.typoThreshold,
        ignoreLocation: true,
        minMatchCharLength: 2,
      });
      fuses.set(id, fuse);
    }
    return fuse;
  };
  // Built at start-up, not on a question's first use of a letter: the first question of
  // a conversation must not pay for indexing.
  for (let length = options.minTypoLength; length <= longestTarget + 2; length += 1) {
    for (const letter of byFirstLetter.keys())
      fuseFor(`=${letter}`, byFirstLetter, length, maxEditsFor(length));
    if (length >= 5)
      for (const letter of byLostFirst.keys()) fuseFor(`-${letter}`, byLostFirst, length, 1);
  }
  const cache = new Map<string, string | null>();

  const correct = (word: string, allowRealWords = false): string | null => {
    if (!allowRealWords) {
      const cached = cache.get(word);
      if (cached !== undefined) return cached;
    }
    // Only a dictionary word's correction depends on allowRealWords: others share one entry.
    const isRealWord = options.isDictionaryWord?.(word) === true;
    const key = allowRealWords && isRealWord ? `!${word}` : word;
    if (allowRealWords) {
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
    }
    let result: string | null = null;
    const squeezed = squeezeDoubles(word);
    const max = maxEditsFor(word.length);
    if (squeezed !== word && words.has(squeezed)) {
      result = squeezed;
    } else if (
      word.length >= options.minTypoLength &&
      word.length <= longestTarget + max &&
      !/\d/.test(word) &&
      (allowRealWords || !isRealWord)
    ) {
      let bestDistance = max + 1;
      for (const hit of fuseFor(`=${word.charAt(0)}`, byFirstLetter, word.length, max)?.search(
        word,
        {
          limit: 20,
        },
      ) ?? []) {
        const distance = editDistance(word, hit.item, max);
        if (distance <= max && distance < bestDistance && isPlausibleShortTypo(word, hit.item)) {
          bestDistance = distance;
          result = hit.item;
        }
      }
      if (result === null && word.length >= 5) {
        // The lost letter is one edit already: the rest must match within one more.
        for (const hit of fuseFor(`-${word.charAt(0)}`, byLostFirst, word.length, 1)?.search(word, {
          limit: 10,
        }) ?? []) {
          const distance = editDistance(word, hit.item, 1) + 1;
          if (distance <= max && distance < bestDistance) {
            bestDistance = distance;
            result = restored.get(hit.item) ?? null;
          }
        }
      }
    }
    if (cache.size >= options.cacheSize) cache.clear();
    cache.set(key, result);
    return result;
  };

  return { words, languages, correct };
}
