import type { Language } from '../core/schema';
import type {
  FeedbackEntry,
  QuestionEntry,
  QuestionLogEntry,
  TallyEntry,
} from '../questionLog/questionLogEntry';
import { REDACTION_PLACEHOLDERS } from '../questionLog/redactPersonalData';
import { groupingWords } from './groupingWords';

/** What `npm run report` prints (as text, JSON or an HTML page), for one period. Plain data. */
export interface Report {
  readonly period: { readonly from: string; readonly to: string };
  readonly totals: {
    /** Questions the bot got in the period (counted without their text). */
    readonly questions: number;
    readonly declined: number;
    readonly lowConfidence: number;
    readonly likes: number;
    readonly dislikes: number;
  };
  /** Declined questions grouped by their normalised words, most frequent first. */
  readonly topDeclined: readonly DeclinedGroup[];
  /** Topics the bot was unsure about, with the phrasings that could become examples. */
  readonly nearMisses: readonly NearMiss[];
  readonly feedbackByTopic: readonly TopicFeedback[];
  /** Declines (by the topic the bot leaned to, null for none) and dislikes, per topic: the chart. */
  readonly byTopic: readonly TopicProblems[];
  readonly declinedRate: {
    readonly byLanguage: readonly RateRow[];
    readonly byChannel: readonly RateRow[];
  };
}

export interface DeclinedGroup {
  /** The words that define the group (normalised, sorted). */
  readonly words: readonly string[];
  readonly count: number;
  readonly languages: Readonly<Partial<Record<Language, number>>>;
  readonly channels: Readonly<Record<string, number>>;
  /** The latest question of the group, as logged (redacted). */
  readonly example: string;
  /** The topic the bot leaned to, when it said (and how often). */
  readonly nearestTopic: string | null;
}

export interface NearMiss {
  readonly topic: string;
  readonly count: number;
  /** Distinct phrasings, newest first, without redaction placeholders: candidates for the topic's examples. */
  readonly phrasings: ReadonlyArray<{
    readonly text: string;
    readonly language: Language;
    readonly confidence: number;
  }>;
}

export interface TopicFeedback {
  /** null: feedback on an answer the bot could no longer tell. */
  readonly topic: string | null;
  readonly likes: number;
  readonly dislikes: number;
  readonly comments: ReadonlyArray<{
    readonly reaction: 'like' | 'dislike';
    readonly text: string;
    readonly at: string;
  }>;
}

export interface TopicProblems {
  readonly topic: string | null;
  readonly declined: number;
  readonly dislikes: number;
}

export interface RateRow {
  /** A language code or a channel id. */
  readonly key: string;
  readonly questions: number;
  readonly declined: number;
  /** declined / questions, 0 when there were no questions. */
  readonly rate: number;
}

export interface ReportOptions {
  readonly fromMs: number;
  readonly toMs: number;
  /** Rows kept in the declined groups and near misses. */
  readonly top?: number;
  /** Phrasings shown per near-miss topic. */
  readonly phrasingsPerTopic?: number;
  /** Words left out when grouping declined questions: the profiles' city names (see nameWords). */
  readonly ignoredWords?: ReadonlySet<string>;
}

export const REPORT_DEFAULTS = Object.freeze({ top: 20, phrasingsPerTopic: 5 });

const PLACEHOLDERS: readonly string[] = Object.values(REDACTION_PLACEHOLDERS);

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function byCountThenKey<T extends { count: number }>(key: (row: T) => string) {
  return (a: T, b: T): number => b.count - a.count || key(a).localeCompare(key(b));
}

function groupDeclined(
  questions: readonly QuestionEntry[],
  top: number,
  ignored: ReadonlySet<string>,
): DeclinedGroup[] {
  interface Group {
    words: string[];
    count: number;
    languages: Map<Language, number>;
    channels: Map<string, number>;
    example: string;
    exampleAt: string;
    topics: Map<string, number>;
  }
  const groups = new Map<string, Group>();
  for (const q of questions) {
    const words = groupingWords(q.text, ignored);
    // A question of only stop words or placeholders is grouped by its own text.
    const key = words.length > 0 ? words.join(' ') : q.text.trim().toLowerCase();
    const group: Group = groups.get(key) ?? {
      words,
      count: 0,
      languages: new Map<Language, number>(),
      channels: new Map<string, number>(),
      example: q.text,
      exampleAt: q.at,
      topics: new Map<string, number>(),
    };
    group.count += 1;
    increment(group.languages, q.language);
    increment(group.channels, q.channel);
    if (q.at >= group.exampleAt) {
      group.example = q.text;
      group.exampleAt = q.at;
    }
    const leaning = q.topic ?? q.candidates[0]?.topic;
    if (leaning) increment(group.topics, leaning);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort(byCountThenKey((g) => g.words.join(' ')))
    .slice(0, top)
    .map((g) => ({
      words: g.words,
      count: g.count,
      languages: Object.fromEntries(g.languages),
      channels: Object.fromEntries(g.channels),
      example: g.example,
      nearestTopic: [...g.topics].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
    }));
}

/**
 * Near misses: low-confidence answers by the topic given, and questions the bot fell
 * back on by the best candidate it reported. Not "the profile doesn't say" answers
 * (kind gap): those questions are known to be outside the profile, and adding them as
 * examples would make the bot answer them with an unrelated fact. A phrasing with a
 * redaction placeholder is left out too: it is not a sentence an editor should add.
 */
function nearMissesOf(
  questions: readonly QuestionEntry[],
  top: number,
  perTopic: number,
): NearMiss[] {
  const topics = new Map<
    string,
    { count: number; phrasings: Map<string, NearMiss['phrasings'][number] & { at: string }> }
  >();
  for (const q of questions) {
    const topic =
      q.outcome === 'low-confidence'
        ? q.topic
        : q.kind === 'fallback'
          ? (q.candidates[0]?.topic ?? null)
          : null;
    if (topic === null) continue;
    const row = topics.get(topic) ?? { count: 0, phrasings: new Map() };
    row.count += 1;
    const text = q.text.trim();
    const key = text.toLowerCase();
    const hasPlaceholder = PLACEHOLDERS.some((p) => text.includes(p));
    if (!hasPlaceholder && text !== '' && !row.phrasings.has(key))
      row.phrasings.set(key, { text, language: q.language, confidence: q.confidence, at: q.at });
    topics.set(topic, row);
  }
  return [...topics]
    .map(([topic, row]) => ({ topic, count: row.count, row }))
    .sort(byCountThenKey((r) => r.topic))
    .slice(0, top)
    .map(({ topic, count, row }) => ({
      topic,
      count,
      phrasings: [...row.phrasings.values()]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, perTopic)
        .map(({ text, language, confidence }) => ({ text, language, confidence })),
    }));
}

function feedbackOf(feedback: readonly FeedbackEntry[]): TopicFeedback[] {
  const rows = new Map<
    string | null,
    { likes: number; dislikes: number; comments: TopicFeedback['comments'][number][] }
  >();
  for (const f of feedback) {
    const row = rows.get(f.topic) ?? { likes: 0, dislikes: 0, comments: [] };
    if (f.reaction === 'like') row.likes += 1;
    else row.dislikes += 1;
    if (f.comment) row.comments.push({ reaction: f.reaction, text: f.comment, at: f.at });
    rows.set(f.topic, row);
  }
  return [...rows]
    .map(([topic, row]) => ({
      topic,
      likes: row.likes,
      dislikes: row.dislikes,
      comments: row.comments.sort((a, b) => b.at.localeCompare(a.at)),
    }))
    .sort(
      (a, b) =>
        b.dislikes - a.dislikes ||
        b.likes - a.likes ||
        (a.topic ?? '~').localeCompare(b.topic ?? '~'),
    );
}

function problemsByTopic(
  declined: readonly QuestionEntry[],
  feedback: readonly FeedbackEntry[],
  top: number,
): TopicProblems[] {
  const rows = new Map<string | null, { declined: number; dislikes: number }>();
  const row = (topic: string | null) => {
    const found = rows.get(topic) ?? { declined: 0, dislikes: 0 };
    rows.set(topic, found);
    return found;
  };
  for (const q of declined) row(q.candidates[0]?.topic ?? null).declined += 1;
  for (const f of feedback) if (f.reaction === 'dislike') row(f.topic).dislikes += 1;
  return [...rows]
    .map(([topic, counts]) => ({ topic, ...counts }))
    .sort(
      (a, b) =>
        b.declined + b.dislikes - (a.declined + a.dislikes) ||
        (a.topic ?? '~').localeCompare(b.topic ?? '~'),
    )
    .slice(0, top);
}

/**
 * Declined rates from the tallies (counts of every question). Tallies are written at
 * least once a minute, so the latest questions may not be counted yet: a rate never
 * shows fewer questions or declines than the log itself holds.
 */
function ratesBy(
  field: 'language' | 'channel',
  tallies: readonly TallyEntry[],
  questions: readonly QuestionEntry[],
): RateRow[] {
  const counted = new Map<string, { questions: number; declined: number }>();
  for (const t of tallies) {
    const row = counted.get(t[field]) ?? { questions: 0, declined: 0 };
    row.questions += t.questions;
    row.declined += t.declined;
    counted.set(t[field], row);
  }
  const logged = new Map<string, { questions: number; declined: number }>();
  for (const q of questions) {
    const row = logged.get(q[field]) ?? { questions: 0, declined: 0 };
    row.questions += 1;
    if (q.outcome === 'declined') row.declined += 1;
    logged.set(q[field], row);
  }
  const keys = [...new Set([...counted.keys(), ...logged.keys()])].sort();
  return keys.map((key) => {
    const fromTallies = counted.get(key) ?? { questions: 0, declined: 0 };
    const fromLog = logged.get(key) ?? { questions: 0, declined: 0 };
    const declined = Math.max(fromTallies.declined, fromLog.declined);
    const total = Math.max(fromTallies.questions, fromLog.questions, declined);
    return {
      key,
      questions: total,
      declined,
      rate: total === 0 ? 0 : Number((declined / total).toFixed(3)),
    };
  });
}

/** The report over the entries of [fromMs, toMs]. Pure: the same entries give the same report. */
export function buildReport(entries: readonly QuestionLogEntry[], options: ReportOptions): Report {
  const top = options.top ?? REPORT_DEFAULTS.top;
  const perTopic = options.phrasingsPerTopic ?? REPORT_DEFAULTS.phrasingsPerTopic;
  const inPeriod = entries.filter((e) => {
    const at = Date.parse(e.at);
    return at >= options.fromMs && at <= options.toMs;
  });
  const questions = inPeriod.filter((e): e is QuestionEntry => e.type === 'question');
  const feedback = inPeriod.filter((e): e is FeedbackEntry => e.type === 'feedback');
  const tallies = inPeriod.filter((e): e is TallyEntry => e.type === 'tally');
  const declined = questions.filter((q) => q.outcome === 'declined');
  const byLanguage = ratesBy('language', tallies, questions);
  return {
    period: {
      from: new Date(options.fromMs).toISOString(),
      to: new Date(options.toMs).toISOString(),
    },
    totals: {
      questions: byLanguage.reduce((sum, row) => sum + row.questions, 0),
      declined: byLanguage.reduce((sum, row) => sum + row.declined, 0),
      lowConfidence: questions.length - declined.length,
      likes: feedback.filter((f) => f.reaction === 'like').length,
      dislikes: feedback.filter((f) => f.reaction === 'dislike').length,
    },
    topDeclined: groupDeclined(declined, top, options.ignoredWords ?? new Set()),
    nearMisses: nearMissesOf(questions, top, perTopic),
    feedbackByTopic: feedbackOf(feedback),
    byTopic: problemsByTopic(declined, feedback, top),
    declinedRate: { byLanguage, byChannel: ratesBy('channel', tallies, questions) },
  };
}
