import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRELOAD = path.join(ROOT, 'src/embed/preload.js');
const work = mkdtempSync(path.join(tmpdir(), 'preload-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Whether onnxruntime's library is mapped once the preload has run, in a process started as `npm start` starts the bot. */
function loadsModelRuntime(env: Record<string, string>, cwd = work): boolean {
  const out = execFileSync(
    process.execPath,
    ['--import', PRELOAD, '-e', "console.log(require('fs').readFileSync('/proc/self/maps', 'utf8').includes('libonnxruntime'))"],
    { cwd, env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), ...env }, encoding: 'utf8' },
  );
  return out.trim() === 'true';
}

function indexBuiltWith(kind: 'ngram' | 'transformers'): string {
  const dir = path.join(work, kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ embedder: { kind } }));
  return dir;
}

// Before tsx's loader hooks exist, so that tsx never rewrites the library (140 MB of the bot's memory).
describe.runIf(process.platform === 'linux')('src/embed/preload.js', () => {
  it('loads the model runtime when EMBEDDER=transformers', () => {
    expect(loadsModelRuntime({ EMBEDDER: 'transformers' })).toBe(true);
  });

  it('loads it under EMBEDDER=auto only for an index built with the model', () => {
    expect(loadsModelRuntime({ INDEX_DIR: indexBuiltWith('transformers') })).toBe(true);
    expect(loadsModelRuntime({ INDEX_DIR: indexBuiltWith('ngram') })).toBe(false);
    expect(loadsModelRuntime({ INDEX_DIR: path.join(work, 'no-index') })).toBe(false);
  });

  it('loads nothing offline, even with an index built with the model', () => {
    expect(loadsModelRuntime({ EMBEDDER: 'ngram', INDEX_DIR: indexBuiltWith('transformers') })).toBe(false);
  });

  it('reads EMBEDDER from .env in the working folder, as the configuration does', () => {
    const cwd = path.join(work, 'with-env');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(cwd, '.env'), 'EMBEDDER=transformers\n');
    expect(loadsModelRuntime({}, cwd)).toBe(true);
  });
});
