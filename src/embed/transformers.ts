import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Embedder, EmbedderInfo } from './embedder.ts';
import { loadPipeline, type PipelineOptions } from './load-pipeline.ts';
import { explainUnusableModel } from './model-errors.ts';

export interface TransformersOptions {
  /** Hub id (e.g. Xenova/multilingual-e5-small) or a local model folder (absolute or relative). */
  model: string;
  /** q8 loads onnx/model_quantized.onnx, fp32 loads onnx/model.onnx. */
  dtype: 'q8' | 'fp32';
  /** MODELS_DIR: cache of downloaded hub models. */
  modelsDir: string;
  /** OFFLINE=1: never contact the hub. Local folders never do. */
  offline: boolean;
  /** Passages per model call (EMBED_BATCH_SIZE). */
  batchSize: number;
  /** Hub base URL and response timeout; only tests and mirrors set them. */
  remoteHost?: PipelineOptions['remoteHost'];
  connectTimeoutMs?: PipelineOptions['connectTimeoutMs'];
}

export interface Prompts {
  query: string;
  passage: string;
}

const E5_PROMPTS: Prompts = { query: 'query: ', passage: 'passage: ' };
const NO_PROMPTS: Prompts = { query: '', passage: '' };

/**
 * The text put before queries and passages. A `prompts: {query, passage}` object in the model's
 * config.json wins (the test model writes one); otherwise models with `e5` in their id get the e5
 * prefixes they were trained with ("query: ", "passage: "), and any other model gets none.
 */
export function choosePrompts(model: string, config: Record<string, unknown>): Prompts {
  const prompts = config['prompts'] as Partial<Record<keyof Prompts, unknown>> | undefined;
  if (prompts && typeof prompts.query === 'string' && typeof prompts.passage === 'string') {
    return { query: prompts.query, passage: prompts.passage };
  }
  return /\be5\b/i.test(model) ? E5_PROMPTS : NO_PROMPTS;
}

/**
 * Loads the model (once per model and settings; see load-pipeline.ts) and wraps it as an Embedder:
 * prefixes applied, mean pooling over real tokens, L2-normalized. An empty text is embedded as its
 * prefix alone (or as just [CLS] [SEP] without one), so it gives a valid vector instead of failing.
 * Throws UserError (code 'model') when the model cannot be loaded.
 */
export async function loadTransformersEmbedder(options: TransformersOptions): Promise<Embedder> {
  const { source, extractor } = await loadPipeline(options);
  const prompts = choosePrompts(options.model, extractor.model.config as unknown as Record<string, unknown>);
  // Embedding once up front gives the dimensions and turns an unusable model into a UserError now.
  const probe = await embedBatch(extractor, [prompts.query]).then(
    ([vector]) => vector,
    (error: unknown) => {
      throw explainUnusableModel(error, source);
    },
  );
  const info: EmbedderInfo = {
    kind: 'transformers',
    model: options.model,
    dtype: options.dtype,
    dimensions: probe?.length ?? 0,
    pooling: 'mean',
  };
  const batchSize = Math.max(1, options.batchSize);
  return {
    info,
    async embedQuery(text) {
      const [vector] = await embedBatch(extractor, [prompts.query + text]);
      return vector!;
    },
    async embedPassages(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => prompts.passage + text);
        vectors.push(...(await embedBatch(extractor, batch)));
        onProgress?.(vectors.length);
      }
      return vectors;
    },
  };
}

async function embedBatch(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  const [rows = 0, dimensions = 0] = output.dims;
  const data = output.data as Float32Array;
  return Array.from({ length: rows }, (_, row) => data.slice(row * dimensions, (row + 1) * dimensions));
}
