import type { Activity, UsageReport } from './usage.ts';

const pct = (share: number) => (Number.isNaN(share) ? '—' : `${Math.round(share * 100)}%`);
const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);
const count = (n: number) => n.toLocaleString('en-US');
const BAR_WIDTH = 30;

function activityCells(a: Activity): string {
  return `${count(a.questions).padStart(6)}  confident ${pct(a.confidentShare).padStart(4)}  median ${ms(a.medianLatencyMs)}`;
}

/** The report for a person at a terminal; `chart` adds a bar per day (plain block characters). */
export function renderReportText(report: UsageReport, chart: boolean): string {
  const t = report.totals;
  const lines = [
    `Usage ${report.since ? `since ${report.since}` : 'since the first question'}: ${count(t.questions)} questions, ` +
      `${pct(t.confidentShare)} answered confidently, median latency ${ms(t.medianLatencyMs)}; rated 👍 ${t.ratedUp}, 👎 ${t.ratedDown}.`,
  ];
  if (t.questions === 0) return lines.concat('', 'No questions in this period.').join('\n');
  const most = Math.max(...report.perDay.map((d) => d.questions));
  lines.push('', 'Questions per day');
  for (const d of report.perDay) {
    const bar = chart ? ` ${'█'.repeat(Math.max(1, Math.round((d.questions / most) * BAR_WIDTH))).padEnd(BAR_WIDTH)}` : '';
    lines.push(`  ${d.day}${bar} ${activityCells(d)}`);
  }
  lines.push('', 'Questions per server');
  for (const s of report.perServer) lines.push(`  ${s.guildId.padEnd(20)} ${activityCells(s)}`);
  lines.push('', 'Not answered (not confident), by content words: articles to add');
  if (report.unanswered.length === 0) lines.push('  none');
  for (const g of report.unanswered) lines.push(`  ${String(g.count).padStart(5)}×  ${g.words.join(' ')}   e.g. ${g.examples.map((e) => `"${e}"`).join(', ')}`);
  if (report.unansweredWithoutText > 0) lines.push(`  (${report.unansweredWithoutText} more, past the retention period, have no text)`);
  lines.push('', 'Rated down');
  if (report.ratedDown.length === 0) lines.push('  none');
  for (const r of report.ratedDown)
    lines.push(
      `  ${r.ratedAt.slice(0, 10)}  #${r.questionId}  ${r.reason ?? 'no reason given'}${r.comment ? `: "${r.comment}"` : ''}  passages ${r.passages.join(', ') || '—'}  ${r.question === null ? '(text expired)' : `"${r.question}"`}`,
    );
  lines.push('', 'Most cited passages (npm run ask -- --source ID)');
  for (const p of report.mostCited) lines.push(`  ${p.passageId.padEnd(12)} ${count(p.times)}`);
  return lines.join('\n');
}

export function renderReportJson(report: UsageReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && Number.isNaN(value) ? null : value));
}

/** CSV quoting (RFC 4180): every field quoted, quotes doubled. */
const csvRow = (cells: (string | number | null)[]) => cells.map((c) => `"${String(c ?? '').replaceAll('"', '""')}"`).join(',');

/** Several tables in one file: each starts with a header row whose first cell names the table. */
export function renderReportCsv(report: UsageReport): string {
  const share = (x: number) => (Number.isNaN(x) ? '' : x.toFixed(3));
  return [
    csvRow(['per_day', 'questions', 'confident_share', 'median_latency_ms']),
    ...report.perDay.map((d) => csvRow([d.day, d.questions, share(d.confidentShare), d.medianLatencyMs])),
    '',
    csvRow(['per_server', 'questions', 'confident_share', 'median_latency_ms']),
    ...report.perServer.map((s) => csvRow([s.guildId, s.questions, share(s.confidentShare), s.medianLatencyMs])),
    '',
    csvRow(['unanswered_words', 'count', 'examples']),
    ...report.unanswered.map((g) => csvRow([g.words.join(' '), g.count, g.examples.join(' | ')])),
    '',
    csvRow(['rated_down_question', 'rated_at', 'reason', 'comment', 'passages', 'question']),
    ...report.ratedDown.map((r) => csvRow([r.questionId, r.ratedAt, r.reason, r.comment, r.passages.join(' '), r.question])),
    '',
    csvRow(['cited_passage', 'times']),
    ...report.mostCited.map((p) => csvRow([p.passageId, p.times])),
  ].join('\n');
}
