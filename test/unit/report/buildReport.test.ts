import { parseReportArguments, periodOf } from '../../../src/cli/report';
import type { QuestionEntry, QuestionLogEntry } from '../../../src/questionLog/questionLogEntry';
import { buildReport } from '../../../src/report/buildReport';
import { groupingWords, nameWords } from '../../../src/report/groupingWords';
import { renderReportHtml } from '../../../src/report/renderReportHtml';
import { renderReportText } from '../../../src/report/renderReportText';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-03-01T12:00:00Z');
let clock = T0;
const at = (): string => new Date((clock += 1000)).toISOString();

function declined(
  text: string,
  language: 'en' | 'es' = 'en',
  channel = 'webchat',
): QuestionLogEntry {
  return {
    type: 'question',
    at: at(),
    channel,
    language,
    city: 'mexico-city',
    outcome: 'declined',
    kind: 'fallback',
    topic: null,
    confidence: 0.21,
    candidates: [],
    text,
  };
}

function unsure(text: string, topic: string, language: 'en' | 'es' = 'en'): QuestionLogEntry {
  return {
    type: 'question',
    at: at(),
    channel: 'msteams',
    language,
    city: 'mexico-city',
    outcome: 'low-confidence',
    kind: 'profile',
    topic,
    confidence: 0.4,
    candidates: [{ topic, confidence: 0.4 }],
    text,
  };
}

function feedback(
  reaction: 'like' | 'dislike',
  topic: string | null,
  comment: string | null = null,
): QuestionLogEntry {
  return {
    type: 'feedback',
    at: at(),
    channel: 'msteams',
    language: 'en',
    city: 'mexico-city',
    topic,
    reaction,
    comment,
  };
}

function tally(
  channel: string,
  language: 'en' | 'es',
  questions: number,
  declinedCount: number,
): QuestionLogEntry {
  return { type: 'tally', at: at(), channel, language, questions, declined: declinedCount };
}

const entries: QuestionLogEntry[] = [
  declined('What is the GDP of Mexico City?'),
  declined('what is the gdp of mexico city'),
  declined('¿Cuál es el PIB de la Ciudad de México?', 'es'),
  declined('gdp, mexico city?', 'en', 'msteams'),
  declined('How many metro lines are there?'),
  declined('how many metro line are there'),
  declined('my email is [email], when is the next council meeting'),
  unsure('who runs the city these days', 'city.mayor'),
  unsure('quién manda en la ciudad', 'city.mayor', 'es'),
  unsure('who runs the city these days', 'city.mayor'),
  unsure('write to [email] about the budget', 'funding.overview'),
  feedback('dislike', 'city.mayor', 'out of date'),
  feedback('dislike', 'city.mayor'),
  feedback('like', 'city.mayor'),
  feedback('like', 'team.size'),
  tally('webchat', 'en', 40, 5),
  tally('msteams', 'en', 10, 1),
  tally('webchat', 'es', 8, 1),
];

const report = buildReport(entries, { fromMs: T0 - DAY, toMs: T0 + DAY });

describe('grouping declined questions by their words', () => {
  test.each([
    ['What is the GDP of Mexico City?', ['city', 'gdp', 'mexico']],
    ['gdp, mexico city?', ['city', 'gdp', 'mexico']],
    ['How many metro lines are there?', ['line', 'metro']],
    ['¿Cuántas líneas de metro hay?', ['cuanta', 'linea', 'metro']],
    [
      'my email is [email], when is the next council meeting',
      ['council', 'email', 'meeting', 'next'],
    ],
  ])('%j groups by %j', (text, words) => {
    expect(groupingWords(text)).toEqual(words);
  });

  test('questions worded alike fall into one group, counted, with their languages and the latest example', () => {
    expect(report.topDeclined[0]).toEqual({
      words: ['city', 'gdp', 'mexico'],
      count: 3,
      languages: { en: 3 },
      channels: { webchat: 2, msteams: 1 },
      example: 'gdp, mexico city?',
      nearestTopic: null,
    });
    expect(report.topDeclined.map((g) => g.count)).toEqual([3, 2, 1, 1]);
    expect(report.topDeclined.map((g) => g.words.join(' '))).toContain('line metro');
  });

  test("without the profiles' city names, the same question about the default city groups with its shorter form", () => {
    const cities = nameWords(['Mexico City', 'Ciudad de México', 'CDMX']);
    const grouped = buildReport(
      [declined('What is the GDP of Mexico City?'), declined('gdp?'), declined('GDP of CDMX')],
      { fromMs: T0 - DAY, toMs: T0 + DAY, ignoredWords: cities },
    );
    expect(grouped.topDeclined.map((g) => [g.words, g.count])).toEqual([[['gdp'], 3]]);
  });

  test('the Spanish question is its own group, in Spanish', () => {
    const spanish = report.topDeclined.find((g) => g.languages.es === 1);
    expect(spanish?.example).toBe('¿Cuál es el PIB de la Ciudad de México?');
  });
});

describe('near misses', () => {
  test('give each unsure topic its distinct phrasings, leaving out redacted ones', () => {
    expect(report.nearMisses).toEqual([
      {
        topic: 'city.mayor',
        count: 3,
        phrasings: [
          { text: 'quién manda en la ciudad', language: 'es', confidence: 0.4 },
          { text: 'who runs the city these days', language: 'en', confidence: 0.4 },
        ],
      },
      { topic: 'funding.overview', count: 1, phrasings: [] },
    ]);
  });
});

describe('feedback and rates', () => {
  test('feedback is counted per topic with its comments, most disliked first', () => {
    expect(report.feedbackByTopic).toEqual([
      {
        topic: 'city.mayor',
        likes: 1,
        dislikes: 2,
        comments: [expect.objectContaining({ reaction: 'dislike', text: 'out of date' })],
      },
      { topic: 'team.size', likes: 1, dislikes: 0, comments: [] },
    ]);
  });

  test('declined rates per language and channel come from the tallies', () => {
    expect(report.declinedRate.byChannel).toEqual([
      { key: 'msteams', questions: 10, declined: 1, rate: 0.1 },
      { key: 'webchat', questions: 48, declined: 6, rate: 0.125 },
    ]);
    expect(report.declinedRate.byLanguage).toEqual([
      { key: 'en', questions: 50, declined: 6, rate: 0.12 },
      { key: 'es', questions: 8, declined: 1, rate: 0.125 },
    ]);
  });

  test('without tallies yet, a rate still counts what the log holds', () => {
    const fresh = buildReport([declined('gdp?'), unsure('who runs it', 'city.mayor')], {
      fromMs: T0 - DAY,
      toMs: T0 + DAY,
    });
    expect(fresh.declinedRate.byLanguage).toEqual([
      { key: 'en', questions: 2, declined: 1, rate: 0.5 },
    ]);
  });

  test('only the period counts', () => {
    const later = buildReport(entries, { fromMs: T0 + 2 * DAY, toMs: T0 + 3 * DAY });
    expect(later.topDeclined).toEqual([]);
    expect(later.totals).toEqual({
      questions: 0,
      declined: 0,
      lowConfidence: 0,
      likes: 0,
      dislikes: 0,
    });
  });

  test('a "the profile doesn\'t say" question counts for its nearest topic but is never suggested as an example', () => {
    const gap: QuestionLogEntry = {
      ...(declined('how many metro lines are there') as QuestionEntry),
      kind: 'gap',
      candidates: [{ topic: 'city.population', confidence: 0.5 }],
    };
    const fallback: QuestionLogEntry = {
      ...(declined('who runs the budget office') as QuestionEntry),
      candidates: [{ topic: 'funding.overview', confidence: 0.3 }],
    };
    const mixed = buildReport([gap, fallback], { fromMs: T0 - DAY, toMs: T0 + DAY });
    expect(mixed.nearMisses.map((m) => m.topic)).toEqual(['funding.overview']);
    expect(mixed.byTopic).toEqual([
      { topic: 'city.population', declined: 1, dislikes: 0 },
      { topic: 'funding.overview', declined: 1, dislikes: 0 },
    ]);
    expect(mixed.topDeclined.map((g) => g.nearestTopic)).toContain('city.population');
  });

  test('the chart rows add declines and dislikes per topic', () => {
    expect(report.byTopic).toEqual([
      { topic: null, declined: 7, dislikes: 0 },
      { topic: 'city.mayor', declined: 0, dislikes: 2 },
    ]);
  });
});

describe('rendering', () => {
  const names = new Map([['city.mayor', 'Mayor']]);

  test('the text report names the sections, the groups and the phrasings', () => {
    const text = renderReportText(report, names);
    expect(text).toContain('Top declined questions');
    expect(text).toContain('gdp, mexico city?');
    expect(text).toContain('city.mayor (Mayor): 3 unsure answer(s)');
    expect(text).toContain('es: - quién manda en la ciudad');
    expect(text).toMatch(/webchat\s+48\s+6\s+12\.5%/);
  });

  test('the HTML page is self-contained and escapes what people wrote', () => {
    const html = renderReportHtml(
      buildReport([declined('<script>alert(1)</script> budget?')], {
        fromMs: T0 - DAY,
        toMs: T0 + DAY,
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('role="img"');
  });

  test('the HTML suggests the phrasings as YAML for the topic', () => {
    expect(renderReportHtml(report, names)).toContain(
      '    - &quot;who runs the city these days&quot;',
    );
  });
});

describe('the report command line', () => {
  test.each([
    [['--json'], { isJson: true, htmlFile: null, days: null }],
    [['--html', 'out.html', '--days', '7'], { htmlFile: 'out.html', days: 7 }],
    [['--from', '2026-02-01', '--to', '2026-02-28'], { from: '2026-02-01', to: '2026-02-28' }],
  ])('%j is read as %j', (argv, expected) => {
    const parsed = parseReportArguments(argv);
    expect(parsed.ok).toBe(true);
    if (parsed.ok === true) expect(parsed.args).toEqual(expect.objectContaining(expected));
  });

  test.each([
    [['--days', 'seven']],
    [['--html']],
    [['--from', '2026-13-45']],
    [['--days', '3', '--from', '2026-02-01']],
    [['--from', '2026-03-01', '--to', '2026-02-01']],
    [['--verbose']],
  ])('%j is refused with a reason', (argv) => {
    const parsed = parseReportArguments(argv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok === false) expect(parsed.problem).toMatch(/\S/);
  });

  test('the period is the retention by default, or whole UTC days', () => {
    const parsed = parseReportArguments(['--from', '2026-02-01', '--to', '2026-02-28']);
    if (parsed.ok !== true) throw new Error('not parsed');
    expect(periodOf(parsed.args, 30, T0)).toEqual({
      fromMs: Date.parse('2026-02-01T00:00:00Z'),
      toMs: Date.parse('2026-02-28T23:59:59.999Z'),
    });
    const defaults = parseReportArguments([]);
    if (defaults.ok !== true) throw new Error('not parsed');
    expect(periodOf(defaults.args, 30, T0)).toEqual({ fromMs: T0 - 30 * DAY, toMs: T0 });
  });
});
