import type { Language } from '../../src/core/schema';
import { pick, TEXTS } from '../../src/core/texts';
import {
  cardOf,
  cardText,
  createHarness,
  expectedContent,
  factsShownFor,
  headingOf,
  loadEngine,
  only,
  openUrls,
  profileOf,
} from './conversationHarness';

const engine = loadEngine();
const { kb } = engine;
const profile = profileOf(kb);

// The profile topics of ../shared/spec/topics.md: a stable contract, so listed here
// to catch a topic that goes missing from the knowledge.
const SPEC_PROFILE_TOPICS = [
  'city.overview',
  'city.mayor',
  'city.population',
  'innovation.lead',
  'innovation.goals',
  'innovation.success-factors',
  'innovation.agency',
  'innovation.strategy',
  'innovation.terms',
  'innovation.activities',
  'policy.areas',
  'policy.connectivity',
  'policy.data-driven',
  'team.roles',
  'team.structure',
  'funding.overview',
  'funding.sources',
  'funding.activities',
  'funding.training',
  'measurement.partnerships',
  'data.availability',
  'comparison',
];

const profileTopics = kb.topics.filter((t) => t.kind === 'profile');
const LANGUAGES: readonly Language[] = ['en', 'es'];
// Each topic is asked with the knowledge's own first example question in that language.
// survey.about and cities.list answer from the survey file and the list of profiles, not
// from a profile's facts: the fact-by-fact checks below do not apply to them.
const NOT_FROM_PROFILE_FACTS: ReadonlySet<string> = new Set(['survey.about', 'cities.list']);
const cases = profileTopics
  .filter((t) => !NOT_FROM_PROFILE_FACTS.has(t.id))
  .flatMap((topic) =>
    LANGUAGES.map((language) => [topic.id, language, topic.examples[language][0] ?? ''] as const),
  );

// Follow-up buttons send their label as the question: each must lead back to its topic.
const buttonCases = profileTopics.flatMap((topic) =>
  LANGUAGES.map((language) => [topic.suggestion?.[language] ?? '', topic.id, language] as const),
);

async function topicOfButton(label: string): Promise<string | undefined> {
  const reply = only(await createHarness({ engine }).say(label));
  const heading = headingOf(cardOf(reply));
  // An answer across cities (cities.list) is titled by its topic alone, with no one city.
  return profileTopics.find(
    (t) =>
      heading === `${t.title.en} — ${profile.name.en}` ||
      heading === `${t.title.es} — ${profile.name.es}` ||
      (t.id === 'cities.list' && (heading === t.title.en || heading === t.title.es)),
  )?.id;
}

test.each(buttonCases)('the button "%s" is answered with topic %s (%s)', async (label, id) => {
  expect(await topicOfButton(label)).toBe(id);
});

test.each(SPEC_PROFILE_TOPICS)(
  'the knowledge has the spec topic %s as a profile topic with a suggestion',
  (id) => {
    const topic = profileTopics.find((t) => t.id === id);
    expect(topic?.suggestion).toBeDefined();
  },
);

describe.each(cases)('asking about %s in %s (%s)', (topicId, language, question) => {
  const facts = factsShownFor(kb, topicId);
  const expected = expectedContent(kb, facts, language);
  const topic = profileTopics.find((t) => t.id === topicId);

  test('answers with an Adaptive Card headed by the topic and the city, in that language', async () => {
    const reply = only(await createHarness({ engine }).say(question));
    const card = cardOf(reply);
    expect(headingOf(card)).toBe(`${topic?.title[language]} — ${profile.name[language]}`);
    expect(card.lang).toBe(language);
    expect(reply.locale).toBe(language);
  });

  test('shows every figure and list item of the facts on the card and in the plain text', async () => {
    expect(facts.length).toBeGreaterThan(0);
    const reply = only(await createHarness({ engine }).say(question));
    const shown = cardText(cardOf(reply));
    for (const text of [...expected.figures, ...expected.items]) {
      expect(shown).toContain(text);
      expect(reply.text).toContain(text);
    }
  });

  test('cites the survey and its year in one card line and every profile section in the plain text, and links the public profile', async () => {
    const reply = only(await createHarness({ engine }).say(question));
    const card = cardOf(reply);
    const citations = cardText(card)
      .split('\n')
      .filter((line) =>
        line.startsWith(`${pick(TEXTS.source, language)}: ${profile.survey.source}`),
      );
    expect(citations).toHaveLength(1);
    for (const year of expected.years) expect(citations[0]).toContain(`${year}`);
    expect(expected.sections.some((section) => citations[0]?.includes(section))).toBe(true);
    for (const section of expected.sections) expect(card.fallbackText).toContain(section);
    expect(openUrls(card)).toEqual([profile.profileUrl]);
  });

  test('carries the whole plain answer in text and the card fallbackText, and speaks its summary', async () => {
    const reply = only(await createHarness({ engine }).say(question));
    const card = cardOf(reply);
    const answer = engine.ask(question);
    expect(answer.topic).toBe(topicId);
    expect(reply.text).toBe(answer.text);
    expect(card.fallbackText).toBe(answer.text);
    expect(reply.speak).toBe(card.speak);
    expect(reply.speak?.startsWith(`${answer.title}. `)).toBe(true);
    expect(answer.text).toContain(reply.speak?.slice(answer.title.length + 2, -1));
    expect(reply.speak).not.toContain(profile.profileUrl);
  });
});
