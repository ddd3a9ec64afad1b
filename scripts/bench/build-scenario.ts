import { link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { timedEmbedder, withRandomPassageVectors } from './random-vectors.ts';

/**
 * Benchmark scenario, in its own process: builds SEEDS into OUT with the configured embedder, then
 * times an update in which the last ARTICLES files of SPARE (held back from the build) are added and
 * the first ARTICLES files of SEEDS removed, keeping the index it updated in OUT-parent (for the
 * serve scenario's in-place reload). Prints one JSON line.
 *
 * With BENCH_RANDOM_VECTORS=1 (the model on the large corpus) the full build gets random unit vectors
 * instead of the model's (random-vectors.ts); the update embeds its new passages with the real model,
 * and the passages/s it reaches is reported, from which the bench estimates a real build's time.
 */
const [seedsDir, outDir, spareDir, articlesArg] = process.argv.slice(2) as [string, string, string, string];
const articles = Number(articlesArg);
const config = loadConfig(process.env);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir)) total += (await stat(path.join(dir, entry))).size;
  return total;
}

const randomVectors = process.env.BENCH_RANDOM_VECTORS === '1';
const timed = timedEmbedder(await createEmbedder(config.embed, config.paths.modelsDir, silentLogger));
const build = (embedder: Embedder) => buildIndex({ seedsDir, outDir, embedder, hnsw: config.hnsw, log: silentLogger });
let started = performance.now();
const full = await build(randomVectors ? withRandomPassageVectors(timed.embedder) : timed.embedder);
const buildMs = performance.now() - started;
const indexBytes = await folderBytes(outDir);

let update: { updateMs: number; added: number; removed: number; mode: string } | null = null;
const spare = articles > 0 ? (await readdir(spareDir)).sort().slice(-articles) : [];
if (spare.length > 0) {
  const gone = (await readdir(seedsDir)).sort().slice(0, articles);
  for (const file of gone) await rm(path.join(seedsDir, file));
  for (const file of spare) await rename(path.join(spareDir, file), path.join(seedsDir, file));
  // Hard links: a build never rewrites an index's files, it writes a new folder and swaps it in.
  await mkdir(`${outDir}-parent`);
  for (const file of await readdir(outDir)) await link(path.join(outDir, file), path.join(`${outDir}-parent`, file));
  started = performance.now();
  const summary = await build(timed.embedder);
  update = { updateMs: performance.now() - started, added: summary.added, removed: summary.removed, mode: summary.mode };
}

console.log(
  JSON.stringify({
    passages: full.manifest.counts.passages,
    buildMs,
    indexMb: indexBytes / 1024 / 1024,
    update,
    randomVectors,
    // Passages the real embedder embedded (the build's, or only the update's with random vectors) per second inside it.
    embeddedPerSecond: timed.passages() > 0 ? timed.passages() / timed.seconds() : null,
  }),
);
