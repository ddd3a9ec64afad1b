import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { tempDir, TEST_HNSW } from '../helpers/seed-index.ts';
import { seedFiles, seedText } from '../helpers/seeds.ts';

describe('buildIndex progress', () => {
  it('reports cleaning over all lines and the near-duplicate check of a large page, before embedding', async () => {
    const seeds = path.join(tempDir('kb-progress-'), 'seeds');
    mkdirSync(seeds);
    // A page of 2,500 paragraphs, every seed paragraph many times over: most are dropped as duplicates.
    const paragraphs = seedText(seedFiles[0]!).split('\n').filter((l) => l.length > 200);
    const large = Array.from({ length: 2500 }, (_, i) => paragraphs[i % paragraphs.length]).join('\n\n');
    writeFileSync(path.join(seeds, 'archive.txt'), `أرشيف\n\n${large}\n`);
    writeFileSync(path.join(seeds, 'small.txt'), seedText(seedFiles[1]!));
    const totalLines = [`أرشيف\n\n${large}\n`, seedText(seedFiles[1]!)].reduce((n, t) => n + t.split('\n').length, 0);

    const calls: [string, number, number][] = [];
    await buildIndex({
      seedsDir: seeds,
      outDir: path.join(path.dirname(seeds), 'index'),
      embedder: new NgramEmbedder(),
      hnsw: TEST_HNSW,
      log: silentLogger,
      onIngestProgress: (step, done, total) => calls.push([step, done, total]),
      onEmbedProgress: (done, total) => calls.push(['embedding', done, total]),
    });

    const cleaning = calls.filter(([step]) => step === 'cleaning');
    expect(cleaning.map(([, done]) => done)).toEqual([...cleaning.map(([, done]) => done)].sort((a, b) => a - b));
    expect(cleaning.at(-1)).toEqual(['cleaning', totalLines, totalLines]);
    expect(cleaning.length).toBeGreaterThan(2); // within the large file, not only at its end
    const dedupe = calls.filter(([step]) => step === 'de-duplicating');
    expect(dedupe[0]).toEqual(['de-duplicating', 0, 2500]);
    expect(dedupe.at(-1)).toEqual(['de-duplicating', 2500, 2500]);
    expect(calls.findIndex(([step]) => step === 'embedding')).toBeGreaterThan(calls.indexOf(dedupe.at(-1)!));
  });
});
