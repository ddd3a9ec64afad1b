import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEmbedder, type Embedder, type EmbedderInfo } from '../embed/embedder.ts';
import { splitArticles } from '../ingest/articles.ts';
import { buildPassages } from '../ingest/passages.ts';
import { readSeedFiles, type SkippedFile } from '../ingest/read.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { StemmerName } from '../text/stem.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { INDEX_FILES, readPassagesAndVectors, writeIndexFiles } from './store.ts';
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
  if (!existsSync(path.join(outDir, INDEX_FILES.manifest))) return reuse;
  try {
    const old = readPassagesAndVectors(outDir);
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
  await recoverLeftovers(outDir);
  await checkReplaceable(outDir);
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
    lexical: LexicalIndex.build(texts, processTerm, passages.map((p) => p.article.title)),
  };
  manifest.buildMs = Date.now() - started;
  await swapIn(outDir, (tmp) => writeIndexFiles(tmp, data));
  log.debug(`Index written with ${describeEmbedder(embedder.info)}.`);
  return { manifest, skipped, reusedVectors: passages.length - missing.length };
}

/** What an index folder may hold; the build replaces the folder whole, so anything else would be lost. */
const INDEX_FOLDER_ENTRIES = new Set<string>([...Object.values(INDEX_FILES), '.gitkeep']);

/**
 * Leftovers of builds that were killed: a temporary folder is dropped; a previous index set aside by
 * a swap that never finished is put back if nothing replaced it.
 */
async function recoverLeftovers(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  for (const entry of existsSync(parent) ? await readdir(parent) : []) {
    const leftover = path.join(parent, entry);
    if (entry.startsWith(`${base}.old-`) && !existsSync(outDir)) await rename(leftover, outDir);
    else if (entry.startsWith(`${base}.tmp-`) || entry.startsWith(`${base}.old-`)) await rm(leftover, { recursive: true, force: true });
  }
}

async function checkReplaceable(outDir: string): Promise<void> {
  if (!existsSync(outDir)) return;
  if (!(await stat(outDir)).isDirectory()) throw new UserError(`${outDir} is a file, not a folder: give --out (or INDEX_DIR) a folder for the index.`, 'usage');
  const foreign = (await readdir(outDir)).filter((entry) => !INDEX_FOLDER_ENTRIES.has(entry));
  if (foreign.length > 0)
    throw new UserError(
      `${outDir} holds files that are not part of an index (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
        'the index replaces its folder whole, so give --out (or INDEX_DIR) an empty or new folder.',
      'usage',
    );
}

/**
 * Writes into `<outDir>.tmp-<pid>`, then renames it over `outDir`; on any failure, or Ctrl-C before
 * the swap, the old folder stays. Ctrl-C during the two renames waits for them (milliseconds).
 */
async function swapIn(outDir: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const tmp = path.join(parent, `${base}.tmp-${process.pid}`);
  const old = path.join(parent, `${base}.old-${process.pid}`);
  const cleanup = () => rm(tmp, { recursive: true, force: true });
  let swapping = false;
  let interrupted = false;
  const onSignal = () => {
    if (swapping) interrupted = true;
    else void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  try {
    await write(tmp);
    // The repository keeps index/ with a .gitkeep; the new folder keeps it too.
    if (existsSync(path.join(outDir, '.gitkeep'))) await writeFile(path.join(tmp, '.gitkeep'), '');
    swapping = true;
    if (existsSync(outDir)) await rename(outDir, old);
    await rename(tmp, outDir);
    swapping = false;
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    if (!existsSync(outDir) && existsSync(old)) await rename(old, outDir);
    await cleanup();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (interrupted) process.exit(130);
}
