import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { splitArticles } from '../../src/ingest/articles.ts';
import { buildPassages } from '../../src/ingest/passages.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex, type BuildSummary } from '../../src/search/build.ts';
import { closeIndex, readIndex, readManifest } from '../../src/search/store.ts';
import { FakeModelEmbedder, SEEDS_DIR, storedPassages, tempDir, TEST_HNSW } from '../helpers/seed-index.ts';

/** When set, writeIndexFiles writes part of the new index into its folder, then fails (a full disk). */
const writes = vi.hoisted(() => ({ failPartWay: false }));

vi.mock('../../src/search/store.ts', async (importOriginal) => {
  const store = await importOriginal<typeof import('../../src/search/store.ts')>();
  return {
    ...store,
    writeIndexFiles: async (dir: string, data: Parameters<typeof store.writeIndexFiles>[1]) => {
      if (!writes.failPartWay) return store.writeIndexFiles(dir, data);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'passages.json'), '{"articles":[');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  };
});

const EDITED_FILE = '000_f128db0503374b86.txt';
const EDITED_FROM = 'إن الانفصاليين سلموا 6 وحدات من المركبات المدرعة';
const EDITED_TO = 'إن الانفصاليين سلموا 7 وحدات من المركبات المدرعة';

/** One temporary folder for the file; `fresh` gives a new, empty folder inside it. */
const work = tempDir('kb-build-');
let folders = 0;
function fresh(): string {
  const dir = path.join(work, String(++folders));
  mkdirSync(dir);
  return dir;
}

function copySeeds(): string {
  const dir = path.join(fresh(), 'seeds');
  cpSync(SEEDS_DIR, dir, { recursive: true });
  return dir;
}

/** A model stand-in, counting the passages it is asked to embed. */
class CountingEmbedder extends FakeModelEmbedder {
  embedded: string[] = [];
  override async embedPassages(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
    this.embedded.push(...texts);
    return super.embedPassages(texts, onProgress);
  }
}

/** Embeds the first few passages, reports progress, then fails like a model running out of memory. */
class FailingEmbedder extends FakeModelEmbedder {
  calls = 0;
  override async embedPassages(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
    this.calls++;
    await super.embedPassages(texts.slice(0, 3), onProgress);
    throw new Error('embedding failed part-way');
  }
}

const build = (seedsDir: string, outDir: string, embedder: Embedder = new NgramEmbedder()) =>
  buildIndex({ seedsDir, outDir, embedder, hnsw: TEST_HNSW, log: silentLogger });

const idsOf = async (outDir: string) => (await storedPassages(outDir)).map((p) => p.id);
const filesOf = (outDir: string) => Object.fromEntries(readdirSync(outDir).map((f) => [f, readFileSync(path.join(outDir, f))]));
function expectSameFiles(after: Record<string, Buffer>, before: Record<string, Buffer>): void {
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  for (const name of Object.keys(before)) expect(after[name]!.equals(before[name]!), `${name} changed`).toBe(true);
}
const leftovers = (outDir: string) => readdirSync(path.dirname(outDir)).filter((f) => /\.(tmp|old)-/.test(f));

describe('buildIndex', () => {
  describe('when a rebuild fails part-way', () => {
    let outDir: string;
    let before: Record<string, Buffer>;
    let failing: FailingEmbedder;
    let failure: unknown;

    beforeAll(async () => {
      outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      before = filesOf(outDir);
      // Another embedder: no vector can be reused, so every passage must be embedded again.
      failing = new FailingEmbedder();
      failure = await build(SEEDS_DIR, outDir, failing).then(
        () => null,
        (error: unknown) => error,
      );
    });

    it('rejects with the embedder error', () => {
      expect(failing.calls).toBe(1);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toBe('embedding failed part-way');
    });

    it('leaves the previous index byte for byte as it was', () => {
      expectSameFiles(filesOf(outDir), before);
      expect(readManifest(outDir).embedder.dimensions).toBe(1024);
    });

    it('leaves no temporary folder beside it', () => {
      expect(leftovers(outDir)).toEqual([]);
    });
  });

  describe('when writing the rebuilt index fails part-way', () => {
    let outDir: string;
    let before: Record<string, Buffer>;
    let failure: unknown;

    beforeAll(async () => {
      outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      before = filesOf(outDir);
      writes.failPartWay = true;
      failure = await build(SEEDS_DIR, outDir, new NgramEmbedder(256))
        .then(() => null, (error: unknown) => error)
        .finally(() => (writes.failPartWay = false));
    });

    it('rejects with the write error', () => {
      expect((failure as Error).message).toBe('ENOSPC: no space left on device, write');
    });

    it('leaves the previous index byte for byte as it was, and no half-written folder beside it', () => {
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
      expect(readManifest(outDir).embedder.dimensions).toBe(1024);
    });
  });

  describe('when the index is rebuilt', () => {
    let seedsDir: string;
    let outDir: string;
    let first: BuildSummary;
    let firstIds: string[];

    beforeAll(async () => {
      seedsDir = copySeeds();
      outDir = path.join(fresh(), 'index');
      first = await build(seedsDir, outDir, new CountingEmbedder());
      firstIds = await idsOf(outDir);
    });

    it('embeds everything the first time', () => {
      expect(first.reusedVectors).toBe(0);
      expect(firstIds).toHaveLength(first.manifest.counts.passages);
    });

    it('with unchanged seeds, embeds nothing, writes nothing and keeps every passage id', async () => {
      const before = filesOf(outDir);
      const counting = new CountingEmbedder();
      const again = await build(seedsDir, outDir, counting);
      expect(again.mode).toBe('unchanged');
      expect(counting.embedded).toEqual([]);
      expectSameFiles(filesOf(outDir), before);
      expect(await idsOf(outDir)).toEqual(firstIds);
    });

    it('re-embeds only the edited paragraph, which alone gets a new id', async () => {
      const file = path.join(seedsDir, EDITED_FILE);
      const original = readFileSync(file, 'utf8');
      expect(original).toContain(EDITED_FROM);
      writeFileSync(file, original.replace(EDITED_FROM, EDITED_TO));

      const counting = new CountingEmbedder();
      // The edited page holds a third of the seeds' passages: allow that many empty slots before compaction.
      const edited = await buildIndex({ seedsDir, outDir, embedder: counting, hnsw: TEST_HNSW, log: silentLogger, compactShare: 0.5 });
      const passages = await storedPassages(outDir);
      expect(edited.mode).toBe('update');
      expect(counting.embedded).toHaveLength(1);
      expect(counting.embedded[0]).toContain(EDITED_TO);
      expect(edited.reusedVectors).toBe(edited.manifest.files[EDITED_FILE]!.passages - 1);
      expect(passages).toHaveLength(firstIds.length);
      const added = passages.filter((p) => !firstIds.includes(p.id));
      expect(added).toHaveLength(1);
      expect(added[0]!.text).toContain(EDITED_TO);
    });

    it('compacts (rebuilds whole) once more than a fifth of the slots would be empty', async () => {
      const file = path.join(seedsDir, EDITED_FILE);
      writeFileSync(file, readFileSync(file, 'utf8').replace(EDITED_TO, EDITED_FROM));
      const counting = new CountingEmbedder();
      const compacted = await build(seedsDir, outDir, counting);
      expect(compacted.mode).toBe('full');
      expect(counting.embedded).toHaveLength(1);
      expect(compacted.manifest.counts.slots).toBe(compacted.manifest.counts.passages);
      expect(new Set(await idsOf(outDir))).toEqual(new Set(firstIds));
    });

    it('with --full, rebuilds whole, reusing every vector and keeping every id', async () => {
      const counting = new CountingEmbedder();
      const whole = await buildIndex({ seedsDir, outDir, embedder: counting, hnsw: TEST_HNSW, log: silentLogger, full: true });
      expect(whole.mode).toBe('full');
      expect(counting.embedded).toEqual([]);
      expect(whole.reusedVectors).toBe(whole.manifest.counts.passages);
      expect(whole.manifest.counts.slots).toBe(whole.manifest.counts.passages);
    });
  });

  describe('the out folder', () => {
    it('keeps its .gitkeep across a rebuild', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      writeFileSync(path.join(outDir, '.gitkeep'), '');
      await buildIndex({ seedsDir: SEEDS_DIR, outDir, embedder: new NgramEmbedder(), hnsw: TEST_HNSW, log: silentLogger, full: true });
      expect(readdirSync(outDir).sort()).toEqual(['.gitkeep', 'lexical.bin', 'lexical.json', 'manifest.json', 'ngram-vectors.bin', 'passages.bin', 'passages.json', 'terms.txt', 'texts.bin']);
    });

    it('keeps the .gitkeep of a fresh checkout, where the folder holds nothing else', async () => {
      const outDir = path.join(fresh(), 'index');
      mkdirSync(outDir);
      writeFileSync(path.join(outDir, '.gitkeep'), '');
      await build(SEEDS_DIR, outDir);
      expect(existsSync(path.join(outDir, '.gitkeep'))).toBe(true);
      expect(existsSync(path.join(outDir, 'manifest.json'))).toBe(true);
    });

    it('removes the leftovers of a build that was killed', async () => {
      const outDir = path.join(fresh(), 'index');
      for (const stale of [`${outDir}.tmp-123`, `${outDir}.old-123`]) {
        mkdirSync(stale);
        writeFileSync(path.join(stale, 'passages.json'), '{"half":');
      }
      await build(SEEDS_DIR, outDir);
      expect(readdirSync(path.dirname(outDir))).toEqual(['index']);
    });

    it('leaves a neighbouring folder whose name merely starts the same alone', async () => {
      const outDir = path.join(fresh(), 'index');
      mkdirSync(`${outDir}-backup`);
      await build(SEEDS_DIR, outDir);
      expect(readdirSync(path.dirname(outDir)).sort()).toEqual(['index', 'index-backup']);
    });
  });

  describe('the out folder', () => {
    it('is refused when it holds anything but an index, and left as it was', async () => {
      const outDir = fresh();
      writeFileSync(path.join(outDir, 'notes.txt'), 'keep me');
      await expect(build(SEEDS_DIR, outDir)).rejects.toThrow(`${outDir} holds files that are not part of an index (notes.txt)`);
      expect(readdirSync(outDir)).toEqual(['notes.txt']);
    });

    it('gets back a previous index that a killed swap had set aside', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const before = filesOf(outDir);
      cpSync(outDir, `${outDir}.old-99999`, { recursive: true });
      rmSync(outDir, { recursive: true });
      await expect(build(SEEDS_DIR, outDir, new FailingEmbedder(256))).rejects.toThrow('embedding failed part-way');
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });
  });

  describe('the written index', () => {
    it('reads back with readIndex: same manifest, same passages, one vector per passage', async () => {
      const outDir = path.join(fresh(), 'index');
      const summary = await build(SEEDS_DIR, outDir, new FakeModelEmbedder());
      const index = await readIndex(outDir);
      const stored = [...index.passages.liveSlots()].map((slot) => index.passages.get(slot));
      await closeIndex(index);

      const { files } = await readSeedFiles(SEEDS_DIR);
      const usedIds = new Set<string>();
      const expected = files.flatMap((f) => buildPassages(splitArticles(f.file, f.text), usedIds));

      expect(index.manifest).toEqual(summary.manifest);
      expect(stored).toEqual(expected);
      expect(index.vectors!.size).toBe(stored.length);
      expect(index.vectors!.dimensions).toBe(64);
    });

    it('keeps the vectors of the offline embedder quantized on disk, not in an HNSW graph', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      expect(existsSync(path.join(outDir, 'vectors.hnsw'))).toBe(false);
      const index = await readIndex(outDir);
      const texts = [...index.passages.liveSlots()].map((slot) => index.passages.text(slot));
      const embedder = new NgramEmbedder();
      for (const [slot, text] of texts.entries()) {
        const exact = await embedder.embedQuery(text);
        expect(index.ngramVectors!.similarity(exact, slot)).toBeCloseTo(1, 2);
      }
      await closeIndex(index);
    });
  });
});
