import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { splitArticles } from '../../src/ingest/articles.ts';
import { buildPassages } from '../../src/ingest/passages.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { silentLogger } from '../../src/log.ts';
import { isUserError } from '../../src/errors.ts';
import { buildIndex, type BuildOptions, type BuildSummary } from '../../src/search/build.ts';
import { closeIndex, readIndex, readManifest } from '../../src/search/store.ts';
import { textFingerprint } from '../../src/text/fingerprint.ts';
import { VectorIndex } from '../../src/search/vector.ts';
import { FakeModelEmbedder, SEEDS_DIR, storedPassages, tempDir, TEST_HNSW } from '../helpers/seed-index.ts';

/**
 * Faults injected into the build's writes: `parts` makes writeIndexParts fail part-way like a full disk,
 * or lets it finish and then cuts passages.json short (between writing and checking); `fs` makes one
 * fs/promises call fail with an errno code when `when(path)` holds; `freeBytes` is what statfs reports.
 */
const faults = vi.hoisted(() => ({
  parts: null as null | 'enospc-part-way' | 'truncate-after-write',
  fs: null as null | { call: 'mkdir' | 'open' | 'rename'; code: string; when: (file: string) => boolean },
  freeBytes: null as null | number,
}));

vi.mock('../../src/search/store.ts', async (importOriginal) => {
  const store = await importOriginal<typeof import('../../src/search/store.ts')>();
  return {
    ...store,
    writeIndexParts: async (...args: Parameters<typeof store.writeIndexParts>) => {
      const [dir] = args;
      if (faults.parts === 'enospc-part-way') {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'passages.json'), '{"articles":[');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      const checksums = await store.writeIndexParts(...args);
      if (faults.parts === 'truncate-after-write') truncateSync(path.join(dir, 'passages.json'), 100);
      return checksums;
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const failing = (call: 'mkdir' | 'open' | 'rename', original: (...args: any[]) => Promise<any>) =>
    (file: string, ...rest: unknown[]) => {
      const fault = faults.fs;
      if (fault?.call !== call || !fault.when(String(file))) return original(file, ...rest);
      return Promise.reject(Object.assign(new Error(`${fault.code}: ${call} '${file}'`), { code: fault.code, syscall: call, path: String(file) }));
    };
  const mocked = {
    ...fs,
    mkdir: failing('mkdir', fs.mkdir),
    open: failing('open', fs.open),
    rename: failing('rename', fs.rename),
    statfs: async (file: string) => {
      const real = await fs.statfs(file);
      return faults.freeBytes === null ? real : { ...real, bavail: Math.floor(faults.freeBytes / real.bsize) };
    },
  };
  return { ...mocked, default: mocked };
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

const build = (seedsDir: string, outDir: string, embedder: Embedder = new NgramEmbedder(), more: Partial<BuildOptions> = {}) =>
  buildIndex({ seedsDir, outDir, embedder, hnsw: TEST_HNSW, log: silentLogger, ...more });

/** Resolves with what a build rejected with (null if it succeeded). */
const failureOf = (building: Promise<unknown>) => building.then(() => null, (error: unknown) => error as Error);

const idsOf = async (outDir: string) => (await storedPassages(outDir)).map((p) => p.id);
const filesOf = (outDir: string) => Object.fromEntries(readdirSync(outDir).map((f) => [f, readFileSync(path.join(outDir, f))]));
function expectSameFiles(after: Record<string, Buffer>, before: Record<string, Buffer>): void {
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  for (const name of Object.keys(before)) expect(after[name]!.equals(before[name]!), `${name} changed`).toBe(true);
}
const leftovers = (outDir: string) => readdirSync(path.dirname(outDir)).filter((f) => /\.(tmp|old)-|\.lock/.test(f));

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
      faults.parts = 'enospc-part-way';
      failure = await build(SEEDS_DIR, outDir, new NgramEmbedder(256))
        .then(() => null, (error: unknown) => error)
        .finally(() => (faults.parts = null));
    });

    it('says the disk is full and how much space the build needs', () => {
      expect(isUserError(failure)).toBe(true);
      const message = (failure as Error).message;
      expect(message).toMatch(new RegExp(`^The disk holding ${path.dirname(outDir)} is full: the build needs about \\d+ MB free there`));
      // The estimate covers what the build writes: at least the index it writes when the disk has room.
      const needed = Number(/about (\d+) MB/.exec(message)![1]);
      const written = Object.values(before).reduce((sum, bytes) => sum + bytes.length, 0);
      expect(needed).toBeGreaterThanOrEqual(Math.ceil(written / 1e6));
      expect(needed).toBeLessThan(Math.ceil(written / 1e6) * 3 + 1);
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
      expect(readdirSync(outDir).sort()).toEqual(['.gitkeep', 'ids.txt', 'lexical.bin', 'lexical.json', 'manifest.json', 'ngram-vectors.bin', 'passages.bin', 'passages.json', 'terms.txt', 'texts.bin']);
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

  describe('a written file that does not read back', () => {
    let outDir: string;
    let before: Record<string, Buffer>;

    /** hnswlib on a full disk: the file is cut short, and writeIndexSync returns as if all went well. */
    function truncatingSave(): void {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
      const save = VectorIndex.prototype.save;
      vi.spyOn(VectorIndex.prototype, 'save').mockImplementation(async function (this: VectorIndex, file: string) {
        await save.call(this, file);
        truncateSync(file, Math.floor(statSync(file).size / 2));
        return true;
      });
    }

    beforeAll(async () => {
      outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      before = filesOf(outDir);
    });

    afterEach(() => {
      faults.parts = null;
      faults.freeBytes = null;
      vi.restoreAllMocks();
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });

    it('is caught before the swap when it is cut short between writing and checking', async () => {
      faults.parts = 'truncate-after-write';
      const failure = await failureOf(build(SEEDS_DIR, outDir, new NgramEmbedder(256)));
      expect(isUserError(failure)).toBe(true);
      expect(failure?.message).toMatch(
        /^The new index did not read back as it was written \(passages\.json reads back as 100 bytes instead of \d+\), so the previous index is kept: check the disk holding /,
      );
    });

    it('is caught when hnswlib writes a truncated vectors file without an error', async () => {
      truncatingSave();
      const failure = await failureOf(build(SEEDS_DIR, outDir, new FakeModelEmbedder()));
      expect(failure?.message).toMatch(/^The new index did not read back as it was written \(vectors\.hnsw cannot be loaded back \(.+\)\)/);
    });

    it('is reported as a full disk when the disk has less room left than the build needs', async () => {
      truncatingSave();
      faults.freeBytes = 4096;
      const failure = await failureOf(build(SEEDS_DIR, outDir, new FakeModelEmbedder()));
      expect(failure?.message).toMatch(new RegExp(`^The disk holding ${path.dirname(outDir)} is full: the build needs about \\d+ MB free`));
    });
  });

  describe('a folder the build may not write', () => {
    afterEach(() => (faults.fs = null));

    it('names the folder beside the index, and why, when the temporary folder cannot be created', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const before = filesOf(outDir);
      const parent = path.dirname(outDir);
      faults.fs = { call: 'mkdir', code: 'EACCES', when: (file) => file.includes('.tmp-') };
      const failure = await failureOf(build(SEEDS_DIR, outDir, new NgramEmbedder(256)));
      expect(isUserError(failure)).toBe(true);
      expect(failure?.message).toBe(
        `Cannot write to ${parent}: the build writes the new index into a temporary folder beside ${outDir} and then swaps the two by renaming, ` +
          `so it needs write access to ${parent} and to ${outDir}. Give this user write access there, or pass --out a folder it can write to.`,
      );
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });

    it('names the parent folder when not even the lock file can be created there', async () => {
      const outDir = path.join(fresh(), 'index');
      const parent = path.dirname(outDir);
      faults.fs = { call: 'open', code: 'EACCES', when: (file) => file.endsWith('.lock') };
      const failure = await failureOf(build(SEEDS_DIR, outDir));
      expect(failure?.message).toMatch(new RegExp(`^Cannot write to ${parent}: .* so it needs write access to ${parent}\\. Give this user`));
      expect(existsSync(outDir)).toBe(false);
    });

    it('names the index folder itself when it cannot be moved aside', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const before = filesOf(outDir);
      faults.fs = { call: 'rename', code: 'EACCES', when: (file) => file === outDir };
      const failure = await failureOf(build(SEEDS_DIR, outDir, new NgramEmbedder(256)));
      expect(failure?.message).toMatch(new RegExp(`^Cannot write to ${outDir}: `));
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });
  });

  describe('seeds that give no passage', () => {
    it('are refused, and the previous index stays as it was', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const before = filesOf(outDir);
      const empty = fresh();
      const failure = await failureOf(build(empty, outDir));
      expect(isUserError(failure)).toBe(true);
      expect(failure?.message).toBe(
        `No passages came out of ${empty} (0 files indexed), so the index in ${outDir} is kept as it was: ` +
          'put .txt or .md articles there, or pass --allow-empty to build an empty index.',
      );
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });

    it('are refused when every file was skipped, counting them', async () => {
      const outDir = path.join(fresh(), 'index');
      const seeds = fresh();
      writeFileSync(path.join(seeds, 'empty.txt'), '');
      const failure = await failureOf(build(seeds, outDir));
      expect(failure?.message).toMatch(/^No passages came out of .* \(0 files indexed, 1 skipped\), so no index was written: /);
      expect(existsSync(outDir)).toBe(false);
    });

    it('give an empty index when allowed', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const summary = await build(fresh(), outDir, new NgramEmbedder(), { allowEmpty: true });
      expect(summary.manifest.counts).toEqual({ files: 0, articles: 0, passages: 0, slots: 0, skipped: 0 });
      expect(await storedPassages(outDir)).toEqual([]);
    });
  });

  describe('two builds of the same folder', () => {
    it('refuses the second while the first runs; the first finishes and leaves nothing behind', async () => {
      const outDir = path.join(fresh(), 'index');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let embedding!: () => void;
      const started = new Promise<void>((resolve) => (embedding = resolve));
      class GatedEmbedder extends NgramEmbedder {
        override async embedPassages(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
          embedding();
          await gate;
          return super.embedPassages(texts, onProgress);
        }
      }
      const first = build(SEEDS_DIR, outDir, new GatedEmbedder());
      await started;
      const second = await failureOf(build(SEEDS_DIR, outDir));
      expect(isUserError(second)).toBe(true);
      expect(second?.message).toBe(
        `Another build (process ${process.pid}) is writing ${outDir}: wait for it to finish and run \`npm run index\` again ` +
          `(if no build is running, delete ${outDir}.lock).`,
      );
      release();
      const summary = await first;
      expect(await storedPassages(outDir)).toHaveLength(summary.manifest.counts.passages);
      expect(leftovers(outDir)).toEqual([]);
    });

    it('takes over the lock and removes the temporary folder of a build that was killed', async () => {
      const outDir = path.join(fresh(), 'index');
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(`${outDir}.lock`, `${dead}\n`);
      mkdirSync(`${outDir}.tmp-${dead}`);
      writeFileSync(path.join(`${outDir}.tmp-${dead}`, 'passages.json'), '{"half":');
      await build(SEEDS_DIR, outDir);
      expect(readdirSync(path.dirname(outDir))).toEqual(['index']);
    });

    it('takes over an empty lock, left by a build killed as it created it', async () => {
      const outDir = path.join(fresh(), 'index');
      writeFileSync(`${outDir}.lock`, '');
      await build(SEEDS_DIR, outDir);
      expect(readdirSync(path.dirname(outDir))).toEqual(['index']);
    });

    it('respects the lock of another running process', async () => {
      const outDir = path.join(fresh(), 'index');
      writeFileSync(`${outDir}.lock`, `${process.ppid}\n`);
      const failure = await failureOf(build(SEEDS_DIR, outDir));
      expect(failure?.message).toMatch(new RegExp(`^Another build \\(process ${process.ppid}\\) is writing `));
      expect(readFileSync(`${outDir}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
      expect(existsSync(outDir)).toBe(false);
    });
  });

  describe('stopping a build', () => {
    it('rejects with the abort before the swap, keeps the previous index, and leaves process signals alone', async () => {
      const outDir = path.join(fresh(), 'index');
      await build(SEEDS_DIR, outDir);
      const before = filesOf(outDir);
      const listeners = () => ['SIGINT', 'SIGTERM', 'exit'].map((event) => process.listenerCount(event));
      const baseline = listeners();
      const stop = new AbortController();
      let during: number[] = [];
      class AbortingEmbedder extends NgramEmbedder {
        override async embedPassages(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
          during = listeners();
          stop.abort();
          return super.embedPassages(texts, onProgress);
        }
      }
      const failure = await failureOf(build(SEEDS_DIR, outDir, new AbortingEmbedder(256), { signal: stop.signal }));
      expect(failure?.name).toBe('AbortError');
      expect(during).toEqual(baseline);
      expectSameFiles(filesOf(outDir), before);
      expect(leftovers(outDir)).toEqual([]);
    });
  });

  describe('the text pipeline', () => {
    it('is recorded in the manifest, and an index built by another one reuses no vector and must be rebuilt', async () => {
      const outDir = path.join(fresh(), 'index');
      const first = await build(SEEDS_DIR, outDir);
      expect(first.manifest.text).toEqual({ stemmer: 'light10', pipeline: textFingerprint('light10') });
      const manifestFile = path.join(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { text: { pipeline: string } };
      manifest.text.pipeline = 'an-older-pipeline';
      writeFileSync(manifestFile, JSON.stringify(manifest));
      await expect(readIndex(outDir)).rejects.toThrow(
        `The index in ${outDir} was built by another version of the text pipeline (normalization, stopwords or stemmer have changed since): rebuild it with \`npm run index\`.`,
      );
      const counting = new CountingEmbedder();
      const again = await build(SEEDS_DIR, outDir, counting);
      expect(again.reusedVectors).toBe(0);
      expect(counting.embedded).toHaveLength(again.manifest.counts.passages);
      expect(readManifest(outDir).text.pipeline).toBe(textFingerprint('light10'));
    });
  });

  describe('passages cut to the model', () => {
    /** Reports every passage over 300 characters as cut, as a model with a short maximum would. */
    class ShortModelEmbedder extends NgramEmbedder {
      override async embedPassages(texts: string[], onProgress?: (done: number, truncated?: number) => void): Promise<Float32Array[]> {
        const vectors = await super.embedPassages(texts);
        onProgress?.(texts.length, texts.filter((t) => t.length > 300).length);
        return vectors;
      }
    }

    it('are counted in the summary', async () => {
      const outDir = path.join(fresh(), 'index');
      const summary = await build(SEEDS_DIR, outDir, new ShortModelEmbedder());
      const long = (await storedPassages(outDir)).filter((p) => p.text.length > 300).length;
      expect(long).toBeGreaterThan(0);
      expect(summary.truncatedPassages).toBe(long);
      expect((await build(SEEDS_DIR, path.join(fresh(), 'index'))).truncatedPassages).toBe(0);
    });
  });
});
