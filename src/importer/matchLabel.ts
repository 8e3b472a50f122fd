import type { VocabularyOption } from '../core/schema';

/** Folds a label for comparison: case, accents, curly quotes, spaces around slashes, end dots. */
export function foldLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .trim();
}

/** Finds options by any of their spellings (name.en, labels). */
export class LabelIndex<T extends { id: string }> {
  private readonly byLabel = new Map<string, T>();

  constructor(options: readonly T[], spellings: (option: T) => readonly string[]) {
    for (const option of options)
      for (const label of spellings(option)) this.byLabel.set(foldLabel(label), option);
  }

  find(label: string): T | undefined {
    return this.byLabel.get(foldLabel(label));
  }

  /** Every option one of whose spellings occurs in a sentence, in sentence order. */
  findIn(sentence: string): T[] {
    const folded = foldLabel(sentence);
    const hits: Array<{ at: number; option: T }> = [];
    for (const [label, option] of this.byLabel) {
      const at = folded.indexOf(label);
      if (at >= 0 && !hits.some((h) => h.option.id === option.id)) hits.push({ at, option });
    }
    return hits.sort((a, b) => a.at - b.at).map((h) => h.option);
  }
}

/** The index of a survey option list: by English name and the pages' other spellings. */
export function optionIndex(options: readonly VocabularyOption[]): LabelIndex<VocabularyOption> {
  return new LabelIndex(options, (o) => [o.name.en, ...o.labels]);
}
