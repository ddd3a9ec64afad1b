import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { SearchFilter } from '../../src/search/filter.ts';
import { openSearcher } from '../../src/search/searcher.ts';
import { pct } from './measure.ts';

/**
 * The filters row of `npm run bench`, on the synthetic corpus (whose articles state outlets and dates,
 * see corpus.ts): query latency without a filter and with one, each question asked both ways in turn
 * so that both see the same machine load. The filters range from a third of the passages (the biggest
 * outlet) to a couple of percent (one month; one outlet in one year).
 */
export const BENCH_FILTERS: SearchFilter[] = [
  { publisher: 'الجزيرة' },
  { publisher: 'فرانس 24' },
  { since: '2023' },
  { since: '2023-09', until: '2023-09' },
  { publisher: 'الأسبوع', since: '2022', until: '2022' },
  { until: '2020' },
];


export async function benchFilters(indexDir: string, questions: string[], rounds = 200): Promise<string> {
  const searcher = await openSearcher({ indexDir, config: loadConfig({ EMBEDDER: 'ngram' }), log: silentLogger });
  const passages = searcher.manifest.counts.passages;
  for (const q of questions.slice(0, 5)) await searcher.search(q, BENCH_FILTERS[0]); // warm-up
  const plain: number[] = [];
  const filtered: number[] = [];
  const byFilter = BENCH_FILTERS.map(() => [] as number[]);
  let results = 0;
  const time = async (q: string, filter: SearchFilter) => {
    const start = performance.now();
    const response = await searcher.search(q, filter);
    return { ms: performance.now() - start, results: response.results.length };
  };
  for (let i = 0; i < rounds; i++) {
    const q = questions[i % questions.length]!;
    plain.push((await time(q, {})).ms);
    const run = await time(q, BENCH_FILTERS[i % BENCH_FILTERS.length]!);
    filtered.push(run.ms);
    byFilter[i % BENCH_FILTERS.length]!.push(run.ms);
    results += run.results;
  }
  plain.sort((a, b) => a - b);
  filtered.sort((a, b) => a - b);
  const ratio = pct(filtered, 0.95) / pct(plain, 0.95);
  const label = (f: SearchFilter) => [f.publisher, f.since && `since ${f.since}`, f.until && `until ${f.until}`].filter(Boolean).join(' ');
  const each = BENCH_FILTERS.map(
    (f, i) =>
      `${label(f)} ${pct(
        byFilter[i]!.sort((a, b) => a - b),
        0.95,
      ).toFixed(1)}`,
  ).join(', ');
  return (
    `filters at ${passages.toLocaleString('en')} passages (${rounds} questions, each without and with one of ${BENCH_FILTERS.length} filters): ` +
    `unfiltered p50 ${pct(plain, 0.5).toFixed(2)} ms, p95 ${pct(plain, 0.95).toFixed(2)} ms; filtered p50 ${pct(filtered, 0.5).toFixed(2)} ms, ` +
    `p95 ${pct(filtered, 0.95).toFixed(2)} ms (${ratio.toFixed(2)}× the unfiltered p95); ${(results / rounds).toFixed(2)} results per filtered question\n  p95 ms per filter: ${each}`
  );
}
