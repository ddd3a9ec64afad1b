import type { Passage, SearchResponse, SourceView } from '../types.ts';

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
    })),
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

/** "title — publisher, date · file ¶n", with "unknown" for what the article does not state. */
function citationLine(p: Passage): string {
  const { title, publisher, published, file } = p.article;
  return `${title ?? '(untitled)'} — ${publisher ?? 'unknown outlet'}, ${published ?? 'undated'} · ${file} ¶${p.paragraph}`;
}

const mark = (text: string, sentence: string, bold: boolean) =>
  text.replace(sentence, () => (bold ? `\x1b[1m${sentence}\x1b[22m` : `»${sentence}«`));

/** A readable answer for a terminal: best sentence marked, citation id and source under each passage. */
export function renderAnswer(response: SearchResponse, color: boolean, all = false): string {
  const lines = [`Q: ${response.query}`];
  if (response.understood) lines.push(understoodLine(response));
  if (response.partial) lines.push(response.partial);
  // Off-corpus questions get no references unless asked for: nothing matched, so none would help.
  const offCorpus = !response.confident && !response.partial;
  if (offCorpus && !all) {
    lines.push('Not confident: the articles do not seem to answer this. Show the closest passages anyway with --all.');
    return lines.join('\n');
  }
  if (offCorpus) lines.push('Not confident: the articles do not seem to answer this. Closest passages:');
  response.results.forEach((r, i) => {
    lines.push('', `${i + 1}. [${r.passage.id}] ${citationLine(r.passage)}`, mark(r.passage.text, r.sentence, color));
  });
  if (response.results.length === 0) lines.push('No passages found.');
  lines.push('', 'Show a passage in full with: npm run ask -- --source ID');
  return lines.join('\n');
}

export function renderSource(view: SourceView): string {
  const { passage } = view;
  const context = (label: string, ps: Passage[]) => ps.flatMap((p) => ['', `${label} [${p.id}] ¶${p.paragraph}`, p.text]);
  return [
    `[${passage.id}] ${citationLine(passage)}`,
    ...context('before', view.before),
    '',
    `>>> [${passage.id}] ¶${passage.paragraph}`,
    passage.text,
    ...context('after', view.after),
  ].join('\n');
}

/** "Searched as: ombudsman → أمين المظالم, Putin → بوتين": how an English question was understood offline. */
function understoodLine(response: SearchResponse): string {
  const terms = response.understood ?? [];
  if (terms.length === 0) return 'Searched as: no word of the question was found in the articles or the dictionary.';
  return `Searched as: ${terms.map((t) => `${t.english} → ${t.arabic.join(' / ') || '(not in the articles)'}`).join(', ')}`;
}
