import { existsSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEmbedder, type Embedder, type EmbedderInfo } from '../embed/embedder.ts';
import { splitArticles } from '../ingest/articles.ts';
import { buildPassages } from '../ingest/passages.ts';
import { readSeedFiles, type SkippedFile } from '../ingest/read.ts';
import type { Logger } from '../log.ts';
import type { StemmerName } from '../text/stem.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { readIndexFiles, writeIndexFiles } from './store.ts';
import { VectorIndex, type HnswParams } from './vector.ts';

export interface BuildOptions {
  seedsDir: string;
  outDir: string;
  embedder: Embedder;
  hnsw: HnswParams;
  log: Logger;
  /** Called as passages are embedded (done of total). */
  onEmbedProgress?: (done: number, total: number) => void;
  /** Arabic stemmer of the lexical index (default light10, see config STEMMER). */
  stemmer?: StemmerName;
}

export interface BuildSummary {
  manifest: Manifest;
  skipped: SkippedFile[];
  reusedVectors: number;
}

function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.kind === b.kind && a.model === b.model && a.dtype === b.dtype && a.dimensions === b.dimensions;
}

/** Vectors of the previous index by passage id, when it was built by the same embedder. */
function previousVectors(outDir: string, embedder: EmbedderInfo, log: Logger): Map<string, { text: string; vector: Float32Array }> {
  const reuse = new Map<string, { text: string; vector: Float32Array }>();
  if (!existsSync(path.join(outDir, 'manifest.json'))) return reuse;
  try {
    const old = readIndexFiles(outDir);
    if (!sameEmbedder(old.manifest.embedder, embedder)) return reuse;
    old.passages.forEach((p, label) => reuse.set(p.id, { text: p.text, vector: old.vectors.vector(label) }));
  } catch (error) {
    log.warn(`The previous index cannot be read (${(error as Error).message}); every passage is embedded again.`);
  }
  return reuse;
}

/**
 * Builds the index into a temporary sibling folder and swaps it in at the end, so a crash or Ctrl-C
 * leaves the previous index as it was. Vectors of passages whose text did not change are reused.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const { seedsDir, outDir, embedder, log } = options;
  const { files, skipped } = await readSeedFiles(seedsDir);

  const usedIds = new Set<string>();
  const passages: Passage[] = [];
  const fileCounts: Manifest['files'] = {};
  let articleCount = 0;
  for (const file of files) {
    const articles = splitArticles(file.file, file.text);
    const filePassages = buildPassages(articles, usedIds);
    passages.push(...filePassages);
    articleCount += articles.length;
    fileCounts[file.file] = { sha256: file.sha256, articles: articles.length, passages: filePassages.length };
  }

  const reuse = previousVectors(outDir, embedder.info, log);
  const vectors: (Float32Array | undefined)[] = passages.map((p) => {
    const old = reuse.get(p.id);
    return old && old.text === p.text ? old.vector : undefined;
  });
  const missing = passages.flatMap((_, i) => (vectors[i] ? [] : [i]));
  const fresh = await embedder.embedPassages(
    missing.map((i) => passages[i]!.text),
    (done) => options.onEmbedProgress?.(done, missing.length),
  );
  missing.forEach((label, j) => (vectors[label] = fresh[j]));

  const stemmer = options.stemmer ?? 'light10';
  const processTerm = createTermProcessor(stemmer);
  const texts = passages.map((p) => p.text);
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: 0,
    embedder: embedder.info,
    text: { stemmer },
    hnsw: { space: 'cosine', m: options.hnsw.m, efConstruction: options.hnsw.efConstruction, efSearch: options.hnsw.efSearch },
    counts: { files: files.length, articles: articleCount, passages: passages.length, skipped: skipped.length },
    files: fileCounts,
    skipped,
  };
  const data = {
    manifest,
    passages,
    vectors: VectorIndex.build(vectors as Float32Array[], embedder.info.dimensions, options.hnsw),
    lexical: LexicalIndex.build(texts, processTerm),
  };
  manifest.buildMs = Date.now() - started;
  await swapIn(outDir, (tmp) => writeIndexFiles(tmp, data));
  log.debug(`Index written with ${describeEmbedder(embedder.info)}.`);
  return { manifest, skipped, reusedVectors: passages.length - missing.length };
}

/** Writes into `<outDir>.tmp-<pid>`, then renames it over `outDir`; on any failure the old folder stays. */
async function swapIn(outDir: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  // Leftovers of builds that were killed before they could clean up.
  for (const entry of existsSync(parent) ? await readdir(parent) : []) {
    if (entry.startsWith(`${base}.tmp-`) || entry.startsWith(`${base}.old-`)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  const tmp = path.join(parent, `${base}.tmp-${process.pid}`);
  const old = path.join(parent, `${base}.old-${process.pid}`);
  const cleanup = () => rm(tmp, { recursive: true, force: true });
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await write(tmp);
    // The repository keeps index/ with a .gitkeep; the new folder keeps it too.
    if (existsSync(path.join(outDir, '.gitkeep'))) await writeFile(path.join(tmp, '.gitkeep'), '');
    if (existsSync(outDir)) await rename(outDir, old);
    await rename(tmp, outDir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
