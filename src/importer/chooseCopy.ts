import { PAGE_SECTIONS, parsePage, type PageSection, type ParsedPage } from './parsePage';

/** One stored copy of a page: where it was read from and its text. */
export interface PageCopy {
  readonly file: string;
  readonly text: string;
}

export interface ChosenPage {
  /** The copy the profile is made from, completed from the other copies of its round. */
  readonly page: ParsedPage;
  readonly file: string;
  /** What was taken from which other copy. */
  readonly filledFrom: ReadonlyArray<{ file: string; what: string }>;
}

/** Sections a copy without headings reads as well as one with them. */
// Not the activities: a copy without headings keeps only the survey-wide ranking, and reads it poorly.
const FILLABLE: readonly PageSection[] = ['team', 'funding', 'measurement'];

/**
 * Picks the copy to import among the stored copies of one page (the first is the one
 * asked for): a copy with headings first, of the asked copy's survey round when it has
 * one, then the one holding most sections. Header values and whole sections the
 * chosen copy lacks are taken from other copies of the same round, never across
 * rounds (their figures differ).
 */
export function chooseCopy(
  copies: readonly PageCopy[],
  isGoal?: (label: string) => boolean,
): ChosenPage | null {
  const parsed = copies.map((c) => ({ file: c.file, page: parsePage(c.text, isGoal) }));
  const asked = parsed[0];
  if (!asked) return null;
  const rank = (p: ParsedPage): number =>
    (p.hasHeadings ? 1000 : 0) +
    (asked.page.round !== null && p.round === asked.page.round ? 100 : 0) +
    (p.round === 2020 ? 10 : 0) +
    p.sections.length;
  const best = [...parsed].sort((a, b) => rank(b.page) - rank(a.page))[0] ?? asked;
  const others = parsed.filter((p) => p !== best && p.page.round === best.page.round);
  let page: ParsedPage = best.page;
  const filledFrom: Array<{ file: string; what: string }> = [];
  for (const other of others) {
    const o = other.page;
    const taken: string[] = [];
    const patch: Partial<Record<keyof ParsedPage, unknown>> = {};
    if (!page.country && o.country) {
      patch.country = o.country;
      taken.push('country');
    }
    if (!page.population && !page.malformedPopulation && o.population) {
      patch.population = o.population;
      taken.push('population');
    }
    if (!page.mayor && o.mayor) {
      patch.mayor = o.mayor;
      taken.push('mayor');
    }
    if (page.leads.length === 0 && o.leads.length > 0) {
      patch.leads = o.leads;
      taken.push('lead innovation officer');
    }
    const sections = new Set(page.sections);
    for (const section of FILLABLE) {
      if (sections.has(section) || !o.sections.includes(section)) continue;
      // A section cut short in the other copy is taken only if this copy has nothing better.
      const key = section === 'measurement' ? 'measurement' : section;
      patch[key as keyof ParsedPage] = o[key as keyof ParsedPage];
      sections.add(section);
      taken.push(section);
    }
    if (taken.length === 0) continue;
    const order: readonly PageSection[] = PAGE_SECTIONS;
    page = {
      ...page,
      ...(patch as Partial<ParsedPage>),
      sections: order.filter((s) => sections.has(s)),
      // A section taken from a copy that was cut inside it is marked as cut.
      ...(o.truncatedSection && taken.includes(o.truncatedSection)
        ? { truncatedSection: o.truncatedSection }
        : {}),
      prose: [...page.prose, ...o.prose],
    };
    filledFrom.push({ file: other.file, what: taken.join(', ') });
  }
  return { page, file: best.file, filledFrom };
}
