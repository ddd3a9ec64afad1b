import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEmbedder, type Embedder, type EmbedderInfo } from '../embed/embedder.ts';
import { splitArticles } from '../ingest/articles.ts';
import { buildPassages } from '../ingest/passages.ts';
import { readSeedFiles, type SkippedFile, type SourceFile } from '../ingest/read.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { StemmerName } from '../text/stem.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { packPassages, removeSlots } from './passage-store.ts';
import { QuantizedVectors } from './quantized-vectors.ts';
import { closeIndex, INDEX_FILES, readIndex, writeIndexFiles, type IndexData } from './store.ts';
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
  /** Rebuild everything even when the previous index could be updated. */
  full?: boolean;
  /** Share of empty slots past which the index is compacted (default buildDefaults.compactShare). */
  compactShare?: number;
}

export interface BuildSummary {
  manifest: Manifest;
  skipped: SkippedFile[];
  reusedVectors: number;
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

/** The previous index, when there is one that this build can update or reuse vectors from. */
async function openPrevious(outDir: string, embedder: EmbedderInfo, stemmer: StemmerName, log: Logger): Promise<IndexData | null> {
  if (!existsSync(path.join(outDir, INDEX_FILES.manifest))) return null;
  try {
    const old = await readIndex(outDir);
    if (sameEmbedder(old.manifest.embedder, embedder) && old.manifest.text.stemmer === stemmer) return old;
    await closeIndex(old);
  } catch (error) {
    log.warn(`The previous index cannot be read (${(error as Error).message}); it is rebuilt whole.`);
  }
  return null;
}

/** Splits files into articles and passages; `usedIds` are the ids already taken (a collision gets a longer id). */
function readPassages(files: SourceFile[], usedIds: Set<string>) {
  const passages: Passage[] = [];
  const counts: Manifest['files'] = {};
  for (const file of files) {
    const articles = splitArticles(file.file, file.text);
    const filePassages = buildPassages(articles, usedIds);
    passages.push(...filePassages);
    counts[file.file] = { sha256: file.sha256, articles: articles.length, passages: filePassages.length };
  }
  return { passages, counts };
}

/** Embeds the passages that have no reusable vector (same id and text). */
async function vectorsFor(passages: Passage[], reuse: Map<string, { text: string; vector: Float32Array }>, options: BuildOptions) {
  const vectors: (Float32Array | undefined)[] = passages.map((p) => {
    const old = reuse.get(p.id);
    return old && old.text === p.text ? old.vector : undefined;
  });
  const missing = passages.flatMap((_, i) => (vectors[i] ? [] : [i]));
  const fresh = await options.embedder.embedPassages(
    missing.map((i) => passages[i]!.text),
    (done) => options.onEmbedProgress?.(done, missing.length),
  );
  missing.forEach((label, j) => (vectors[label] = fresh[j]));
  return { vectors: vectors as Float32Array[], reused: passages.length - missing.length };
}

/** How the vectors are kept: the model's in HNSW, the offline embedder's quantized on disk. */
function inHnsw(options: BuildOptions): boolean {
  return options.embedder.info.kind !== 'ngram';
}

/** Vectors of the given slots of a previous index, by passage id, for reuse. */
function reusable(previous: IndexData | null, slots: Iterable<number>): Map<string, { text: string; vector: Float32Array }> {
  const reuse = new Map<string, { text: string; vector: Float32Array }>();
  const source = previous?.vectors ?? previous?.ngramVectors;
  if (source) for (const slot of slots) reuse.set(previous!.passages.table.list.ids[slot]!, { text: previous!.passages.text(slot), vector: source.vector(slot) });
  return reuse;
}

function makeManifest(options: BuildOptions, started: number, files: Manifest['files'], skipped: SkippedFile[], counts: { passages: number; slots: number }): Manifest {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    embedder: options.embedder.info,
    text: { stemmer: options.stemmer ?? 'light10' },
    hnsw: { space: 'cosine', m: options.hnsw.m, efConstruction: options.hnsw.efConstruction, efSearch: options.hnsw.efSearch },
    counts: {
      files: Object.keys(files).length,
      articles: Object.values(files).reduce((sum, f) => sum + f.articles, 0),
      passages: counts.passages,
      slots: counts.slots,
      skipped: skipped.length,
    },
    files,
    skipped,
  };
}

/**
 * Builds or updates the index. With a previous index of the same embedder and stemmer, only files
 * whose sha256 changed are read into passages: their old passages are deleted (emptied slots), their
 * new ones appended; untouched files cost a hash. Otherwise, or with `full`, or once too many slots are
 * empty, the index is rebuilt whole, reusing the vectors of unchanged passages. Either way the result
 * is written into a temporary sibling folder and swapped in at the end, so a crash or Ctrl-C leaves
 * the previous index as it was.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const { outDir, log } = options;
  const stemmer = options.stemmer ?? 'light10';
  await recoverLeftovers(outDir);
  await checkReplaceable(outDir);
  const { files, skipped } = await readSeedFiles(options.seedsDir);
  const previous = await openPrevious(outDir, options.embedder.info, stemmer, log);
  try {
    const update = previous && !options.full ? planUpdate(previous, files, options.compactShare ?? buildDefaults.compactShare) : null;
    return update ? await applyUpdate(options, started, previous!, update, skipped) : await buildWhole(options, started, previous, files, skipped);
  } finally {
    if (previous) await closeIndex(previous);
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
    if (passages.table.list.articles[passages.articleOf(slot)]!.file in kept) usedIds.add(passages.table.list.ids[slot]!);
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

async function applyUpdate(options: BuildOptions, started: number, previous: IndexData, plan: UpdatePlan, skipped: SkippedFile[]): Promise<BuildSummary> {
  const { passages: store } = previous;
  const { passages, counts } = plan.added;
  const sameSkipped = JSON.stringify(skipped) === JSON.stringify(previous.manifest.skipped);
  if (Object.keys(counts).length === 0 && plan.removed.size === 0 && sameSkipped)
    return { manifest: previous.manifest, skipped, reusedVectors: 0, mode: 'unchanged', added: 0, removed: 0 };
  const { vectors, reused } = await vectorsFor(passages, reusable(previous, plan.removed), options);
  if (previous.vectors) {
    previous.vectors.remove(plan.removed);
    previous.vectors.add(vectors, store.slots);
  }
  const ngramVectors = inHnsw(options)
    ? null
    : { previous: path.join(options.outDir, INDEX_FILES.ngramVectors), appended: QuantizedVectors.pack(vectors, options.embedder.info.dimensions) };
  const textsFile = path.join(options.outDir, INDEX_FILES.texts);
  const { table, texts } = packPassages(passages, removeSlots(store.table, plan.removed), (await stat(textsFile)).size);
  const lexical = previous.lexical.update(
    plan.removed,
    passages.map((p) => ({ text: p.text })),
  );
  const manifest = makeManifest(options, started, sortedFiles({ ...plan.kept, ...counts }), skipped, { passages: lexical.docCount, slots: lexical.slots });
  await swapIn(options.outDir, (tmp) => writeIndexFiles(tmp, { manifest, table, texts: { previous: textsFile, appended: texts }, vectors: previous.vectors, ngramVectors, lexical }),
  );
  return { manifest, skipped, reusedVectors: reused, mode: 'update', added: passages.length, removed: plan.removed.size };
}

async function buildWhole(options: BuildOptions, started: number, previous: IndexData | null, files: SourceFile[], skipped: SkippedFile[]): Promise<BuildSummary> {
  const { passages, counts } = readPassages(files, new Set());
  const { vectors, reused } = await vectorsFor(passages, reusable(previous, previous?.passages.liveSlots() ?? []), options);
  const { table, texts } = packPassages(passages);
  const lexical = LexicalIndex.build(
    passages.map((p) => ({ text: p.text })),
    createTermProcessor(options.stemmer ?? 'light10'),
  );
  const manifest = makeManifest(options, started, counts, skipped, { passages: passages.length, slots: passages.length });
  const data = {
    manifest,
    table,
    texts: { previous: null, appended: texts },
    vectors: inHnsw(options) ? VectorIndex.build(vectors, options.embedder.info.dimensions, options.hnsw) : null,
    ngramVectors: inHnsw(options) ? null : { previous: null, appended: QuantizedVectors.pack(vectors, options.embedder.info.dimensions) },
    lexical,
  };
  await swapIn(options.outDir, (tmp) => writeIndexFiles(tmp, data));
  options.log.debug(`Index written with ${describeEmbedder(options.embedder.info)}.`);
  return { manifest, skipped, reusedVectors: reused, mode: 'full', added: passages.length, removed: 0 };
}

/** Files in path order, as a full build lists them. */
const sortedFiles = (files: Manifest['files']): Manifest['files'] => Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

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
