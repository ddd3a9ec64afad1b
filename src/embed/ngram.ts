import { fnv1a } from '../text/hash.ts';
import { light10 } from '../text/stem.ts';
import { STOPWORDS, tokenize } from '../text/tokens.ts';
import type { Embedder, EmbedderInfo } from './embedder.ts';

const NGRAM_DIMENSIONS = 1024;

/**
 * Weights of the distinct feature hashes of one text, in the order first met, in typed arrays reused
 * from call to call: this runs for every sentence a question is compared with, where a Map per call
 * cost more time and garbage (README, "Memory and speed").
 */
class HashCounts {
  /** Open addressing: a slot is taken in this round when its stamp is the round's number. */
  private keys = new Uint32Array(4096);
  private entries = new Int32Array(4096);
  private stamps = new Uint32Array(4096);
  private round = 1;
  /** Distinct hashes in the order first met, and their weights. */
  hashes = new Uint32Array(2048);
  weights = new Float64Array(2048);
  size = 0;

  clear(): void {
    this.size = 0;
    if (++this.round === 0xffffffff) [this.stamps, this.round] = [new Uint32Array(this.stamps.length), 1];
  }

  add(hash: number, weight: number): void {
    const at = this.find(hash);
    if (this.stamps[at] === this.round) {
      this.weights[this.entries[at]!]! += weight;
      return;
    }
    this.place(at, hash, this.size);
    this.hashes[this.size] = hash;
    this.weights[this.size++] = weight;
    if (2 * this.size > this.hashes.length) this.grow();
  }

  /** The slot holding `hash`, or the free one it goes to (linear probing). */
  private find(hash: number): number {
    const mask = this.keys.length - 1;
    let at = (hash ^ (hash >>> 16)) & mask;
    while (this.stamps[at] === this.round && this.keys[at] !== hash) at = (at + 1) & mask;
    return at;
  }

  private place(at: number, hash: number, entry: number): void {
    this.keys[at] = hash;
    this.entries[at] = entry;
    this.stamps[at] = this.round;
  }

  private grow(): void {
    const { hashes, weights, size } = this;
    const slots = this.keys.length * 2;
    [this.keys, this.entries, this.stamps] = [new Uint32Array(slots), new Int32Array(slots), new Uint32Array(slots)];
    [this.hashes, this.weights] = [new Uint32Array(slots / 2), new Float64Array(slots / 2)];
    this.hashes.set(hashes.subarray(0, size));
    this.weights.set(weights.subarray(0, size));
    for (let i = 0; i < size; i++) this.place(this.find(hashes[i]!), hashes[i]!, i);
  }
}

const counts = new HashCounts();

/**
 * Adds the features of one word to `counts`, by their hash: its light stem (whole-word match) and the
 * character 3- to 5-grams of the padded word, which match across prefixes, suffixes and spelling
 * variants ("وبوساطة" ~ "بوساطه"). The grams are hashed in place rather than cut out as strings: the
 * strings cost more than the hashing.
 */
function addWordFeatures(word: string): void {
  counts.add(fnv1a(`w:${light10(word)}`), 1);
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
      if (j - i >= 2) counts.add(hash >>> 0, weight);
    }
  }
}

/**
 * Hashed features of a text, sparse: `weights[i]` belongs to bucket `buckets[i]`. Two typed arrays
 * on one buffer, a few KB a sentence where a Map took several times that in the heap.
 */
export interface SparseFeatures {
  buckets: Uint16Array;
  weights: Float64Array;
}

/** Bucket sums of the text in hand, which buckets it has met, and in what order; reused. */
let bucketSums = new Float64Array(NGRAM_DIMENSIONS);
let bucketMet = new Uint8Array(NGRAM_DIMENSIONS);
let bucketOrder = new Uint16Array(NGRAM_DIMENSIONS);

/**
 * Hashed features of a text (signed feature hashing, sublinear weights), L2-normalized. Scoring a
 * sentence against a question needs only these, not a dense vector. Sums run in the order features
 * are first met, so the weights are the same to the last bit whatever the storage.
 */
export function ngramFeatures(text: string, dimensions = NGRAM_DIMENSIONS): SparseFeatures {
  if (dimensions > 65_536) throw new RangeError(`n-gram vectors have at most 65,536 dimensions, not ${dimensions}`);
  if (bucketSums.length < dimensions)
    [bucketSums, bucketMet, bucketOrder] = [new Float64Array(dimensions), new Uint8Array(dimensions), new Uint16Array(dimensions)];
  counts.clear();
  for (const word of tokenize(text)) if (!STOPWORDS.has(word)) addWordFeatures(word);
  let used = 0;
  for (let i = 0; i < counts.size; i++) {
    const hash = counts.hashes[i]!;
    const bucket = hash % dimensions;
    if (bucketMet[bucket] === 0) {
      bucketMet[bucket] = 1;
      bucketOrder[used++] = bucket;
    }
    bucketSums[bucket]! += (hash & 0x80000000 ? -1 : 1) * Math.log1p(counts.weights[i]!);
  }
  let norm = 0;
  for (let i = 0; i < used; i++) {
    const value = bucketSums[bucketOrder[i]!]!;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  const buffer = new ArrayBuffer(used * 10);
  const features = { weights: new Float64Array(buffer, 0, used), buckets: new Uint16Array(buffer, used * 8, used) };
  for (let i = 0; i < used; i++) {
    const bucket = bucketOrder[i]!;
    features.buckets[i] = bucket;
    features.weights[i] = bucketSums[bucket]! / norm;
    bucketSums[bucket] = 0;
    bucketMet[bucket] = 0;
  }
  return features;
}

/** The dense vector of a text: its hashed features laid out in `dimensions` slots. */
export function embedNgrams(text: string, dimensions = NGRAM_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  const { buckets, weights } = ngramFeatures(text, dimensions);
  for (let i = 0; i < buckets.length; i++) vector[buckets[i]!] = weights[i]!;
  return vector;
}

/**
 * Dot product of a dense vector and sparse features (entries `from` to `to` of them, for several
 * texts' features stored end to end): the cosine when both are normalized.
 */
export function dotSparse(dense: Float32Array, sparse: SparseFeatures, from = 0, to = sparse.buckets.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += dense[sparse.buckets[i]!]! * sparse.weights[i]!;
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
