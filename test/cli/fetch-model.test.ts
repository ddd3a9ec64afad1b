import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Starting tsx in a child process takes a few seconds on a cold cache.
const CHILD_PROCESS_TIMEOUT_MS = 60_000;

let modelsDir: string;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'fetch-model-cli-'));
});

afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

describe('npm run models:fetch', () => {
  it('exits 1 with one clear message and no stack trace when the model cannot be fetched', async () => {
    const env = {
      ...process.env,
      OFFLINE: '1',
      EMBEDDING_MODEL: 'Xenova/no-such-model-here',
      MODELS_DIR: modelsDir,
      npm_config_loglevel: 'silent',
    };
    const result = await run('npx', ['tsx', 'src/cli/fetch-model-main.ts'], { env, cwd: process.cwd() }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: Model Xenova/no-such-model-here is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it; ` +
        'run npm run models:fetch with OFFLINE unset, set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.\n',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, CHILD_PROCESS_TIMEOUT_MS);
});
