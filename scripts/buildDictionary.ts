import { buildDictionary, DICTIONARY_FILE, saveDictionary } from '../src/knowledge/loadDictionary';

/** `npm run build:dictionary`: builds dist/dictionary.bin from the word-list packages. */
const started = Date.now();
saveDictionary(buildDictionary());
process.stdout.write(`dictionary written to ${DICTIONARY_FILE} in ${Date.now() - started} ms\n`);
