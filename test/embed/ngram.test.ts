import { describe, expect, it } from 'vitest';
import { dotSparse, embedNgrams, ngramFeatures, NgramEmbedder } from '../../src/embed/ngram.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('NgramEmbedder', () => {
  const embedder = new NgramEmbedder();

  it('describes itself for the manifest', () => {
    expect(embedder.info).toEqual({ kind: 'ngram', model: null, dtype: null, dimensions: 1024, pooling: 'hashed-ngrams' });
  });

  it('returns L2-normalized vectors of its dimensions, the same on every call', async () => {
    const [a, b] = await embedder.embedPassages(['قوات حفظ السلام الروسية', 'قوات حفظ السلام الروسية']);
    expect(a).toHaveLength(1024);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Array.from(await embedder.embedQuery('قوات حفظ السلام الروسية'))).toEqual(Array.from(a!));
  });

  it('reports progress per passage', async () => {
    const seen: number[] = [];
    await embedder.embedPassages(['أ', 'ب', 'ج'], (done) => seen.push(done));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('puts a spelling variant closer than an unrelated sentence', () => {
    const text = embedNgrams('واتفقت أذربيجان وأرمينيا، بوساطة روسية، على وقف كامل لإطلاق النار');
    const variant = embedNgrams('ما الذي اتفقت عليه اذربيجان وارمينيا بوساطه روسيه');
    const unrelated = embedNgrams('كم يبلغ سعر برميل النفط اليوم');
    expect(dot(text, variant)).toBeGreaterThan(0.3);
    expect(dot(text, variant)).toBeGreaterThan(3 * dot(text, unrelated));
  });

  it('scores sparse features exactly as the dense vector', () => {
    const question = embedNgrams('قوات حفظ السلام');
    const text = 'وتنتشر قوات حفظ السلام الروسية في الإقليم منذ 2020';
    expect(dotSparse(question, ngramFeatures(text))).toBeCloseTo(dot(question, embedNgrams(text)), 6);
  });

  it('gives a text the same features whatever was scored before it (its work buffers are reused)', () => {
    const text = 'وتنتشر قوات حفظ السلام الروسية في الإقليم منذ 2020';
    const first = ngramFeatures(text);
    const long = ngramFeatures(Array.from({ length: 1000 }, (_, i) => `word${i.toString(36)}`).join(' ')); // grows the tables
    expect(long.buckets.length).toBeGreaterThan(900);
    const again = ngramFeatures(text);
    expect(Array.from(again.buckets)).toEqual(Array.from(first.buckets));
    expect(Array.from(again.weights)).toEqual(Array.from(first.weights));
    expect(new Set(first.buckets).size).toBe(first.buckets.length);
  });

  it('gives an empty or stopword-only text a zero vector instead of NaN', () => {
    for (const text of ['', 'من هو']) expect(Array.from(embedNgrams(text)).every((x) => x === 0)).toBe(true);
  });
});
