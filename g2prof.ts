import { readFileSync } from 'node:fs';
import { readIndexFiles } from './src/search/store.ts';
import { createCatalog, passageFilter } from './src/search/filter.ts';
import { NgramEmbedder } from './src/embed/ngram.ts';
import { BENCH_FILTERS } from './scripts/bench/filters.ts';
const data = readIndexFiles(process.argv[2] ?? '/tmp/g2bench-50000-index');
const catalog = createCatalog(data.passages);
const emb = new NgramEmbedder();
const qs = readFileSync('test/fixtures/extra-questions.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l).question).slice(0, 30);
const vecs = await Promise.all(qs.map((q) => emb.embedQuery(q)));
const med = (a: number[]) => a.sort((x, y) => x - y)[0]!;
for (const f of [{}, ...BENCH_FILTERS, { publisher: 'زنقة 20', since: '2024' }, { since: '2024-03', until: '2024-03' }]) {
  const pf = passageFilter(f, catalog);
  const tv: number[] = [], th: number[] = []; let same = 0;
  for (let i = 0; i < qs.length; i++) {
    let t = performance.now(); const a = data.vectors.search(vecs[i]!, 50, pf ?? undefined); tv.push(performance.now() - t);
    t = performance.now(); const b = data.vectors.search(vecs[i]!, 50, pf ? { allows: pf.allows, allowed: 1e9 } : undefined); th.push(performance.now() - t);
    same += a.filter((h) => b.some((x) => x.label === h.label)).length / Math.max(1, a.length);
  }
  console.log(JSON.stringify(f), 'allowed', pf?.allowed ?? data.passages.length, 'vector med', med(tv).toFixed(2), 'max', Math.max(...tv).toFixed(1), 'hnsw-filtered med', med(th).toFixed(2), 'overlap', (same / qs.length).toFixed(2));
}
