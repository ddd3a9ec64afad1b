import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { ArticleMeta, Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import { VectorIndex } from './vector.ts';

/** The files of an index folder. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.json',
  vectors: 'vectors.hnsw',
  lexical: 'lexical.json',
} as const;

/** Article metadata is stored once per article, not once per passage. */
interface StoredPassages {
  articles: ArticleMeta[];
  passages: { id: string; text: string; article: number; paragraph: number }[];
}

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

export async function writeIndexFiles(dir: string, data: IndexData): Promise<void> {
  await mkdir(dir, { recursive: true });
  data.vectors.save(path.join(dir, INDEX_FILES.vectors));
  await writeFile(path.join(dir, INDEX_FILES.passages), JSON.stringify(packPassages(data.passages)));
  await writeFile(path.join(dir, INDEX_FILES.lexical), JSON.stringify(data.lexical));
  // The manifest goes last: a folder with a manifest is complete.
  await writeFile(path.join(dir, INDEX_FILES.manifest), JSON.stringify(data.manifest, null, 2) + '\n');
}

export function readManifest(dir: string): Manifest {
  if (!existsSync(path.join(dir, INDEX_FILES.manifest)))
    throw new UserError(`No index found in ${dir}: build it with \`npm run index\` (or point INDEX_DIR, or --index for the CLI, at an existing one).`, 'no-index');
  const manifest = readPart(dir, INDEX_FILES.manifest, (file) => readJson(file) as Manifest);
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.formatVersion !== 'number')
    throw corrupt(dir, `${INDEX_FILES.manifest} is not an index manifest`);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION)
    throw new UserError(
      `The index in ${dir} has format version ${manifest.formatVersion}, this program reads version ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
      'index-version',
    );
  return manifest;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function corrupt(dir: string, detail: string): UserError {
  return new UserError(`The index in ${dir} is damaged (${detail}): rebuild it with \`npm run index\`.`, 'corrupt-index');
}

/** Reads one file of the index; whatever goes wrong is reported as that file being damaged. */
function readPart<T>(dir: string, file: string, load: (file: string) => T, check: (value: T) => boolean = () => true): T {
  let value: T;
  try {
    value = load(path.join(dir, file));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw corrupt(dir, `${file} ${reason}`);
  }
  if (!check(value)) throw corrupt(dir, `${file} has an unexpected structure`);
  return value;
}

/** Loads the manifest, passages and vectors of an index folder (all a rebuild needs to reuse vectors). */
export function readPassagesAndVectors(dir: string): Omit<IndexData, 'lexical'> {
  const manifest = readManifest(dir);
  const { embedder, hnsw, text, counts } = manifest;
  if (!embedder || !hnsw || !text || !counts) throw corrupt(dir, `${INDEX_FILES.manifest} lacks fields`);
  const stored = readPart(
    dir,
    INDEX_FILES.passages,
    (file) => readJson(file) as StoredPassages,
    (v) => Array.isArray(v?.passages) && Array.isArray(v?.articles) && v.passages.every((p) => v.articles[p.article] !== undefined),
  );
  const passages = stored.passages.map((p) => ({ id: p.id, text: p.text, article: stored.articles[p.article]!, paragraph: p.paragraph }));
  const vectors = readPart(dir, INDEX_FILES.vectors, (file) => VectorIndex.load(file, embedder.dimensions, hnsw.efSearch));
  if (passages.length !== counts.passages || vectors.size !== passages.length)
    throw corrupt(dir, `the manifest counts ${counts.passages} passages, the files hold ${passages.length} texts and ${vectors.size} vectors`);
  return { manifest, passages, vectors };
}

/** Loads a whole index folder; any missing or unreadable part is reported as a damaged index. */
export function readIndexFiles(dir: string): IndexData {
  const core = readPassagesAndVectors(dir);
  const processTerm = createTermProcessor(core.manifest.text.stemmer);
  const lexical = readPart(dir, INDEX_FILES.lexical, (file) => LexicalIndex.load(readJson(file) as Parameters<typeof LexicalIndex.load>[0], processTerm));
  return { ...core, lexical };
}
