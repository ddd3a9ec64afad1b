import { cpSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { readIndexFiles } from '../../src/search/store.ts';
import { editIndexFile, nullTextMessage } from '../helpers/damage-index.ts';
import { buildSeedIndex, tempDir } from '../helpers/seed-index.ts';

const work = tempDir('kb-store-');
let good: string;
let copies = 0;

/** A copy of a good index with one of its JSON files edited. */
function damaged(file: string, edit: (json: any) => void): string {
  const dir = path.join(work, String(++copies));
  cpSync(good, dir, { recursive: true });
  editIndexFile(dir, file, edit);
  return dir;
}

/** The message readIndexFiles fails with; it must be a UserError that says to rebuild. */
function loadError(dir: string): string {
  try {
    readIndexFiles(dir);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/: rebuild it with `npm run index`\.$/);
    return (error as Error).message;
  }
  throw new Error(`${dir} loaded`);
}

describe('readIndexFiles on a damaged index', () => {
  beforeAll(async () => {
    good = await buildSeedIndex();
  });

  it('names the file and the field of a passage whose text is null', () => {
    const dir = damaged('passages.json', (json) => (json.passages[3].text = null));
    expect(loadError(dir)).toBe(nullTextMessage(dir));
  });

  it('names a passage that points to an article the file does not list', () => {
    const dir = damaged('passages.json', (json) => (json.passages[0].article = 999));
    expect(loadError(dir)).toContain('(passages.json: passages[0].article points to an article the file does not list (it lists ');
  });

  it('names a field missing from the manifest', () => {
    const dir = damaged('manifest.json', (json) => delete json.embedder.dimensions);
    expect(loadError(dir)).toContain('(manifest.json: embedder.dimensions is missing)');
  });

  it('names a manifest value that is not one of the allowed ones', () => {
    const dir = damaged('manifest.json', (json) => (json.text.stemmer = 'porter'));
    expect(loadError(dir)).toContain('(manifest.json: text.stemmer must be "light10" or "snowball" or "none")');
  });

  it('names a bad field of the lexical index', () => {
    const dir = damaged('lexical.json', (json) => (json.terms.df = []));
    expect(loadError(dir)).toContain('(lexical.json: terms.df must be an object)');
  });

  it('names a bad document frequency, even under a key named like a built-in', () => {
    const dir = damaged('lexical.json', (json) => (json.terms.df.constructor = 'x'));
    expect(loadError(dir)).toContain('(lexical.json: terms.df.constructor must be a number)');
  });

  it('says when the lexical index does not cover the same passages', () => {
    const dir = damaged('lexical.json', (json) => (json.terms.docCount = 3));
    expect(loadError(dir)).toMatch(/\(lexical\.json indexes \d+ passages, passages\.json holds \d+\)/);
  });

  it('catches a file cut short after the build by its size', () => {
    const dir = damaged('manifest.json', () => {});
    truncateSync(path.join(dir, 'vectors.hnsw'), 1000);
    expect(loadError(dir)).toMatch(/\(vectors\.hnsw has 1000 bytes, the manifest records \d+\)/);
  });

  it('asks for a rebuild of an index in an older format', () => {
    const dir = damaged('manifest.json', (json) => (json.formatVersion = 1));
    expect(loadError(dir)).toBe(`The index in ${dir} has format version 1, this program reads version 2: rebuild it with \`npm run index\`.`);
  });
});
