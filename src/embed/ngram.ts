import { light10 } from '../text/stem.ts';
import { STOPWORDS, tokenize } from '../text/tokens.ts';
import type { Embedder, EmbedderInfo } from './embedder.ts';

const NGRAM_DIMENSIONS = 1024;

/** FNV-1a: fast, well spread, and stable across platforms, so vectors never change between builds. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Adds the features of one word to `counts`, by their hash: its light stem (whole-word match) and the
 * character 3- to 5-grams of the padded word, which match across prefixes, suffixes and spelling
 * variants ("وبوساطة" ~ "بوساطه"). The grams are hashed in place rather than cut out as strings: this
 * runs for every sentence a question is compared with, and the strings cost more than the hashing.
 */
function addWordFeatures(word: string, counts: Map<number, number>): void {
  const stem = fnv1a(`w:${light10(word)}`);
  counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const padded = `<${word}>`;
  const length = padded.length;
  let grams = 0;
  for (let n = 3; n <= 5; n++) grams += Math.max(0, length - n + 1);
  const weight = 1 / Math.sqrt(grams);
  for (let i = 0; i + 3 <= length; i++) {
    let hash = 0x811c9dc5;
    for (let j = i; j < Math.min(length, i + 5); j++) {
      hash ^= padded.charCodeAt(j);
      hash = Math.imul(hash, 0x01000193);
      if (j - i >= 2) counts.set(hash >>> 0, (counts.get(hash >>> 0) ?? 0) + weight);
    }
  }
}

/**
 * Hashed features of a text, sparse: bucket → weight (signed feature hashing, sublinear weights),
 * L2-normalized. Scoring a sentence against a question needs only these, not a dense vector.
 */
export function ngramFeatures(text: string, dimensions = NGRAM_DIMENSIONS): Map<number, number> {
  const counts = new Map<number, number>();
  for (const word of tokenize(text)) if (!STOPWORDS.has(word)) addWordFeatures(word, counts);
  const buckets = new Map<number, number>();
  for (const [hash, weight] of counts) {
    const bucket = hash % dimensions;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + (hash & 0x80000000 ? -1 : 1) * Math.log1p(weight));
  }
  let norm = 0;
  for (const value of buckets.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (const [bucket, value] of buckets) buckets.set(bucket, value / norm);
  return buckets;
}

/** The dense vector of a text: its hashed features laid out in `dimensions` slots. */
export function embedNgrams(text: string, dimensions = NGRAM_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const [bucket, value] of ngramFeatures(text, dimensions)) vector[bucket] = value;
  return vector;
}

/** Dot product of a dense vector and sparse features: the cosine when both are normalized. */
export function dotSparse(dense: Float32Array, sparse: Map<number, number>): number {
  let sum = 0;
  for (const [bucket, value] of sparse) sum += dense[bucket]! * value;
  return sum;
}

/** The built-in offline embedder: no model weights, same vectors on every machine. */
export class NgramEmbedder implements Embedder {
  readonly info: EmbedderInfo;

  constructor(dimensions = NGRAM_DIMENSIONS) {
    this.info = { kind: 'ngram', model: null, dtype: null, dimensions, pooling: 'hashed-ngrams' };
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return embedNgrams(text, this.info.dimensions);
  }

  async embedPassages(texts: string[], onProgress?: (done: number, truncated?: number) => void): Promise<Float32Array[]> {
    return texts.map((text, i) => {
      onProgress?.(i + 1, 0);
      return embedNgrams(text, this.info.dimensions);
    });
  }
}
