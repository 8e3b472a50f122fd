import type { Report, TopicProblems } from './buildReport';
import { NO_TOPIC, topicLabel, type TopicNames } from './renderReportText';

/**
 * The report as one self-contained HTML page: no script, no font, no CDN; its style
 * and its chart (inline SVG) are in the page. For screen readers: a language, a title,
 * landmarks, headings in order, tables with captions and header cells, and the chart
 * described in words with its data in a table beside it.
 */

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  :root { color: #1b1b1b; background: #ffffff; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; line-height: 1.45; }
  body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
  h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #c8ced6; padding-bottom: 0.25rem; }
  h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
  caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
  th, td { border: 1px solid #c8ced6; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
  th { background: #f1f3f6; }
  td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
  dl.totals { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
  dl.totals dt { font-weight: 600; }
  dl.totals dd { margin: 0; }
  .note { color: #4a4a4a; }
  code, pre { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; }
  pre { background: #f1f3f6; border: 1px solid #c8ced6; padding: 0.5rem; overflow-x: auto; }
  figure { margin: 0.5rem 0 1rem; }
  figcaption { font-weight: 600; margin-bottom: 0.25rem; }
  .legend { list-style: none; padding: 0; display: flex; gap: 1.5rem; }
  .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; margin-right: 0.35rem; vertical-align: -0.1rem; border: 1px solid #1b1b1b; }
  .declined { background: #0b5cad; }
  .disliked { background: #a4262c; }
`;

const CHART = Object.freeze({
  width: 720,
  labelWidth: 260,
  barHeight: 14,
  rowGap: 14,
  valueGap: 6,
  valueWidth: 40,
  declinedColor: '#0b5cad',
  dislikedColor: '#a4262c',
});

function chartSvg(rows: readonly TopicProblems[], names: TopicNames): string {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.declined, r.dislikes)));
  const rowHeight = CHART.barHeight * 2 + CHART.rowGap;
  const height = rows.length * rowHeight + CHART.rowGap;
  const span = CHART.width - CHART.labelWidth - CHART.valueWidth;
  const bar = (y: number, value: number, color: string): string => {
    const width = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * span));
    return (
      `<rect x="${CHART.labelWidth}" y="${y}" width="${width}" height="${CHART.barHeight}" fill="${color}"></rect>` +
      `<text x="${CHART.labelWidth + width + CHART.valueGap}" y="${y + CHART.barHeight - 2}" font-size="12" fill="#1b1b1b">${value}</text>`
    );
  };
  const body = rows
    .map((r, i) => {
      const y = CHART.rowGap + i * rowHeight;
      const label = escapeHtml(r.topic ?? NO_TOPIC);
      return (
        `<text x="${CHART.labelWidth - 8}" y="${y + CHART.barHeight + 4}" font-size="13" text-anchor="end" fill="#1b1b1b">${label}</text>` +
        bar(y, r.declined, CHART.declinedColor) +
        bar(y + CHART.barHeight, r.dislikes, CHART.dislikedColor)
      );
    })
    .join('');
  const summary = rows
    .map((r) => `${topicLabel(r.topic, names)}: ${r.declined} declined, ${r.dislikes} disliked`)
    .join('; ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`Bar chart of declines and dislikes by topic. ${summary}.`)}" ` +
    `viewBox="0 0 ${CHART.width} ${height}" width="100%" style="max-width:${CHART.width}px">${body}</svg>`
  );
}

function tableHtml(
  caption: string,
  header: ReadonlyArray<{ text: string; isNumber?: boolean }>,
  rows: ReadonlyArray<ReadonlyArray<{ html: string; isNumber?: boolean }>>,
): string {
  if (rows.length === 0) return `<p>${escapeHtml(caption)}: none in this period.</p>`;
  const head = header
    .map((h) => `<th scope="col"${h.isNumber ? ' class="number"' : ''}>${escapeHtml(h.text)}</th>`)
    .join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells
          .map((c, i) =>
            i === 0
              ? `<th scope="row"${c.isNumber ? ' class="number"' : ''}>${c.html}</th>`
              : `<td${c.isNumber ? ' class="number"' : ''}>${c.html}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const text = (value: string): { html: string } => ({ html: escapeHtml(value) });
const number = (value: number): { html: string; isNumber: true } => ({
  html: String(value),
  isNumber: true,
});
const inLanguage = (value: string, language: string | null): { html: string } => ({
  html: language ? `<span lang="${language}">${escapeHtml(value)}</span>` : escapeHtml(value),
});

function counts(record: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(record)
    .map(([key, n]) => `${key} ${n ?? 0}`)
    .join(', ');
}

function examplesYaml(miss: Report['nearMisses'][number]): string {
  const lines: string[] = [`# knowledge/topics.yaml, topic ${miss.topic}, under examples:`];
  for (const language of ['en', 'es'] as const) {
    const phrasings = miss.phrasings.filter((p) => p.language === language);
    if (phrasings.length === 0) continue;
    lines.push(`  ${language}:`);
    for (const p of phrasings) lines.push(`    - ${JSON.stringify(p.text)}`);
  }
  return lines.join('\n');
}

/** The whole page. */
export function renderReportHtml(report: Report, names: TopicNames = new Map()): string {
  const from = report.period.from.slice(0, 10);
  const to = report.period.to.slice(0, 10);
  const { totals } = report;
  const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
  const rateRows = (rows: Report['declinedRate']['byLanguage']) =>
    rows.map((r) => [text(r.key), number(r.questions), number(r.declined), text(percent(r.rate))]);

  const nearMisses =
    report.nearMisses.length === 0
      ? '<p>No near misses in this period.</p>'
      : report.nearMisses
          .map(
            (miss) =>
              `<h3>${escapeHtml(topicLabel(miss.topic, names))}</h3>` +
              `<p>${miss.count} unsure answer(s).</p>` +
              (miss.phrasings.length === 0
                ? '<p class="note">Every phrasing held personal data (redacted): none to suggest.</p>'
                : `<ul>${miss.phrasings
                    .map(
                      (p) =>
                        `<li><span lang="${p.language}">${escapeHtml(p.text)}</span> (confidence ${p.confidence.toFixed(2)})</li>`,
                    )
                    .join('')}</ul><pre>${escapeHtml(examplesYaml(miss))}</pre>`),
          )
          .join('\n');

  const chartRows = report.byTopic.filter((r) => r.declined + r.dislikes > 0);
  const chart =
    chartRows.length === 0
      ? '<p>No declines or dislikes in this period.</p>'
      : `<figure><figcaption id="chart-caption">Per topic, the upper bar counts declined questions and the lower bar dislikes</figcaption>
<ul class="legend"><li><span class="swatch declined" aria-hidden="true"></span>Declined questions (by the topic the bot leaned to)</li><li><span class="swatch disliked" aria-hidden="true"></span>Dislikes</li></ul>
${chartSvg(chartRows, names)}</figure>
${tableHtml(
  'Declines and dislikes by topic (the chart’s data)',
  [{ text: 'Topic' }, { text: 'Declined', isNumber: true }, { text: 'Dislikes', isNumber: true }],
  chartRows.map((r) => [text(topicLabel(r.topic, names)), number(r.declined), number(r.dislikes)]),
)}`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Question report, ${from} to ${to} · city-profile-bot</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>What people asked, ${from} to ${to}</h1>
<p class="note">From the bot's question log: declined and low-confidence questions (redacted) and feedback on answers. No one is identified.</p>
</header>
<main>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<dl class="totals">
<dt>Questions</dt><dd>${totals.questions}</dd>
<dt>Declined</dt><dd>${totals.declined}</dd>
<dt>Low confidence</dt><dd>${totals.lowConfidence}</dd>
<dt>Likes</dt><dd>${totals.likes}</dd>
<dt>Dislikes</dt><dd>${totals.dislikes}</dd>
</dl>
</section>
<section aria-labelledby="chart-heading">
<h2 id="chart-heading">Declines and dislikes by topic</h2>
${chart}
</section>
<section aria-labelledby="declined-heading">
<h2 id="declined-heading">Top declined questions</h2>
${tableHtml(
  'Declined questions grouped by their words, most frequent first',
  [
    { text: 'Words' },
    { text: 'Count', isNumber: true },
    { text: 'Languages' },
    { text: 'Example' },
  ],
  report.topDeclined.map((g) => {
    const languages = Object.keys(g.languages);
    return [
      text(g.words.join(' ') || '(no content words)'),
      number(g.count),
      text(counts(g.languages)),
      inLanguage(g.example, languages.length === 1 ? (languages[0] ?? null) : null),
    ];
  }),
)}
</section>
<section aria-labelledby="near-heading">
<h2 id="near-heading">Near misses: phrasings to add as examples</h2>
<p>Questions the bot answered without being sure, or declined while leaning to a topic. An editor can add these phrasings to the topic's <code>examples</code> in <code>knowledge/topics.yaml</code>, after checking each: an unsure answer can also be a question the profile cannot answer, which should stay declined.</p>
${nearMisses}
</section>
<section aria-labelledby="feedback-heading">
<h2 id="feedback-heading">Feedback per topic</h2>
${tableHtml(
  'Likes, dislikes and comments per topic',
  [
    { text: 'Topic' },
    { text: 'Likes', isNumber: true },
    { text: 'Dislikes', isNumber: true },
    { text: 'Comments' },
  ],
  report.feedbackByTopic.map((f) => [
    text(topicLabel(f.topic, names)),
    number(f.likes),
    number(f.dislikes),
    {
      html:
        f.comments.length === 0
          ? 'none'
          : `<ul>${f.comments.map((c) => `<li>${escapeHtml(`${c.reaction}: ${c.text}`)}</li>`).join('')}</ul>`,
    },
  ]),
)}
</section>
<section aria-labelledby="rates-heading">
<h2 id="rates-heading">Declined rate</h2>
${tableHtml(
  'Declined rate per language',
  [
    { text: 'Language' },
    { text: 'Questions', isNumber: true },
    { text: 'Declined', isNumber: true },
    { text: 'Rate' },
  ],
  rateRows(report.declinedRate.byLanguage),
)}
${tableHtml(
  'Declined rate per channel',
  [
    { text: 'Channel' },
    { text: 'Questions', isNumber: true },
    { text: 'Declined', isNumber: true },
    { text: 'Rate' },
  ],
  rateRows(report.declinedRate.byChannel),
)}
</section>
</main>
</body>
</html>
`;
}
