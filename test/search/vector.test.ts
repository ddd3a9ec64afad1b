import { copyFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { readIndexFiles } from '../../src/search/store.ts';
import type { VectorIndex } from '../../src/search/vector.ts';
import { buildSeedIndex, SEEDS_DIR, tempDir } from '../helpers/seed-index.ts';

let index: VectorIndex;
let query: Float32Array;
let dir: string;
beforeAll(async () => {
  dir = await buildSeedIndex();
  index = readIndexFiles(dir).vectors;
  query = await new NgramEmbedder().embedQuery('قوات حفظ السلام الروسية');
});

/** Cosine similarity of the query with every allowed vector, best first: what a filtered search must return. */
function bruteForce(allowed: number[], k: number) {
  return allowed
    .map((label) => ({ label, similarity: index.vector(label).reduce((sum, x, d) => sum + x * query[d]!, 0) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}

describe('VectorIndex.search with a filter', () => {
  it.each([
    ['under 5% of the passages (compared one by one from the file)', [3, 40, 41]],
    ['most passages (the graph walked with the filter)', Array.from({ length: 60 }, (_, i) => i + 10)],
  ])('returns the nearest of the allowed passages only: %s', (_, allowed) => {
    const set = new Set(allowed);
    const hits = index.search(query, 5, { allows: (label) => set.has(label), allowed: set.size });
    const expected = bruteForce(allowed, 5);
    expect(hits.map((h) => h.label)).toEqual(expected.map((h) => h.label));
    hits.forEach((h, i) => expect(h.similarity).toBeCloseTo(expected[i]!.similarity, 5));
  });

  it('returns nothing when the filter allows nothing, and all when it allows fewer than asked', () => {
    expect(index.search(query, 5, { allows: () => false, allowed: 0 })).toEqual([]);
    expect(
      index
        .search(query, 50, { allows: (l) => l === 7 || l === 8, allowed: 2 })
        .map((h) => h.label)
        .sort(),
    ).toEqual([7, 8]);
  });

  it('keeps answering from the vectors it loaded when a rebuild replaces the file', async () => {
    const seeds = tempDir('kb-vector-seeds-');
    cpSync(path.join(SEEDS_DIR, '001_b2d432f4c5225c23.txt'), path.join(seeds, 'only.txt'));
    const other = await buildSeedIndex(seeds);
    const before = index.search(query, 5, { allows: (l) => l < 3, allowed: 3 });
    copyFileSync(path.join(other, 'vectors.hnsw'), path.join(dir, 'vectors.hnsw'));
    const after = index.search(query, 5, { allows: (l) => l < 3, allowed: 3 });
    expect(after.map((h) => h.label)).toEqual(before.map((h) => h.label));
    after.forEach((h, i) => expect(h.similarity).toBeCloseTo(before[i]!.similarity, 5));
    expect(before.map((h) => h.label)).toEqual(bruteForce([0, 1, 2], 5).map((h) => h.label));
  });
});
