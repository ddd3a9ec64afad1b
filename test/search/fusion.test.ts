import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src/search/fusion.ts';

describe('fuseRankings', () => {
  it('ranks an item first when the lists agree on it', () => {
    const fused = fuseRankings([
      { labels: [1, 2, 3], weight: 1 },
      { labels: [1, 3, 2], weight: 1 },
      { labels: [3, 1], weight: 1 },
    ]);
    expect(fused.map((f) => f.label)).toEqual([1, 3, 2]);
  });

  it('adds weight / (k + rank) per list, with k = 5', () => {
    const [only] = fuseRankings([{ labels: [7], weight: 0.5 }, { labels: [9, 7], weight: 1 }]).filter((f) => f.label === 7);
    expect(only!.score).toBeCloseTo(0.5 / 6 + 1 / 7);
  });

  it('lets a heavier list win a disagreement', () => {
    const fused = fuseRankings([
      { labels: [1, 2], weight: 0.5 },
      { labels: [2, 1], weight: 1 },
    ]);
    expect(fused[0]!.label).toBe(2);
  });

  it('keeps items found by one list only, and breaks ties by label', () => {
    const fused = fuseRankings([{ labels: [5], weight: 1 }, { labels: [4], weight: 1 }]);
    expect(fused.map((f) => f.label)).toEqual([4, 5]);
  });

  it('returns nothing for empty lists', () => {
    expect(fuseRankings([{ labels: [], weight: 1 }])).toEqual([]);
  });
});
