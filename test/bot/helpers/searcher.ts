import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { openSearcher, type Searcher } from '../../../src/search/searcher.ts';
import { createSeedFakeSearcher } from './seed-fake.ts';

// Resolved at run time so this file type-checks before the retrieval core's helper exists.
const SEED_INDEX_HELPER = '../../helpers/seed-index.ts';

/** The searcher the handler and e2e tests run on: the real index of the seeds when available. */
export async function openTestSearcher(): Promise<Searcher> {
  if (process.env.BOT_TEST_INDEX_DIR) {
    return openSearcher({ indexDir: process.env.BOT_TEST_INDEX_DIR, config: loadConfig({ EMBEDDER: 'ngram' }), log: silentLogger });
  }
  const helper = (await import(SEED_INDEX_HELPER).catch(() => null)) as { openSeedSearcher(): Promise<Searcher> } | null;
  return helper ? helper.openSeedSearcher() : createSeedFakeSearcher();
}

/** The same searcher with some methods replaced (works for class instances too, unlike a spread). */
export function overrideSearcher(searcher: Searcher, overrides: Partial<Omit<Searcher, 'manifest'>>): Searcher {
  return {
    manifest: searcher.manifest,
    search: (q, o) => searcher.search(q, o),
    source: (id) => searcher.source(id),
    suggest: (typed, limit) => searcher.suggest(typed, limit),
    stats: () => searcher.stats(),
    ...overrides,
  };
}
