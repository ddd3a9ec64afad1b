import type { Searcher } from '../../../src/search/searcher.ts';
import { openSeedSearcher } from '../../helpers/seed-index.ts';

/** The searcher the handler tests run on: the real index of the seed articles (offline embedder). */
export function openTestSearcher(): Promise<Searcher> {
  return openSeedSearcher();
}

/** The same searcher with some methods replaced (works for class instances too, unlike a spread). */
export function overrideSearcher(searcher: Searcher, overrides: Partial<Omit<Searcher, 'manifest'>>): Searcher {
  return {
    manifest: searcher.manifest,
    search: (q, o) => searcher.search(q, o),
    source: (id) => searcher.source(id),
    suggest: (typed, limit) => searcher.suggest(typed, limit),
    stats: () => searcher.stats(),
    publishers: () => searcher.publishers(),
    close: () => searcher.close(),
    ...overrides,
  };
}
