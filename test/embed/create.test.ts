import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { createLogger } from '../../src/log.ts';

describe('createEmbedder under EMBEDDER=auto without a model', () => {
  it('falls back to the n-gram embedder with a two-line notice, shown once per process', async () => {
    const { embed, paths } = loadConfig({ EMBEDDER: 'auto', EMBEDDING_MODEL: './no-such-model-folder', OFFLINE: '1' });
    const lines: string[] = [];
    const log = createLogger('info', 'text', (line) => lines.push(line));

    const first = await createEmbedder(embed, paths.modelsDir, log);
    const second = await createEmbedder(embed, paths.modelsDir, log);

    expect([first.info.kind, second.info.kind]).toEqual(['ngram', 'ngram']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warn: NOTICE: Model folder .*no-such-model-folder \(EMBEDDING_MODEL=\.\/no-such-model-folder\) does not exist\.$/);
    expect(lines[1]).toBe(
      'warn: NOTICE: using the offline n-gram embedder instead (English will not match); `npm run doctor` shows the fix, EMBEDDER=ngram hides this.',
    );
    // Short enough to read at a glance: the folder path is the only variable part.
    expect(lines[0]!.length - process.cwd().length).toBeLessThan(120);
    expect(lines[1]!.length).toBeLessThan(150);
  });
});
