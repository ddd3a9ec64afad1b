import { existsSync, readFileSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { createTermProcessor } from '../text/tokens.ts';
import { LexicalIndex, type LexicalHeader } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { PassageStore, type PassageTable, type StoredPassageList } from './passage-store.ts';
import { QuantizedVectors } from './quantized-vectors.ts';
import { VectorIndex } from './vector.ts';

/** The files of an index folder. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.json',
  rows: 'passages.bin',
  texts: 'texts.bin',
  vectors: 'vectors.hnsw',
  ngramVectors: 'ngram-vectors.bin',
  lexical: 'lexical.json',
  lexicalData: 'lexical.bin',
  terms: 'terms.txt',
} as const;

/** A loaded index: the model's vectors in HNSW, or the offline embedder's on disk (README, "Memory and speed"). */
export interface IndexData {
  manifest: Manifest;
  passages: PassageStore;
  vectors: VectorIndex | null;
  ngramVectors: QuantizedVectors | null;
  lexical: LexicalIndex;
}

/** Releases the files a loaded index keeps open. */
export async function closeIndex(data: Pick<IndexData, 'passages' | 'ngramVectors'>): Promise<void> {
  await data.passages.close();
  await data.ngramVectors?.close();
}

/** What a build writes: the passage table, the texts (appended to a previous index's, or new), the indexes. */
export interface IndexWrite {
  manifest: Manifest;
  table: PassageTable;
  texts: { previous: string | null; appended: Buffer };
  vectors: VectorIndex | null;
  /** The offline embedder's quantized vectors, appended to a previous index's like the texts. */
  ngramVectors: { previous: string | null; appended: Buffer } | null;
  lexical: LexicalIndex;
}

export async function writeIndexFiles(dir: string, data: IndexWrite): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  if (data.vectors) await data.vectors.save(file(INDEX_FILES.vectors));
  for (const [name, part] of [[INDEX_FILES.texts, data.texts], [INDEX_FILES.ngramVectors, data.ngramVectors]] as const) {
    if (!part) continue;
    if (part.previous) await copyFile(part.previous, file(name));
    await appendFile(file(name), part.appended);
  }
  await writeFile(file(INDEX_FILES.passages), JSON.stringify(data.table.list));
  await writeFile(file(INDEX_FILES.rows), Buffer.from(data.table.rows.buffer, data.table.rows.byteOffset, data.table.rows.byteLength));
  const lexical = data.lexical.serialize();
  await writeFile(file(INDEX_FILES.lexicalData), lexical.data);
  await writeFile(file(INDEX_FILES.terms), lexical.vocabulary);
  await writeFile(file(INDEX_FILES.lexical), JSON.stringify(lexical.header));
  // The manifest goes last: a folder with a manifest is complete.
  await writeFile(file(INDEX_FILES.manifest), JSON.stringify(data.manifest, null, 2) + '\n');
}

export function readManifest(dir: string): Manifest {
  if (!existsSync(path.join(dir, INDEX_FILES.manifest)))
    throw new UserError(`No index found in ${dir}: build it with \`npm run index\` (or point INDEX_DIR, or --index for the CLI, at an existing one).`, 'no-index');
  const manifest = readPartSync(dir, INDEX_FILES.manifest, (file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest);
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.formatVersion !== 'number')
    throw corrupt(dir, `${INDEX_FILES.manifest} is not an index manifest`);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION)
    throw new UserError(
      `The index in ${dir} has format version ${manifest.formatVersion}, this program reads version ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
      'index-version',
    );
  const { embedder, hnsw, text, counts } = manifest;
  if (!embedder || !hnsw || !text || !counts) throw corrupt(dir, `${INDEX_FILES.manifest} lacks fields`);
  return manifest;
}

function corrupt(dir: string, detail: string): UserError {
  return new UserError(`The index in ${dir} is damaged (${detail}): rebuild it with \`npm run index\`.`, 'corrupt-index');
}

function damage(dir: string, file: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'is missing' : error instanceof SyntaxError ? 'is not valid JSON' : code ? 'cannot be read' : (error as Error).message;
  return corrupt(dir, `${file} ${reason}`);
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

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

/**
 * Loads an index folder without blocking the event loop for long: files are read asynchronously, the
 * HNSW graph on hnswlib's thread, passage texts stay on disk. Any missing or unreadable part is
 * reported as a damaged index.
 */
export async function readIndex(dir: string): Promise<IndexData> {
  const manifest = readManifest(dir);
  const file = (name: string) => path.join(dir, name);
  const list = await readPart(dir, INDEX_FILES.passages, (f) => readJson<StoredPassageList>(f));
  if (!Array.isArray(list?.ids) || !Array.isArray(list?.articles)) throw corrupt(dir, `${INDEX_FILES.passages} has an unexpected structure`);
  const passages = await readPart(dir, INDEX_FILES.rows, () => PassageStore.open({ rows: file(INDEX_FILES.rows), texts: file(INDEX_FILES.texts) }, list));
  let ngramVectors: QuantizedVectors | null = null;
  try {
    const header = await readPart(dir, INDEX_FILES.lexical, (f) => readJson<LexicalHeader>(f));
    const vocabulary = await readPart(dir, INDEX_FILES.terms, (f) => readFile(f, 'utf8'));
    const data = await readPart(dir, INDEX_FILES.lexicalData, (f) => readFile(f));
    const lexical = await readPart(dir, INDEX_FILES.lexicalData, () => LexicalIndex.load(header, vocabulary, data, createTermProcessor(manifest.text.stemmer)));
    const deleted = passages.slots - passages.count;
    const { kind, dimensions } = manifest.embedder;
    const vectors = kind === 'ngram' ? null : await readPart(dir, INDEX_FILES.vectors, (f) => VectorIndex.load(f, dimensions, manifest.hnsw.efSearch, deleted));
    ngramVectors = kind === 'ngram' ? await readPart(dir, INDEX_FILES.ngramVectors, (f) => QuantizedVectors.open(f, dimensions, passages.slots)) : null;
    if (passages.count !== manifest.counts.passages || lexical.slots !== passages.slots || (vectors && vectors.size !== passages.slots))
      throw corrupt(dir, `the manifest counts ${manifest.counts.passages} passages, the files hold ${passages.count} texts in ${passages.slots} slots, ${lexical.slots} keyword slots and ${vectors?.size ?? 'no'} vectors`);
    return { manifest, passages, vectors, ngramVectors, lexical };
  } catch (error) {
    await closeIndex({ passages, ngramVectors });
    throw error;
  }
}
