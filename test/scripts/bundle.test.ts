import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAME = `test-bundle-${process.pid}`;
const OUT = path.join(ROOT, 'dist', NAME);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('bundle (scripts/bundle.ts)', () => {
  it('writes a bundle that plain node runs, which finds the project folder from dist/', async () => {
    const file = await bundle('src/paths.ts', NAME);
    expect(file).toBe(path.join(OUT, 'paths.mjs'));
    const printed = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const { projectRoot } = await import(${JSON.stringify(file)}); console.log(projectRoot);`],
      {
        encoding: 'utf8',
      },
    );
    expect(printed.trim()).toBe(ROOT);
  });

  it('keeps a lazily imported module in a chunk of its own and removes chunks of earlier builds', async () => {
    mkdirSync(path.join(OUT, 'chunks'), { recursive: true });
    writeFileSync(path.join(OUT, 'chunks', 'stale-AAAAAAAA.mjs'), 'export {};\n');
    writeFileSync(path.join(OUT, 'chunks', 'create-BBBBBBBB.mjs.tmp-1'), 'another build writing');
    await bundle('src/embed/create.ts', NAME);
    const chunks = readdirSync(path.join(OUT, 'chunks'));
    expect(chunks.some((f) => /^transformers-\w+\.mjs$/.test(f))).toBe(true);
    expect(chunks).not.toContain('stale-AAAAAAAA.mjs');
    expect(chunks).toContain('create-BBBBBBBB.mjs.tmp-1');
    expect(existsSync(path.join(OUT, 'paths.mjs'))).toBe(false); // the previous entry is gone too
    expect(existsSync(path.join(OUT, 'create.mjs'))).toBe(true);
  });
});
