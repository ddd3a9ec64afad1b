import { link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';

/**
 * Benchmark scenario, in its own process: builds SEEDS into OUT with the configured embedder, then
 * times an update in which the last ARTICLES files of SPARE (held back from the build) are added and
 * the first ARTICLES files of SEEDS removed, keeping the index it updated in OUT-parent (for the
 * serve scenario's in-place reload). Prints one JSON line.
 */
const [seedsDir, outDir, spareDir, articlesArg] = process.argv.slice(2) as [string, string, string, string];
const articles = Number(articlesArg);
const config = loadConfig(process.env);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir)) total += (await stat(path.join(dir, entry))).size;
  return total;
}

const embedder = await createEmbedder(config.embed, config.paths.modelsDir, silentLogger);
const build = () => buildIndex({ seedsDir, outDir, embedder, hnsw: config.hnsw, log: silentLogger });
let started = performance.now();
const full = await build();
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
  const summary = await build();
  update = { updateMs: performance.now() - started, added: summary.added, removed: summary.removed, mode: summary.mode };
}

console.log(JSON.stringify({ passages: full.manifest.counts.passages, buildMs, indexMb: indexBytes / 1024 / 1024, update }));
