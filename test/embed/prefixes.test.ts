import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decidePrefixes } from '../../src/embed/prefixes.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'prefixes-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const E5 = { query: 'query: ', passage: 'passage: ' };
const NONE = { query: '', passage: '' };

describe('decidePrefixes', () => {
  it('follows EMBEDDING_PREFIXES over everything else', async () => {
    await writeFile(path.join(folder, 'config_sentence_transformers.json'), JSON.stringify({ prompts: { query: 'q: ', passage: 'p: ' } }));
    expect(decidePrefixes('e5', 'Xenova/all-MiniLM-L6-v2', folder)).toEqual({ ...E5, rule: 'EMBEDDING_PREFIXES=e5' });
    expect(decidePrefixes('none', 'Xenova/multilingual-e5-small', folder)).toEqual({ ...NONE, rule: 'EMBEDDING_PREFIXES=none' });
  });

  it("takes sentence-transformers' prompts, with passage or document", async () => {
    const file = path.join(folder, 'config_sentence_transformers.json');
    await writeFile(file, JSON.stringify({ prompts: { query: 'q: ', passage: 'p: ' } }));
    expect(decidePrefixes('auto', '/models/mine', folder)).toEqual({
      query: 'q: ',
      passage: 'p: ',
      rule: 'config_sentence_transformers.json prompts',
    });
    await writeFile(file, JSON.stringify({ prompts: { query: 'Represent this: ', document: '' } }));
    expect(decidePrefixes('auto', '/models/mine', folder)).toMatchObject({ query: 'Represent this: ', passage: '' });
  });

  it('ignores an empty prompts object, as sentence-transformers writes for any model', async () => {
    await writeFile(path.join(folder, 'config_sentence_transformers.json'), JSON.stringify({ prompts: {} }));
    expect(decidePrefixes('auto', 'intfloat/multilingual-e5-small', folder)).toMatchObject(E5);
  });

  it.each([
    ['Xenova/multilingual-e5-small', E5],
    ['intfloat/e5-base-v2', E5],
    ['/models/e5-small', E5],
    ['/e5-models/minilm', NONE],
    ['Xenova/all-MiniLM-L6-v2', NONE],
    ['/models/xe5-v2', NONE],
  ])('reads the model name %s', (model, expected) => {
    expect(decidePrefixes('auto', model, folder)).toMatchObject(expected);
  });

  it("finds e5 in an export's config.json _name_or_path", async () => {
    await writeFile(path.join(folder, 'config.json'), JSON.stringify({ _name_or_path: 'intfloat/multilingual-e5-small' }));
    expect(decidePrefixes('auto', '/srv/models/embedder', folder)).toEqual({
      ...E5,
      rule: 'config.json _name_or_path "intfloat/multilingual-e5-small" is an e5 model',
    });
  });

  it("finds e5 in the model card's base_model, as a value or a list", async () => {
    const readme = path.join(folder, 'README.md');
    await writeFile(readme, '---\nlibrary_name: transformers.js\nbase_model: intfloat/multilingual-e5-small\n---\n# model\n');
    expect(decidePrefixes('auto', '/srv/models/embedder', folder)).toMatchObject({
      ...E5,
      rule: 'README.md base_model "intfloat/multilingual-e5-small" is an e5 model',
    });
    await writeFile(readme, '---\nbase_model:\n- intfloat/e5-small-v2\ntags:\n- e5\n---\n');
    expect(decidePrefixes('auto', '/srv/models/embedder', folder)).toMatchObject(E5);
  });

  it('gives no prefixes when nothing says e5, and survives unreadable files', async () => {
    await writeFile(path.join(folder, 'config.json'), '{not json');
    await writeFile(path.join(folder, 'config_sentence_transformers.json'), 'null');
    expect(decidePrefixes('auto', '/srv/models/embedder', folder)).toEqual({ ...NONE, rule: 'no prompts in the model files and not an e5 model' });
  });
});
