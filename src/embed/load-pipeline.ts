import { env, LogLevel, pipeline, type FeatureExtractionPipeline, type ProgressCallback } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { explainLoadFailure, explainMissingFiles, explainMissingFolder } from './model-errors.ts';
import { mappedModelFolder } from './mapped-model.ts';
import { findMissingFiles, isDirectory, onnxFileFor, resolveModelSource, type ModelSource } from './model-source.ts';

export interface PipelineOptions {
  /** Hub id (e.g. Xenova/multilingual-e5-small) or a local model folder. */
  model: string;
  dtype: 'q8' | 'fp32';
  /** Where hub models are cached and looked up (MODELS_DIR). */
  modelsDir: string;
  /** Never contact the hub (OFFLINE=1). */
  offline: boolean;
  /** Hub base URL; only tests and mirrors change it. Default https://huggingface.co/. */
  remoteHost?: string;
  /** Give up on a hub request that sends no response within this time (default 20 s). */
  connectTimeoutMs?: number;
  progress?: ProgressCallback;
  /** onnxruntime session options in place of SESSION_OPTIONS; only the memory bench sets them. */
  sessionOptions?: SessionOptions;
  /** false: load the .onnx file as it is, weights copied into memory (the memory bench compares); default true. */
  mapWeights?: boolean;
}

export interface LoadedPipeline {
  source: ModelSource;
  extractor: FeatureExtractionPipeline;
}

/**
 * onnxruntime's threads spin after each operator waiting for the next one. With the model beside the
 * search's JavaScript (and, on a shared 2-core machine, beside other processes) the spinning threads
 * hold the cores the work needs: measured with the e5-small-shaped model at load average 17, a
 * question took 25–29 ms p50 with spinning and 3.4–3.7 ms without, a passage 18–23 CPU-ms against
 * 10–11 (scripts/bench-model.ts figures in the README).
 */
export type SessionOptions = Record<string, unknown>;

export const SESSION_OPTIONS: SessionOptions = {
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
};

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
const baseFetch = globalThis.fetch.bind(globalThis);

/** One pipeline per model+settings; a failed load is dropped so the next call retries. */
const loads = new Map<string, Promise<LoadedPipeline>>();

export function loadPipeline(options: PipelineOptions): Promise<LoadedPipeline> {
  const source = resolveModelSource(options.model, options.modelsDir);
  const key = JSON.stringify([source.folder, options.dtype, options.modelsDir, options.offline, options.remoteHost ?? null, options.sessionOptions ?? null, options.mapWeights ?? true]);
  let load = loads.get(key);
  if (!load) {
    load = createPipeline(source, options);
    loads.set(key, load);
    load.catch(() => loads.delete(key));
  }
  return load;
}

async function createPipeline(source: ModelSource, options: PipelineOptions): Promise<LoadedPipeline> {
  if (source.kind === 'folder') {
    if (!isDirectory(source.folder)) throw explainMissingFolder(source);
    const missing = findMissingFiles(source.folder, options.dtype);
    if (missing.length > 0) throw explainMissingFiles(source, missing);
  }
  configureHub(source, options);
  // A model on disk (a local folder, or a hub model downloaded before) loads with its weights memory-mapped.
  const onDisk = source.kind === 'folder' || existsSync(path.join(source.folder, onnxFileFor(options.dtype)));
  const target = onDisk && options.mapWeights !== false ? await mappedModelFolder(source.folder, options.dtype, options.modelsDir) : source.model;
  try {
    const extractor = await pipeline('feature-extraction', target, {
      dtype: options.dtype,
      session_options: options.sessionOptions ?? SESSION_OPTIONS,
      ...(options.progress ? { progress_callback: options.progress } : {}),
    });
    return { source, extractor };
  } catch (error) {
    throw explainLoadFailure(error, { source, modelsDir: options.modelsDir, offline: options.offline });
  }
}

/**
 * transformers.js keeps these settings in one global `env`, so they are set right before each load.
 * Hub models are cached under MODELS_DIR/<id>/ and also looked up there as local models.
 */
function configureHub(source: ModelSource, options: PipelineOptions): void {
  env.cacheDir = options.modelsDir;
  env.localModelPath = options.modelsDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = !options.offline && source.kind === 'hub';
  env.remoteHost = options.remoteHost ?? DEFAULT_REMOTE_HOST;
  env.fetch = fetchWithConnectTimeout(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  // Every failure reaches the caller as an error (a UserError when the user can fix it), so the
  // library's own console lines ("unable to load from local path", "error during model execution")
  // would only repeat it less clearly.
  env.logLevel = LogLevel.NONE;
}

/** A request that gets no response headers in time is aborted; the body itself may stream for longer. */
function fetchWithConnectTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no response within ${timeoutMs / 1000} s`)), timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await baseFetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
