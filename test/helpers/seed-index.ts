import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';

export const SEEDS_DIR = path.resolve(import.meta.dirname, '../../seeds');
export const TEST_HNSW = { m: 16, efConstruction: 200, efSearch: 100 };

/** A fresh temporary folder, removed when the test process exits (safe to call from hooks). */
export function tempDir(prefix = 'kb-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Builds an index of the real seed articles with the offline embedder; returns its folder. */
export async function buildSeedIndex(seedsDir = SEEDS_DIR): Promise<string> {
  const outDir = path.join(tempDir(), 'index');
  await buildIndex({ seedsDir, outDir, embedder: new NgramEmbedder(), hnsw: TEST_HNSW, log: silentLogger });
  return outDir;
}

let shared: Promise<Searcher> | null = null;

/** One searcher over the real seeds per test file (building takes ~0.1 s, loading is shared). */
export function openSeedSearcher(): Promise<Searcher> {
  shared ??= buildSeedIndex().then((indexDir) => openSearcher({ indexDir, config: loadConfig({}), log: silentLogger }));
  return shared;
}
