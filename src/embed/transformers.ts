import { mean_pooling, Tensor, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { batchesByLength, truncateTokens } from './batching.ts';
import type { Embedder, EmbedderInfo } from './embedder.ts';
import { loadPipeline, type PipelineOptions } from './load-pipeline.ts';
import { explainUnusableModel } from './model-errors.ts';
import { decidePrefixes, type Prefixes, type PrefixSetting } from './prefixes.ts';

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
  /** EMBEDDING_PREFIXES, or the prefixes an index recorded (queries must be encoded as its passages were). */
  prefixes?: PrefixSetting | Prefixes;
  /** Hub base URL and response timeout; only tests and mirrors set them. */
  remoteHost?: PipelineOptions['remoteHost'];
  connectTimeoutMs?: PipelineOptions['connectTimeoutMs'];
  sessionOptions?: PipelineOptions['sessionOptions'];
  mapWeights?: PipelineOptions['mapWeights'];
}

export const TRANSFORMERS_DEFAULTS = {
  /**
   * Passages tokenized and sorted by length together. Within 1,024 passages neighbours in length
   * order differ by a token or two, so batches carry almost no padding, and memory stays bounded
   * on a 100k-passage build (token ids of one window, not of the whole corpus).
   */
  sortWindow: 1024,
  /** The longest input when neither tokenizer_config.json nor config.json states one (BERT's 512). */
  fallbackMaxTokens: 512,
};

type Tokenized = { input_ids: number[][] };

/**
 * Loads the model (once per model and settings; see load-pipeline.ts) and wraps it as an Embedder:
 * prefixes applied (see prefixes.ts), passages batched by token length and cut at the model's
 * maximum, mean pooling over real tokens, L2-normalized. An empty text is embedded as its prefix
 * alone (or as just [CLS] [SEP] without one), so it gives a valid vector instead of failing.
 * Throws UserError (code 'model') when the model cannot be loaded.
 */
export async function loadTransformersEmbedder(options: TransformersOptions): Promise<Embedder> {
  const { source, extractor } = await loadPipeline(options);
  const setting = options.prefixes ?? 'auto';
  const prefixes = typeof setting === 'string' ? decidePrefixes(setting, options.model, source.folder) : setting;
  const maxTokens = modelMaxTokens(extractor);
  const tokenize = (texts: string[]) => (extractor.tokenizer(texts, { return_tensor: false }) as unknown as Tokenized).input_ids;
  const embed = (rows: readonly (readonly number[])[]) =>
    embedTokens(
      extractor,
      rows.map((ids) => truncateTokens(ids, maxTokens)),
    );

  // Embedding once up front gives the dimensions and turns an unusable model into a UserError now.
  const probe = await embed(tokenize([prefixes.query])).then(
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
    prefixes,
  };
  const batchSize = Math.max(1, options.batchSize);
  return {
    info,
    async embedQuery(text) {
      const [vector] = await embed(tokenize([prefixes.query + text]));
      return vector!;
    },
    async embedPassages(texts, onProgress) {
      const vectors = new Array<Float32Array>(texts.length);
      let done = 0;
      let truncated = 0;
      for (let start = 0; start < texts.length; start += TRANSFORMERS_DEFAULTS.sortWindow) {
        const window = texts.slice(start, start + TRANSFORMERS_DEFAULTS.sortWindow);
        const ids = tokenize(window.map((text) => prefixes.passage + text));
        truncated += ids.filter((row) => row.length > maxTokens).length;
        for (const batch of batchesByLength(
          ids.map((row) => row.length),
          batchSize,
        )) {
          const embedded = await embed(batch.map((i) => ids[i]!));
          batch.forEach((i, j) => (vectors[start + i] = embedded[j]!));
          done += batch.length;
          onProgress?.(done, truncated);
        }
      }
      return vectors;
    },
  };
}

/** The longest input the model takes: its tokenizer's model_max_length, within its position table. */
function modelMaxTokens(extractor: FeatureExtractionPipeline): number {
  const fromTokenizer: unknown = extractor.tokenizer.model_max_length;
  const positions = (extractor.model.config as unknown as Record<string, unknown>)['max_position_embeddings'];
  const limits = [fromTokenizer, positions].filter((limit): limit is number => typeof limit === 'number' && Number.isFinite(limit));
  return limits.length > 0 ? Math.min(...limits) : TRANSFORMERS_DEFAULTS.fallbackMaxTokens;
}

/**
 * Runs the model on token rows padded to the longest row, then mean-pools over the real tokens and
 * L2-normalizes: what the feature-extraction pipeline does, on ids tokenized once by the caller.
 */
async function embedTokens(extractor: FeatureExtractionPipeline, rows: readonly (readonly number[])[]): Promise<Float32Array[]> {
  const width = Math.max(...rows.map((row) => row.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(extractor.tokenizer.pad_token_id ?? 0));
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) =>
    row.forEach((id, c) => {
      ids[r * width + c] = BigInt(id);
      mask[r * width + c] = 1n;
    }),
  );
  const attentionMask = new Tensor('int64', mask, [rows.length, width]);
  const outputs = (await extractor.model({ input_ids: new Tensor('int64', ids, [rows.length, width]), attention_mask: attentionMask })) as Record<
    string,
    Tensor
  >;
  const hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
  if (!hidden) throw new Error('the model has no last_hidden_state output');
  const pooled = mean_pooling(hidden, attentionMask).normalize(2, -1);
  const [count = 0, dimensions = 0] = pooled.dims;
  const data = pooled.data as Float32Array;
  return Array.from({ length: count }, (_, row) => data.slice(row * dimensions, (row + 1) * dimensions));
}
