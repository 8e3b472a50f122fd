import { ActionTypes } from 'botbuilder';
import { STARTER_TOPICS } from '../../src/core/composeAnswer';
import { pick, TEXTS } from '../../src/core/texts';
import type { Language } from '../../src/core/schema';
import {
  bodyButtonTitles,
  cardOf,
  cardText,
  createHarness,
  followUpTitles,
  headingOf,
  loadEngine,
  only,
  profileOf,
  suggestedValues,
  type CardNode,
} from './conversationHarness';

const engine = loadEngine();
const { kb } = engine;
const profile = profileOf(kb);

function starterLabels(language: Language): string[] {
  return STARTER_TOPICS.map(
    (id) => kb.topics.find((t) => t.id === id)?.suggestion?.[language] ?? '',
  ).slice(0, engine.settings.maxSuggestions);
}

describe('help', () => {
  const help = kb.topics.find((t) => t.id === 'chat.help');

  test.each([
    ['help', 'en'],
    ['ayuda', 'es'],
  ] as const)(
    '"%s" explains what to ask, in %s, with example buttons',
    async (message, language) => {
      const card = cardOf(only(await createHarness({ engine }).say(message)));
      expect(headingOf(card)).toBe(help?.title[language]);
      expect(cardText(card)).toContain(help?.reply?.[language]);
      expect(followUpTitles(card)).toEqual(starterLabels(language));
    },
  );

  test('help in the middle of a conversation keeps the conversation going afterwards', async () => {
    const harness = createHarness({ engine });
    await harness.say('how is innovation funded?');
    await harness.say('help');
    const card = cardOf(only(await harness.say('what about the sources?')));
    expect(headingOf(card)).toBe(
      `${kb.topics.find((t) => t.id === 'funding.sources')?.title.en} — ${profile.name.en}`,
    );
  });
});

describe('questions the bot cannot answer', () => {
  test.each([
    ["What's the weather like tomorrow?", 'en'],
    ['cuéntame un chiste', 'es'],
  ] as const)(
    '"%s" gets the fallback in %s: what the bot covers, and suggestions',
    async (message, language) => {
      const reply = only(await createHarness({ engine }).say(message));
      const card = cardOf(reply);
      expect(headingOf(card)).toBe(pick(TEXTS.fallbackTitle, language));
      expect(cardText(card)).toContain(pick(TEXTS.fallback(profile.name[language]), language));
      expect(followUpTitles(card)).toEqual(starterLabels(language));
      expect(reply.text).not.toContain(profile.profileUrl);
    },
  );

  test.each([
    ['Who is the mayor of Berlin?', 'en', 'Berlin'],
    ['¿Quién es el alcalde de Bogotá?', 'es', 'Bogotá'],
  ] as const)(
    '"%s" names the cities that do have a profile, in %s, and no facts',
    async (message, language, place) => {
      const card = cardOf(only(await createHarness({ engine }).say(message)));
      expect(headingOf(card)).toBe(pick(TEXTS.unknownCityTitle, language));
      const known = kb.profiles.map((p) => p.name[language]).join(', ');
      expect(cardText(card)).toContain(pick(TEXTS.unknownCity(place, known), language));
      const mayorFact = profile.facts.find((f) => f.topic === 'city.mayor');
      expect(mayorFact).toBeDefined();
      expect(cardText(card)).not.toContain('Sheinbaum');
    },
  );
});

describe('text-only mode', () => {
  test('"text only" switches to plain text with suggested actions, and "cards" switches back', async () => {
    const harness = createHarness({ engine });
    const switched = only(await harness.say('text only'));
    expect(switched.attachments ?? []).toHaveLength(0);
    expect(switched.text).toContain(pick(TEXTS.styleText, 'en'));

    const answer = only(await harness.say('who is the mayor?'));
    const expected = engine.ask('who is the mayor?');
    expect(answer.attachments ?? []).toHaveLength(0);
    expect(answer.text).toBe(expected.text);
    expect(answer.speak).toContain(expected.blocks[0]?.text);
    expect(answer.suggestedActions?.actions.map((a) => a.type)).toEqual(
      expected.suggestions.map(() => ActionTypes.ImBack),
    );
    expect(suggestedValues(answer)).toEqual(expected.suggestions.map((s) => s.value));

    const back = only(await harness.say('cards'));
    expect(headingOf(cardOf(back))).toBe(pick(TEXTS.welcomeTitle, 'en'));
    expect(cardText(cardOf(back))).toContain(pick(TEXTS.styleCards, 'en'));
    expect(headingOf(cardOf(only(await harness.say('who is the mayor?'))))).toBe(expected.title);
  });

  test('"solo texto" works in Spanish and the confirmation is in Spanish', async () => {
    const harness = createHarness({ engine, locale: 'es-MX' });
    const reply = only(await harness.say('solo texto'));
    expect(reply.attachments ?? []).toHaveLength(0);
    expect(reply.text).toContain(pick(TEXTS.styleText, 'es'));
  });

  test('a channel without cards always gets plain text with suggested actions', async () => {
    const reply = only(await createHarness({ engine, channelId: 'sms' }).say('who is the mayor?'));
    const expected = engine.ask('who is the mayor?');
    expect(reply.attachments ?? []).toHaveLength(0);
    expect(reply.text).toBe(expected.text);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    expect(suggestedValues(reply)).toEqual(expected.suggestions.map((s) => s.value));
  });
});

describe('"did you mean" when two topics are close', () => {
  const closeEngine = loadEngine({ closeMargin: 0.5 });

  test.each([
    ['funding', 'en'],
    ['financiamiento', 'es'],
  ] as const)(
    '"%s" answers the best topic and offers the close one as a button, in %s',
    async (message, language) => {
      const expected = closeEngine.ask(message);
      expect(expected.alternatives.length).toBeGreaterThan(0);
      const card = cardOf(only(await createHarness({ engine: closeEngine }).say(message)));
      expect(headingOf(card)).toBe(expected.title);
      expect(cardText(card)).toContain(`${pick(TEXTS.didYouMean, language)}…?`);
      expect(bodyButtonTitles(card)).toEqual(expected.alternatives.map((a) => a.label));
      expect(followUpTitles(card)).not.toEqual(
        expect.arrayContaining(expected.alternatives.map((a) => a.label)),
      );
    },
  );

  test('pressing a "did you mean" button answers that topic', async () => {
    const harness = createHarness({ engine: closeEngine });
    const card = cardOf(only(await harness.say('funding')));
    const button = card.body
      .flatMap((n) => n.actions ?? [])
      .find((a): a is CardNode => a.type === 'Action.Submit');
    expect(button).toBeDefined();
    const answer = cardOf(only(await harness.say({ text: undefined, value: button?.data })));
    expect(headingOf(answer)).toBe(closeEngine.ask(button?.title ?? '').title);
  });

  test('in text-only mode the close topics come first among the suggested actions', async () => {
    const harness = createHarness({ engine: closeEngine });
    await harness.say('text only');
    const reply = only(await harness.say('funding'));
    const expected = closeEngine.ask('funding');
    expect(suggestedValues(reply).slice(0, expected.alternatives.length)).toEqual(
      expected.alternatives.map((a) => a.value),
    );
    expect(reply.text).toContain(pick(TEXTS.didYouMean, 'en'));
  });
});

describe('messages that are not typed questions', () => {
  test('a card button posted as a value with no text is read as the question (Web Chat, Emulator)', async () => {
    const harness = createHarness({ engine });
    const first = cardOf(only(await harness.say('who is the mayor?')));
    const button = (first.actions ?? []).find((a) => a.type === 'Action.Submit');
    expect(button?.title).toBeDefined();
    const reply = only(await harness.say({ text: undefined, value: button?.data }));
    expect(headingOf(cardOf(reply))).toBe(engine.ask(button?.title ?? '').title);
  });

  test('a message with only an attachment gets a polite "text only" answer in the conversation language', async () => {
    const harness = createHarness({ engine });
    await harness.say('¿Quién es la jefa de gobierno?');
    const reply = only(
      await harness.say({
        text: undefined,
        attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/a.png' }],
      }),
    );
    const card = cardOf(reply);
    expect(headingOf(card)).toBe(pick(TEXTS.unsupportedTitle, 'es'));
    expect(cardText(card)).toContain(pick(TEXTS.unsupported, 'es'));
  });

  test('an attachment does not make the conversation forget its last topic', async () => {
    const harness = createHarness({ engine });
    await harness.say('how is innovation funded?');
    await harness.say({
      text: undefined,
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/a.png' }],
    });
    const card = cardOf(only(await harness.say('what about the sources?')));
    expect(headingOf(card)).toBe(
      `${kb.topics.find((t) => t.id === 'funding.sources')?.title.en} — ${profile.name.en}`,
    );
  });

  test('an empty message asks for a question, with example buttons', async () => {
    const card = cardOf(only(await createHarness({ engine }).say({ text: '   ' })));
    expect(headingOf(card)).toBe(pick(TEXTS.emptyTitle, 'en'));
    expect(followUpTitles(card)).toEqual(starterLabels('en'));
  });
});
