import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalizeText } from '../core/normalize';
import { WordSet } from '../core/wordSet';
import { findProjectRoot } from './readKnowledgeDir';

/** Where the built dictionary is kept: build output, made by `npm run build:dictionary` (run by `prepare`). */
export const DICTIONARY_FILE = join(findProjectRoot(), 'dist', 'dictionary.bin');

/** Builds the word set from the word-list packages (English and Spanish, ~900,000 words; ~0.6 s). */
export function buildDictionary(): WordSet {
  const set = new WordSet();
  for (const name of ['an-array-of-english-words', 'an-array-of-spanish-words']) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const words = require(`${name}/index.json`) as readonly string[];
    for (const word of words) {
      const folded = normalizeText(word);
      if (folded.length >= 4 && !folded.includes(' ')) set.add(folded);
    }
  }
  return set;
}

/** Writes the word set where loadDictionary finds it. */
export function saveDictionary(set: WordSet, file: string = DICTIONARY_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(set.bits.buffer, set.bits.byteOffset, set.bits.byteLength));
}

/**
 * The dictionary of ordinary words, used so that a real word ("letter", "tienes") is
 * never "corrected" into a word of the knowledge ("litter", "trenes"). Read from the
 * built file; built (and cached) when the file is missing, e.g. in a fresh test run.
 */
export function loadDictionary(file: string = DICTIONARY_FILE): WordSet {
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    if (bytes.byteLength === WordSet.DEFAULT_BITS / 8) {
      const bits = new Uint32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      return new WordSet(bits);
    }
  }
  const set = buildDictionary();
  try {
    saveDictionary(set, file);
  } catch {
    // A read-only install still works: the set is rebuilt at each start.
  }
  return set;
}
