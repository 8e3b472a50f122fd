import type { Report } from './buildReport';

/** Topic ids as shown: the id, and its English title when the knowledge has one. */
export type TopicNames = ReadonlyMap<string, string>;

export const NO_TOPIC = '(no topic)';

export function topicLabel(topic: string | null, names: TopicNames): string {
  if (topic === null) return NO_TOPIC;
  const title = names.get(topic);
  return title ? `${topic} (${title})` : topic;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function counts(record: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(record)
    .map(([key, n]) => `${key} ${n ?? 0}`)
    .join(', ');
}

/** A text table: columns padded to their widest cell. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The report as plain text for a terminal (and a screen reader: no box drawing). */
export function renderReportText(report: Report, names: TopicNames = new Map()): string {
  const { totals } = report;
  const out: string[] = [
    `Question report, ${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)}`,
    '',
    `Questions: ${totals.questions}, declined: ${totals.declined}, low confidence: ${totals.lowConfidence}`,
    `Feedback: ${totals.likes} likes, ${totals.dislikes} dislikes`,
    '',
    'Top declined questions (grouped by their words)',
  ];
  if (report.topDeclined.length === 0) out.push('  none');
  else
    out.push(
      ...table(
        ['Count', 'Languages', 'Words', 'Example'],
        report.topDeclined.map((g) => [
          String(g.count),
          counts(g.languages),
          g.words.join(' '),
          g.example,
        ]),
      ),
    );
  out.push(
    '',
    'Near misses: phrasings an editor could add as examples in knowledge/topics.yaml',
    '(check each first: an unsure answer can also be a question the profile cannot answer)',
  );
  if (report.nearMisses.length === 0) out.push('  none');
  for (const miss of report.nearMisses) {
    out.push(`  ${topicLabel(miss.topic, names)}: ${miss.count} unsure answer(s)`);
    for (const p of miss.phrasings)
      out.push(`    ${p.language}: - ${p.text}   (confidence ${p.confidence.toFixed(2)})`);
  }
  out.push('', 'Feedback per topic');
  if (report.feedbackByTopic.length === 0) out.push('  none');
  else
    out.push(
      ...table(
        ['Topic', 'Likes', 'Dislikes', 'Comments'],
        report.feedbackByTopic.map((f) => [
          topicLabel(f.topic, names),
          String(f.likes),
          String(f.dislikes),
          f.comments.map((c) => `${c.reaction}: ${c.text}`).join(' | '),
        ]),
      ),
    );
  const rates = (title: string, rows: Report['declinedRate']['byLanguage']): void => {
    out.push('', title);
    if (rows.length === 0) out.push('  none');
    else
      out.push(
        ...table(
          ['', 'Questions', 'Declined', 'Rate'],
          rows.map((r) => [r.key, String(r.questions), String(r.declined), percent(r.rate)]),
        ),
      );
  };
  rates('Declined rate per language', report.declinedRate.byLanguage);
  rates('Declined rate per channel', report.declinedRate.byChannel);
  return `${out.join('\n')}\n`;
}
