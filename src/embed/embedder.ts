import type { EmbedderKind } from '../config.ts';
import type { Prefixes } from './prefixes.ts';

/** What an index records about the embedder that built it; queries must use the same one. */
export interface EmbedderInfo {
  kind: EmbedderKind;
  /** Hub id or local folder of the model; null for the built-in n-gram embedder. */
  model: string | null;
  dtype: 'q8' | 'fp32' | null;
  dimensions: number;
  pooling: 'mean' | 'hashed-ngrams';
  /** The model's query and passage prefixes and what decided them; absent for the n-gram embedder. */
  prefixes?: Prefixes;
}

/** Turns text into L2-normalized vectors. Query and passage sides may be encoded differently (e5 prefixes). */
export interface Embedder {
  readonly info: EmbedderInfo;
  embedQuery(text: string): Promise<Float32Array>;
  /**
   * Embeds in batches, vectors in the order of `texts`. `onProgress` gets the number of passages done
   * so far and how many of them were longer than the model takes and were cut to its maximum.
   */
  embedPassages(texts: string[], onProgress?: (done: number, truncated?: number) => void): Promise<Float32Array[]>;
}

export function describeEmbedder(info: EmbedderInfo): string {
  return info.kind === 'ngram' ? `ngram (${info.dimensions} dims)` : `transformers ${info.model} (${info.dtype}, ${info.dimensions} dims)`;
}

/** The prefixes a model gets and why, for the index log; null for the n-gram embedder. */
export function describePrefixes(info: EmbedderInfo): string | null {
  if (!info.prefixes) return null;
  const { query, passage, rule } = info.prefixes;
  return query || passage ? `Prefixes ${JSON.stringify(query)} and ${JSON.stringify(passage)} (${rule}).` : `No prefixes (${rule}).`;
}
