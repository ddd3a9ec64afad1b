import type { ProgressCallback } from '@huggingface/transformers';
import { loadPipeline, type PipelineOptions } from './load-pipeline.ts';
import { onnxFileFor, resolveModelSource, type ModelSource } from './model-source.ts';

export type FetchModelOptions = Omit<PipelineOptions, 'progress'>;

export interface FetchedModel {
  source: ModelSource;
  /** The ONNX file that was fetched for the configured dtype, relative to the model folder. */
  onnxFile: string;
}

/**
 * `npm run models:fetch`: downloads the configured hub model into MODELS_DIR by loading it once
 * (transformers.js caches every file it fetches there), so later runs work with OFFLINE=1.
 * A local folder is only checked. Throws UserError (code 'model') when it fails.
 */
export async function fetchModel(options: FetchModelOptions, progress?: ProgressCallback): Promise<FetchedModel> {
  // A local folder is only read, so there is no download to show.
  const showProgress = progress && resolveModelSource(options.model, options.modelsDir).kind === 'hub';
  const { source } = await loadPipeline({ ...options, ...(showProgress ? { progress } : {}) });
  return { source, onnxFile: onnxFileFor(options.dtype) };
}

/** What to tell the user afterwards: where the model is and how to use it without the network. */
export function describeFetchedModel({ source, onnxFile }: FetchedModel, modelsDir: string): string {
  if (source.kind === 'folder') {
    return `Model folder ${source.folder} is complete and loads (${onnxFile}); nothing to download, it works offline as it is.`;
  }
  return (
    `Model ${source.model} is in ${source.folder} (${onnxFile}).\n` +
    `Use it without the network: OFFLINE=1 EMBEDDING_MODEL=${source.model} MODELS_DIR=${modelsDir}`
  );
}
