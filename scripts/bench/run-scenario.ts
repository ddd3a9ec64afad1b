import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher } from '../../src/search/searcher.ts';

/**
 * One benchmark scenario in its own process, so that peak RSS is the scenario's own: builds an index
 * of SEEDS into OUT with the configured embedder, then times QUERIES searches. Prints one JSON line.
 */
const [seedsDir, outDir, queriesJson] = process.argv.slice(2) as [string, string, string];
const config = loadConfig(process.env);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir)) total += (await stat(path.join(dir, entry))).size;
  return total;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const embedder = await createEmbedder(config.embed, config.paths.modelsDir, silentLogger);
const started = performance.now();
const summary = await buildIndex({ seedsDir, outDir, embedder, hnsw: config.hnsw, log: silentLogger });
const buildMs = performance.now() - started;

const loadStarted = performance.now();
const searcher = await openSearcher({ indexDir: outDir, config, log: silentLogger });
const loadMs = performance.now() - loadStarted;

const queries = JSON.parse(queriesJson) as string[];
for (const q of queries.slice(0, 5)) await searcher.search(q); // warm-up: JIT and first-use caches
const times: number[] = [];
for (const q of queries) {
  const t = performance.now();
  await searcher.search(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);

console.log(
  JSON.stringify({
    passages: summary.manifest.counts.passages,
    buildMs,
    loadMs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    indexMb: (await folderBytes(outDir)) / 1024 / 1024,
  }),
);
