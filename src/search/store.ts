import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { createTermProcessor } from '../text/tokens.ts';
import type { ArticleMeta, Passage } from '../types.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import type { TermStats } from './terms.ts';
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
  terms: TermStats;
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
  await writeFile(path.join(dir, INDEX_FILES.lexical), JSON.stringify({ terms: data.terms, index: data.lexical.toJSON() }));
  // The manifest goes last: a folder with a manifest is complete.
  await writeFile(path.join(dir, INDEX_FILES.manifest), JSON.stringify(data.manifest, null, 2) + '\n');
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, INDEX_FILES.manifest);
  if (!existsSync(file)) throw new UserError(`No index found in ${dir}: build it with \`npm run index\` (or point INDEX_DIR, or --index for the CLI, at an existing one).`, 'no-index');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    throw corrupt(dir, 'manifest.json is not valid JSON');
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION)
    throw new UserError(
      `The index in ${dir} has format version ${String(manifest.formatVersion)}, this program reads version ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
      'index-version',
    );
  return manifest;
}

function corrupt(dir: string, detail: string): UserError {
  return new UserError(`The index in ${dir} is damaged (${detail}): rebuild it with \`npm run index\`.`, 'corrupt-index');
}

/** Loads a whole index folder; any missing or unreadable part is reported as a damaged index. */
export function readIndexFiles(dir: string): IndexData {
  const manifest = readManifest(dir);
  try {
    const stored = JSON.parse(readFileSync(path.join(dir, INDEX_FILES.passages), 'utf8')) as StoredPassages;
    const passages = stored.passages.map((p) => ({
      id: p.id,
      text: p.text,
      article: stored.articles[p.article]!,
      paragraph: p.paragraph,
    }));
    const lexicalFile = JSON.parse(readFileSync(path.join(dir, INDEX_FILES.lexical), 'utf8')) as { terms: TermStats; index: unknown };
    const lexical = LexicalIndex.load(lexicalFile.index, createTermProcessor(manifest.text.stemmer));
    const vectors = VectorIndex.load(path.join(dir, INDEX_FILES.vectors), manifest.embedder.dimensions, manifest.hnsw.efSearch);
    if (passages.length !== manifest.counts.passages || vectors.size !== passages.length)
      throw new Error(`expected ${manifest.counts.passages} passages, found ${passages.length} texts and ${vectors.size} vectors`);
    return { manifest, passages, vectors, lexical, terms: lexicalFile.terms };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw corrupt(dir, (error as Error).message.split('\n')[0]!);
  }
}
