import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProgressInfo } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel, TEST_MODEL_HIDDEN_SIZE } from '../../scripts/make-test-model.ts';
import { describeFetchedModel, fetchModel } from '../../src/embed/fetch-model.ts';
import { loadTransformersEmbedder } from '../../src/embed/transformers.ts';
import { UserError } from '../../src/errors.ts';
import { serveModel, type TestHub } from './hub-server.ts';

const DOWNLOAD_TIMEOUT_MS = 30_000;
const MODEL_ID = 'Xenova/tiny-test-model';

let workDir: string;
let modelDir: string;
let hub: TestHub;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'fetch-model-test-'));
  modelDir = path.join(workDir, 'published');
  await makeTestModel(modelDir);
  hub = await serveModel(MODEL_ID, modelDir);
});

afterAll(async () => {
  await hub.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('fetchModel', () => {
  it('downloads a hub model into MODELS_DIR so it then loads offline', async () => {
    const modelsDir = path.join(workDir, 'models');
    const events: ProgressInfo[] = [];
    const fetched = await fetchModel({ model: MODEL_ID, dtype: 'q8', modelsDir, offline: false, remoteHost: hub.url }, (info) => events.push(info));

    expect(fetched.source).toEqual({ kind: 'hub', model: MODEL_ID, folder: path.join(modelsDir, MODEL_ID) });
    for (const file of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) {
      expect(existsSync(path.join(modelsDir, MODEL_ID, file)), file).toBe(true);
    }
    expect(events.filter((e) => e.status === 'done').map((e) => 'file' in e && e.file)).toContain('onnx/model_quantized.onnx');

    const requestsBefore = hub.requests.length;
    const offline = await loadTransformersEmbedder({ model: MODEL_ID, dtype: 'q8', modelsDir, offline: true, batchSize: 8 });
    expect(offline.info.dimensions).toBe(TEST_MODEL_HIDDEN_SIZE);
    expect(hub.requests.length).toBe(requestsBefore);
  }, DOWNLOAD_TIMEOUT_MS);

  it('fails with a UserError when OFFLINE=1 and the model is not in MODELS_DIR', async () => {
    const modelsDir = path.join(workDir, 'empty-models');
    const failure = fetchModel({ model: MODEL_ID, dtype: 'q8', modelsDir, offline: true, remoteHost: hub.url });
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(`Model ${MODEL_ID} is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it`);
  });
});

describe('describeFetchedModel', () => {
  it('says where a hub model went and how to use it offline', () => {
    const text = describeFetchedModel(
      { source: { kind: 'hub', model: MODEL_ID, folder: `/m/${MODEL_ID}` }, onnxFile: 'onnx/model_quantized.onnx' },
      '/m',
    );
    expect(text).toBe(
      `Model ${MODEL_ID} is in /m/${MODEL_ID} (onnx/model_quantized.onnx).\n` +
        `Use it without the network: OFFLINE=1 EMBEDDING_MODEL=${MODEL_ID} MODELS_DIR=/m`,
    );
  });

  it('says a local folder needs no download', () => {
    const text = describeFetchedModel({ source: { kind: 'folder', model: './m', folder: '/work/m' }, onnxFile: 'onnx/model.onnx' }, '/models');
    expect(text).toBe('Model folder /work/m is complete and loads (onnx/model.onnx); nothing to download, it works offline as it is.');
  });
});
