import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { textFingerprint } from '../text/fingerprint.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { ArticleMeta, Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, manifestSchema, type Checksum, type Manifest } from './manifest.ts';
import { corruptIndex, parseIndexFile } from './validate.ts';
import { VectorIndex } from './vector.ts';

/** The files of an index folder. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.json',
  vectors: 'vectors.hnsw',
  lexical: 'lexical.json',
} as const;

/** The files the manifest keeps a checksum of. */
type Part = keyof Manifest['checksums'];
const PARTS: Part[] = ['passages', 'vectors', 'lexical'];

const count = z.number().int().nonnegative();

/** `passages.json`: article metadata is stored once per article, not once per passage. */
const storedPassagesSchema = z
  .object({
    articles: z.array(
      z.object({ file: z.string(), articleIndex: count, title: z.string().nullable(), publisher: z.string().nullable(), published: z.string().nullable() }),
    ),
    passages: z.array(z.object({ id: z.string().min(1), text: z.string(), article: count, paragraph: count })),
  })
  .superRefine((stored, ctx) => {
    const bad = stored.passages.findIndex((p) => p.article >= stored.articles.length);
    if (bad >= 0)
      ctx.addIssue({ code: 'custom', path: ['passages', bad, 'article'], message: `points to an article the file does not list (it lists ${stored.articles.length})` });
  });
type StoredPassages = z.infer<typeof storedPassagesSchema>;

/** A JSON object (not a list), checked without walking its entries. */
const anObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be an object');

/**
 * `lexical.json`: document frequencies and MiniSearch's own serialization. Our code reads the
 * frequencies directly, so each is checked; of MiniSearch's object only the top is checked (walking its
 * hundreds of thousands of entries took 0.7 s at 50k passages), and a failure deeper down in
 * MiniSearch.loadJS is reported as the file being damaged too.
 */
const lexicalSchema = z.object({
  terms: z.object({ docCount: count, df: z.record(z.string(), count) }),
  index: z.looseObject({
    documentCount: count,
    nextId: count,
    documentIds: anObject,
    fieldIds: z.record(z.string(), count),
    fieldLength: anObject,
    averageFieldLength: z.array(z.number()),
    storedFields: anObject,
    index: z.array(z.unknown()),
    serializationVersion: z.number(),
  }),
});

export interface IndexData {
  manifest: Manifest;
  passages: Passage[];
  vectors: VectorIndex;
  lexical: LexicalIndex;
}

function packPassages(passages: Passage[]): StoredPassages {
  const articles: ArticleMeta[] = [];
  const position = new Map<ArticleMeta, number>();
  const packed = passages.map((p) => {
    if (!position.has(p.article)) position.set(p.article, articles.push(p.article) - 1);
    return { id: p.id, text: p.text, article: position.get(p.article)!, paragraph: p.paragraph };
  });
  return { articles, passages: packed };
}

const checksumOf = (bytes: Uint8Array): Checksum => ({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

/** The checksum of a file as it is on disk, streamed (vectors.hnsw is 200 MB at 50k passages). */
async function checksumOfFile(file: string): Promise<Checksum> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    bytes += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The JSON parts of an index, serialized: their sizes tell how much disk the build needs. */
export function serializeParts(data: Omit<IndexData, 'manifest'>): { passages: Buffer; lexical: Buffer } {
  return { passages: Buffer.from(JSON.stringify(packPassages(data.passages))), lexical: Buffer.from(JSON.stringify(data.lexical)) };
}

/**
 * Writes the parts of an index (not the manifest) and returns their checksums: those of the JSON
 * parts are taken from the bytes meant to be written, that of vectors.hnsw (written by hnswlib) from
 * the file as it landed on disk.
 */
export async function writeIndexParts(
  dir: string,
  vectors: VectorIndex,
  serialized: { passages: Buffer; lexical: Buffer },
): Promise<Manifest['checksums']> {
  await mkdir(dir, { recursive: true });
  vectors.save(path.join(dir, INDEX_FILES.vectors));
  await writeFile(path.join(dir, INDEX_FILES.passages), serialized.passages);
  await writeFile(path.join(dir, INDEX_FILES.lexical), serialized.lexical);
  return {
    passages: checksumOf(serialized.passages),
    lexical: checksumOf(serialized.lexical),
    vectors: await checksumOfFile(path.join(dir, INDEX_FILES.vectors)),
  };
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
export async function verifyIndexParts(dir: string, checksums: Manifest['checksums'], expected: { passages: number; dimensions: number }): Promise<void> {
  for (const part of PARTS) {
    const file = INDEX_FILES[part];
    const actual = await checksumOfFile(path.join(dir, file));
    const want = checksums[part];
    if (actual.bytes !== want.bytes) throw new WriteCheckError(file, `reads back as ${actual.bytes} bytes instead of ${want.bytes}`);
    if (actual.sha256 !== want.sha256) throw new WriteCheckError(file, 'reads back with other bytes than were written');
  }
  let size: number;
  try {
    size = VectorIndex.load(path.join(dir, INDEX_FILES.vectors), expected.dimensions, 10).size;
  } catch (error) {
    throw new WriteCheckError(INDEX_FILES.vectors, `cannot be loaded back (${(error as Error).message})`);
  }
  if (size !== expected.passages) throw new WriteCheckError(INDEX_FILES.vectors, `holds ${size} vectors instead of ${expected.passages}`);
}

/** Writes the manifest, which goes last (a folder with a manifest is complete), and reads it back. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const text = JSON.stringify(manifest, null, 2) + '\n';
  await writeFile(path.join(dir, INDEX_FILES.manifest), text);
  if ((await readFile(path.join(dir, INDEX_FILES.manifest), 'utf8')) !== text) throw new WriteCheckError(INDEX_FILES.manifest, 'reads back with other bytes than were written');
}

export function readManifest(dir: string): Manifest {
  if (!existsSync(path.join(dir, INDEX_FILES.manifest)))
    throw new UserError(`No index found in ${dir}: build it with \`npm run index\` (or point INDEX_DIR, or --index for the CLI, at an existing one).`, 'no-index');
  const value = readPart(dir, INDEX_FILES.manifest, readJson);
  const version = typeof value === 'object' && value !== null ? (value as { formatVersion?: unknown }).formatVersion : undefined;
  if (typeof version !== 'number') throw corruptIndex(dir, `${INDEX_FILES.manifest} is not an index manifest`);
  if (version !== INDEX_FORMAT_VERSION)
    throw new UserError(
      `The index in ${dir} has format version ${version}, this program reads version ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
      'index-version',
    );
  return parseIndexFile(dir, INDEX_FILES.manifest, manifestSchema, value);
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Reads one file of the index; whatever goes wrong is reported as that file being damaged. */
function readPart<T>(dir: string, file: string, load: (file: string) => T): T {
  try {
    return load(path.join(dir, file));
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw corruptIndex(dir, `${file} ${reason}`);
  }
}

/** A file cut short or replaced since the build shows in its size, which is cheap to check at every load. */
function checkSizes(dir: string, manifest: Manifest): void {
  for (const part of PARTS) {
    const file = INDEX_FILES[part];
    const bytes = readPart(dir, file, (full) => statSync(full).size);
    const want = manifest.checksums[part].bytes;
    if (bytes !== want) throw corruptIndex(dir, `${file} has ${bytes} bytes, the manifest records ${want}`);
  }
}

/** Loads the manifest, passages and vectors of an index folder (all a rebuild needs to reuse vectors). */
export function readPassagesAndVectors(dir: string): Omit<IndexData, 'lexical'> {
  const manifest = readManifest(dir);
  checkSizes(dir, manifest);
  const { embedder, hnsw, counts } = manifest;
  const stored = parseIndexFile(dir, INDEX_FILES.passages, storedPassagesSchema, readPart(dir, INDEX_FILES.passages, readJson));
  const passages = stored.passages.map((p) => ({ id: p.id, text: p.text, article: stored.articles[p.article]!, paragraph: p.paragraph }));
  const vectors = readPart(dir, INDEX_FILES.vectors, (file) => VectorIndex.load(file, embedder.dimensions, hnsw.efSearch));
  if (passages.length !== counts.passages || vectors.size !== passages.length)
    throw corruptIndex(dir, `the manifest counts ${counts.passages} passages, the files hold ${passages.length} texts and ${vectors.size} vectors`);
  return { manifest, passages, vectors };
}

/** Whether an index was built by this program's text pipeline (normalization, stopwords, stemmer). */
export function samePipeline(manifest: Manifest): boolean {
  return manifest.text.pipeline === textFingerprint(manifest.text.stemmer);
}

/** Loads a whole index folder; any missing, unreadable or malformed part is reported as a damaged index. */
export function readIndexFiles(dir: string): IndexData {
  const core = readPassagesAndVectors(dir);
  if (!samePipeline(core.manifest))
    throw new UserError(
      `The index in ${dir} was built by another version of the text pipeline (normalization, stopwords or stemmer have changed since): rebuild it with \`npm run index\`.`,
      'index-pipeline',
    );
  const saved = parseIndexFile(dir, INDEX_FILES.lexical, lexicalSchema, readPart(dir, INDEX_FILES.lexical, readJson));
  if (saved.terms.docCount !== core.passages.length || saved.index.documentCount !== core.passages.length)
    throw corruptIndex(dir, `${INDEX_FILES.lexical} indexes ${saved.index.documentCount} passages, passages.json holds ${core.passages.length}`);
  const processTerm = createTermProcessor(core.manifest.text.stemmer);
  const lexical = readPart(dir, INDEX_FILES.lexical, () => LexicalIndex.load(saved, processTerm));
  return { ...core, lexical };
}
