import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a model comes from. EMBEDDING_MODEL is a local folder when a folder of that name exists
 * (relative to the working directory) or when it is written as a path (absolute, or starting with
 * `.`); anything else is a Hugging Face hub id, looked up in MODELS_DIR and downloaded there.
 */
export type ModelSource =
  | { kind: 'folder'; model: string; folder: string }
  | { kind: 'hub'; model: string; folder: string };

/** The ONNX file transformers.js loads for each EMBEDDING_DTYPE. */
export function onnxFileFor(dtype: 'q8' | 'fp32'): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

export function resolveModelSource(model: string, modelsDir: string, cwd = process.cwd()): ModelSource {
  const asPath = path.resolve(cwd, model);
  const writtenAsPath = path.isAbsolute(model) || model.startsWith('.');
  if (writtenAsPath || isDirectory(asPath)) return { kind: 'folder', model, folder: asPath };
  return { kind: 'hub', model, folder: path.join(modelsDir, model) };
}

export function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** Files a model folder needs for `dtype` that are not there (checked before loading, for a clear message). */
export function findMissingFiles(folder: string, dtype: 'q8' | 'fp32'): string[] {
  return ['config.json', 'tokenizer.json', onnxFileFor(dtype)].filter((file) => !existsSync(path.join(folder, file)));
}
