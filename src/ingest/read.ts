import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { INVISIBLE } from '../text/normalize.ts';
import { markdownToText } from './markdown.ts';

export interface SourceFile {
  /** Path relative to the seeds folder, with forward slashes. */
  file: string;
  /** The decoded text; for Markdown, its plain text (see markdown.ts). */
  text: string;
  sha256: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

const INDEXED_EXTENSIONS = new Set(['.txt', '.md']);

/** Byte order marks of the encodings that editors offer next to UTF-8 (longest first: UTF-32 LE starts like UTF-16 LE). */
const FOREIGN_BOMS: [number[], string][] = [
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32'],
  [[0xff, 0xfe], 'UTF-16'],
  [[0xfe, 0xff], 'UTF-16'],
];

/** The bytes as UTF-8 text, or why they are not: empty, another encoding, binary. */
function decodeUtf8(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'the file is empty' };
  // A UTF-16 file (Windows Notepad's "Unicode") is named as such: its NUL bytes would call it binary.
  const bom = FOREIGN_BOMS.find(([marks]) => marks.every((b, i) => bytes[i] === b));
  if (bom) return { reason: `the file is ${bom[1]} (re-save it as UTF-8)` };
  if (bytes.includes(0)) return { reason: 'the file is binary (it contains NUL bytes)' };
  try {
    // fatal: a page saved in another encoding (windows-1256 is common for Arabic) must not become mojibake
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { reason: 'the file is not valid UTF-8 (re-save it as UTF-8)' };
  }
}

/** Why a file is not UTF-8 text (a sentence that says how to fix it), or null: the check of seeds, shared with `ask --batch`. */
export function textFileProblem(bytes: Uint8Array): string | null {
  const decoded = decodeUtf8(bytes);
  return 'reason' in decoded ? decoded.reason : null;
}

/** Decodes a file's bytes into clean text, or says why it cannot be indexed. */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  const decoded = decodeUtf8(bytes);
  if ('reason' in decoded) return decoded;
  const text = decoded.text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ') // no-break spaces would otherwise glue words in tokenization
    .replace(INVISIBLE, '');
  if (text.trim() === '') return { reason: 'the file has no text' };
  return { text };
}

export function checkSeedsFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(`The seeds folder ${dir} does not exist: put .txt or .md articles there, or pass --seeds DIR.`, 'no-seeds');
}

/** Lists the `.txt`/`.md` files under `dir` (recursively), sorted, as paths relative to it. */
export async function listSeedFiles(dir: string): Promise<string[]> {
  checkSeedsFolder(dir);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && INDEXED_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Markdown's plain text; nesting thousands deep (`>>>>…`) overflows the parser's stack and skips only that file. */
function plainMarkdown(markdown: string): { text: string } | { reason: string } {
  try {
    return { text: markdownToText(markdown) };
  } catch (error) {
    if (error instanceof RangeError) return { reason: 'the Markdown is nested too deeply to parse (rename it to .txt to index it as plain text)' };
    throw error;
  }
}

/** Reads every seed file; a file that cannot be read is reported in `skipped` and the others still come through. */
export async function readSeedFiles(dir: string): Promise<{ files: SourceFile[]; skipped: SkippedFile[] }> {
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of await listSeedFiles(dir)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, file));
    } catch (error) {
      skipped.push({ file, reason: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const decoded = decodeText(bytes);
    const text = 'text' in decoded && path.extname(file).toLowerCase() === '.md' ? plainMarkdown(decoded.text) : decoded;
    if ('reason' in text) skipped.push({ file, reason: text.reason });
    else files.push({ file, text: text.text, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return { files, skipped };
}
