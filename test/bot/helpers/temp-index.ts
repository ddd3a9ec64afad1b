import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NgramEmbedder } from '../../../src/embed/ngram.ts';
import { silentLogger } from '../../../src/log.ts';
import { buildIndex } from '../../../src/search/build.ts';
import { SEEDS_DIR } from './seed-fake.ts';

/** Builds the seed index with the offline embedder into a temp folder the bot can open by path. */
export async function buildTempIndex(): Promise<{ root: string; indexDir: string; rebuild(): Promise<void>; remove(): void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'bot-index-'));
  const indexDir = path.join(root, 'index');
  const rebuild = async () => {
    await buildIndex({
      seedsDir: SEEDS_DIR,
      outDir: indexDir,
      embedder: new NgramEmbedder(),
      hnsw: { m: 16, efConstruction: 200, efSearch: 100 },
      log: silentLogger,
    });
  };
  await rebuild();
  return { root, indexDir, rebuild, remove: () => rmSync(root, { recursive: true, force: true }) };
}
