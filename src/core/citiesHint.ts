import { CITY_TEXTS } from './cityTexts';
import { normalizeText } from './normalize';
import type { KnowledgeBase, Language } from './schema';
import { pick } from './texts';
import { editDistance } from './vocabulary';

/** Names of profile cities close to a name the bot has no profile for ("Medelin", "Lisboa"). */
export function closeCityNames(
  kb: KnowledgeBase,
  place: string,
  language: Language,
  max = 3,
): string[] {
  const target = normalizeText(place);
  const scored = kb.profiles
    .map((p) => {
      const names = [p.name.en, p.name.es].map(normalizeText);
      const distance = Math.min(...names.map((n) => editDistance(n, target, 3)));
      const isPrefix = names.some(
        (n) => n.length >= 4 && (n.startsWith(target.slice(0, 4)) || target.startsWith(n)),
      );
      return { p, score: isPrefix ? Math.min(distance, 2) : distance };
    })
    .filter((x) => x.score <= 2)
    .sort((a, b) => a.score - b.score);
  return scored.slice(0, max).map((x) => pick(x.p.name, language));
}

/**
 * What the bot holds, in one sentence, instead of a list of every city: how many
 * profiles in how many countries, and how to find them (a country, a region, "which
 * cities do you know?"); with the closest names to a place without a profile.
 */
export function citiesHint(
  kb: KnowledgeBase,
  language: Language,
  place: string | null = null,
): string {
  const countries = new Set(kb.profiles.map((p) => p.country.en)).size;
  const close = place ? closeCityNames(kb, place, language) : [];
  return pick(CITY_TEXTS.hint(kb.profiles.length, countries, close), language);
}
