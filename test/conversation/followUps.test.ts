import type { Activity } from 'botbuilder';
import {
  cardOf,
  cardText,
  createHarness,
  expectedContent,
  factsShownFor,
  headingOf,
  loadEngine,
  only,
  profileOf,
  type Harness,
} from './conversationHarness';
import type { Language } from '../../src/core/schema';

const engine = loadEngine();
const { kb } = engine;
const profile = profileOf(kb);

function topic(id: string): NonNullable<ReturnType<typeof kb.topics.find>> {
  const found = kb.topics.find((t) => t.id === id);
  if (!found) throw new Error(`no topic ${id}`);
  return found;
}

function headingFor(id: string, language: Language): string {
  return `${topic(id).title[language]} — ${profile.name[language]}`;
}

async function conversation(
  harness: Harness,
  messages: readonly string[],
): Promise<Partial<Activity>[]> {
  const last: Partial<Activity>[] = [];
  for (const message of messages) last.splice(0, last.length, ...(await harness.say(message)));
  return last;
}

describe('follow-up questions keep the context of the conversation', () => {
  test('"what about the sources?" after a funding answer answers the funding sources', async () => {
    const harness = createHarness({ engine });
    const first = cardOf(only(await harness.say('how is innovation funded in Mexico City?')));
    expect(headingOf(first)).toBe(headingFor('funding.overview', 'en'));
    const card = cardOf(only(await harness.say('what about the sources?')));
    expect(headingOf(card)).toBe(headingFor('funding.sources', 'en'));
    for (const item of expectedContent(kb, factsShownFor(kb, 'funding.sources'), 'en').items)
      expect(cardText(card)).toContain(item);
  });

  test('"and health?" after a data-availability answer gives the status of health data', async () => {
    const harness = createHarness({ engine });
    await harness.say('which policy areas have sufficient data?');
    const card = cardOf(only(await harness.say('and health?')));
    expect(headingOf(card)).toBe(headingFor('data.availability', 'en'));
    const holder = profile.facts.find(
      (f) => f.topic === 'data.availability' && f.items.some((i) => i.policyArea === 'health'),
    );
    const health = kb.policyAreas.find((a) => a.id === 'health');
    expect(holder?.dataStatus).toBeDefined();
    expect(cardText(card).toLowerCase()).toContain(
      `${holder?.dataStatus} data on ${health?.name.en.toLowerCase()}`,
    );
  });

  test('"how many people work there?" after ADIP answers with the staff of the agency', async () => {
    const harness = createHarness({ engine });
    expect(headingOf(cardOf(only(await harness.say('what is ADIP?'))))).toBe(
      headingFor('innovation.agency', 'en'),
    );
    const card = cardOf(only(await harness.say('how many people work there?')));
    expect(headingOf(card)).toBe(headingFor('team.structure', 'en'));
    const staff = profile.facts.flatMap((f) => f.figures).find((g) => g.unit === 'people');
    expect(staff?.value).toBe(150);
    expect(cardText(card)).toContain(`${staff?.value} staff`);
  });

  test('"¿y la población?" after the mayor in Spanish answers the population in Spanish', async () => {
    const harness = createHarness({ engine });
    expect(headingOf(cardOf(only(await harness.say('¿Quién es la jefa de gobierno?'))))).toBe(
      headingFor('city.mayor', 'es'),
    );
    const card = cardOf(only(await harness.say('¿y la población?')));
    expect(headingOf(card)).toBe(headingFor('city.population', 'es'));
    expect(card.lang).toBe('es');
    for (const figure of expectedContent(kb, factsShownFor(kb, 'city.population'), 'es').figures)
      expect(cardText(card)).toContain(figure);
    expect(cardText(card)).toContain('Fuente: ');
  });

  test('"tell me more" adds the topics that follow the last answer', async () => {
    const harness = createHarness({ engine });
    await harness.say('who is the mayor?');
    const card = cardOf(only(await harness.say('tell me more')));
    expect(headingOf(card)).toBe(headingFor('city.mayor', 'en'));
    const more = topic('city.mayor').followUps.slice(0, 2);
    expect(more.length).toBeGreaterThan(0);
    for (const id of more) {
      expect(cardText(card)).toContain(topic(id).title.en);
      for (const figure of expectedContent(kb, factsShownFor(kb, id), 'en').figures)
        expect(cardText(card)).toContain(figure);
    }
  });

  test('"tell me more" before any question asks for a question first', async () => {
    const reply = only(await createHarness({ engine }).say('tell me more'));
    expect(reply.text).toContain(engine.respond('tell me more').answer.blocks[0]?.text);
  });

  test('"in Spanish please" answers the last question again in Spanish, and later answers stay Spanish', async () => {
    const harness = createHarness({ engine });
    await harness.say('how is innovation funded?');
    const card = cardOf(only(await harness.say('in Spanish please')));
    expect(headingOf(card)).toBe(headingFor('funding.overview', 'es'));
    expect(card.lang).toBe('es');
    expect(cardText(card)).toContain('Fuente: ');
    const next = cardOf(only(await conversation(harness, ['ADIP'])));
    expect(next.lang).toBe('es');
  });
});
