import type { Profile, ProfileSection } from './schema';

/** The page section that holds each profile topic's facts. */
export const SECTION_OF_TOPIC: Readonly<Record<string, ProfileSection>> = {
  'city.overview': 'header',
  'city.mayor': 'header',
  'city.population': 'header',
  'innovation.lead': 'header',
  'innovation.goals': 'goals',
  'innovation.success-factors': 'success-factors',
  'innovation.agency': 'spotlight',
  'innovation.strategy': 'strategy',
  'policy.areas': 'policy-areas',
  'policy.connectivity': 'policy-areas',
  'policy.data-driven': 'policy-areas',
  'team.roles': 'roles',
  'team.structure': 'team',
  'innovation.terms': 'terms',
  'innovation.activities': 'activities',
  'funding.overview': 'funding',
  'funding.sources': 'funding',
  'funding.activities': 'funding',
  'funding.training': 'funding',
  'measurement.partnerships': 'measurement',
  'data.availability': 'data-availability',
};

/**
 * True when the profile was made from a stored copy of its page that did not keep the
 * section a topic lives in: the part is unknown, never "no". A hand-made profile (no
 * `sections`) holds its whole page.
 */
export function isSectionMissing(profile: Profile, topicId: string): boolean {
  const section = SECTION_OF_TOPIC[topicId];
  return (
    profile.sections !== undefined && section !== undefined && !profile.sections.includes(section)
  );
}
