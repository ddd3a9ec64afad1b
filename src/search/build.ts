import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEmbedder, type Embedder, type EmbedderInfo } from '../embed/embedder.ts';
import { splitArticles } from '../ingest/articles.ts';
import { buildPassages } from '../ingest/passages.ts';
import { readSeedFiles, type SkippedFile } from '../ingest/read.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { StemmerName } from '../text/stem.ts';
import { textFingerprint } from '../text/fingerprint.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { acquireLock } from './lock.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import {
  INDEX_FILES,
  readPassagesAndVectors,
  samePipeline,
  serializeParts,
  verifyIndexParts,
  writeIndexParts,
  writeManifest,
} from './store.ts';
import { VectorIndex, type HnswParams } from './vector.ts';
import { onDisk } from './write-errors.ts';

export interface BuildOptions {
  seedsDir: string;
  outDir: string;
  embedder: Embedder;
  hnsw: HnswParams;
  log: Logger;
  /** Called as lines are cleaned (over all files) and passages de-duplicated (per file, for large pages). */
  onIngestProgress?: (step: 'cleaning' | 'de-duplicating', done: number, total: number) => void;
  /** Called as passages are embedded (done of total). */
  onEmbedProgress?: (done: number, total: number) => void;
  /** Arabic stemmer of the lexical index (default light10, see config STEMMER). */
  stemmer?: StemmerName;
  /** Build even when the seeds give no passage; otherwise that is refused and the previous index stays. */
  allowEmpty?: boolean;
  /** Aborting stops the build before the swap (the previous index stays as it was) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface BuildSummary {
  manifest: Manifest;
  skipped: SkippedFile[];
  reusedVectors: number;
  /** Passages longer than the model takes, embedded from their first tokens (the model's maximum). */
  truncatedPassages: number;
}

function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  const samePrefixes = a.prefixes?.query === b.prefixes?.query && a.prefixes?.passage === b.prefixes?.passage;
  return a.kind === b.kind && a.model === b.model && a.dtype === b.dtype && a.dimensions === b.dimensions && samePrefixes;
}

/** Vectors of the previous index by passage id, when it was built by the same embedder and text pipeline. */
function previousVectors(outDir: string, embedder: EmbedderInfo, log: Logger): Map<string, { text: string; vector: Float32Array }> {
  const reuse = new Map<string, { text: string; vector: Float32Array }>();
  if (!existsSync(path.join(outDir, INDEX_FILES.manifest))) return reuse;
  try {
    const old = readPassagesAndVectors(outDir);
    if (!sameEmbedder(old.manifest.embedder, embedder)) return reuse;
    if (!samePipeline(old.manifest)) {
      log.info('The text pipeline (normalization, stopwords or stemmer) changed since the last build: every passage is embedded again.');
      return reuse;
    }
    old.passages.forEach((p, label) => reuse.set(p.id, { text: p.text, vector: old.vectors.vector(label) }));
  } catch (error) {
    log.warn(`The previous index cannot be read (${(error as Error).message}); every passage is embedded again.`);
  }
  return reuse;
}

/**
 * Builds the index into a temporary sibling folder, checks every file it wrote by reading it back,
 * and swaps it in at the end, so a crash, a full disk or an abort leaves the previous index as it was.
 * A lock file beside the folder keeps two builds of the same folder apart. Vectors of passages whose
 * text did not change are reused.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const { seedsDir, outDir, embedder, log, signal } = options;
  await checkReplaceable(outDir);
  // Until the new index is serialized, the old one's size is the best guess of the space needed.
  const disk = { outDir, neededBytes: await folderBytes(outDir) };
  const lock = await onDisk(disk, async () => {
    await mkdir(path.dirname(outDir), { recursive: true });
    return acquireLock(lockFile(outDir), (pid) => busyMessage(outDir, pid));
  });
  try {
    await onDisk(disk, () => recoverLeftovers(outDir));
    const { files, skipped, passages, fileCounts, articleCount } = await readPassages(seedsDir, log, options.onIngestProgress);
    signal?.throwIfAborted();
    if (passages.length === 0 && !options.allowEmpty) throw emptyError(seedsDir, outDir, files.length, skipped.length);
    const { vectors, reused, truncated } = await embedPassages(passages, options);

    const stemmer = options.stemmer ?? 'light10';
    const processTerm = createTermProcessor(stemmer);
    const texts = passages.map((p) => p.text);
    const index = {
      passages,
      vectors: VectorIndex.build(vectors, embedder.info.dimensions, options.hnsw),
      lexical: LexicalIndex.build(texts, processTerm, passages.map((p) => p.article.title)),
    };
    signal?.throwIfAborted();
    const serialized = serializeParts(index);
    disk.neededBytes = serialized.passages.length + serialized.lexical.length + vectorBytes(passages.length, embedder.info.dimensions, options.hnsw.m);
    const draft = {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      embedder: embedder.info,
      text: { stemmer, pipeline: textFingerprint(stemmer) },
      hnsw: { space: 'cosine' as const, m: options.hnsw.m, efConstruction: options.hnsw.efConstruction, efSearch: options.hnsw.efSearch },
      counts: { files: files.length, articles: articleCount, passages: passages.length, skipped: skipped.length },
      files: fileCounts,
      skipped,
    };
    let manifest: Manifest | undefined;
    await onDisk(disk, () =>
      swapIn(outDir, async (tmp) => {
        const checksums = await writeIndexParts(tmp, index.vectors, serialized);
        await verifyIndexParts(tmp, checksums, { passages: passages.length, dimensions: embedder.info.dimensions });
        const complete = { ...draft, buildMs: Date.now() - started, checksums };
        await writeManifest(tmp, complete);
        manifest = complete;
        // The last moment to stop: after this the swap runs to its end.
        signal?.throwIfAborted();
      }),
    );
    log.debug(`Index written with ${describeEmbedder(embedder.info)}.`);
    return { manifest: manifest!, skipped, reusedVectors: reused, truncatedPassages: truncated };
  } finally {
    await lock.release();
  }
}

/** Seed files → articles → passages, with what came out of each file. */
async function readPassages(seedsDir: string, log: Logger, onProgress: BuildOptions['onIngestProgress']) {
  const { files, skipped } = await readSeedFiles(seedsDir);
  for (const s of skipped) log.warn(`Skipped ${s.file}: ${s.reason}.`);
  const usedIds = new Set<string>();
  const passages: Passage[] = [];
  const fileCounts: Manifest['files'] = {};
  let articleCount = 0;
  const lineCounts = files.map((f) => f.text.split('\n').length);
  const totalLines = lineCounts.reduce((a, b) => a + b, 0);
  let linesBefore = 0;
  for (const [i, file] of files.entries()) {
    const articles = splitArticles(file.file, file.text, (done) => onProgress?.('cleaning', linesBefore + done, totalLines));
    linesBefore += lineCounts[i]!;
    const filePassages = buildPassages(articles, usedIds, undefined, (done, total) => onProgress?.('de-duplicating', done, total));
    passages.push(...filePassages);
    articleCount += articles.length;
    fileCounts[file.file] = { sha256: file.sha256, articles: articles.length, passages: filePassages.length };
  }
  return { files, skipped, passages, fileCounts, articleCount };
}

/** One vector per passage: the previous index's where the text is unchanged, the embedder's for the rest. */
async function embedPassages(passages: Passage[], options: BuildOptions): Promise<{ vectors: Float32Array[]; reused: number; truncated: number }> {
  const { embedder, signal } = options;
  const reuse = previousVectors(options.outDir, embedder.info, options.log);
  const vectors: (Float32Array | undefined)[] = passages.map((p) => {
    const old = reuse.get(p.id);
    return old && old.text === p.text ? old.vector : undefined;
  });
  const missing = passages.flatMap((_, i) => (vectors[i] ? [] : [i]));
  let truncated = 0;
  const fresh = await embedder.embedPassages(
    missing.map((i) => passages[i]!.text),
    (done, cut = 0) => {
      truncated = cut;
      // Throwing here stops the embedder between batches instead of after the last one.
      signal?.throwIfAborted();
      options.onEmbedProgress?.(done, missing.length);
    },
  );
  signal?.throwIfAborted();
  missing.forEach((label, j) => (vectors[label] = fresh[j]));
  return { vectors: vectors as Float32Array[], reused: passages.length - missing.length, truncated };
}

async function folderBytes(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const sizes = await Promise.all((await readdir(dir)).map(async (entry) => (await stat(path.join(dir, entry))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** About what hnswlib writes: each vector, its label and its neighbour lists (level 0 and above). */
function vectorBytes(passages: number, dimensions: number, m: number): number {
  return passages * (4 * dimensions + 8 * m + 16) + 1024;
}

const lockFile = (outDir: string) => `${outDir}.lock`;

function busyMessage(outDir: string, pid: number): string {
  return (
    `Another build ${pid > 0 ? `(process ${pid}) ` : ''}is writing ${outDir}: wait for it to finish and run \`npm run index\` again ` +
    `(if no build is running, delete ${lockFile(outDir)}).`
  );
}

function emptyError(seedsDir: string, outDir: string, files: number, skipped: number): UserError {
  const read = `${files} file${files === 1 ? '' : 's'} indexed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  const kept = existsSync(path.join(outDir, INDEX_FILES.manifest)) ? `the index in ${outDir} is kept as it was` : 'no index was written';
  return new UserError(
    `No passages came out of ${seedsDir} (${read}), so ${kept}: put .txt or .md articles there, or pass --allow-empty to build an empty index.`,
    'empty-index',
  );
}

/** What an index folder may hold; the build replaces the folder whole, so anything else would be lost. */
const INDEX_FOLDER_ENTRIES = new Set<string>([...Object.values(INDEX_FILES), '.gitkeep']);

/**
 * Leftovers of builds that were killed (the lock makes sure no other build is running): a temporary
 * folder is dropped; a previous index set aside by a swap that never finished is put back if nothing
 * replaced it.
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
 * Writes into `<outDir>.tmp-<pid>`, then renames it over `outDir`; on any failure before the swap the
 * old folder stays. The two renames follow each other with nothing in between that could stop them.
 */
async function swapIn(outDir: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const tmp = path.join(parent, `${base}.tmp-${process.pid}`);
  const old = path.join(parent, `${base}.old-${process.pid}`);
  try {
    await write(tmp);
    // The repository keeps index/ with a .gitkeep; the new folder keeps it too.
    if (existsSync(path.join(outDir, '.gitkeep'))) await writeFile(path.join(tmp, '.gitkeep'), '');
    if (existsSync(outDir)) await rename(outDir, old);
    await rename(tmp, outDir);
  } catch (error) {
    if (!existsSync(outDir) && existsSync(old)) await rename(old, outDir);
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
