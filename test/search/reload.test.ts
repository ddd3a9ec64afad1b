import { readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../scripts/make-test-model.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher, type OpenSearcherOptions, type Searcher } from '../../src/search/searcher.ts';
import { readManifest } from '../../src/search/store.ts';
import { seedVersions, tempDir, TEST_HNSW } from '../helpers/seed-index.ts';

const work = tempDir('kb-reload-');
const questions = readFileSync(new URL('../fixtures/extra-questions.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { question: string }).question);

let config: Config;
let model: Embedder;
beforeAll(async () => {
  // The tiny generated model: the real transformers path, so the index keeps its vectors in HNSW.
  const modelDir = path.join(work, 'model');
  await makeTestModel(modelDir);
  config = loadConfig({ EMBEDDER: 'transformers', EMBEDDING_MODEL: modelDir, OFFLINE: '1' });
  model = await createEmbedder(config.embed, config.paths.modelsDir, silentLogger);
});


const build = (seedsDir: string, outDir: string, extra: { full?: boolean } = {}) =>
  // Allow the empty slots of this small corpus, so that an update is not turned into a compaction.
  buildIndex({ seedsDir, outDir, embedder: model, hnsw: TEST_HNSW, log: silentLogger, compactShare: 1, ...extra });

/** Opens an index, returning what openSearcher logged about its vector list. */
async function open(indexDir: string, extra: Partial<OpenSearcherOptions> = {}): Promise<{ searcher: Searcher; how: string[] }> {
  const how: string[] = [];
  const log = createLogger('debug', 'json', (line) => {
    const { msg } = JSON.parse(line) as { msg: string };
    if (msg.startsWith('vector list') || msg.startsWith('freeing')) how.push(msg);
  });
  return { searcher: await openSearcher({ indexDir, config, log, ...extra }), how };
}

/** What a searcher answers to every question: ids, sentences, scores, confidence. */
async function answers(searcher: Searcher) {
  return Promise.all(
    questions.map(async (q) => {
      const r = await searcher.search(q, { limit: 10 });
      return { ids: r.results.map((x) => [x.passage.id, x.sentence]), scores: r.results.map((x) => x.score), confident: r.confident };
    }),
  );
}

function expectSameAnswers(a: Awaited<ReturnType<typeof answers>>, b: Awaited<ReturnType<typeof answers>>) {
  a.forEach((x, i) => {
    expect(x.ids).toEqual(b[i]!.ids);
    x.scores.forEach((s, j) => expect(s).toBeCloseTo(b[i]!.scores[j]!, 10));
    expect(x.confident).toBe(b[i]!.confident);
  });
}

describe('reloading an updated index in place', () => {
  it('adds the update to the served graph and answers exactly as a fresh load of the new index, twice in a row', async () => {
    const seeds = seedVersions(work);
    const indexDir = path.join(work, 'in-place');
    await build(seeds.dir, indexDir);
    const { searcher: served } = await open(indexDir);
    const servedBefore = await answers(served);

    seeds.change();
    const summary = await build(seeds.dir, indexDir);
    expect(summary.mode).toBe('update');
    expect(summary.manifest.parent).toEqual({ buildId: served.manifest.buildId, slots: served.manifest.counts.slots });
    const { searcher: updated, how } = await open(indexDir, { previous: served });
    expect(how).toEqual(['vector list updated in place']);
    const { searcher: fresh } = await open(indexDir);
    expectSameAnswers(await answers(updated), await answers(fresh));
    expect({ ...updated.stats(), builtAt: '' }).toEqual({ ...fresh.stats(), builtAt: '' });

    // The replaced searcher still answers from its own passages only (the graph it shares now also
    // holds the new ones), and its removed passages are gone from the vector list only.
    const addedIds = new Set(updated.suggest('', 1000).map((p) => p.id));
    for (const p of served.suggest('', 1000)) addedIds.delete(p.id);
    expect(addedIds.size).toBeGreaterThan(0);
    for (const { results } of await Promise.all(questions.map((q) => served.search(q, { limit: 10 })))) {
      for (const r of results) {
        expect(addedIds.has(r.passage.id)).toBe(false);
        expect(served.source(r.passage.id).passage).toEqual(r.passage);
      }
    }
    expect(servedBefore.length).toBe(questions.length);

    // Closing the replaced searcher leaves the shared graph to the new one.
    await served.close();
    expect((await updated.search(questions[0]!)).results.length).toBeGreaterThan(0);
    expectSameAnswers(await answers(updated), await answers(fresh));

    // A second update, applied on top of the first in-place one.
    seeds.putBack();
    expect((await build(seeds.dir, indexDir)).mode).toBe('update');
    const { searcher: again, how: howAgain } = await open(indexDir, { previous: updated });
    expect(howAgain).toEqual(['vector list updated in place']);
    const { searcher: freshAgain } = await open(indexDir);
    expectSameAnswers(await answers(again), await answers(freshAgain));
    for (const s of [updated, fresh, again, freshAgain]) await s.close();
  });

  it('loads the graph anew when the index is not an update of the served one', async () => {
    const seeds = seedVersions(work);
    const indexDir = path.join(work, 'not-a-child');
    await build(seeds.dir, indexDir);
    const { searcher: served } = await open(indexDir);
    seeds.change();
    await build(seeds.dir, indexDir);
    seeds.putBack();
    // Two updates while the bot still serves the first index: the second's parent is not served.
    await build(seeds.dir, indexDir);
    const { searcher: next, how } = await open(indexDir, { previous: served });
    expect(how).toEqual(['vector list loaded']);
    const { searcher: fresh } = await open(indexDir);
    expectSameAnswers(await answers(next), await answers(fresh));
    // An update that appended more than the bot adds in place is loaded anew.
    seeds.change();
    expect((await build(seeds.dir, indexDir)).mode).toBe('update');
    const { searcher: large, how: howLarge } = await open(indexDir, { previous: next, reload: { maxAddedInPlace: 0 } });
    expect(howLarge).toEqual(['vector list loaded']);
    await large.close();
    // A full rebuild has no parent either.
    await build(seeds.dir, indexDir, { full: true });
    expect(readManifest(indexDir).parent).toBeUndefined();
    const { searcher: rebuilt, how: afterFull } = await open(indexDir, { previous: next });
    expect(afterFull).toEqual(['vector list loaded']);
    for (const s of [served, next, fresh, rebuilt]) await s.close();
  });

  it('frees a large served graph before loading a new one, answering from keywords meanwhile', async () => {
    const seeds = seedVersions(work);
    const indexDir = path.join(work, 'large');
    await build(seeds.dir, indexDir);
    const { searcher: served } = await open(indexDir);
    seeds.change();
    await build(seeds.dir, indexDir, { full: true });
    const { searcher: next, how } = await open(indexDir, { previous: served, reload: { releaseGraphAboveBytes: 0 } });
    expect(how).toEqual([
      'freeing the served vector list before loading the new one; questions meanwhile are answered from keywords',
      'vector list loaded after freeing the served graph',
    ]);
    // The old searcher still answers, from keywords and sentences.
    expect((await served.search('وقف إطلاق النار')).results.length).toBeGreaterThan(0);
    const { searcher: fresh } = await open(indexDir);
    expectSameAnswers(await answers(next), await answers(fresh));
    for (const s of [served, next, fresh]) await s.close();
  });

  it('keeps the served graph as it was when the update cannot be read, naming the damaged file', async () => {
    const seeds = seedVersions(work);
    const indexDir = path.join(work, 'damaged');
    await build(seeds.dir, indexDir);
    const { searcher: served } = await open(indexDir);
    const before = await answers(served);
    seeds.change();
    await build(seeds.dir, indexDir);
    truncateSync(path.join(indexDir, 'vectors-added.bin'), 10);
    await expect(open(indexDir, { previous: served })).rejects.toThrow(
      /damaged \(vectors-added\.bin has 10 bytes, the manifest records \d+\): rebuild it/,
    );
    expectSameAnswers(await answers(served), before);
    await served.close();
  });
});
