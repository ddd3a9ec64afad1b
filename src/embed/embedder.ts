import type { EmbedderKind } from '../config.ts';

/** What an index records about the embedder that built it; queries must use the same one. */
export interface EmbedderInfo {
  kind: EmbedderKind;
  /** Hub id or local folder of the model; null for the built-in n-gram embedder. */
  model: string | null;
  dtype: 'q8' | 'fp32' | null;
  dimensions: number;
  pooling: 'mean' | 'hashed-ngrams';
}

/** Turns text into L2-normalized vectors. Query and passage sides may be encoded differently (e5 prefixes). */
export interface Embedder {
  readonly info: EmbedderInfo;
  embedQuery(text: string): Promise<Float32Array>;
  /** Embeds in batches; `onProgress` gets the number of passages done so far. */
  embedPassages(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
}

export function describeEmbedder(info: EmbedderInfo): string {
  return info.kind === 'ngram' ? `ngram (${info.dimensions} dims)` : `transformers ${info.model} (${info.dtype}, ${info.dimensions} dims)`;
}
