import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCorpus } from '../../scripts/bench/corpus.ts';
import { loadConfig } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex, type BuildSummary } from '../../src/search/build.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import { closeIndex, readIndex, readManifest } from '../../src/search/store.ts';
import { cliEnv, PROJECT_DIR } from '../cli/run-cli.ts';
import { ADDED, CHANGED, FakeModelEmbedder, SEEDS_DIR, seedVersions, storedPassages, tempDir, TEST_HNSW } from '../helpers/seed-index.ts';

const work = tempDir('kb-update-');
const questions = readFileSync(new URL('../fixtures/extra-questions.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { question: string }).question);


const build = (seedsDir: string, outDir: string, embedder: Embedder, extra: { full?: boolean; compactShare?: number } = {}) =>
  buildIndex({ seedsDir, outDir, embedder, hnsw: TEST_HNSW, log: silentLogger, ...extra });

describe('an updated index answers as a full rebuild of the same seeds', () => {
  let updated: Searcher;
  let rebuilt: Searcher;
  let summary: BuildSummary;
  let updatedDir: string;
  let rebuiltDir: string;

  beforeAll(async () => {
    const seeds = seedVersions(work);
    updatedDir = path.join(work, 'updated');
    rebuiltDir = path.join(work, 'rebuilt');
    await build(seeds.dir, updatedDir, new NgramEmbedder());
    seeds.change();
    // Allow the empty slots of this small corpus, so that the update is not turned into a compaction.
    summary = await build(seeds.dir, updatedDir, new NgramEmbedder(), { compactShare: 1 });
    await build(seeds.dir, rebuiltDir, new NgramEmbedder(), { full: true });
    const config = loadConfig({});
    updated = await openSearcher({ indexDir: updatedDir, config, log: silentLogger });
    rebuilt = await openSearcher({ indexDir: rebuiltDir, config, log: silentLogger });
    return async () => {
      await updated.close();
      await rebuilt.close();
    };
  });

  it('was an update: only the added and changed pages were read, the removed and changed ones deleted', () => {
    expect(summary.mode).toBe('update');
    expect(summary.added).toBe(summary.manifest.files[ADDED]!.passages + summary.manifest.files[CHANGED]!.passages);
    expect(summary.manifest.counts.slots).toBeGreaterThan(summary.manifest.counts.passages);
  });

  it('holds the same passages under the same ids, and the same manifest files and counts', async () => {
    const byId = async (dir: string) => new Map((await storedPassages(dir)).map((p) => [p.id, p]));
    expect(await byId(updatedDir)).toEqual(await byId(rebuiltDir));
    const [a, b] = [readManifest(updatedDir), readManifest(rebuiltDir)];
    expect(a.files).toEqual(b.files);
    expect({ ...a.counts, slots: 0 }).toEqual({ ...b.counts, slots: 0 });
    expect({ ...updated.stats(), builtAt: '' }).toEqual({ ...rebuilt.stats(), builtAt: '' });
  });

  it('gives the same results, scores and confidence for every question', async () => {
    for (const question of questions) {
      const [a, b] = await Promise.all([updated.search(question, { limit: 10 }), rebuilt.search(question, { limit: 10 })]);
      expect(a.results.map((r) => [r.passage.id, r.sentence])).toEqual(b.results.map((r) => [r.passage.id, r.sentence]));
      a.results.forEach((r, i) => expect(r.score).toBeCloseTo(b.results[i]!.score, 12));
      expect(a.confident).toBe(b.confident);
    }
  });

  it('shows the same neighbours for every passage, and knows no removed one', async () => {
    for (const p of await storedPassages(rebuiltDir)) expect(updated.source(p.id)).toEqual(rebuilt.source(p.id));
    const gone = (await storedPassages(path.join(work, 'rebuilt'))).map((p) => p.id);
    expect(updated.suggest('', 1000).map((p) => p.id).sort()).toEqual(gone.sort());
  });
});

describe('an updated vector list', () => {
  it('deletes the removed passages and adds the new ones, finding what a full rebuild finds', async () => {
    const seeds = seedVersions(work);
    const [updatedDir, rebuiltDir] = [path.join(work, 'vec-updated'), path.join(work, 'vec-rebuilt')];
    await build(seeds.dir, updatedDir, new FakeModelEmbedder());
    seeds.change();
    expect((await build(seeds.dir, updatedDir, new FakeModelEmbedder(), { compactShare: 1 })).mode).toBe('update');
    await build(seeds.dir, rebuiltDir, new FakeModelEmbedder(), { full: true });
    const [a, b] = await Promise.all([readIndex(updatedDir), readIndex(rebuiltDir)]);
    try {
      const embedder = new FakeModelEmbedder();
      for (const slot of b.passages.liveSlots()) {
        const query = await embedder.embedQuery(b.passages.text(slot));
        const ids = (index: typeof a) => index.vectors!.search(query, 10).map((h) => index.passages.table.list.ids[h.label]);
        expect(ids(a)).toEqual(ids(b));
      }
    } finally {
      await closeIndex(a);
      await closeIndex(b);
    }
  });
});

describe('a build killed during an update', () => {
  it('leaves the previous index whole and readable; the next build finishes the update', async () => {
    const root = path.join(work, 'kill');
    const seedsDir = path.join(root, 'seeds');
    const outDir = path.join(root, 'index');
    mkdirSync(root);
    // 3,000 synthetic passages, then 3,000 more in new files (the generator is seeded, so the first files stay the same).
    await writeSyntheticCorpus(SEEDS_DIR, seedsDir, 3000);
    await build(seedsDir, outDir, new NgramEmbedder());
    const before = readManifest(outDir);
    await writeSyntheticCorpus(SEEDS_DIR, seedsDir, 6000);

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index-main.ts', '--seeds', seedsDir, '--out', outDir], {
      cwd: PROJECT_DIR,
      env: cliEnv({ EMBEDDER: 'ngram' }),
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill it as soon as it starts writing the new index beside the old one.
    const writing = () => readdirSync(root).some((f) => f.startsWith('index.tmp-'));
    const deadline = Date.now() + 60_000;
    while (!writing() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await exited;
    expect(writing()).toBe(true);

    const after = readManifest(outDir);
    expect(after).toEqual(before);
    const searcher = await openSearcher({ indexDir: outDir, config: loadConfig({}), log: silentLogger });
    expect((await searcher.search('ممر لاتشين')).results.length).toBeGreaterThan(0);
    await searcher.close();

    const resumed = await build(seedsDir, outDir, new NgramEmbedder());
    expect(resumed.mode).toBe('update');
    expect(resumed.manifest.counts.files).toBe(600);
    expect(readdirSync(root).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
    expect(existsSync(path.join(outDir, 'manifest.json'))).toBe(true);
  }, 120_000);
});
