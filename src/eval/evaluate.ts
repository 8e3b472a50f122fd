import type { Answer } from '../core/answer';

/** One line of a question set (the grade.mjs format of ../shared/eval). */
export interface EvalItem {
  readonly question: string;
  /** null: no topic is right (out of scope or unknown city). */
  readonly topic: string | null;
  readonly language: string;
  readonly tags: readonly string[];
  readonly expect: readonly string[];
  readonly alt: readonly string[];
  readonly area: string | null;
  /** The answer's `city` or one of its `cities`. */
  readonly city: string | null;
  /** All of them in the answer's `cities`. */
  readonly cities: readonly string[];
  /** The `short` answer opens with yes/sí or no. */
  readonly lead: 'yes' | 'no' | null;
  /** Substrings the text must not contain (a wrong or unrelated figure). */
  readonly forbid: readonly string[];
}

/** Parses `topic|lang|tags|expect;expect|key=value :: question` lines; `#` lines are comments. */
export function parseEvalSet(text: string): EvalItem[] {
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#') && line.includes(' :: '))
    .map((line) => {
      const at = line.indexOf(' :: ');
      const head = line.slice(0, at);
      const [topic = '', language = '', tags = '', expect = '', extra = ''] = head
        .split('|')
        .map((s) => s.trim());
      const kv = new Map(
        extra
          .split(';')
          .filter(Boolean)
          .map((pair) => {
            const [k = '', v = ''] = pair.split('=').map((s) => s.trim());
            return [k, v] as const;
          }),
      );
      return {
        question: line.slice(at + 4).trim(),
        topic: topic === '-' ? null : topic,
        language,
        tags: tags.split(',').filter(Boolean),
        expect: expect.split(';').filter(Boolean),
        alt: (kv.get('alt') ?? '').split(',').filter(Boolean),
        area: kv.get('area') || null,
        city: kv.get('city') || null,
        cities: (kv.get('cities') ?? '').split(',').filter(Boolean),
        lead: kv.get('lead') === 'yes' ? 'yes' : kv.get('lead') === 'no' ? 'no' : null,
        forbid: (kv.get('forbid') ?? '').split(',').filter(Boolean),
      };
    });
}

const digits = (s: string): string => s.replace(/(?<=\d)[,.\s\u00a0](?=\d{3}\b)/g, '');

export interface EvalOutcome {
  readonly item: EvalItem;
  readonly isCorrect: boolean;
  readonly gotTopic: string | null;
  readonly why: string;
}

/** Grades one answer exactly as ../shared/eval/grade.mjs does. */
export function gradeAnswer(item: EvalItem, answer: Answer): EvalOutcome {
  const topic = answer.kind === 'profile' || answer.kind === 'chat' ? answer.topic : null;
  const text = answer.text;
  const forbidden = item.forbid.filter((f) =>
    digits(text).toLowerCase().includes(digits(f).toLowerCase()),
  );
  if (item.tags.includes('unknown-city')) {
    const leaked = ['Sheinbaum', '9209944', 'Merino', '81%', '150 staff'].filter((f) =>
      digits(text).includes(f),
    );
    const ok = Boolean(answer.unknownCity) && leaked.length === 0;
    return {
      item,
      isCorrect: ok,
      gotTopic: topic,
      why: ok ? '' : `unknownCity=${answer.unknownCity} leaked=${leaked.join(',')}`,
    };
  }
  if (item.topic === null) {
    const ok =
      (topic === null || (item.tags.includes('oosalt') && Boolean(answer.unknownCity))) &&
      forbidden.length === 0;
    const why =
      forbidden.length > 0 ? `text has ${forbidden.join(',')}` : `answered topic ${topic}`;
    return { item, isCorrect: ok, gotTopic: topic, why: ok ? '' : why };
  }
  const topicOk = topic === item.topic || (topic !== null && item.alt.includes(topic));
  const missing = item.expect.filter((e) => {
    if (e === 'sufficient') return !/\bsufficient\b/i.test(text);
    if (e === 'suficiente') return !/\bsuficientes?\b/i.test(text);
    return !digits(text).toLowerCase().includes(digits(e).toLowerCase());
  });
  const areaOk = !item.area || answer.policyArea === item.area;
  const langOk = answer.language === item.language;
  const cities = answer.cities.length > 0 ? answer.cities : [answer.city].filter((c) => c !== null);
  const cityOk = !item.city || answer.city === item.city || cities.includes(item.city);
  const citiesOk = item.cities.every((c) => cities.includes(c));
  const short = (answer.short ?? '').trim().toLowerCase();
  const leadOk =
    !item.lead ||
    (item.lead === 'yes'
      ? /^(yes|s[ií])(?![\p{L}\d])/u.test(short)
      : /^no(?![\p{L}\d])/u.test(short));
  const why = [
    topicOk ? '' : `topic ${topic}`,
    missing.length ? `text lacks ${missing.join(',')}` : '',
    areaOk ? '' : `policyArea ${answer.policyArea}`,
    langOk ? '' : `language ${answer.language}`,
    cityOk ? '' : `city ${answer.city}`,
    citiesOk ? '' : `cities ${cities.join(',')}`,
    leadOk ? '' : `short does not open with ${item.lead}`,
    forbidden.length ? `text has ${forbidden.join(',')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    item,
    isCorrect:
      topicOk &&
      missing.length === 0 &&
      areaOk &&
      langOk &&
      cityOk &&
      citiesOk &&
      leadOk &&
      forbidden.length === 0,
    gotTopic: topic,
    why,
  };
}

export interface Tally {
  correct: number;
  total: number;
}

export interface EvalReport {
  readonly overall: Tally;
  readonly byTopic: ReadonlyMap<string, Tally>;
  readonly byLanguage: ReadonlyMap<string, Tally>;
  /** Out-of-scope and unknown-city questions correctly declined. */
  readonly declined: Tally;
  /** expected topic -> got topic -> count, for wrong topics only. */
  readonly confusions: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly misses: readonly EvalOutcome[];
}

function bump(map: Map<string, Tally>, key: string, ok: boolean): void {
  const t = map.get(key) ?? { correct: 0, total: 0 };
  t.total += 1;
  if (ok) t.correct += 1;
  map.set(key, t);
}

/** Runs every item through `answer` and tallies accuracy by topic, language, declines and confusions. */
export function evaluate(
  items: readonly EvalItem[],
  answer: (question: string) => Answer,
): EvalReport {
  const overall: Tally = { correct: 0, total: 0 };
  const declined: Tally = { correct: 0, total: 0 };
  const byTopic = new Map<string, Tally>();
  const byLanguage = new Map<string, Tally>();
  const confusions = new Map<string, Map<string, number>>();
  const misses: EvalOutcome[] = [];
  for (const item of items) {
    const outcome = gradeAnswer(item, answer(item.question));
    overall.total += 1;
    if (outcome.isCorrect) overall.correct += 1;
    else misses.push(outcome);
    const topicKey =
      item.topic ?? (item.tags.includes('unknown-city') ? '(unknown city)' : '(out of scope)');
    bump(byTopic, topicKey, outcome.isCorrect);
    bump(byLanguage, item.language, outcome.isCorrect);
    if (item.topic === null) {
      declined.total += 1;
      if (outcome.isCorrect) declined.correct += 1;
    }
    const expected = item.topic ?? '(none)';
    const got = outcome.gotTopic ?? '(none)';
    if (got !== expected && !(outcome.gotTopic !== null && item.alt.includes(outcome.gotTopic))) {
      const row = confusions.get(expected) ?? new Map<string, number>();
      row.set(got, (row.get(got) ?? 0) + 1);
      confusions.set(expected, row);
    }
  }
  return { overall, byTopic, byLanguage, declined, confusions, misses };
}

const pct = (t: Tally): string =>
  t.total === 0 ? '-' : `${((100 * t.correct) / t.total).toFixed(1)}%`;

/** The report as the `eval` command prints it. */
export function formatEvalReport(report: EvalReport, showMisses: boolean): string {
  const lines: string[] = ['Accuracy by topic'];
  for (const [topic, t] of [...report.byTopic].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(
      `  ${topic.padEnd(30)} ${String(t.correct).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t)}`,
    );
  }
  lines.push('Accuracy by language');
  for (const [lang, t] of report.byLanguage)
    lines.push(
      `  ${lang.padEnd(30)} ${String(t.correct).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t)}`,
    );
  lines.push(
    `Out-of-scope and unknown-city questions declined: ${report.declined.correct}/${report.declined.total} (${pct(report.declined)})`,
  );
  lines.push('Confusions (expected -> answered: count)');
  const rows = [...report.confusions].flatMap(([expected, row]) =>
    [...row].map(([got, n]) => ({ expected, got, n })),
  );
  rows.sort((a, b) => b.n - a.n || a.expected.localeCompare(b.expected));
  if (rows.length === 0) lines.push('  none');
  for (const r of rows) lines.push(`  ${r.expected} -> ${r.got}: ${r.n}`);
  if (showMisses)
    for (const m of report.misses)
      lines.push(`MISS ${m.item.topic ?? '-'} <- ${JSON.stringify(m.item.question)}: ${m.why}`);
  lines.push(`Overall: ${report.overall.correct}/${report.overall.total} (${pct(report.overall)})`);
  return lines.join('\n');
}
