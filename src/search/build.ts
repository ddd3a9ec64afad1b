import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEmbedder, type Embedder, type EmbedderInfo } from '../embed/embedder.ts';
import { splitArticles } from '../ingest/articles.ts';
import { buildPassages } from '../ingest/passages.ts';
import { readSeedFiles, type SkippedFile, type SourceFile } from '../ingest/read.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { textFingerprint } from '../text/fingerprint.ts';
import type { StemmerName } from '../text/stem.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { acquireLock } from './lock.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { packPassages, removeSlots } from './passage-store.ts';
import { QuantizedVectors } from './quantized-vectors.ts';
import {
  closeIndex,
  INDEX_FILES,
  partsBytes,
  readIndex,
  readManifest,
  samePipeline,
  verifyIndexParts,
  writeIndexParts,
  writeManifest,
  type IndexData,
  type IndexParts,
} from './store.ts';
import { VectorIndex, type HnswParams } from './vector.ts';
import { onDisk } from './write-errors.ts';

export interface BuildOptions {
  seedsDir: string;
  outDir: string;
  embedder: Embedder;
  hnsw: HnswParams;
  log: Logger;
  /** Called as passages are embedded (done of total). */
  onEmbedProgress?: (done: number, total: number) => void;
  /** Called while the seed files are cleaned (lines done of all) and each file's passages de-duplicated. */
  onIngestProgress?: (step: 'cleaning' | 'de-duplicating', done: number, total: number) => void;
  /** Arabic stemmer of the lexical index (default light10, see config STEMMER). */
  stemmer?: StemmerName;
  /** Build even when the seeds give no passage; otherwise that is refused and the previous index stays. */
  allowEmpty?: boolean;
  /** Aborting stops the build before the swap (the previous index stays as it was) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Rebuild everything even when the previous index could be updated. */
  full?: boolean;
  /** Share of empty slots past which the index is compacted (default buildDefaults.compactShare). */
  compactShare?: number;
}

export interface BuildSummary {
  manifest: Manifest;
  skipped: SkippedFile[];
  reusedVectors: number;
  /** Passages longer than the model takes, embedded from their first tokens (the model's maximum). */
  truncatedPassages: number;
  /** full: rebuilt whole; update: only changed files processed; unchanged: nothing to do, nothing written. */
  mode: 'full' | 'update' | 'unchanged';
  /** Passages added and removed by an update (all of them for a full build). */
  added: number;
  removed: number;
}

export const buildDefaults = {
  /**
   * An update leaves deleted passages' slots empty (and their vectors marked deleted); once more than
   * this share of the slots is empty, the next build compacts the index by rebuilding it whole, reusing
   * the vectors. A fifth keeps the waste small while a day's edits stay updates.
   */
  compactShare: 0.2,
};

function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.kind === b.kind && a.model === b.model && a.dtype === b.dtype && a.dimensions === b.dimensions;
}

/** The previous index, when there is one this build can update or reuse vectors from (same embedder and text pipeline). */
async function openPrevious(outDir: string, embedder: EmbedderInfo, stemmer: StemmerName, log: Logger): Promise<IndexData | null> {
  if (!existsSync(path.join(outDir, INDEX_FILES.manifest))) return null;
  try {
    const manifest = readManifest(outDir);
    if (!sameEmbedder(manifest.embedder, embedder) || manifest.text.stemmer !== stemmer) return null;
    if (!samePipeline(manifest)) {
      log.info('The text pipeline (normalization, stopwords or stemmer) changed since the last build: every passage is embedded again.');
      return null;
    }
    return await readIndex(outDir);
  } catch (error) {
    log.warn(`The previous index cannot be read (${(error as Error).message}); every passage is embedded again.`);
    return null;
  }
}

/** Seed files → articles → passages; `usedIds` are the ids already taken (a collision gets a longer id). */
function readPassages(files: SourceFile[], usedIds: Set<string>, onProgress?: BuildOptions['onIngestProgress']) {
  const passages: Passage[] = [];
  const counts: Manifest['files'] = {};
  const lineCounts = files.map((f) => f.text.split('\n').length);
  const totalLines = lineCounts.reduce((a, b) => a + b, 0);
  let linesBefore = 0;
  for (const [i, file] of files.entries()) {
    const articles = splitArticles(file.file, file.text, (done) => onProgress?.('cleaning', linesBefore + done, totalLines));
    linesBefore += lineCounts[i]!;
    const filePassages = buildPassages(articles, usedIds, undefined, (done, total) => onProgress?.('de-duplicating', done, total));
    passages.push(...filePassages);
    counts[file.file] = { sha256: file.sha256, articles: articles.length, passages: filePassages.length };
  }
  return { passages, counts };
}

/** One vector per passage: a previous index's where id and text are unchanged, the embedder's for the rest. */
async function embedPassages(passages: Passage[], reuse: Map<string, { text: string; vector: Float32Array }>, options: BuildOptions) {
  const { embedder, signal } = options;
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

/** Vectors of the given slots of a previous index, by passage id, for reuse. */
function reusable(previous: IndexData | null, slots: Iterable<number>): Map<string, { text: string; vector: Float32Array }> {
  const reuse = new Map<string, { text: string; vector: Float32Array }>();
  const source = previous?.vectors ?? previous?.ngramVectors;
  if (source) for (const slot of slots) reuse.set(previous!.passages.table.list.ids[slot]!, { text: previous!.passages.text(slot), vector: source.vector(slot) });
  return reuse;
}

/** The model's vectors go to HNSW; the offline embedder's are kept quantized on disk (README, "Memory and speed"). */
const inHnsw = (options: BuildOptions) => options.embedder.info.kind !== 'ngram';

/**
 * Builds or updates the index. With a previous index of the same embedder and text pipeline, only
 * files whose sha256 changed are read into passages: their old passages are deleted (emptied slots),
 * their new ones appended; untouched files cost a hash. Otherwise, or with `full`, or once too many
 * slots are empty, the index is rebuilt whole, reusing the vectors of unchanged passages. Either way
 * the result is written into a temporary sibling folder, checked by reading every file back, and
 * swapped in at the end, so a crash, a full disk or an abort leaves the previous index as it was. A
 * lock file beside the folder keeps two builds of the same folder apart.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const { seedsDir, outDir, embedder, log, signal } = options;
  const stemmer = options.stemmer ?? 'light10';
  await checkReplaceable(outDir);
  // Until the new index is laid out, the old one's size is the best guess of the space needed.
  const disk = { outDir, neededBytes: await folderBytes(outDir) };
  const lock = await onDisk(disk, async () => {
    await mkdir(path.dirname(outDir), { recursive: true });
    return acquireLock(lockFile(outDir), (pid) => busyMessage(outDir, pid));
  });
  try {
    await onDisk(disk, () => recoverLeftovers(outDir));
    const { files, skipped } = await readSeedFiles(seedsDir);
    for (const s of skipped) log.warn(`Skipped ${s.file}: ${s.reason}.`);
    const previous = await openPrevious(outDir, embedder.info, stemmer, log);
    try {
      const plan = previous && !options.full ? planUpdate(previous, files, options.compactShare ?? buildDefaults.compactShare) : null;
      const ingest = plan ? plan.added : readPassages(files, new Set(), options.onIngestProgress);
      const live = plan ? previous!.passages.count - plan.removed.size + ingest.passages.length : ingest.passages.length;
      signal?.throwIfAborted();
      if (live === 0 && !options.allowEmpty) throw emptyError(seedsDir, outDir, files.length, skipped.length);
      if (plan && Object.keys(ingest.counts).length === 0 && plan.removed.size === 0 && JSON.stringify(skipped) === JSON.stringify(previous!.manifest.skipped))
        return { manifest: previous!.manifest, skipped, reusedVectors: 0, truncatedPassages: 0, mode: 'unchanged', added: 0, removed: 0 };

      const reuse = reusable(previous, plan ? plan.removed : (previous?.passages.liveSlots() ?? []));
      const { vectors, reused, truncated } = await embedPassages(ingest.passages, reuse, options);
      const parts = plan ? await updatedParts(options, previous!, plan, vectors) : wholeParts(options, ingest.passages, vectors);
      signal?.throwIfAborted();
      const indexed = plan ? sortedFiles({ ...plan.kept, ...ingest.counts }) : ingest.counts;
      const draft = {
        formatVersion: INDEX_FORMAT_VERSION,
        builtAt: new Date().toISOString(),
        buildId: randomUUID(),
        // What the bot needs to update the index it serves in place (README, "Reloading in the bot").
        ...(plan && previous!.manifest.buildId ? { parent: { buildId: previous!.manifest.buildId, slots: previous!.passages.slots } } : {}),
        embedder: embedder.info,
        text: { stemmer, pipeline: textFingerprint(stemmer) },
        hnsw: { space: 'cosine' as const, m: options.hnsw.m, efConstruction: options.hnsw.efConstruction, efSearch: options.hnsw.efSearch },
        counts: {
          files: Object.keys(indexed).length,
          articles: Object.values(indexed).reduce((sum, f) => sum + f.articles, 0),
          passages: parts.lexical.docCount,
          slots: parts.lexical.slots,
          skipped: skipped.length,
        },
        files: indexed,
        skipped,
      };
      disk.neededBytes = partsBytes(parts, plan ? await folderBytes(outDir) : 0);
      let manifest: Manifest | undefined;
      await onDisk(disk, () =>
        swapIn(outDir, async (tmp) => {
          const checksums = await writeIndexParts(tmp, parts);
          await verifyIndexParts(tmp, checksums, { slots: parts.lexical.slots, dimensions: embedder.info.dimensions });
          const complete = { ...draft, buildMs: Date.now() - started, checksums };
          await writeManifest(tmp, complete);
          manifest = complete;
          // The last moment to stop: after this the swap runs to its end.
          signal?.throwIfAborted();
        }),
      );
      log.debug(`Index written with ${describeEmbedder(embedder.info)}.`);
      const removed = plan?.removed.size ?? 0;
      return { manifest: manifest!, skipped, reusedVectors: reused, truncatedPassages: truncated, mode: plan ? 'update' : 'full', added: ingest.passages.length, removed };
    } finally {
      if (previous) await closeIndex(previous);
    }
  } finally {
    await lock.release();
  }
}

interface UpdatePlan {
  /** Passages of new and changed files, and their files' counts. */
  added: ReturnType<typeof readPassages>;
  /** Slots of the passages of changed and removed files. */
  removed: Set<number>;
  /** Files whose passages stay. */
  kept: Manifest['files'];
}

/** What an update must do, or null when the index should be rebuilt whole (compaction). */
function planUpdate(previous: IndexData, files: SourceFile[], compactShare: number): UpdatePlan | null {
  const old = previous.manifest.files;
  const current = new Map(files.map((f) => [f.file, f.sha256]));
  const kept = Object.fromEntries(Object.entries(old).filter(([file, f]) => current.get(file) === f.sha256));
  const removed = new Set<number>();
  const usedIds = new Set<string>();
  const { passages } = previous;
  for (const slot of passages.liveSlots()) {
    if (Object.hasOwn(kept, passages.table.list.articles[passages.articleOf(slot)]!.file)) usedIds.add(passages.table.list.ids[slot]!);
    else removed.add(slot);
  }
  const added = readPassages(
    files.filter((f) => old[f.file]?.sha256 !== f.sha256),
    usedIds,
  );
  const empty = passages.slots - passages.count + removed.size;
  if (empty / Math.max(1, passages.slots + added.passages.length) > compactShare) return null;
  return { added, removed, kept };
}

/**
 * The previous index's parts with the removed slots emptied and the new passages appended. The graph
 * is updated as the bot updates the one it serves (VectorIndex.update), so both hold the same graph.
 */
async function updatedParts(options: BuildOptions, previous: IndexData, plan: UpdatePlan, vectors: Float32Array[]): Promise<IndexParts> {
  const { passages: store } = previous;
  const { passages } = plan.added;
  if (previous.vectors) await previous.vectors.update(plan.removed, vectors, store.slots);
  const textsFile = path.join(options.outDir, INDEX_FILES.texts);
  const { table, texts } = packPassages(passages, removeSlots(store.table, plan.removed), (await stat(textsFile)).size);
  return {
    table,
    texts: { previous: textsFile, appended: texts },
    vectors: previous.vectors,
    addedVectors: previous.vectors ? Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))) : null,
    ngramVectors: inHnsw(options)
      ? null
      : { previous: path.join(options.outDir, INDEX_FILES.ngramVectors), appended: QuantizedVectors.pack(vectors, options.embedder.info.dimensions) },
    lexical: previous.lexical.update(
      plan.removed,
      passages.map((p) => ({ text: p.text, title: p.article.title })),
    ),
  };
}

function wholeParts(options: BuildOptions, passages: Passage[], vectors: Float32Array[]): IndexParts {
  const { table, texts } = packPassages(passages);
  const { dimensions } = options.embedder.info;
  return {
    table,
    texts: { previous: null, appended: texts },
    vectors: inHnsw(options) ? VectorIndex.build(vectors, dimensions, options.hnsw) : null,
    addedVectors: null,
    ngramVectors: inHnsw(options) ? null : { previous: null, appended: QuantizedVectors.pack(vectors, dimensions) },
    lexical: LexicalIndex.build(
      passages.map((p) => ({ text: p.text, title: p.article.title })),
      createTermProcessor(options.stemmer ?? 'light10'),
    ),
  };
}

/** Files in path order, as a full build lists them. */
const sortedFiles = (files: Manifest['files']): Manifest['files'] => Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

async function folderBytes(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const sizes = await Promise.all((await readdir(dir)).map(async (entry) => (await stat(path.join(dir, entry))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
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
