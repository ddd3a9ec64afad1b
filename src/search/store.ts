import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { textFingerprint } from '../text/fingerprint.ts';
import { createTermProcessor } from '../text/tokens.ts';
import { LexicalIndex } from './lexical.ts';
import { fileSchema, INDEX_FORMAT_VERSION, manifestHeadSchema, manifestSchema, type Checksum, type Manifest } from './manifest.ts';
import { PassageStore, type PassageTable } from './passage-store.ts';
import { QuantizedVectors } from './quantized-vectors.ts';
import { timeSlicer, yieldToLoop } from './slices.ts';
import { corruptIndex, DamagedFile, parseEntries, parseIndexFile } from './validate.ts';
import { VectorIndex } from './vector.ts';

/** The files of an index folder. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.json',
  ids: 'ids.txt',
  rows: 'passages.bin',
  texts: 'texts.bin',
  vectors: 'vectors.hnsw',
  addedVectors: 'vectors-added.bin',
  ngramVectors: 'ngram-vectors.bin',
  lexical: 'lexical.json',
  lexicalData: 'lexical.bin',
  terms: 'terms.txt',
} as const;

const count = z.number().int().nonnegative();

/** `passages.json`: article metadata, once per article (the passages say which is theirs in passages.bin). */
const articleSchema = z.object({ file: z.string(), articleIndex: count, title: z.string().nullable(), publisher: z.string().nullable(), published: z.string().nullable() });
/** The list itself; its entries (10,000 at 100k passages) are checked a slice at a time. */
const articlesSchema = z.object({ articles: z.array(z.unknown()) });

/** `lexical.json`: what `lexical.bin` and `terms.txt` hold; their sizes are checked against it when loaded. */
const lexicalHeaderSchema = z.object({ fields: z.array(z.string()).min(1), slots: count, docCount: count, terms: count, postings: z.array(count) });

/**
 * A loaded index: the model's vectors in HNSW, or the offline embedder's on disk; the keyword postings
 * read from lexical.bin as queries need them (README, "Memory and speed").
 */
export interface IndexData {
  manifest: Manifest;
  passages: PassageStore;
  vectors: VectorIndex | null;
  ngramVectors: QuantizedVectors | null;
  lexical: LexicalIndex;
}

/** Releases the files a loaded index keeps open. */
export async function closeIndex(data: Pick<IndexData, 'passages' | 'ngramVectors'> & { lexical: LexicalIndex | undefined }): Promise<void> {
  await data.passages.close();
  await data.ngramVectors?.close();
  await data.lexical?.close();
}

/** A file grown by appending to the previous index's copy (texts and offline vectors only ever grow until compaction). */
export interface AppendedFile {
  previous: string | null;
  appended: Buffer;
}

/** What a build writes besides the manifest. */
export interface IndexParts {
  table: PassageTable;
  texts: AppendedFile;
  vectors: VectorIndex | null;
  /** An update's new vectors (Float32, in slot order), for the bot to add to the graph it serves. */
  addedVectors: Buffer | null;
  /** The offline embedder's quantized vectors. */
  ngramVectors: AppendedFile | null;
  lexical: LexicalIndex;
}

const checksumOf = (bytes: Uint8Array): Checksum => ({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

/** The checksum of a file as it is on disk, streamed (the files run to hundreds of MB at 100k passages). */
async function checksumOfFile(file: string): Promise<Checksum> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    bytes += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Bytes the parts will take on disk, for the message when the disk is full. */
export function partsBytes(parts: IndexParts, previousBytes: number): number {
  const fixed =
    parts.table.rows.byteLength + parts.table.list.ids.length * 12 + parts.texts.appended.length + (parts.ngramVectors?.appended.length ?? 0) + (parts.addedVectors?.length ?? 0);
  const vectors = parts.vectors ? parts.vectors.size * (4 * parts.vectors.dimensions + 160) : 0;
  return previousBytes + fixed + vectors + parts.lexical.slots * 200;
}

/**
 * Writes the parts of an index (not the manifest) and returns the checksum and size each must read
 * back with: taken from the bytes meant to be written where the build holds them, else from the file
 * as it landed (hnswlib's graph; a previous index's texts with the new ones appended, whose expected
 * size is checked on top).
 */
export async function writeIndexParts(dir: string, parts: IndexParts): Promise<Manifest['checksums']> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const checksums: Manifest['checksums'] = {};
  const write = async (name: string, bytes: Buffer) => {
    await writeFile(file(name), bytes);
    checksums[name] = checksumOf(bytes);
  };
  const append = async (name: string, part: AppendedFile) => {
    const previousBytes = part.previous ? (await stat(part.previous)).size : 0;
    if (part.previous) await copyFile(part.previous, file(name));
    await appendFile(file(name), part.appended);
    const landed = await checksumOfFile(file(name));
    const expected = previousBytes + part.appended.length;
    if (landed.bytes !== expected) throw new WriteCheckError(name, `was written as ${landed.bytes} bytes instead of ${expected}`);
    checksums[name] = landed;
  };
  if (parts.vectors) {
    await parts.vectors.save(file(INDEX_FILES.vectors));
    checksums[INDEX_FILES.vectors] = await checksumOfFile(file(INDEX_FILES.vectors));
  }
  if (parts.addedVectors) await write(INDEX_FILES.addedVectors, parts.addedVectors);
  await append(INDEX_FILES.texts, parts.texts);
  if (parts.ngramVectors) await append(INDEX_FILES.ngramVectors, parts.ngramVectors);
  await write(INDEX_FILES.passages, Buffer.from(JSON.stringify({ articles: parts.table.list.articles })));
  await write(INDEX_FILES.ids, Buffer.from(parts.table.list.ids.join('\n')));
  const rows = parts.table.rows;
  await write(INDEX_FILES.rows, Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
  const lexical = parts.lexical.serialize();
  await write(INDEX_FILES.lexicalData, lexical.data);
  await write(INDEX_FILES.terms, Buffer.from(lexical.vocabulary));
  await write(INDEX_FILES.lexical, Buffer.from(JSON.stringify(lexical.header)));
  return checksums;
}

/** A written index that does not read back as it was meant to be; the caller keeps the old one. */
export class WriteCheckError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} ${detail}`);
    this.name = 'WriteCheckError';
  }
}

/**
 * Reads every part back and compares it with its checksum, and loads the vectors as hnswlib will (its
 * loader walks the whole file, so a file cut short is caught even though hnswlib's writer, on a full
 * disk, returns as if all went well). Throws WriteCheckError naming the first bad file.
 */
export async function verifyIndexParts(dir: string, checksums: Manifest['checksums'], expected: { slots: number; dimensions: number }): Promise<void> {
  for (const [file, want] of Object.entries(checksums)) {
    const actual = await checksumOfFile(path.join(dir, file));
    if (actual.bytes !== want.bytes) throw new WriteCheckError(file, `reads back as ${actual.bytes} bytes instead of ${want.bytes}`);
    if (actual.sha256 !== want.sha256) throw new WriteCheckError(file, 'reads back with other bytes than were written');
  }
  if (!(INDEX_FILES.vectors in checksums)) return;
  let size: number;
  try {
    const loaded = await VectorIndex.load(path.join(dir, INDEX_FILES.vectors), expected.dimensions, 10, 0);
    size = loaded.size;
    // Freed now: the build holds the graph it wrote as well.
    loaded.release();
  } catch (error) {
    throw new WriteCheckError(INDEX_FILES.vectors, `cannot be loaded back (${(error as Error).message})`);
  }
  if (size !== expected.slots) throw new WriteCheckError(INDEX_FILES.vectors, `holds ${size} vectors instead of ${expected.slots}`);
}

/** Writes the manifest, which goes last (a folder with a manifest is complete), and reads it back. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const text = JSON.stringify(manifest, null, 2) + '\n';
  await writeFile(path.join(dir, INDEX_FILES.manifest), text);
  if ((await readFile(path.join(dir, INDEX_FILES.manifest), 'utf8')) !== text) throw new WriteCheckError(INDEX_FILES.manifest, 'reads back with other bytes than were written');
}

export function readManifest(dir: string): Manifest {
  checkIndexExists(dir);
  const value = readPartSync(dir, INDEX_FILES.manifest, (file) => JSON.parse(readFileSync(file, 'utf8')) as unknown);
  checkVersion(dir, value);
  return parseIndexFile(dir, INDEX_FILES.manifest, manifestSchema, value);
}

/**
 * readManifest for the bot: the file read asynchronously and its per-file records (10,000 at 100k
 * passages) checked a slice at a time, so that a reload never holds the event loop for long.
 */
async function loadManifest(dir: string): Promise<Manifest> {
  checkIndexExists(dir);
  const value = await readPart(dir, INDEX_FILES.manifest, readJson);
  checkVersion(dir, value);
  const head = parseIndexFile(dir, INDEX_FILES.manifest, manifestHeadSchema, value);
  await parseEntries(dir, INDEX_FILES.manifest, value, ['files'], Object.entries(head.files), fileSchema, timeSlicer());
  return value as Manifest;
}

function checkIndexExists(dir: string): void {
  if (!existsSync(path.join(dir, INDEX_FILES.manifest)))
    throw new UserError(`No index found in ${dir}: build it with \`npm run index\` (or point INDEX_DIR, or --index for the CLI, at an existing one).`, 'no-index');
}

function checkVersion(dir: string, value: unknown): void {
  const version = typeof value === 'object' && value !== null ? (value as { formatVersion?: unknown }).formatVersion : undefined;
  if (typeof version !== 'number') throw corruptIndex(dir, `${INDEX_FILES.manifest} is not an index manifest`);
  if (version !== INDEX_FORMAT_VERSION)
    throw new UserError(
      `The index in ${dir} has format version ${version}, this program reads version ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
      'index-version',
    );
}

function damage(dir: string, part: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  if (error instanceof DamagedFile) return corruptIndex(dir, error.message);
  const { code, path: where } = error as NodeJS.ErrnoException;
  // A reader may open more files than the part it was asked for (passages.bin brings ids.txt and texts.bin).
  const file = where ? path.basename(where) : part;
  const reason = code === 'ENOENT' ? 'is missing' : error instanceof SyntaxError ? 'is not valid JSON' : code ? 'cannot be read' : (error as Error).message;
  return corruptIndex(dir, `${file} ${reason}`);
}

function readPartSync<T>(dir: string, file: string, load: (file: string) => T): T {
  try {
    return load(path.join(dir, file));
  } catch (error) {
    throw damage(dir, file, error);
  }
}

/** Reads one file of the index; whatever goes wrong is reported as that file being damaged. */
async function readPart<T>(dir: string, file: string, load: (file: string) => Promise<T>): Promise<T> {
  try {
    return await load(path.join(dir, file));
  } catch (error) {
    throw damage(dir, file, error);
  }
}

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

/** A file cut short or replaced since the build shows in its size, which is cheap to check at every load. */
async function checkSizes(dir: string, manifest: Manifest): Promise<void> {
  for (const [file, want] of Object.entries(manifest.checksums)) {
    const bytes = await readPart(dir, file, async (full) => (await stat(full)).size);
    if (bytes !== want.bytes) throw corruptIndex(dir, `${file} has ${bytes} bytes, the manifest records ${want.bytes}`);
  }
}

/** Whether an index was built by this program's text pipeline (normalization, stopwords, stemmer). */
export function samePipeline(manifest: Manifest): boolean {
  return manifest.text.pipeline === textFingerprint(manifest.text.stemmer);
}

/**
 * Loads an index folder without blocking the event loop for long: files are read asynchronously, the
 * HNSW graph on hnswlib's thread, passage texts stay on disk. Any missing, unreadable or malformed
 * part is reported as a damaged index, naming the file (and the field, for JSON).
 */
export async function readIndex(dir: string): Promise<IndexData> {
  const data = await readIndexWithoutGraph(dir);
  if (data.manifest.embedder.kind === 'ngram') return data;
  try {
    return { ...data, vectors: await readGraph(dir, data) };
  } catch (error) {
    await closeIndex(data);
    throw error;
  }
}

/** The model's HNSW graph of a loaded index, read on hnswlib's thread. */
export async function readGraph(dir: string, data: Pick<IndexData, 'manifest' | 'passages'>): Promise<VectorIndex> {
  const { manifest, passages } = data;
  const deleted = passages.slots - passages.count;
  const vectors = await readPart(dir, INDEX_FILES.vectors, (f) => VectorIndex.load(f, manifest.embedder.dimensions, manifest.hnsw.efSearch, deleted));
  if (vectors.size !== passages.slots) throw corruptIndex(dir, `${INDEX_FILES.vectors} holds ${vectors.size} vectors for ${passages.slots} passage slots`);
  return vectors;
}

/** The vectors an update appended (slots `manifest.parent.slots` on), from `vectors-added.bin`. */
export async function readAddedVectors(dir: string, data: Pick<IndexData, 'manifest' | 'passages'>): Promise<Float32Array[]> {
  const { manifest, passages } = data;
  const { dimensions } = manifest.embedder;
  const count = passages.slots - (manifest.parent?.slots ?? passages.slots);
  const bytes = await readPart(dir, INDEX_FILES.addedVectors, (f) => readFile(f));
  if (count < 0 || bytes.length !== count * dimensions * 4)
    throw corruptIndex(dir, `${INDEX_FILES.addedVectors} has ${bytes.length} bytes, not the ${Math.max(0, count)} vectors of ${dimensions} dimensions the update appended`);
  // One aligned copy: Float32Array needs an aligned start, which a file read into Node's buffer pool may lack.
  const all = new Float32Array(bytes.length / 4);
  new Uint8Array(all.buffer).set(bytes);
  return Array.from({ length: count }, (_, i) => all.subarray(i * dimensions, (i + 1) * dimensions));
}

/**
 * Everything of an index but the HNSW graph (`vectors` is null): what the bot loads when it updates
 * the graph it already serves instead of loading a second one.
 */
export async function readIndexWithoutGraph(dir: string): Promise<IndexData> {
  const manifest = await loadManifest(dir);
  if (!samePipeline(manifest))
    throw new UserError(
      `The index in ${dir} was built by another version of the text pipeline (normalization, stopwords or stemmer have changed since): rebuild it with \`npm run index\`.`,
      'index-pipeline',
    );
  await checkSizes(dir, manifest);
  await yieldToLoop();
  const file = (name: string) => path.join(dir, name);
  const stored = parseIndexFile(dir, INDEX_FILES.passages, articlesSchema, await readPart(dir, INDEX_FILES.passages, readJson));
  await parseEntries(dir, INDEX_FILES.passages, stored, ['articles'], stored.articles.entries(), articleSchema, timeSlicer());
  const articles = stored.articles as z.infer<typeof articleSchema>[];
  await yieldToLoop();
  const passages = await readPart(dir, INDEX_FILES.rows, () =>
    PassageStore.open({ ids: file(INDEX_FILES.ids), rows: file(INDEX_FILES.rows), texts: file(INDEX_FILES.texts) }, articles),
  );
  let ngramVectors: QuantizedVectors | null = null;
  let lexical: LexicalIndex | undefined;
  try {
    const header = parseIndexFile(dir, INDEX_FILES.lexical, lexicalHeaderSchema, await readPart(dir, INDEX_FILES.lexical, readJson));
    const vocabulary = await readPart(dir, INDEX_FILES.terms, (f) => readFile(f, 'utf8'));
    await yieldToLoop();
    lexical = await readPart(dir, INDEX_FILES.lexicalData, (f) => LexicalIndex.load(header, vocabulary, f, createTermProcessor(manifest.text.stemmer)));
    const { kind, dimensions } = manifest.embedder;
    ngramVectors = kind === 'ngram' ? await readPart(dir, INDEX_FILES.ngramVectors, (f) => QuantizedVectors.open(f, dimensions, passages.slots)) : null;
    if (passages.count !== manifest.counts.passages || lexical.slots !== passages.slots)
      throw corruptIndex(
        dir,
        `the manifest counts ${manifest.counts.passages} passages, the files hold ${passages.count} texts in ${passages.slots} slots and ${lexical.slots} keyword slots`,
      );
    return { manifest, passages, vectors: null, ngramVectors, lexical };
  } catch (error) {
    await closeIndex({ passages, ngramVectors, lexical });
    throw error;
  }
}
