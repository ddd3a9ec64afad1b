import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { EmbedderInfo } from '../../src/embed/embedder.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import { closeIndex, readIndex } from '../../src/search/store.ts';
import type { Passage } from '../../src/types.ts';

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

/** The live passages of an index folder, in slot order. */
export async function storedPassages(dir: string): Promise<Passage[]> {
  const index = await readIndex(dir);
  try {
    return [...index.passages.liveSlots()].map((slot) => index.passages.get(slot));
  } finally {
    await closeIndex(index);
  }
}

/**
 * Stands in for a model where none can be loaded: n-gram vectors under a model's name, so that an
 * index keeps a vector list (the offline embedder's index has none) and vectors are reused or embedded.
 */
export class FakeModelEmbedder extends NgramEmbedder {
  override readonly info: EmbedderInfo;
  constructor(dimensions = 64) {
    super(dimensions);
    this.info = { kind: 'transformers', model: 'test/fake-model', dtype: 'q8', dimensions, pooling: 'mean' };
  }
}
