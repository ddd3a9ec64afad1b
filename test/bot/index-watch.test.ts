import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchIndex } from '../../src/bot/index-watch.ts';
import { startBot } from '../../src/bot/start.ts';
import { loadConfig } from '../../src/config.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import { nullArticleFile, nullFileMessage } from '../helpers/damage-index.ts';
import { SEEDS_DIR, storedPassages, TEST_HNSW } from '../helpers/seed-index.ts';
import { createSeedFakeSearcher } from './helpers/seed-fake.ts';
import { buildTempIndex } from './helpers/temp-index.ts';
import { makeTestModel } from '../../scripts/make-test-model.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { FakeDiscord } from './fake-discord/server.ts';
import { askCommand, isEdit, startLiveBot, TOKEN } from './helpers/live-bot.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Builds an index folder beside the live one and swaps it in by rename, as `npm run index` does. */
function rebuild(indexDir: string, builtAt: string): void {
  const next = `${indexDir}.next`;
  mkdirSync(next, { recursive: true });
  writeFileSync(path.join(next, 'manifest.json'), JSON.stringify({ builtAt }));
  rmSync(indexDir, { recursive: true, force: true });
  renameSync(next, indexDir);
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('watchIndex', () => {
  function setup(load: () => Promise<Searcher>) {
    const root = mkdtempSync(path.join(tmpdir(), 'bot-watch-'));
    dirs.push(root);
    const indexDir = path.join(root, 'index');
    rebuild(indexDir, 'v1');
    const reloaded: Searcher[] = [];
    const logs: Record<string, unknown>[] = [];
    const log = createLogger('debug', 'json', (l) => logs.push(JSON.parse(l) as Record<string, unknown>));
    const watcher = watchIndex({ indexDir, load, onReload: (s) => void reloaded.push(s), log, intervalMs: 20, debounceMs: 60 });
    return { indexDir, reloaded, logs, watcher };
  }

  it('reloads once, with a log line, when the folder is swapped in by rename', async () => {
    let loads = 0;
    const { indexDir, reloaded, logs, watcher } = setup(async () => (loads++, createSeedFakeSearcher()));
    await new Promise((r) => setTimeout(r, 50));
    rebuild(indexDir, 'v2');
    await until(() => reloaded.length === 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(loads).toBe(1);
    expect(logs.find((l) => l.msg === 'index reloaded')).toMatchObject({ level: 'info', passages: 91 });
    await watcher.close();
  });

  it('debounces a burst of rewrites into one reload', async () => {
    let loads = 0;
    const { indexDir, reloaded, watcher } = setup(async () => (loads++, createSeedFakeSearcher()));
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 4; i++) {
      writeFileSync(path.join(indexDir, 'manifest.json'), JSON.stringify({ builtAt: `v${i}`, pad: 'x'.repeat(i) }));
      await new Promise((r) => setTimeout(r, 25));
    }
    await until(() => reloaded.length === 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(loads).toBe(1);
    await watcher.close();
  });

  it('keeps the previous index and warns when the new one cannot be loaded', async () => {
    const { indexDir, reloaded, logs, watcher } = setup(async () => Promise.reject(new Error('format version 2 is not supported')));
    await new Promise((r) => setTimeout(r, 50));
    rebuild(indexDir, 'v2');
    await until(() => logs.some((l) => l.level === 'warn'));
    expect(reloaded).toHaveLength(0);
    expect(String(logs.find((l) => l.level === 'warn')!.error)).toContain('format version 2');
    await watcher.close();
  });

  it('keeps serving the previous index, and warns naming the field, when a rebuilt index is damaged', async () => {
    const { indexDir } = await buildTempIndex();
    const damaged = (await buildTempIndex()).indexDir;
    nullArticleFile(damaged);
    const config = loadConfig({ INDEX_DIR: indexDir });
    const load = () => openSearcher({ indexDir, config, log: silentLogger });
    const serving = await load();
    const logs: Record<string, unknown>[] = [];
    const reloaded: Searcher[] = [];
    const log = createLogger('debug', 'json', (l) => logs.push(JSON.parse(l) as Record<string, unknown>));
    const watcher = watchIndex({ indexDir, load, onReload: (s) => void reloaded.push(s), log, intervalMs: 20, debounceMs: 60 });
    await new Promise((r) => setTimeout(r, 50));
    // Swapped in by rename, as `npm run index` does.
    rmSync(indexDir, { recursive: true });
    renameSync(damaged, indexDir);
    await until(() => logs.some((l) => l.level === 'warn'));
    expect(reloaded).toHaveLength(0);
    expect(logs.find((l) => l.level === 'warn')).toMatchObject({ error: nullFileMessage(indexDir) });
    expect((await serving.search('قره باغ')).results.length).toBeGreaterThan(0);
    await watcher.close();
  });

  it('stops the bot at start-up, naming the field and the fix, when the index is damaged', async () => {
    const { indexDir } = await buildTempIndex();
    nullArticleFile(indexDir);
    const config = loadConfig({ INDEX_DIR: indexDir, DISCORD_TOKEN: 'test.token.value' });
    await expect(startBot({ config, log: silentLogger })).rejects.toThrow(nullFileMessage(indexDir));
  });
});

describe('watchIndex on a real index being updated', () => {
  it('keeps answering from the old index during the update and its load, then answers from the new one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bot-watch-real-'));
    dirs.push(root);
    const seedsDir = path.join(root, 'seeds');
    const indexDir = path.join(root, 'index');
    cpSync(SEEDS_DIR, seedsDir, { recursive: true });
    const added = readdirSync(seedsDir).sort().at(-1)!;
    renameSync(path.join(seedsDir, added), path.join(root, added));
    const build = () => buildIndex({ seedsDir, outDir: indexDir, embedder: new NgramEmbedder(), hnsw: TEST_HNSW, log: silentLogger, compactShare: 1 });
    await build();
    const open = () => openSearcher({ indexDir, config: loadConfig({}), log: silentLogger });
    const first = await open();
    let current = first;
    const reloaded: Searcher[] = [];
    const watcher = watchIndex({
      indexDir,
      load: open,
      onReload: (searcher) => {
        reloaded.push(searcher);
        const replaced = current;
        current = searcher;
        return replaced;
      },
      log: silentLogger,
      intervalMs: 20,
      debounceMs: 40,
      retireMs: 100,
    });

    renameSync(path.join(root, added), path.join(seedsDir, added));
    const update = build();
    const answers: number[] = [];
    const end = Date.now() + 5000;
    while (reloaded.length === 0 && Date.now() < end) {
      answers.push((await current.search('وقف إطلاق النار')).results.length);
      await new Promise((r) => setTimeout(r, 5));
    }
    const summary = await update;
    expect(summary.mode).toBe('update');
    expect(reloaded).toHaveLength(1);
    expect(answers.length).toBeGreaterThan(1);
    expect(answers.every((n) => n > 0)).toBe(true);

    // The added page is searchable in the new index only.
    const addedIds = (await storedPassages(indexDir)).filter((p) => p.article.file === added).map((p) => p.id);
    expect(addedIds.length).toBeGreaterThan(0);
    expect(current.source(addedIds[0]!).passage.article.file).toBe(added);
    expect(() => first.source(addedIds[0]!)).toThrow(/no passage/);
    // The replaced searcher is closed once questions on it had time to finish.
    await new Promise((r) => setTimeout(r, 250));
    await expect(first.search('وقف إطلاق النار')).rejects.toThrow();
    await watcher.close();
    await current.close();
  });
});

describe('the bot during an update of an index with the model', () => {
  it('answers every question asked while the update is built and applied in place, then answers from the new index', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bot-watch-model-'));
    dirs.push(root);
    const [seedsDir, indexDir, modelDir] = ['seeds', 'index', 'model'].map((d) => path.join(root, d)) as [string, string, string];
    await makeTestModel(modelDir);
    const env = { EMBEDDER: 'transformers', EMBEDDING_MODEL: modelDir, OFFLINE: '1' };
    const config = loadConfig(env);
    const model = await createEmbedder(config.embed, config.paths.modelsDir, silentLogger);
    cpSync(SEEDS_DIR, seedsDir, { recursive: true });
    const added = readdirSync(seedsDir).sort().at(-1)!;
    renameSync(path.join(seedsDir, added), path.join(root, added));
    const build = () => buildIndex({ seedsDir, outDir: indexDir, embedder: model, hnsw: TEST_HNSW, log: silentLogger, compactShare: 1 });
    await build();

    const fake = await new FakeDiscord(TOKEN, 200).start();
    const { bot, logs } = await startLiveBot(fake, indexDir, { env, watch: { intervalMs: 20, debounceMs: 40 }, tunables: { maxWaitingSearches: 1000 } });
    try {
      const first = bot.searcher();
      renameSync(path.join(root, added), path.join(seedsDir, added));
      const update = build();
      const asked = [];
      const end = Date.now() + 10_000;
      while (!logs.some((l) => l.msg === 'index reloaded') && Date.now() < end) {
        asked.push(askCommand(fake, 'وقف إطلاق النار'));
        await new Promise((r) => setTimeout(r, 15));
      }
      expect((await update).mode).toBe('update');
      asked.push(askCommand(fake, 'وقف إطلاق النار'));
      expect(logs.some((l) => l.msg === 'vector list updated in place')).toBe(true);
      expect(bot.searcher()).not.toBe(first);
      expect(asked.length).toBeGreaterThan(2);
      for (const d of asked) {
        const edit = await fake.waitFor(isEdit(d));
        // An answer citing a passage (its id in the first field), not a "busy" or error message.
        expect(edit.body.embeds.length).toBeGreaterThan(0);
        expect(edit.body.embeds[0].fields[0].value).toMatch(/^`[a-z0-9]+`$/);
      }
      const addedIds = (await storedPassages(indexDir)).filter((p) => p.article.file === added).map((p) => p.id);
      expect(bot.searcher().source(addedIds[0]!).passage.article.file).toBe(added);
    } finally {
      await bot.stop();
      await fake.close();
    }
  }, 60_000);
});
