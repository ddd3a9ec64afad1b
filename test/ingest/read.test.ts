import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { decodeText, listSeedFiles, readSeedFiles, textFileProblem } from '../../src/ingest/read.ts';
import { tempDir } from '../helpers/seed-index.ts';

/** Paths that the mocked readFile refuses, as a permission problem would. */
const denied = vi.hoisted(() => new Set<string>());

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
    if (denied.has(String(file))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
    return (fs.readFile as (...args: unknown[]) => Promise<unknown>)(file, ...rest);
  }) as typeof fs.readFile;
  return { ...fs, default: { ...fs, readFile }, readFile };
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);
const SALAM = 'السلام عليكم';
/** What Windows Notepad writes for "Unicode" and "Unicode big endian": a BOM, then UTF-16. */
const utf16le = (text: string) => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
const utf16be = (text: string) => utf16le(text).map((_, i, bytes) => bytes[i ^ 1]!);

describe('decodeText', () => {
  it.each([
    // Files that cannot be indexed
    { name: 'empty bytes', bytes: new Uint8Array(), reason: 'the file is empty' },
    { name: 'NUL bytes', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]), reason: 'the file is binary (it contains NUL bytes)' },
    { name: 'windows-1256 Arabic', bytes: Uint8Array.from([0xc7, 0xe1, 0xd3]), reason: 'the file is not valid UTF-8 (re-save it as UTF-8)' },
    { name: 'latin1 text', bytes: Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), reason: 'the file is not valid UTF-8 (re-save it as UTF-8)' },
    { name: 'UTF-16 LE with a BOM', bytes: utf16le(SALAM), reason: 'the file is UTF-16 (re-save it as UTF-8)' },
    { name: 'UTF-16 BE with a BOM', bytes: utf16be(SALAM), reason: 'the file is UTF-16 (re-save it as UTF-8)' },
    { name: 'UTF-32 LE with a BOM', bytes: Uint8Array.from([0xff, 0xfe, 0, 0, 0x27, 0x06, 0, 0]), reason: 'the file is UTF-32 (re-save it as UTF-8)' },
    { name: 'whitespace only', bytes: utf8(' \r\n\t\n\u00A0\n'), reason: 'the file has no text' },
    { name: 'invisible characters only', bytes: utf8('\uFEFF\u200B\u200F\n'), reason: 'the file has no text' },
  ])('rejects $name with a reason', ({ bytes, reason }) => {
    expect(decodeText(bytes)).toEqual({ reason });
  });

  it.each([
    // Line endings
    { name: 'strips a byte order mark', input: `\uFEFF${SALAM}`, text: SALAM },
    { name: 'turns CRLF into LF', input: 'سطر\r\nسطر\r\n', text: 'سطر\nسطر\n' },
    { name: 'turns a lone CR into LF', input: 'سطر\rسطر', text: 'سطر\nسطر' },
    // Spaces
    { name: 'turns a no-break space into a space', input: 'السلام\u00A0عليكم', text: SALAM },
    { name: 'turns narrow and figure no-break spaces into spaces', input: '10\u202F000\u2007دولار', text: '10 000 دولار' },
    // Invisible characters
    { name: 'removes a zero-width space', input: 'السل\u200Bام عليكم', text: SALAM },
    { name: 'removes a right-to-left mark', input: 'السلام\u200F عليكم', text: SALAM },
    { name: 'removes a right-to-left embedding', input: '\u202Bالسلام عليكم', text: SALAM },
    { name: 'removes a left-to-right isolate', input: 'السلام \u2066عليكم', text: SALAM },
    { name: 'removes a BOM inside the text', input: 'السلام \uFEFFعليكم', text: SALAM },
    { name: 'keeps Arabic, digits and punctuation as written', input: 'قال: "6 وحدات"، و800 سلاح.', text: 'قال: "6 وحدات"، و800 سلاح.' },
  ])('$name', ({ input, text }) => {
    expect(decodeText(utf8(input))).toEqual({ text });
  });

  it('cleans a file saved by a Windows editor all at once', () => {
    expect(decodeText(utf8('\uFEFFعنوان\r\n\r\nالسلام\u00A0عل\u200Bيكم\r\n'))).toEqual({ text: `عنوان\n\n${SALAM}\n` });
  });
});

describe('textFileProblem', () => {
  it('names the encoding of a file that is not UTF-8, as decodeText does, and accepts UTF-8', () => {
    expect(textFileProblem(utf16le('سؤال\nسؤال آخر'))).toBe('the file is UTF-16 (re-save it as UTF-8)');
    expect(textFileProblem(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toBe('the file is binary (it contains NUL bytes)');
    expect(textFileProblem(utf8(`\uFEFF${SALAM}`))).toBeNull();
  });
});

describe('listSeedFiles', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir('kb-read-');
    for (const file of ['b.txt', 'a.md', 'sub/z.TXT', 'sub/deeper/c.txt', 'data.json', 'image.png', 'notes.txt.bak', 'README']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), SALAM);
    }
    mkdirSync(path.join(dir, 'folder.txt'));
  });

  it('lists .txt and .md files recursively, sorted, as relative paths with forward slashes', async () => {
    expect(await listSeedFiles(dir)).toEqual(['a.md', 'b.txt', 'sub/deeper/c.txt', 'sub/z.TXT']);
  });

  it.each([
    { name: 'a missing folder', make: (root: string) => path.join(root, 'no-such-seeds') },
    {
      name: 'a file instead of a folder',
      make: (root: string) => {
        writeFileSync(path.join(root, 'seeds.txt'), SALAM);
        return path.join(root, 'seeds.txt');
      },
    },
  ])('throws a UserError naming $name', async ({ make }) => {
    const seeds = make(tempDir('kb-read-'));
    const error = await listSeedFiles(seeds).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      code: 'no-seeds',
      message: `The seeds folder ${seeds} does not exist: put .txt or .md articles there, or pass --seeds DIR.`,
    });
  });
});

describe('readSeedFiles', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir('kb-read-');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.txt'), `\uFEFF${SALAM}\r\n`);
    writeFileSync(path.join(dir, 'b.txt'), new Uint8Array());
    writeFileSync(path.join(dir, 'sub/c.md'), 'مرحبا');
    writeFileSync(path.join(dir, 'sub/d.txt'), Uint8Array.from([0xc7, 0xe1, 0xd3]));
    writeFileSync(path.join(dir, 'sub/e.txt'), utf16le(SALAM));
    writeFileSync(path.join(dir, 'sub/f.md'), `${'>'.repeat(20_000)} ${SALAM}`);
    writeFileSync(path.join(dir, 'skip.json'), '{}');
  });

  it('reads the good files, cleaned, with the sha256 of their bytes', async () => {
    const { files } = await readSeedFiles(dir);
    expect(files).toEqual([
      // The hash is of the bytes as saved (BOM and CRLF included), so any edit to the file changes it.
      { file: 'a.txt', text: `${SALAM}\n`, sha256: sha256(`\uFEFF${SALAM}\r\n`) },
      { file: 'sub/c.md', text: 'مرحبا', sha256: sha256('مرحبا') },
    ]);
  });

  it('reports each file it skips with its reason', async () => {
    expect((await readSeedFiles(dir)).skipped).toEqual([
      { file: 'b.txt', reason: 'the file is empty' },
      { file: 'sub/d.txt', reason: 'the file is not valid UTF-8 (re-save it as UTF-8)' },
      { file: 'sub/e.txt', reason: 'the file is UTF-16 (re-save it as UTF-8)' },
      { file: 'sub/f.md', reason: 'the Markdown is nested too deeply to parse (rename it to .txt to index it as plain text)' },
    ]);
  });

  it('reports a file it may not read and still reads the others', async () => {
    const locked = path.join(dir, 'sub/locked.txt');
    writeFileSync(locked, SALAM);
    denied.add(locked);
    try {
      const { files, skipped } = await readSeedFiles(dir);
      expect(files.map((f) => f.file)).toEqual(['a.txt', 'sub/c.md']);
      expect(skipped).toContainEqual({ file: 'sub/locked.txt', reason: 'the file cannot be read (EACCES)' });
    } finally {
      denied.delete(locked);
    }
  });

  // root reads any file whatever its mode, so the real-permission case only means something for other users.
  const root = process.getuid?.() === 0;
  const readable = (file: string) => {
    try {
      accessSync(file, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  };
  it.skipIf(root)('reports a file without read permission (chmod 000) and still reads the others', async () => {
    const locked = path.join(tempDir('kb-read-'), 'locked.txt');
    writeFileSync(locked, SALAM);
    writeFileSync(path.join(path.dirname(locked), 'open.txt'), SALAM);
    chmodSync(locked, 0o000);
    try {
      if (readable(locked)) return; // a file system that ignores permissions
      const { files, skipped } = await readSeedFiles(path.dirname(locked));
      expect(files.map((f) => f.file)).toEqual(['open.txt']);
      expect(skipped).toEqual([{ file: 'locked.txt', reason: 'the file cannot be read (EACCES)' }]);
    } finally {
      chmodSync(locked, 0o600);
    }
  });
});
