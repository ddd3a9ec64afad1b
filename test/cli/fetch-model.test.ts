import { describe, expect, it } from 'vitest';
import { fetchModelCommand } from '../../src/cli/fetch-model-command.ts';
import { tempDir } from '../helpers/seed-index.ts';
import { runCli, STACK_MARKERS } from './run-cli.ts';

describe('npm run models:fetch', () => {
  it('exits 1 with one clear message and no stack trace when the model cannot be fetched', async () => {
    const modelsDir = tempDir('fetch-model-cli-');
    const result = await runCli(fetchModelCommand, [], { OFFLINE: '1', EMBEDDING_MODEL: 'Xenova/no-such-model-here', MODELS_DIR: modelsDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: Model Xenova/no-such-model-here is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it; ` +
        'run npm run models:fetch with OFFLINE unset, set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.\n',
    );
    for (const marker of STACK_MARKERS) expect(result.stderr).not.toMatch(marker);
  });
});
