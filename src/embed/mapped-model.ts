import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { onnxFileFor } from './model-source.ts';

const { onnx } = onnxProto;

/**
 * onnxruntime copies every weight of an .onnx file into its own memory: 118 MB for multilingual-e5-small
 * in q8, most of it the 250,037 × 384 word-embedding table, of which a question reads a few rows. Weights
 * kept in an external data file at aligned offsets are memory-mapped instead, so only the pages the model
 * reads become resident, and the kernel can drop them again: measured with the e5-small-shaped model,
 * 344 → 238 MB RSS after loading (README, "Memory and speed"). A model that ships as one file is therefore
 * rewritten once into that layout, under MODELS_DIR/mapped/, and loaded from there; the user's folder is
 * never touched.
 */
export const MAPPED_MODEL_DEFAULTS = {
  /** Tensors at least this big move to the data file (the small ones stay in the graph). */
  minTensorBytes: 64 * 1024,
  /** A model with less than this in such tensors is loaded as it is: nothing worth mapping. */
  minMappedBytes: 16 * 1024 * 1024,
  /** Offsets aligned for mmap (64 KiB: the coarsest allocation granularity onnxruntime asks for). */
  alignment: 64 * 1024,
};

/**
 * The folder to load the model from: a mapped copy of `folder` in `cacheDir` (written on first use), or
 * `folder` itself when the model is small, already uses external data, or the copy cannot be written
 * (then it loads as before, only bigger in memory).
 */
export async function mappedModelFolder(folder: string, dtype: 'q8' | 'fp32', cacheDir: string, defaults = MAPPED_MODEL_DEFAULTS): Promise<string> {
  const onnxFile = onnxFileFor(dtype);
  const source = path.join(folder, onnxFile);
  try {
    const { size, mtimeMs } = await stat(source);
    if (size < defaults.minMappedBytes) return folder; // too small to hold that much in large tensors: nothing to read or decode
    const key = createHash('sha256')
      .update(JSON.stringify([path.resolve(source), size, mtimeMs, defaults]))
      .digest('hex')
      .slice(0, 16);
    const target = path.join(cacheDir, 'mapped', key);
    if (existsSync(path.join(target, onnxFile))) return target;
    const model = onnx.ModelProto.decode(await readFile(source));
    const chunks = externalize(model, path.basename(onnxFile) + '_data', defaults);
    if (!chunks) return folder;
    const tmp = `${target}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(path.join(tmp, path.dirname(onnxFile)), { recursive: true });
    // The model's other files (config, tokenizer, prefixes) beside it, as transformers.js expects them.
    for (const entry of await readdir(folder, { withFileTypes: true }))
      if (entry.isFile()) await copyFile(path.join(folder, entry.name), path.join(tmp, entry.name));
    await writeFile(path.join(tmp, onnxFile + '_data'), chunks);
    await writeFile(path.join(tmp, onnxFile), onnx.ModelProto.encode(model).finish());
    try {
      await rename(tmp, target);
    } catch (error) {
      // Another process (the bot beside `npm run index`) mapped it first: theirs is complete, and may be in use.
      await rm(tmp, { recursive: true, force: true });
      if (!existsSync(path.join(target, onnxFile))) throw error;
    }
    return target;
  } catch {
    return folder; // a read-only MODELS_DIR or a full disk costs memory, never the model
  }
}

/** Moves the large initializers' bytes out of `model` into one buffer at aligned offsets; null when not worth it. */
function externalize(model: onnxProto.onnx.ModelProto, dataFile: string, defaults: typeof MAPPED_MODEL_DEFAULTS): Buffer | null {
  const initializers = model.graph?.initializer ?? [];
  if (initializers.some((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)) return null;
  const large = initializers.flatMap((tensor) =>
    tensor.rawData && tensor.rawData.length >= defaults.minTensorBytes ? [{ tensor, bytes: tensor.rawData }] : [],
  );
  if (large.reduce((sum, { bytes }) => sum + bytes.length, 0) < defaults.minMappedBytes) return null;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { tensor, bytes } of large) {
    const padding = (defaults.alignment - (offset % defaults.alignment)) % defaults.alignment;
    chunks.push(new Uint8Array(padding), bytes);
    offset += padding;
    tensor.externalData = [
      { key: 'location', value: dataFile },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(bytes.length) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    offset += bytes.length;
  }
  return Buffer.concat(chunks);
}
