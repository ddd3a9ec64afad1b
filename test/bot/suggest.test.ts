import { beforeAll, describe, expect, it } from 'vitest';
import { botDefaults } from '../../src/bot/defaults.ts';
import { suggestSources } from '../../src/bot/suggest.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { openTestSearcher } from './helpers/searcher.ts';

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

  it('returns at most `limit`, and nothing for words no passage has', () => {
    expect(suggestSources(searcher, 'ال', 25).length).toBeLessThanOrEqual(25);
    expect(suggestSources(searcher, 'zzqqxx', 25)).toEqual([]);
  });

  it('stops scanning when its time budget is spent (here: none), returning what it has', () => {
    const options = { ...botDefaults.autocomplete, budgetMs: -1 };
    expect(suggestSources(searcher, 'قره', 25, options).length).toBeLessThan(25);
  });
});
