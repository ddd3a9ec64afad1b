import { UserError } from '../errors.ts';
import type { ModelSource } from './model-source.ts';

/**
 * The explain* functions turn a failed model load into one ModelError that names the model, where it
 * was looked for, and the ways out: `npm run models:fetch` where it applies, and these.
 */
const ALTERNATIVES = 'set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram';

/**
 * A model that cannot be used. The message is one sentence, `problem; fix`; the parts stay apart so
 * that the EMBEDDER=auto notice can say what happened in one short line and leave the fix to doctor.
 */
export class ModelError extends UserError {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}; ${fix}`, 'model');
  }
}

export function explainMissingFolder(source: ModelSource): ModelError {
  return new ModelError(
    `Model folder ${source.folder} (EMBEDDING_MODEL=${source.model}) does not exist`,
    `set EMBEDDING_MODEL to a folder with config.json, tokenizer.json and onnx/, run npm run models:fetch for a hub model, or use EMBEDDER=ngram.`,
  );
}

export function explainMissingFiles(source: ModelSource, missing: string[]): ModelError {
  return new ModelError(
    `Model folder ${source.folder} (EMBEDDING_MODEL=${source.model}) is missing ${missing.join(', ')}`,
    `add the files (EMBEDDING_DTYPE=q8 needs onnx/model_quantized.onnx, fp32 needs onnx/model.onnx), ` +
      `point EMBEDDING_MODEL to a complete folder, run npm run models:fetch for a hub model, or use EMBEDDER=ngram.`,
  );
}

export interface LoadContext {
  source: ModelSource;
  modelsDir: string;
  offline: boolean;
}

export function explainLoadFailure(error: unknown, { source, modelsDir, offline }: LoadContext): ModelError {
  const reason = describeReason(error);
  if (source.kind === 'folder') {
    return new ModelError(
      `Model folder ${source.folder} (EMBEDDING_MODEL=${source.model}) could not be loaded (${reason})`,
      `replace its files with a complete model, set EMBEDDING_MODEL to another model folder, or use EMBEDDER=ngram.`,
    );
  }
  if (offline && isNotFound(error)) {
    return new ModelError(
      `Model ${source.model} is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it`,
      `run npm run models:fetch with OFFLINE unset, ${ALTERNATIVES}.`,
    );
  }
  if (isNotFound(error)) {
    return new ModelError(
      `Model ${source.model} was not found on the Hugging Face hub (${reason})`,
      `check EMBEDDING_MODEL (the default is Xenova/multilingual-e5-small), ${ALTERNATIVES}.`,
    );
  }
  return new ModelError(
    `Model ${source.model} could not be downloaded or loaded (${reason})`,
    `check the network and run npm run models:fetch (it saves to MODELS_DIR=${modelsDir}), ${ALTERNATIVES}.`,
  );
}

/** The model loaded but its first embedding failed: it is not a feature-extraction model we can pool. */
export function explainUnusableModel(error: unknown, source: ModelSource): ModelError {
  return new ModelError(
    `Model ${source.model} loaded but could not embed text (${describeReason(error)})`,
    `set EMBEDDING_MODEL to a feature-extraction model with a last_hidden_state output (such as Xenova/multilingual-e5-small), or use EMBEDDER=ngram.`,
  );
}

/** transformers.js signals a missing file (locally or 401/403/404 on the hub) with this error name. */
function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ModelFileNotFoundError';
}

/** A short reason: the first line of the message plus the low-level cause (e.g. ENOTFOUND). */
function describeReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = (error.message.split('\n')[0] ?? '').trim();
  const cause = error.cause instanceof Error ? error.cause.message : '';
  const text = cause && !first.includes(cause) ? `${first}: ${cause}` : first;
  const trimmed = text.replace(/\.$/, '');
  return trimmed.length > 200 ? trimmed.slice(0, 197) + '...' : trimmed || error.name;
}
