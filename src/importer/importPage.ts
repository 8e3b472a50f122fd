import type { KnowledgeBase, Profile, SummaryFile } from '../core/schema';
import { buildProfile, type ImportContext } from './buildProfile';
import { chooseCopy, type PageCopy } from './chooseCopy';
import { foldLabel, optionIndex } from './matchLabel';
import type { PageProblem } from './parsePage';

export interface PageImport {
  /** The copy the profile was made from. */
  readonly file: string | null;
  readonly filledFrom: ReadonlyArray<{ file: string; what: string }>;
  readonly profile: Profile | null;
  readonly problems: readonly PageProblem[];
}

/** The page slug of a copy's file name: "pages/variants/lima-per--5f6cd1fe.txt" -> "lima-per". */
export function slugOfFile(file: string): string {
  return file
    .replace(/^.*[\\/]/, '')
    .replace(/\.txt$/, '')
    .replace(/--[0-9a-f]+$/, '');
}

/** Imports one page from its stored copies (the first is the one asked for). Pure. */
export function importPage(
  copies: readonly PageCopy[],
  kb: KnowledgeBase,
  summaries: ReadonlyMap<string, SummaryFile>,
): PageImport {
  const places = kb.places;
  if (!places) {
    return {
      file: null,
      filledFrom: [],
      profile: null,
      problems: [{ line: 0, why: 'the knowledge has no vocabulary/places.yaml' }],
    };
  }
  const goals = optionIndex(kb.vocabularies?.goal ?? []);
  const chosen = chooseCopy(copies, (label) => goals.find(label) !== undefined);
  if (!chosen)
    return { file: null, filledFrom: [], profile: null, problems: [{ line: 0, why: 'no copy' }] };
  // A copy without its URL line (the seed) is known by its city name.
  const byName = chosen.page.name
    ? places.cities.find((c) => foldLabel(c.name.en) === foldLabel(chosen.page.name ?? ''))
    : undefined;
  const slug = chosen.page.slug ?? byName?.page ?? slugOfFile(chosen.file);
  const page = { ...chosen.page, slug };
  const context: ImportContext = {
    vocabularies: kb.vocabularies ?? {},
    policyAreas: kb.policyAreas,
    places,
    summary: summaries.get(slug) ?? null,
  };
  const built = buildProfile(page, context);
  return {
    file: chosen.file,
    filledFrom: chosen.filledFrom,
    profile: built.profile,
    problems: built.problems,
  };
}
