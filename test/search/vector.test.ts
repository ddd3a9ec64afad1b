import { beforeAll, describe, expect, it } from 'vitest';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { VectorIndex } from '../../src/search/vector.ts';
import { buildSeedIndex, SEEDS_DIR, storedPassages, TEST_HNSW } from '../helpers/seed-index.ts';

let index: VectorIndex;
let query: Float32Array;
beforeAll(async () => {
  // The model's vectors live in an HNSW graph; the seeds' n-gram vectors stand in for them here.
  const embedder = new NgramEmbedder();
  const passages = await storedPassages(await buildSeedIndex(SEEDS_DIR));
  const vectors = await embedder.embedPassages(passages.map((p) => p.text));
  index = VectorIndex.build(vectors, embedder.info.dimensions, TEST_HNSW);
  query = await embedder.embedQuery('قوات حفظ السلام الروسية');
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
    ['a few passages', [3, 40, 41]],
    ['most passages', Array.from({ length: 60 }, (_, i) => i + 10)],
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
});
