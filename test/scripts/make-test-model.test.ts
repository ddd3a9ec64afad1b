import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Tensor as OrtTensor, InferenceSession } from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAKE_TEST_MODEL_USAGE, makeTestModel, parseMakeTestModelArgs } from '../../scripts/make-test-model.ts';
import { buildEncoderModelBytes, E5_SMALL_SHAPE, type EncoderShape } from '../../scripts/test-model/encoder-graph.ts';
import { buildSizedVocab } from '../../scripts/test-model/tokenizer.ts';
import { helpOrVersion } from '../../src/cli/help.ts';
import { UserError } from '../../src/errors.ts';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'make-test-model-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function userError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe('make-test-model command line', () => {
  it('answers --help and -h with the usage, shapes included, instead of writing a folder', () => {
    expect(helpOrVersion(['--help'], () => MAKE_TEST_MODEL_USAGE)).toContain('--shape e5-small');
    expect(helpOrVersion(['out', '-h'], () => MAKE_TEST_MODEL_USAGE)).toBe(MAKE_TEST_MODEL_USAGE);
  });

  it('takes a folder and a shape', () => {
    expect(parseMakeTestModelArgs(['out'])).toEqual({ dir: 'out', shape: 'tiny' });
    expect(parseMakeTestModelArgs(['out', '--shape', 'e5-small'])).toEqual({ dir: 'out', shape: 'e5-small' });
  });

  it.each([
    [[], 'Give the folder to write the model into: npm run make-test-model -- DIR (see --help).'],
    [['out', '--shape', 'huge'], 'Unknown --shape huge: use tiny or e5-small (see --help).'],
    [['out', 'more'], 'Unexpected argument "more": make-test-model takes one folder (see --help).'],
  ])('rejects %j', (args, message) => {
    expect(() => parseMakeTestModelArgs(args)).toThrow(new UserError(message, 'usage'));
  });

  it('names an unknown option and points to --help', () => {
    expect(() => parseMakeTestModelArgs(['out', '--shap', 'tiny'])).toThrow(
      new UserError('Unknown option --shap: npm run make-test-model -- DIR (see --help).', 'usage'),
    );
  });
});

describe('makeTestModel folders', () => {
  it('says so when DIR is a file', async () => {
    const file = path.join(workDir, 'a-file');
    await writeFile(file, 'x');
    expect(await userError(makeTestModel(file))).toBe(
      `${file} is a file, not a folder: give make-test-model a folder to write the model into (it is created if missing).`,
    );
    expect(await userError(makeTestModel(path.join(file, 'model')))).toMatch(/a-file is a file, not a folder/);
  });

  it('fails fast with a clear message where no folder can be made (/proc)', async () => {
    expect(await userError(makeTestModel('/proc/x'))).toBe(
      'Cannot create the folder /proc/x (ENOENT): give make-test-model a folder in a place you can write to.',
    );
  }, 5_000);

  it('creates missing parent folders', async () => {
    const files = await makeTestModel(path.join(workDir, 'deep', 'er', 'model'));
    expect(files).toHaveLength(6);
  });
});

describe('the e5-small shape', () => {
  it("has multilingual-e5-small's vocabulary and layer sizes", () => {
    const vocab = buildSizedVocab(250_037);
    expect(vocab.size).toBe(250_037);
    expect(new Set(vocab.values()).size).toBe(250_037);
    expect(E5_SMALL_SHAPE).toMatchObject({ hiddenSize: 384, layers: 12, heads: 12, intermediateSize: 1536, maxPositions: 512 });
  });

  // The same generator at a small size: a real BERT graph that onnxruntime runs, in both variants.
  const small: EncoderShape = { vocabSize: 50, hiddenSize: 16, layers: 2, heads: 4, intermediateSize: 32, maxPositions: 16, typeVocabSize: 2 };
  const run = async (bytes: Uint8Array, ids: number[][], mask: number[][]) => {
    const session = await InferenceSession.create(bytes);
    const int64 = (rows: number[][]) => new OrtTensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0]!.length]);
    const zeros = ids.map((row) => row.map(() => 0));
    const out = await session.run({ input_ids: int64(ids), attention_mask: int64(mask), token_type_ids: int64(zeros) });
    return out['last_hidden_state']!;
  };

  it.each([false, true])('runs with attention over real tokens only (quantized: %s)', async (quantized) => {
    const bytes = buildEncoderModelBytes(small, 7, quantized);
    const ops = new Set(onnxProto.onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType));
    expect([...ops]).toEqual(expect.arrayContaining(['Softmax', 'LayerNormalization', 'Erf', quantized ? 'MatMulInteger' : 'MatMul']));
    const alone = await run(bytes, [[2, 7, 9, 3]], [[1, 1, 1, 1]]);
    expect(alone.dims).toEqual([1, 4, 16]);
    const values = alone.data as Float32Array;
    expect(values.every(Number.isFinite)).toBe(true);
    if (quantized) return; // activations are quantized per batch, so padding moves q8 values slightly
    const padded = await run(bytes, [[2, 7, 9, 3, 0, 0]], [[1, 1, 1, 1, 0, 0]]);
    const first = (padded.data as Float32Array).slice(0, 4 * 16);
    first.forEach((x, i) => expect(x).toBeCloseTo(values[i]!, 5));
  });

  it('writes the same bytes on every run', () => {
    expect(Buffer.compare(buildEncoderModelBytes(small, 7, true), buildEncoderModelBytes(small, 7, true))).toBe(0);
  });
});
