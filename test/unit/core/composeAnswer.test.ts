import { citiesHint } from '../../../src/core/citiesHint';
import type { Answer } from '../../../src/core/answer';
import {
  sectionTitle,
  composeAnswer,
  renderPlainText,
  type AnswerRequest,
} from '../../../src/core/composeAnswer';
import type { Engine } from '../../../src/core/engine';
import type { Fact, KnowledgeBase, Language, Profile, Topic } from '../../../src/core/schema';
import {
  allFigures,
  buildEngine,
  defaultProfile,
  englishFactFragments,
  expectedFigureText,
  factById,
  figureById,
  loadRealKnowledge,
  profileTopics,
  topicById,
} from './support';

const PROFILE_URL = 'https://cities-innovation-oecd.com/cities/mexico-city-mex';
const WHEN = {
  en: 'At the time of the 2020 survey',
  es: 'En el momento de la encuesta de 2020',
} as const;
const LANGUAGES = ['en', 'es'] as const;

let engine: Engine;
let kb: KnowledgeBase;
let profile: Profile;
beforeAll(() => {
  engine = buildEngine();
  kb = engine.kb;
  profile = defaultProfile(kb);
});

function request(
  topic: Topic | null,
  language: Language,
  extra: Partial<AnswerRequest> = {},
): AnswerRequest {
  return {
    topic,
    language,
    confidence: 0.9,
    city: profile.id,
    unknownCity: null,
    policyArea: null,
    surveyYear: null,
    alternatives: [],
    maxSuggestions: 3,
    ...extra,
  };
}

function answerFor(
  topicId: string,
  language: Language,
  extra: Partial<AnswerRequest> = {},
): Answer {
  return composeAnswer(kb, request(topicById(kb, topicId), language, extra));
}

/** What the person reads as the answer itself: title and blocks, without the citation lines. */
function body(answer: Answer): string {
  return [
    answer.title,
    ...answer.blocks.flatMap((b) => [b.heading ?? '', b.text, ...b.items, b.note ?? '']),
  ].join('\n');
}

/** The facts an answer to a topic shows first: its own facts (the comparison topic gathers facts with comparisons). */
function ownFacts(topic: Topic): Fact[] {
  if (topic.id === 'comparison') {
    return profile.facts.filter(
      (f) =>
        f.figures.some((g) => g.unit === 'percent-of-cities') ||
        f.items.some((i) => i.figures.some((g) => g.unit === 'cities')),
    );
  }
  return profile.facts.filter((f) => f.topic === topic.id);
}

// Tables read at collection time from the real knowledge: they follow the knowledge base.
const TABLE_KB = loadRealKnowledge();
/** Profile topics × languages. */
// survey.about and cities.list answer from the survey file and the list of profiles, not a profile's facts.
const TOPIC_ROWS = profileTopics(TABLE_KB)
  .filter((t) => t.id !== 'survey.about' && t.id !== 'cities.list')
  .flatMap((t) => LANGUAGES.map((l) => [t.id, l] as [string, Language]));
/** Policy areas × languages. */
// The 19 areas of the data-availability chart (focus-only areas have no data status).
const AREA_ROWS = TABLE_KB.policyAreas
  .filter((a) => !a.focusOnly)
  .flatMap((a) => LANGUAGES.map((l) => [a.id, l] as [string, Language]));

describe('every profile topic gives a full answer', () => {
  test('the table covers every profile topic of the spec', () => {
    expect(TOPIC_ROWS.length).toBeGreaterThanOrEqual(22 * 2);
  });

  test.each(TOPIC_ROWS)(
    '%s in %s has blocks, cited facts and the public profile',
    (topicId, language) => {
      const answer = answerFor(topicId, language);
      expect(answer.kind).toBe('profile');
      expect(answer.topic).toBe(topicId);
      expect(answer.language).toBe(language);
      expect(answer.city).toBe(profile.id);
      expect(answer.blocks.length).toBeGreaterThanOrEqual(1);
      expect(answer.profileUrl).toBe(PROFILE_URL);
      expect(answer.citations.length).toBeGreaterThanOrEqual(1);
      for (const c of answer.citations) {
        expect([2020, 2018]).toContain(c.year);
        expect(c.section.trim().length).toBeGreaterThan(0);
        expect(c.source.trim().length).toBeGreaterThan(0);
        expect(c.url).toBe(PROFILE_URL);
      }
      const keys = answer.citations.map((c) => `${c.source}|${c.year}|${c.section}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(answer.title).toContain(profile.name[language]);
    },
  );

  test.each(TOPIC_ROWS)('%s in %s leaves no placeholder unfilled', (topicId, language) => {
    expect(answerFor(topicId, language).text).not.toMatch(/\{[a-z0-9.-]+\}/);
  });

  test.each(TOPIC_ROWS)(
    '%s in %s starts every block with a capital letter',
    (topicId, language) => {
      for (const block of answerFor(topicId, language).blocks)
        expect(block.text).toMatch(/^[^\p{Ll}]/u);
    },
  );

  test.each(TOPIC_ROWS)('%s in %s shows the text of each of its facts', (topicId, language) => {
    const answer = answerFor(topicId, language);
    const text = body(answer);
    for (const fact of ownFacts(topicById(kb, topicId))) {
      // The longest literal piece of the fact text, placeholders aside.
      const pieces = fact.text[language]
        .split(/\{[a-z0-9.-]+\}/)
        .map((s) => s.replace(/^[\s,]+|[\s,.:]+$/g, ''));
      const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
      expect(text.toLowerCase()).toContain(longest.toLowerCase());
    }
  });

  test.each(TOPIC_ROWS)(
    '%s in %s says when its first fact is from, when the fact has {when}',
    (topicId, language) => {
      const first = ownFacts(topicById(kb, topicId))[0];
      const answer = answerFor(topicId, language);
      if (first?.text[language].startsWith('{when}')) {
        expect(answer.blocks[0]?.text.startsWith(WHEN[language])).toBe(true);
      } else {
        expect(answer.blocks[0]?.text).not.toContain('{when}');
      }
    },
  );

  test('most profile topics open with the survey time (the check above is not vacuous)', () => {
    const opening = profileTopics(kb).filter((t) => ownFacts(t)[0]?.text.en.startsWith('{when}'));
    expect(opening.length).toBeGreaterThanOrEqual(15);
    expect(opening.map((t) => t.id)).toEqual(
      expect.arrayContaining(['city.mayor', 'city.population', 'funding.overview']),
    );
  });

  test.each(TOPIC_ROWS)(
    '%s in %s shows each figure of its facts, formatted',
    (topicId, language) => {
      const text = answerFor(topicId, language).text;
      for (const fact of ownFacts(topicById(kb, topicId))) {
        for (const m of fact.text[language].matchAll(/\{([a-z0-9-]+)(\.year)?\}/g)) {
          const id = m[1] ?? '';
          if (id === 'when') continue;
          const figure = figureById(fact, id);
          expect(text).toContain(m[2] ? String(figure.year) : expectedFigureText(figure, language));
        }
        for (const item of fact.items) {
          for (const figure of item.figures.filter((f) => f.unit === 'cities')) {
            expect(text).toContain(`${figure.value} ${language === 'en' ? 'cities' : 'ciudades'}`);
          }
        }
      }
    },
  );

  test.each(TOPIC_ROWS)(
    '%s in %s suggests other topics, at most as many as asked',
    (topicId, language) => {
      const topic = topicById(kb, topicId);
      const answer = answerFor(topicId, language);
      expect(answer.suggestions.length).toBeLessThanOrEqual(3);
      const own = [topic.id, ...topic.includes].map(
        (id) => topicById(kb, id).suggestion?.[language],
      );
      for (const s of answer.suggestions) expect(own).not.toContain(s.label);
    },
  );

  test.each(TOPIC_ROWS.filter(([, l]) => l === 'es'))(
    '%s in Spanish contains no English fact sentence',
    (topicId) => {
      const text = body(answerFor(topicId, 'es'));
      for (const fragment of englishFactFragments(profile)) expect(text).not.toContain(fragment);
      expect(text).not.toContain('At the time of the');
    },
  );

  test('the English fragments checked above are many (the check is not vacuous)', () => {
    expect(englishFactFragments(profile).length).toBeGreaterThan(40);
  });
});

describe('figures', () => {
  test.each(LANGUAGES)(
    'the funding answer in %s gives the dedicated-funding share as a percentage',
    (language) => {
      const share = figureById(factById(profile, 'dedicated-funding'), 'dedicated-funding');
      expect(share.unit).toBe('percent-of-cities');
      expect(answerFor('funding.overview', language).text).toContain(`${share.value}%`);
      expect(`${share.value}%`).toBe('81%');
    },
  );

  test.each([
    ['en', '9,209,944'],
    ['es', '9,209,944'],
  ] as const)(
    'the population in %s is written with thousands separators (%s)',
    (language, written) => {
      const population = figureById(factById(profile, 'population'), 'population');
      const text = answerFor('city.population', language).text;
      expect(text).toContain(expectedFigureText(population, language));
      expect(text).toContain(written);
      expect(text).toContain(`${population.year}`);
    },
  );

  test.each(LANGUAGES)('the team answer in %s gives the staff count', (language) => {
    const staff = figureById(factById(profile, 'independent-department'), 'staff');
    expect(answerFor('team.structure', language).text).toContain(String(staff.value));
  });

  test.each(LANGUAGES)(
    'the comparison answer in %s contains every percent-of-cities figure of the profile',
    (language) => {
      const shares = allFigures(profile).filter(
        ({ figure }) => figure.unit === 'percent-of-cities',
      );
      expect(shares.length).toBeGreaterThanOrEqual(3);
      const text = answerFor('comparison', language).text;
      for (const { figure } of shares) expect(text).toContain(`${figure.value}%`);
    },
  );

  test.each(LANGUAGES)(
    'the funded-activities answer in %s gives the count before each label: 47 (2018 only), 79, 51, 36, 30',
    (language) => {
      const text = answerFor('funding.activities', language).text;
      const items = factById(profile, 'funded-activities').items;
      const counts = items.flatMap((i) =>
        i.figures.filter((f) => f.unit === 'cities').map((f) => f.value),
      );
      expect(counts).toEqual([47, 79, 51, 36, 30]);
      for (const n of counts)
        expect(text).toContain(`${n} ${language === 'en' ? 'cities' : 'ciudades'}`);
      // The 2018-only option says so and is never given "at the time of the 2020 survey".
      const launching = items[0]?.text?.[language] ?? '';
      expect(launching).toMatch(/2018/);
      expect(items[0]?.figures[0]?.year).toBe(2018);
      const line = text.split('\n').find((l) => l.includes('47')) ?? '';
      expect(line).not.toMatch(/2020/);
    },
  );

  test('the funded-activities answer marks exactly the activities Mexico City funds', () => {
    const fact = factById(profile, 'funded-activities');
    const mine = fact.items.filter((i) => i.isCityChoice);
    const answer = answerFor('funding.activities', 'en');
    const marked = answer.blocks
      .flatMap((b) => b.items)
      .filter((i) => i.includes('funded by this city'));
    expect(marked).toHaveLength(mine.length);
    for (const item of mine)
      expect(marked.some((m) => m.startsWith(item.text?.en ?? '(no text)'))).toBe(true);
  });

  test('the data-availability counts in the knowledge base match the areas they list', () => {
    for (const status of ['sufficient', 'insufficient'] as const) {
      const fact = profile.facts.find((f) => f.dataStatus === status);
      const figure = fact?.figures.find((f) => f.unit === 'areas');
      expect(figure?.value).toBe(fact?.items.length);
    }
  });

  test('the ranked list of innovation activities is numbered in order', () => {
    const answer = answerFor('innovation.activities', 'en');
    const ranked = factById(profile, 'ranked-activities');
    ranked.items.forEach((item, i) =>
      expect(answer.text).toContain(`${i + 1}. ${item.text?.en ?? '(no text)'}`),
    );
  });
});

describe('data availability for one policy area', () => {
  test('the table covers the 19 policy areas in both languages', () => {
    expect(AREA_ROWS).toHaveLength(19 * 2);
  });

  test.each(AREA_ROWS)(
    '%s in %s says whether the area has sufficient data, as the fact listing it says',
    (areaId, language) => {
      const area = kb.policyAreas.find((a) => a.id === areaId);
      const holder = profile.facts.find(
        (f) => f.topic === 'data.availability' && f.items.some((i) => i.policyArea === areaId),
      );
      expect(holder?.dataStatus).toBeDefined();
      const answer = answerFor('data.availability', language, { policyArea: areaId });
      expect(answer.policyArea).toBe(areaId);
      const first = answer.blocks[0]?.text ?? '';
      if (language === 'en') {
        const status = /\bhad (sufficient|insufficient) data on (.+)\.$/.exec(first);
        expect(status?.[1]).toBe(holder?.dataStatus);
        expect(status?.[2]?.toLowerCase()).toBe(area?.name.en.toLowerCase());
      } else {
        const status = /\bdatos (suficientes|insuficientes) sobre (.+)\.$/.exec(first);
        expect(status?.[1]).toBe(
          holder?.dataStatus === 'sufficient' ? 'suficientes' : 'insuficientes',
        );
        expect(status?.[2]?.toLowerCase()).toBe(area?.name.es.toLowerCase());
      }
      expect(first.startsWith(WHEN[language])).toBe(true);
      expect(answer.citations.map((c) => c.section)).toEqual([
        holder ? sectionTitle(holder, profile, kb, language) : undefined,
      ]);
    },
  );

  test.each(LANGUAGES)(
    'the one-area answer in %s also gives how many areas have sufficient and insufficient data',
    (language) => {
      const sufficient =
        profile.facts.find((f) => f.dataStatus === 'sufficient')?.items.length ?? -1;
      const insufficient =
        profile.facts.find((f) => f.dataStatus === 'insufficient')?.items.length ?? -1;
      const text = answerFor('data.availability', language, { policyArea: 'health' }).text;
      expect(text).toContain(String(sufficient));
      expect(text).toContain(String(insufficient));
    },
  );

  test('an area no fact lists is said to be absent from the profile, not guessed', () => {
    const answer = answerFor('data.availability', 'en', { policyArea: 'space-travel' });
    expect(answer.text).toContain('says nothing about data on space-travel');
    expect(answer.text).not.toMatch(/had (sufficient|insufficient) data on/);
  });
});

describe('other kinds of answer', () => {
  test.each(LANGUAGES)(
    'a city without a profile in %s gets no facts and how to find the cities the bot knows',
    (language) => {
      const answer = composeAnswer(
        kb,
        request(topicById(kb, 'city.mayor'), language, { unknownCity: 'Porto' }),
      );
      expect(answer.kind).toBe('unknown-city');
      expect(answer.unknownCity).toBe('Porto');
      expect(answer.topic).toBeNull();
      expect(answer.citations).toEqual([]);
      expect(answer.profileUrl).toBeNull();
      expect(answer.text).toContain('Porto');
      expect(answer.text).toContain(citiesHint(kb, language, 'Porto'));
    },
  );

  test.each(LANGUAGES)('no topic in %s gets the fallback with starter suggestions', (language) => {
    const answer = composeAnswer(kb, request(null, language));
    expect(answer.kind).toBe('fallback');
    expect(answer.citations).toEqual([]);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  test('the out-of-scope topic gets the fallback, never facts', () => {
    const none = kb.topics.find((t) => t.kind === 'none');
    expect(none).toBeDefined();
    const answer = composeAnswer(kb, request(none ?? null, 'en'));
    expect(answer.kind).toBe('fallback');
    expect(answer.topic).toBeNull();
  });

  test.each(LANGUAGES)('a chat topic in %s gets its reply', (language) => {
    const thanks = topicById(kb, 'chat.thanks');
    const answer = composeAnswer(kb, request(thanks, language));
    expect(answer.kind).toBe('chat');
    expect(answer.text).toContain(thanks.reply?.[language] ?? '(no reply)');
  });

  test('the overview shows the facts of the topics it includes, each under its title', () => {
    const overview = topicById(kb, 'city.overview');
    const headings = answerFor('city.overview', 'en').blocks.map((b) => b.heading);
    for (const id of overview.includes) expect(headings).toContain(topicById(kb, id).title.en);
  });

  test.each([
    [2015, true],
    [2018, false],
    [2020, false],
  ])('asking about the %i survey adds a note about the survey year: %p', (year, hasNote) => {
    const plain = answerFor('city.population', 'en');
    const answer = answerFor('city.population', 'en', { surveyYear: year });
    const note = `The profile holds figures from the ${profile.survey.year} survey, not ${year}.`;
    expect(answer.text.includes(note)).toBe(hasNote);
    expect(answer.blocks.length).toBe(plain.blocks.length + (hasNote ? 1 : 0));
  });

  test('composing is pure: the same request gives the same answer', () => {
    const req = request(topicById(kb, 'funding.overview'), 'es', {
      alternatives: [topicById(kb, 'funding.sources')],
    });
    expect(composeAnswer(kb, req)).toEqual(composeAnswer(kb, req));
  });

  test.each(LANGUAGES)(
    'alternatives in %s are offered as "did you mean" with their suggestion',
    (language) => {
      const structure = topicById(kb, 'team.structure');
      const answer = answerFor('innovation.lead', language, { alternatives: [structure] });
      const label = structure.suggestion?.[language] ?? '(no suggestion)';
      const button = structure.button?.[language];
      expect(answer.alternatives).toEqual([{ label, value: label, button }]);
      expect(answer.text).toContain(
        language === 'en' ? `Did you mean “${label}”` : `¿Quisiste decir “${label}”?`,
      );
    },
  );

  test.each(LANGUAGES)(
    'a runner-up that the answer already includes is not offered in %s',
    (language) => {
      const answer = answerFor('funding.overview', language, {
        alternatives: [topicById(kb, 'funding.sources')],
      });
      expect(answer.alternatives).toEqual([]);
    },
  );

  // Was a bug: the labels' own "?" was doubled by the sentence's ("...come from??").
  test.each(LANGUAGES)(
    'the "did you mean" line in %s does not double the question mark',
    (language) => {
      const answer = answerFor('innovation.lead', language, {
        alternatives: [topicById(kb, 'team.structure')],
      });
      expect(answer.alternatives).toHaveLength(1);
      expect(answer.text).not.toContain('??');
    },
  );

  test('the plain text lists each citation with source, year and section, then the profile page', () => {
    const answer = answerFor('funding.overview', 'en');
    const lines = answer.text.split('\n');
    const sourceLines = lines.filter((l) => l.startsWith('Source: '));
    for (const c of answer.citations)
      expect(
        sourceLines.some(
          (l) => l.startsWith(`Source: ${c.source}, ${c.year}, `) && l.includes(`“${c.section}”`),
        ),
      ).toBe(true);
    expect(lines[lines.length - 1]).toBe(`Public profile: ${PROFILE_URL}`);
  });

  test('renderPlainText numbers ordered lists and bullets unordered ones', () => {
    const text = renderPlainText(
      'Title',
      [
        { heading: 'Ranked', text: 'Top:', items: ['one', 'two'], isOrdered: true, note: null },
        { heading: null, text: 'Other:', items: ['a'], isOrdered: false, note: 'a note' },
      ],
      [],
      'en',
    );
    expect(text.split('\n')).toEqual([
      'Title',
      '',
      'Ranked',
      '',
      'Top:',
      '1. one',
      '2. two',
      '',
      'Other:',
      '- a',
      '(a note)',
    ]);
  });
});
