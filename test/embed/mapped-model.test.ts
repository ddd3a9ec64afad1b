import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from '@huggingface/transformers';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../scripts/make-test-model.ts';
import { MAPPED_MODEL_DEFAULTS, mappedModelFolder } from '../../src/embed/mapped-model.ts';

const MODEL_LOAD_TIMEOUT_MS = 30_000;
// The tiny test model's tensors are small: these settings map them as the defaults map e5-small's.
const MAP_EVERYTHING = { ...MAPPED_MODEL_DEFAULTS, minTensorBytes: 256, minMappedBytes: 1024 };

let work: string;
let model: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'mapped-model-'));
  model = path.join(work, 'model');
  await makeTestModel(model);
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function embed(folder: string, texts: string[]): Promise<number[][]> {
  const extractor = await pipeline('feature-extraction', folder, { dtype: 'q8' });
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  return output.tolist() as number[][];
}

describe('mappedModelFolder', () => {
  it(
    'writes the weights to an aligned external data file once, and the copy embeds exactly as the original',
    async () => {
      const cache = path.join(work, 'cache');
      const mapped = await mappedModelFolder(model, 'q8', cache, MAP_EVERYTHING);
      expect(mapped).not.toBe(model);
      const graph = onnxProto.onnx.ModelProto.decode(await readFile(path.join(mapped, 'onnx/model_quantized.onnx'))).graph!;
      const external = graph.initializer!.filter((t) => t.dataLocation === onnxProto.onnx.TensorProto.DataLocation.EXTERNAL);
      expect(external.length).toBeGreaterThan(0);
      for (const tensor of external) expect(Number(tensor.externalData!.find((e) => e.key === 'offset')!.value) % MAP_EVERYTHING.alignment).toBe(0);

      const texts = ['كم عدد المركبات المدرعة؟', 'passage: ناغورني قره باغ', 'hello'];
      expect(await embed(mapped, texts)).toEqual(await embed(model, texts));

      const written = (await stat(path.join(mapped, 'onnx/model_quantized.onnx_data'))).mtimeMs;
      expect(await mappedModelFolder(model, 'q8', cache, MAP_EVERYTHING)).toBe(mapped);
      expect((await stat(path.join(mapped, 'onnx/model_quantized.onnx_data'))).mtimeMs).toBe(written);
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it('loads a small model as it is (nothing worth mapping) and never maps a copy twice', async () => {
    expect(await mappedModelFolder(model, 'q8', path.join(work, 'cache-default'))).toBe(model);
    const mapped = await mappedModelFolder(model, 'q8', path.join(work, 'cache-twice'), MAP_EVERYTHING);
    expect(await mappedModelFolder(mapped, 'q8', path.join(work, 'cache-twice'), MAP_EVERYTHING)).toBe(mapped);
  });

  it('falls back to the original folder when the cache path is a file', async () => {
    const file = path.join(model, 'config.json');
    expect(await mappedModelFolder(model, 'q8', file, MAP_EVERYTHING)).toBe(model);
  });
});
