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

describe('VectorIndex shared across an in-place update', () => {
  it('never returns a label past the slots a caller knows, nor a deleted one', async () => {
    const embedder = new NgramEmbedder();
    const vectors = Array.from({ length: index.size }, (_, label) => index.vector(label));
    const [kept, added] = [vectors.slice(0, 60), vectors.slice(60)];
    const shared = VectorIndex.build(kept, embedder.info.dimensions, TEST_HNSW);
    await shared.update([3, 4], added, kept.length);
    expect(shared.size).toBe(vectors.length);
    const all = shared.search(query, 100).map((h) => h.label);
    expect(all).not.toContain(3);
    expect(all.some((label) => label >= 60)).toBe(true);
    // A searcher that knows 60 slots sees only its own, even through a filter.
    const own = shared.search(query, 100, undefined, 60).map((h) => h.label);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((label) => label < 60 && label !== 3 && label !== 4)).toBe(true);
    expect(shared.search(query, 100, { allows: (l) => l % 2 === 0, allowed: 50 }, 60).every((h) => h.label < 60 && h.label % 2 === 0)).toBe(true);
    expect(own).toEqual(all.filter((label) => label < 60));
  });

  it('is freed by the last searcher using it, and then finds nothing', () => {
    const embedder = new NgramEmbedder();
    const graph = VectorIndex.build([index.vector(0), index.vector(1)], embedder.info.dimensions, TEST_HNSW);
    graph.acquire();
    graph.acquire();
    graph.relinquish();
    expect(graph.isReleased).toBe(false);
    expect(graph.search(index.vector(0), 1)[0]!.label).toBe(0);
    graph.relinquish();
    expect(graph.isReleased).toBe(true);
    expect(graph.search(index.vector(0), 1)).toEqual([]);
  });
});
