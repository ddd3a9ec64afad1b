import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel, TEST_MODEL_HIDDEN_SIZE } from '../../scripts/make-test-model.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { loadTransformersEmbedder, type TransformersOptions } from '../../src/embed/transformers.ts';
import { UserError } from '../../src/errors.ts';
import { serveModel, serveNothing } from './hub-server.ts';

// Named timeouts: loading the generated model takes ~50 ms, but the first ONNX session start is slower on CI.
const MODEL_LOAD_TIMEOUT_MS = 30_000;
const NETWORK_TIMEOUT_MS = 10_000;

let workDir: string;
let modelDir: string;
let plainModelDir: string;
let modelsDir: string;
let embedder: Embedder;
let plain: Embedder;

const optionsFor = (model: string, overrides: Partial<TransformersOptions> = {}): TransformersOptions => ({
  model,
  dtype: 'q8',
  modelsDir,
  offline: true,
  batchSize: 4,
  ...overrides,
});

const norm = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

function expectSameVector(actual: Float32Array, expected: Float32Array): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function expectUserError(load: Promise<unknown>, message: string): Promise<void> {
  const error = await load.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).code).toBe('model');
  expect((error as UserError).message).toBe(message);
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'transformers-test-'));
  modelDir = path.join(workDir, 'tiny-model');
  modelsDir = path.join(workDir, 'models');
  await makeTestModel(modelDir);
  // The same weights without sentence-transformers' prompts, in a folder not named e5: no prefixes.
  plainModelDir = path.join(workDir, 'plain-model');
  await makeTestModel(plainModelDir);
  await rm(path.join(plainModelDir, 'config_sentence_transformers.json'));
  embedder = await loadTransformersEmbedder(optionsFor(modelDir));
  plain = await loadTransformersEmbedder(optionsFor(plainModelDir));
}, MODEL_LOAD_TIMEOUT_MS);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('loadTransformersEmbedder', () => {
  it('describes the model with the dimensions its output has', () => {
    expect(embedder.info).toEqual({
      kind: 'transformers',
      model: modelDir,
      dtype: 'q8',
      dimensions: TEST_MODEL_HIDDEN_SIZE,
      pooling: 'mean',
      prefixes: { query: 'query: ', passage: 'passage: ', rule: 'config_sentence_transformers.json prompts' },
    });
    expect(plain.info.prefixes).toEqual({ query: '', passage: '', rule: 'no prompts in the model files and not an e5 model' });
  });

  it('returns L2-normalized vectors for queries and passages', async () => {
    const vectors = [await embedder.embedQuery('ما هو اتفاق وقف إطلاق النار؟'), ...(await embedder.embedPassages(['باكو', 'peace agreement']))];
    for (const vector of vectors) {
      expect(vector).toHaveLength(TEST_MODEL_HIDDEN_SIZE);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('puts "query: " before queries and "passage: " before passages', async () => {
    const query = await embedder.embedQuery('x');
    const [passage] = await embedder.embedPassages(['x']);
    expect(dot(query, passage!)).toBeLessThan(0.9999);
    expectSameVector(query, await plain.embedQuery('query: x'));
    expectSameVector(passage!, await plain.embedQuery('passage: x'));
  });

  it('embeds a batch exactly as it embeds each passage alone, and reports progress per batch', async () => {
    const texts = ['أذربيجان', 'أرمينيا وكاراباخ', 'Baku', 'يريفان', 'the war in Karabakh', 'قره باغ', 'ceasefire'];
    const progress: number[] = [];
    const batched = await embedder.embedPassages(texts, (done) => progress.push(done));
    expect(progress).toEqual([4, 7]);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embedPassages([text]);
      expectSameVector(batched[i]!, alone!);
    }
  });

  it('batches passages by length and still returns each vector in its place, equal to the one embedded alone', async () => {
    const texts = [
      'باكو',
      'أذربيجان وأرمينيا وقره باغ وروسيا وتركيا وإيران',
      'x',
      'the war in Karabakh and the ceasefire agreement',
      'قره باغ',
      'peace',
    ];
    const batched = await embedder.embedPassages(texts);
    for (const [i, text] of texts.entries()) expectSameVector(batched[i]!, (await embedder.embedPassages([text]))[0]!);
  });

  it('cuts a passage longer than the model takes at its 512 tokens and counts it', async () => {
    const long = 'مدرعة '.repeat(200); // a word the vocab spells letter by letter: 1,000 tokens
    const reports: [number, number | undefined][] = [];
    const [cut, short, sameStart] = await embedder.embedPassages([long + 'السلام', 'قره باغ', long + 'الحرب'], (done, truncated) =>
      reports.push([done, truncated]),
    );
    expect(reports.at(-1)).toEqual([3, 2]);
    expectSameVector(cut!, sameStart!); // what lies beyond the 512th token is not seen
    expect(dot(cut!, short!)).toBeLessThan(0.9999);
  });

  it(
    'decides the prefixes from the model files, not from an "e5" in the folder name',
    async () => {
      const folder = path.join(workDir, 'exported-model');
      await makeTestModel(folder);
      await rm(path.join(folder, 'config_sentence_transformers.json'));
      const config = JSON.parse(await readFile(path.join(folder, 'config.json'), 'utf8'));
      await writeFile(path.join(folder, 'config.json'), JSON.stringify({ ...config, _name_or_path: 'intfloat/multilingual-e5-small' }));
      const exported = await loadTransformersEmbedder(optionsFor(folder));
      expect(exported.info.prefixes).toEqual({
        query: 'query: ',
        passage: 'passage: ',
        rule: 'config.json _name_or_path "intfloat/multilingual-e5-small" is an e5 model',
      });
      expectSameVector(await exported.embedQuery('x'), await plain.embedQuery('query: x'));
      const forced = await loadTransformersEmbedder(optionsFor(folder, { prefixes: 'none' }));
      expect(forced.info.prefixes?.rule).toBe('EMBEDDING_PREFIXES=none');
      expectSameVector(await forced.embedQuery('x'), await plain.embedQuery('x'));
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it('embeds Arabic and English text, placing shared words closer than unrelated ones', async () => {
    const query = await embedder.embedQuery('كاراباخ أذربيجان');
    const [arabic, english, related] = await embedder.embedPassages(['باكو يريفان', 'hello world', 'كاراباخ أذربيجان']);
    expect(dot(arabic!, english!)).toBeLessThan(0.9999);
    expect(dot(query, related!)).toBeGreaterThan(dot(query, english!));
  });

  it('embeds an empty string as its prefix alone', async () => {
    const query = await embedder.embedQuery('');
    const [passage] = await embedder.embedPassages(['']);
    expect(norm(query)).toBeCloseTo(1, 5);
    expectSameVector(query, await plain.embedQuery('query: '));
    expectSameVector(passage!, await plain.embedQuery('passage: '));
    expect(norm(await plain.embedQuery(''))).toBeCloseTo(1, 5);
  });

  it('returns no vectors and no progress for no passages', async () => {
    const progress: number[] = [];
    expect(await embedder.embedPassages([], (done) => progress.push(done))).toEqual([]);
    expect(progress).toEqual([]);
  });

  it(
    'loads fp32 weights from onnx/model.onnx, close to the q8 ones',
    async () => {
      const fp32 = await loadTransformersEmbedder(optionsFor(modelDir, { dtype: 'fp32' }));
      expect(fp32.info.dtype).toBe('fp32');
      const [a, b] = [await fp32.embedQuery('كاراباخ'), await embedder.embedQuery('كاراباخ')];
      expect(dot(a, b)).toBeGreaterThan(0.99);
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it(
    'accepts a relative folder path',
    async () => {
      const relative = path.relative(process.cwd(), modelDir);
      const loaded = await loadTransformersEmbedder(optionsFor(relative));
      expectSameVector(await loaded.embedQuery('سلام'), await embedder.embedQuery('سلام'));
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it(
    'retries a load that failed once the model is there',
    async () => {
      const lateDir = path.join(workDir, 'late-model');
      await mkdir(lateDir);
      await expect(loadTransformersEmbedder(optionsFor(lateDir))).rejects.toThrow(UserError);
      await makeTestModel(lateDir);
      const loaded = await loadTransformersEmbedder(optionsFor(lateDir));
      expect(loaded.info.dimensions).toBe(TEST_MODEL_HIDDEN_SIZE);
    },
    MODEL_LOAD_TIMEOUT_MS,
  );
});

describe('loadTransformersEmbedder with a missing model', () => {
  it('names the folder and the fixes when onnx/ is missing', async () => {
    const folder = path.join(workDir, 'no-onnx');
    await makeTestModel(folder);
    await rm(path.join(folder, 'onnx'), { recursive: true });
    await expectUserError(
      loadTransformersEmbedder(optionsFor(folder)),
      `Model folder ${folder} (EMBEDDING_MODEL=${folder}) is missing onnx/model_quantized.onnx; ` +
        'add the files (EMBEDDING_DTYPE=q8 needs onnx/model_quantized.onnx, fp32 needs onnx/model.onnx), ' +
        'point EMBEDDING_MODEL to a complete folder, run npm run models:fetch for a hub model, or use EMBEDDER=ngram.',
    );
  });

  it('says when the folder does not exist', async () => {
    const folder = path.join(workDir, 'nowhere');
    await expectUserError(
      loadTransformersEmbedder(optionsFor(folder)),
      `Model folder ${folder} (EMBEDDING_MODEL=${folder}) does not exist; ` +
        'set EMBEDDING_MODEL to a folder with config.json, tokenizer.json and onnx/, run npm run models:fetch for a hub model, or use EMBEDDER=ngram.',
    );
  });

  it(
    'says a broken ONNX file could not be loaded',
    async () => {
      const folder = path.join(workDir, 'broken');
      await makeTestModel(folder);
      await writeFile(path.join(folder, 'onnx/model_quantized.onnx'), 'not a model');
      const error = await loadTransformersEmbedder(optionsFor(folder)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(
        new RegExp(
          `^Model folder ${escapeRegExp(folder)} \\(EMBEDDING_MODEL=.*\\) could not be loaded \\(.*Protobuf parsing failed\\); replace its files with a complete model, set EMBEDDING_MODEL to another model folder, or use EMBEDDER=ngram\\.$`,
        ),
      );
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it(
    'says a model that loads but cannot embed text is unusable',
    async () => {
      const folder = path.join(workDir, 'wrong-vocab');
      await makeTestModel(folder);
      const tokenizer = JSON.parse(await readFile(path.join(folder, 'tokenizer.json'), 'utf8'));
      tokenizer.model.vocab['[CLS]'] = 99_999; // beyond the embedding table
      tokenizer.post_processor.special_tokens['[CLS]'].ids = [99_999];
      tokenizer.added_tokens[2].id = 99_999;
      await writeFile(path.join(folder, 'tokenizer.json'), JSON.stringify(tokenizer));
      const error = await loadTransformersEmbedder(optionsFor(folder)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(
        new RegExp(`^Model ${escapeRegExp(folder)} loaded but could not embed text \\(.+\\); set EMBEDDING_MODEL to a feature-extraction model`),
      );
    },
    MODEL_LOAD_TIMEOUT_MS,
  );

  it('says an uncached hub model cannot be downloaded while offline', async () => {
    await expectUserError(
      loadTransformersEmbedder(optionsFor('Xenova/no-such-model-here')),
      `Model Xenova/no-such-model-here is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it; ` +
        'run npm run models:fetch with OFFLINE unset, set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.',
    );
  });

  it(
    'says a hub id the hub does not know was not found',
    async () => {
      const hub = await serveModel('Xenova/tiny-test', modelDir);
      try {
        await expectUserError(
          loadTransformersEmbedder(optionsFor('Xenova/no-such-model-here', { offline: false, remoteHost: hub.url })),
          `Model Xenova/no-such-model-here was not found on the Hugging Face hub (Could not locate file: "${hub.url}Xenova/no-such-model-here/resolve/main/config.json"); ` +
            'check EMBEDDING_MODEL (the default is Xenova/multilingual-e5-small), set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.',
        );
      } finally {
        await hub.close();
      }
    },
    NETWORK_TIMEOUT_MS,
  );

  it(
    'gives up on a hub that does not answer',
    async () => {
      const hub = await serveNothing();
      try {
        await expectUserError(
          loadTransformersEmbedder(optionsFor('Xenova/slow-model', { offline: false, remoteHost: hub.url, connectTimeoutMs: 200 })),
          'Model Xenova/slow-model could not be downloaded or loaded (no response within 0.2 s); ' +
            `check the network and run npm run models:fetch (it saves to MODELS_DIR=${modelsDir}), set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.`,
        );
      } finally {
        await hub.close();
      }
    },
    NETWORK_TIMEOUT_MS,
  );
});

describe('makeTestModel', () => {
  it('writes byte-identical files on every run', async () => {
    const [first, second] = [path.join(workDir, 'run-1'), path.join(workDir, 'run-2')];
    const files = await makeTestModel(first);
    await makeTestModel(second);
    expect(files.map((f) => path.relative(first, f)).sort()).toEqual([
      'config.json',
      'config_sentence_transformers.json',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    for (const file of files) {
      const name = path.relative(first, file);
      expect(Buffer.compare(await readFile(file), await readFile(path.join(second, name))), name).toBe(0);
    }
  });
});
