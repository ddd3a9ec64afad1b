import { readFileSync } from 'node:fs';
import { writeSyntheticCorpus } from './scripts/bench/corpus.ts';
import { benchFilters } from './scripts/bench/filters.ts';
import { buildIndex } from './src/search/build.ts';
import { NgramEmbedder } from './src/embed/ngram.ts';
import { silentLogger } from './src/log.ts';
const n = Number(process.argv[2]);
const dir = `/tmp/g2bench-${n}`;
if (process.argv[3] === 'build') {
  await writeSyntheticCorpus('seeds', `${dir}-seeds`, n);
  const t = performance.now();
  await buildIndex({ seedsDir: `${dir}-seeds`, outDir: `${dir}-index`, embedder: new NgramEmbedder(), hnsw: { m: 16, efConstruction: 200, efSearch: 100 }, log: silentLogger });
  console.log('built', (performance.now() - t) / 1000);
}
const questions = [...readFileSync('test/fixtures/extra-questions.jsonl', 'utf8').trim().split('\n'), ...readFileSync('eval/dev.jsonl', 'utf8').trim().split('\n')].map((l) => JSON.parse(l).question);
console.log(await benchFilters(`${dir}-index`, questions));
