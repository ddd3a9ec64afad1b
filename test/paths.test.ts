import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot, projectRoot } from '../src/paths.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const outside = mkdtempSync(path.join(tmpdir(), 'paths-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('projectRoot', () => {
  it('is the folder of the project package.json, from the sources and from a bundle in dist/', () => {
    expect(projectRoot).toBe(ROOT);
    expect(findProjectRoot(path.join(ROOT, 'src/text'))).toBe(ROOT);
    expect(findProjectRoot(path.join(ROOT, 'dist/bot/chunks'))).toBe(ROOT);
  });

  it('says what is wrong when no folder above has a package.json', () => {
    expect(() => findProjectRoot(outside)).toThrow(/No package.json in .* or any folder above it/);
  });
});
