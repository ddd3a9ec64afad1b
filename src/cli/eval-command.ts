import path from 'node:path';
import { defineCommand } from 'citty';
import { UserError } from '../errors.ts';
import { openSearcher } from '../search/searcher.ts';
import { stripControls } from '../text/controls.ts';
import { DEFAULT_EVAL_FILE, hitRank, readEvalSet, summarize, type KindReport, type EvalOutcome } from './eval-set.ts';
import { cliContext } from './run.ts';

const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));

function renderTable(rows: KindReport[]): string {
  const header = ['kind', 'questions', 'hit@1', 'hit@3', 'MRR', 'rejected (none)', 'false rejections'];
  const body = rows.map((r) => [r.kind, String(r.questions), fmt(r.hit1), fmt(r.hit3), fmt(r.mrr), fmt(r.rejected), fmt(r.falseRejections)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export const evalCommand = defineCommand({
  meta: { name: 'eval', description: 'Score the index on a labelled question set (hit@1, hit@3, MRR, rejection).' },
  args: {
    file: { type: 'positional', required: false, description: 'Labelled .jsonl file (default eval/dev.jsonl)' },
    index: { type: 'string', description: 'Index folder (default: INDEX_DIR or index/)' },
    json: { type: 'boolean', description: 'Print the report as one JSON line' },
  },
  async run({ args, data }) {
    const { config, log, out } = cliContext(data);
    if (args._.length > 1) throw new UserError(`eval takes one file, got ${args._.length} (${args._.join(', ')}): score one file at a time.`, 'usage');
    const file = args.file ?? path.relative(process.cwd(), DEFAULT_EVAL_FILE);
    const items = await readEvalSet(file);
    if (items.length === 0) throw new UserError(`${file} has no questions.`, 'usage');
    const searcher = await openSearcher({ indexDir: args.index ? path.resolve(args.index) : config.paths.indexDir, config, log });
    const outcomes: EvalOutcome[] = [];
    for (const item of items) {
      const response = await searcher.search(item.question, { limit: 10 });
      outcomes.push({ item, rank: hitRank(item, response), confident: response.confident });
    }
    const kinds = [...new Set(items.map((i) => i.kind))];
    const arabic = outcomes.filter((o) => o.item.kind.startsWith('ar'));
    const rows = [
      ...kinds.map((k) => summarize(k, outcomes.filter((o) => o.item.kind === k))),
      ...(arabic.length > 0 && arabic.length < outcomes.length ? [summarize('ar+ar-variant', arabic)] : []),
      summarize('all', outcomes),
    ];
    if (args.json) return out(JSON.stringify({ file, embedder: searcher.manifest.embedder, rows, outcomes: outcomes.map((o) => ({ id: o.item.id, kind: o.item.kind, rank: o.rank, confident: o.confident })) }));
    out(`${file}: ${items.length} questions, embedder ${searcher.manifest.embedder.kind}${searcher.manifest.embedder.model ? ' ' + searcher.manifest.embedder.model : ''}\n`);
    out(renderTable(rows));
    const misses = outcomes.filter((o) => (o.item.file !== null && (o.rank !== 1 || !o.confident)) || (o.item.file === null && o.confident));
    if (misses.length > 0) {
      out('\nNot perfect:');
      for (const o of misses) out(`  ${o.item.id} (${o.item.kind}) rank=${o.rank ?? '-'} confident=${o.confident}  ${stripControls(o.item.question)}`);
    }
  },
});
