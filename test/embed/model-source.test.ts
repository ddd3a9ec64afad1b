import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMissingFiles, onnxFileFor, resolveModelSource } from '../../src/embed/model-source.ts';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'model-source-'));
  await mkdir(path.join(cwd, 'local/e5-copy'), { recursive: true });
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('resolveModelSource', () => {
  it.each([
    // hub ids: no such folder in the working directory
    ['Xenova/multilingual-e5-small', 'hub', '/models/Xenova/multilingual-e5-small'],
    ['intfloat/e5-small', 'hub', '/models/intfloat/e5-small'],
    // folders: an existing folder, or anything written as a path
    ['local/e5-copy', 'folder', 'local/e5-copy'],
    ['./missing', 'folder', 'missing'],
    ['/abs/model', 'folder', '/abs/model'],
  ])('treats %s as a %s model at %s', (model, kind, folder) => {
    const source = resolveModelSource(model, '/models', cwd);
    expect(source.kind).toBe(kind);
    expect(source.folder).toBe(path.isAbsolute(folder) ? folder : path.join(cwd, folder));
  });
});

describe('onnxFileFor', () => {
  it('loads the quantized file for q8 and the full one for fp32', () => {
    expect(onnxFileFor('q8')).toBe('onnx/model_quantized.onnx');
    expect(onnxFileFor('fp32')).toBe('onnx/model.onnx');
  });
});

describe('findMissingFiles', () => {
  it('lists every file an empty folder lacks for the dtype', () => {
    expect(findMissingFiles(path.join(cwd, 'local/e5-copy'), 'fp32')).toEqual(['config.json', 'tokenizer.json', 'onnx/model.onnx']);
  });
});
