import path from 'node:path';
import { NgramEmbedder } from '../../../src/embed/ngram.ts';
import { silentLogger } from '../../../src/log.ts';
import { buildIndex } from '../../../src/search/build.ts';
import { SEEDS_DIR, TEST_HNSW, tempDir } from '../../helpers/seed-index.ts';

/**
 * Builds the seed index with the offline embedder into a temp folder the bot opens by path, and can
 * rebuild it there the way `npm run index` does (new folder swapped in by rename).
 */
export async function buildTempIndex(): Promise<{ root: string; indexDir: string; rebuild(): Promise<void> }> {
  const root = tempDir('bot-index-');
  const indexDir = path.join(root, 'index');
  const rebuild = async () => {
    await buildIndex({ seedsDir: SEEDS_DIR, outDir: indexDir, embedder: new NgramEmbedder(), hnsw: TEST_HNSW, log: silentLogger, full: true });
  };
  await rebuild();
  return { root, indexDir, rebuild };
}
