import { isolate, isolateLtr, rtlLines } from '../text/bidi.ts';
import { stripControls } from '../text/controls.ts';
import type { AppliedFilter, Passage, SearchResponse, SourceView } from '../types.ts';

/** The `--json` shape of an answer: one line, fields as documented in the README. */
export function answerToJson(response: SearchResponse): object {
  return {
    query: response.query,
    ...(response.understood ? { understood: response.understood } : {}),
    confident: response.confident,
    ...(response.partial ? { partial: response.partial } : {}),
    results: response.results.map((r) => ({
      id: r.passage.id,
      text: r.passage.text,
      score: Number(r.score.toFixed(6)),
      sentence: r.sentence,
      source: sourceOf(r.passage),
      alsoIn: r.alsoIn.map((p) => ({ id: p.id, title: p.article.title, publisher: p.article.publisher, published: p.article.published, file: p.article.file })),
    })),
    skippedUndated: response.skippedUndated,
    filter: response.filter,
  };
}

function sourceOf(p: Passage) {
  const { file, title, publisher, published } = p.article;
  return { file, title, publisher, published, paragraph: p.paragraph };
}

export function sourceToJson(view: SourceView): object {
  const brief = (p: Passage) => ({ id: p.id, text: p.text, paragraph: p.paragraph });
  return { id: view.passage.id, text: view.passage.text, source: sourceOf(view.passage), before: view.before.map(brief), after: view.after.map(brief) };
}

/**
 * Readable output for a terminal. Everything from a user or a page is stripped of control characters
 * (an escape sequence in a question or a scraped passage must not restyle or rewrite the screen) and
 * laid out for a bidi-aware terminal the way the bot lays out Discord messages: values isolated so
 * they cannot reorder the labels around them, lines of Arabic right-to-left (src/text/bidi.ts).
 */
const ltr = (value: string) => isolateLtr(stripControls(value));
const natural = (value: string) => isolate(stripControls(value));
const body = (text: string) => rtlLines(stripControls(text));

/** "title — publisher, date · file ¶n", with "unknown" for what the article does not state. */
function citationLine(p: Passage): string {
  const { title, publisher, published, file } = p.article;
  return `${title === null ? '(untitled)' : natural(title)} — ${publisher === null ? 'unknown outlet' : natural(publisher)}, ${published === null ? 'undated' : ltr(published)} · ${ltr(file)} ¶${p.paragraph}`;
}

/** "Also reported by الأسبوع (2023-09-20) [id], …": the other outlets that ran the same passage. */
export function alsoReportedLine(others: Passage[]): string {
  const one = (p: Passage) =>
    `${p.article.publisher === null ? 'unknown outlet' : natural(p.article.publisher)} (${p.article.published === null ? 'undated' : ltr(p.article.published)}) [${p.id}]`;
  return `Also reported by ${others.map(one).join(', ')}`;
}

/** "Only الجزيرة, from 2023-09-01 to 2023-09-30": the filter as applied (a month or year stretched to its days). */
function filterLine(filter: AppliedFilter): string {
  const parts = [
    filter.publisher === null ? null : natural(filter.publisher),
    filter.since === null ? null : `from ${ltr(filter.since)}`,
    filter.until === null ? null : `to ${ltr(filter.until)}`,
  ];
  return `Only ${parts.filter((p) => p !== null).join(', ')}`;
}

const mark = (text: string, sentence: string, bold: boolean) =>
  text.replace(sentence, () => (bold ? `\x1b[1m${sentence}\x1b[22m` : `»${sentence}«`));

/** A readable answer for a terminal: best sentence marked, citation id and source under each passage. */
export function renderAnswer(response: SearchResponse, color: boolean, all = false): string {
  const lines = [`Q: ${natural(response.query)}`];
  if (response.filter) lines.push(filterLine(response.filter));
  if (response.understood) lines.push(understoodLine(response));
  if (response.partial) lines.push(stripControls(response.partial));
  // Off-corpus questions get no references unless asked for: nothing matched, so none would help.
  const offCorpus = !response.confident && !response.partial && response.results.length > 0;
  if (!response.confident && response.results.length === 0) lines.push('Not confident: the articles do not seem to answer this.');
  if (offCorpus && !all) lines.push('Not confident: the articles do not seem to answer this. Show the closest passages anyway with --all.');
  else {
    if (offCorpus) lines.push('Not confident: the articles do not seem to answer this. Closest passages:');
    response.results.forEach((r, i) => {
      const text = rtlLines(mark(stripControls(r.passage.text), stripControls(r.sentence), color));
      lines.push('', `${i + 1}. [${r.passage.id}] ${citationLine(r.passage)}`, text);
      if (r.alsoIn.length > 0) lines.push(alsoReportedLine(r.alsoIn));
    });
    if (response.results.length === 0) lines.push('No passages found.');
  }
  if (response.skippedUndated > 0)
    lines.push('', `${response.skippedUndated} article${response.skippedUndated === 1 ? '' : 's'} without a stated date left out by the date filter.`);
  if (offCorpus && !all) return lines.join('\n');
  lines.push('', 'Show a passage in full with: npm run ask -- --source ID');
  return lines.join('\n');
}

/** A question of a batch that could not be asked, and why. */
export function renderBatchError(question: string, message: string): string {
  return `Q: ${natural(question)}\nerror: ${stripControls(message)}`;
}

export function renderSource(view: SourceView): string {
  const { passage } = view;
  const context = (label: string, ps: Passage[]) => ps.flatMap((p) => ['', `${label} [${p.id}] ¶${p.paragraph}`, body(p.text)]);
  return [
    `[${passage.id}] ${citationLine(passage)}`,
    ...context('before', view.before),
    '',
    `>>> [${passage.id}] ¶${passage.paragraph}`,
    body(passage.text),
    ...context('after', view.after),
  ].join('\n');
}

/** "Searched as: ombudsman → أمين المظالم, Putin → بوتين": how an English question was understood offline. */
function understoodLine(response: SearchResponse): string {
  const terms = response.understood ?? [];
  if (terms.length === 0) return 'Searched as: no word of the question was found in the articles or the dictionary.';
  return `Searched as: ${terms.map((t) => `${stripControls(t.english)} → ${t.arabic.join(' / ') || '(not in the articles)'}`).join(', ')}`;
}
