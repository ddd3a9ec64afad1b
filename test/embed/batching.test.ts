import { describe, expect, it } from 'vitest';
import { batchesByLength, truncateTokens } from '../../src/embed/batching.ts';

describe('batchesByLength', () => {
  it('groups passages of similar token length, shortest first, equal lengths in their order', () => {
    expect(batchesByLength([120, 8, 300, 9, 121, 8, 299], 2)).toEqual([[1, 5], [3, 0], [4, 6], [2]]);
  });

  it('pads ARCD-like lengths far less than batches in file order', () => {
    const lengths = Array.from({ length: 400 }, (_, i) => 40 + ((i * 7919) % 300));
    const padded = (batches: number[][]) => batches.reduce((sum, b) => sum + b.length * Math.max(...b.map((i) => lengths[i]!)), 0);
    const inOrder = Array.from({ length: 50 }, (_, b) => Array.from({ length: 8 }, (_, j) => b * 8 + j));
    const real = lengths.reduce((a, b) => a + b, 0);
    expect(padded(batchesByLength(lengths, 8)) / real).toBeLessThan(1.03);
    expect(padded(inOrder) / real).toBeGreaterThan(1.3);
  });

  it('covers every passage once', () => {
    const batches = batchesByLength([5, 3, 5, 1, 2], 3);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(batchesByLength([], 8)).toEqual([]);
  });
});

describe('truncateTokens', () => {
  it('keeps ids within the limit as they are', () => {
    expect(truncateTokens([101, 7, 8, 102], 4)).toEqual([101, 7, 8, 102]);
  });

  it('cuts to the limit and keeps the closing special token', () => {
    expect(truncateTokens([101, 1, 2, 3, 4, 5, 102], 4)).toEqual([101, 1, 2, 102]);
  });
});
