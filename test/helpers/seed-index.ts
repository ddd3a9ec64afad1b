import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const SEED_FILES = readdirSync(SEEDS_DIR).sort();
/** The seed files an update test changes, removes and adds. */
export const [CHANGED, REMOVED, ADDED] = [SEED_FILES[1]!, SEED_FILES[2]!, SEED_FILES[4]!];

/**
 * A copy of the seeds in `work` without ADDED (version 1); `change()` makes version 2: ADDED put in,
 * CHANGED edited (one paragraph extended, one dropped: some ids stay, one is new, one goes) and REMOVED
 * taken out; `putBack()` restores REMOVED.
 */
export function seedVersions(work: string): { dir: string; change(): void; putBack(): void } {
  const dir = path.join(work, `seeds-${Math.random().toString(36).slice(2)}`);
  cpSync(SEEDS_DIR, dir, { recursive: true });
  rmSync(path.join(dir, ADDED));
  return {
    dir,
    change() {
      cpSync(path.join(SEEDS_DIR, ADDED), path.join(dir, ADDED));
      rmSync(path.join(dir, REMOVED));
      const paragraphs = readFileSync(path.join(dir, CHANGED), 'utf8').split('\n\n');
      paragraphs[paragraphs.length - 2] += ' وأكد المتحدث ذلك مجددا.';
      paragraphs.splice(paragraphs.length - 3, 1);
      writeFileSync(path.join(dir, CHANGED), paragraphs.join('\n\n'));
    },
    putBack() {
      cpSync(path.join(SEEDS_DIR, REMOVED), path.join(dir, REMOVED));
    },
  };
}
