import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { readIndex } from '../../src/search/store.ts';
import { editIndexFile, nullFileMessage } from '../helpers/damage-index.ts';
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

/** The message readIndex fails with; it must be a UserError that says to rebuild. */
async function loadError(dir: string): Promise<string> {
  try {
    await readIndex(dir);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/: rebuild it with `npm run index`\.$/);
    return (error as Error).message;
  }
  throw new Error(`${dir} loaded`);
}

describe('readIndex on a damaged index', () => {
  beforeAll(async () => {
    good = await buildSeedIndex();
  });

  it('names the file and the field of an article whose file name is null', async () => {
    const dir = damaged('passages.json', (json) => (json.articles[3].file = null));
    expect(await loadError(dir)).toBe(nullFileMessage(dir));
  });

  it('names a passage that points to an article the file does not list', async () => {
    const dir = damaged('passages.json', (json) => (json.articles = json.articles.slice(0, 1)));
    expect(await loadError(dir)).toMatch(/\(passages\.bin names article \d+ for passage \w+, which passages\.json does not list\)/);
  });

  it('names a line of ids.txt that is not a passage id', async () => {
    const dir = damaged('manifest.json', () => {});
    const file = path.join(dir, 'ids.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[4] = '!'.repeat(lines[4]!.length);
    writeFileSync(file, lines.join('\n'));
    expect(await loadError(dir)).toContain('(ids.txt line 5 is not a passage id)');
  });

  it('names a field missing from the manifest', async () => {
    const dir = damaged('manifest.json', (json) => delete json.embedder.dimensions);
    expect(await loadError(dir)).toContain('(manifest.json: embedder.dimensions is missing)');
  });

  it('names a bad per-file record of the manifest (checked a slice at a time)', async () => {
    const dir = damaged('manifest.json', (json) => (Object.values(json.files as Record<string, { articles: number }>)[2]!.articles = -1));
    const file = Object.keys(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).files)[2]!;
    expect(await loadError(dir)).toContain(`(manifest.json: files[${JSON.stringify(file)}].articles must be at least 0)`);
  });

  it('names a manifest value that is not one of the allowed ones', async () => {
    const dir = damaged('manifest.json', (json) => (json.text.stemmer = 'porter'));
    expect(await loadError(dir)).toContain('(manifest.json: text.stemmer must be "light10" or "snowball" or "none")');
  });

  it('names a bad field of the keyword index header', async () => {
    const dir = damaged('lexical.json', (json) => (json.fields = 'text'));
    expect(await loadError(dir)).toContain('(lexical.json: fields must be a list)');
  });

  it('says when the keyword index does not cover the same passages', async () => {
    const dir = damaged('lexical.json', (json) => (json.slots = 3));
    expect(await loadError(dir)).toContain('(lexical.bin does not match its header (lexical.json) or vocabulary (terms.txt))');
  });

  it('catches a file cut short after the build by its size', async () => {
    const dir = damaged('manifest.json', () => {});
    truncateSync(path.join(dir, 'texts.bin'), 1000);
    expect(await loadError(dir)).toMatch(/\(texts\.bin has 1000 bytes, the manifest records \d+\)/);
  });

  it('asks for a rebuild of an index in an older format', async () => {
    const dir = damaged('manifest.json', (json) => (json.formatVersion = 2));
    expect(await loadError(dir)).toBe(`The index in ${dir} has format version 2, this program reads version 3: rebuild it with \`npm run index\`.`);
  });
});
