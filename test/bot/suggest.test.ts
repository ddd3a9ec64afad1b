import { beforeAll, describe, expect, it } from 'vitest';
import { botDefaults } from '../../src/bot/defaults.ts';
import { suggestSources } from '../../src/bot/suggest.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { openTestSearcher, overrideSearcher } from './helpers/searcher.ts';

let searcher: Searcher;
beforeAll(async () => {
  searcher = await openTestSearcher();
});

describe('suggestSources', () => {
  it('puts id matches first, then passages containing every typed word', () => {
    const [first] = suggestSources(searcher, 'قره', 25);
    const id = first!.id;
    expect(suggestSources(searcher, id.slice(0, 4), 25)[0]!.id).toBe(id);
    const both = suggestSources(searcher, 'قره باغ', 25);
    expect(both.length).toBeGreaterThan(0);
    for (const p of both) expect(p.text).toMatch(/قره/);
  });

  it('finds a whole id even when the scan budget is spent', () => {
    const last = suggestSources(searcher, '', 1000).at(-1)!;
    expect(suggestSources(searcher, last.id, 25, { ...botDefaults.autocomplete, budgetMs: -1 })[0]!.id).toBe(last.id);
  });

  it('returns at most `limit`, and nothing for words no passage has', () => {
    expect(suggestSources(searcher, 'ال', 25).length).toBeLessThanOrEqual(25);
    expect(suggestSources(searcher, 'zzqqxx', 25)).toEqual([]);
  });

  it('stops scanning a large index when its time budget is spent (here: none), returning what it has', () => {
    const options = { ...botDefaults.autocomplete, budgetMs: -1 };
    // 74 seed passages repeated to 7,400: checked every 1,024 passages, the scan stops at the first check.
    const all = searcher.suggest('', Number.MAX_SAFE_INTEGER);
    const large = overrideSearcher(searcher, { suggest: () => Array.from({ length: 100 }, () => all).flat() });
    const found = suggestSources(large, 'قره', 10_000, options);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(suggestSources(large, 'قره', 10_000).length);
  });

  it('always scans a small index whole, so its suggestions never depend on load', () => {
    const options = { ...botDefaults.autocomplete, budgetMs: -1 };
    expect(suggestSources(searcher, 'قره', 25, options)).toEqual(suggestSources(searcher, 'قره', 25));
  });
});
