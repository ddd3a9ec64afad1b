import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { describeEmbedder, type Embedder, type EmbedderInfo } from './embedder.ts';
import { ModelError } from './model-errors.ts';
import { NgramEmbedder } from './ngram.ts';

type EmbedSettings = Config['embed'];

/** Imported on demand: onnxruntime takes a noticeable time to load, and the n-gram path never needs it. */
export async function loadModel(embed: EmbedSettings, modelsDir: string, built?: EmbedderInfo): Promise<Embedder> {
  const { loadTransformersEmbedder } = await import('./transformers.ts');
  return loadTransformersEmbedder({
    model: built?.model ?? embed.model,
    dtype: built?.dtype ?? embed.dtype,
    // An index is queried with the prefixes its passages were embedded with (older indexes: decided again).
    prefixes: built?.prefixes ?? embed.prefixes,
    modelsDir,
    offline: embed.offline,
    batchSize: embed.batchSize,
  });
}

let fallbackNoticeShown = false;

/**
 * The embedder for building an index. Under EMBEDDER=auto a model that cannot be loaded is not fatal:
 * the offline n-gram embedder takes over, with a notice that nobody mistakes for the model. The notice
 * is two short lines (what happened; what it means and where the fix is), once per process.
 */
export async function createEmbedder(embed: EmbedSettings, modelsDir: string, log: Logger): Promise<Embedder> {
  if (embed.kind === 'ngram') return new NgramEmbedder();
  if (embed.kind === 'transformers') return loadModel(embed, modelsDir);
  try {
    return await loadModel(embed, modelsDir);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    if (!fallbackNoticeShown) {
      fallbackNoticeShown = true;
      log.warn(`NOTICE: ${error instanceof ModelError ? error.problem : error.message}.`);
      log.warn(
        'NOTICE: using the offline n-gram embedder instead (English will not match); `npm run doctor` shows the fix, EMBEDDER=ngram hides this.',
      );
    }
    return new NgramEmbedder();
  }
}

/** The embedder for querying an existing index: always the one that built it. */
export async function embedderForIndex(info: EmbedderInfo, embed: EmbedSettings, modelsDir: string, indexDir: string): Promise<Embedder> {
  const built = describeEmbedder(info);
  if (embed.kind !== 'auto' && embed.kind !== info.kind)
    throw new UserError(
      `The index in ${indexDir} was built with the ${built} embedder but EMBEDDER=${embed.kind}: rebuild it with \`EMBEDDER=${embed.kind} npm run index\`, or unset EMBEDDER to query it as built.`,
      'embedder-mismatch',
    );
  if (info.kind === 'ngram') return new NgramEmbedder(info.dimensions);
  if (embed.modelFromEnv && embed.model !== info.model)
    throw new UserError(
      `The index in ${indexDir} was built with ${info.model} but EMBEDDING_MODEL=${embed.model}: rebuild it with \`npm run index\`, or unset EMBEDDING_MODEL to query it as built.`,
      'embedder-mismatch',
    );
  try {
    return await loadModel(embed, modelsDir, info);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`The index in ${indexDir} was built with ${built}, which cannot be loaded here: ${error.message}`, 'model');
    throw error;
  }
}
