import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/search/manifest.ts';
import { makeTestModel } from '../../scripts/make-test-model.ts';
import { nullArticleFile, nullFileMessage } from '../helpers/damage-index.ts';
import { askCommand } from '../../src/cli/ask-command.ts';
import { indexCommand } from '../../src/cli/index-command.ts';
import { SEEDS_DIR, storedPassages, tempDir } from '../helpers/seed-index.ts';
import { cliEnv, linesOf, PROJECT_DIR, runCli, STACK_MARKERS, type CliResult } from './run-cli.ts';

const ASK = askCommand;
const INDEX = indexCommand;
const SEED_FILES = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort();
const QUESTION = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون الأرمن؟';
const MISSING_MODEL = 'Xenova/no-such-model-here';

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const readManifest = (dir: string) => readJson<Manifest>(path.join(dir, 'manifest.json'));

/** One temporary folder for the whole file (each tempDir adds an exit listener); `fresh` names a new folder in it. */
const work = tempDir('kb-index-cli-');
let folders = 0;
function fresh(name: string): string {
  const parent = path.join(work, String(++folders));
  mkdirSync(parent);
  return path.join(parent, name);
}

function copySeeds(): string {
  const dir = fresh('seeds');
  cpSync(SEEDS_DIR, dir, { recursive: true });
  return dir;
}

function expectOneErrorLine(stderr: string): string {
  const errors = linesOf(stderr).filter((line) => line.startsWith('error: '));
  expect(errors).toHaveLength(1);
  expect(linesOf(stderr).at(-1)).toBe(errors[0]);
  for (const marker of STACK_MARKERS) expect(stderr).not.toMatch(marker);
  return errors[0]!;
}

describe('index of the seeds', () => {
  let out: string;
  let run: CliResult;

  beforeAll(async () => {
    out = fresh('index');
    run = await runCli(INDEX, ['--seeds', copySeeds(), '--out', out], { EMBEDDER: 'ngram', LOG_LEVEL: 'info' });
  });

  it('exits 0 and prints its summary on stderr, nothing on stdout', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const { passages } = readManifest(out).counts;
    expect(run.stderr).toContain(`info: Indexed 5 files: 7 articles, ${passages} passages (0 vectors reused)`);
  });

  it('writes a manifest that records the format, the embedder and the counts', async () => {
    const manifest = readManifest(out);
    expect(manifest.formatVersion).toBe(3);
    expect(manifest.embedder).toEqual({ kind: 'ngram', model: null, dtype: null, dimensions: 1024, pooling: 'hashed-ngrams' });
    expect(manifest.counts).toEqual({ files: 5, articles: 7, passages: expect.any(Number), slots: manifest.counts.passages, skipped: 0 });
    expect(manifest.counts.passages).toBe((await storedPassages(out)).length);
    expect(manifest.skipped).toEqual([]);
    expect(new Date(manifest.builtAt).toISOString()).toBe(manifest.builtAt);
    expect(Date.now() - Date.parse(manifest.builtAt)).toBeLessThan(10 * 60_000);
  });

  it('records the sha256 of every seed file', () => {
    const { files } = readManifest(out);
    expect(Object.keys(files)).toEqual(SEED_FILES);
    for (const file of SEED_FILES) {
      const sha256 = createHash('sha256').update(readFileSync(path.join(SEEDS_DIR, file))).digest('hex');
      expect(files[file]!.sha256).toBe(sha256);
    }
  });
});

describe('index of a seeds folder with files it cannot read', () => {
  const cleanCopy = '001_b2d432f4c5225c23.txt';
  const BAD = [
    { file: 'binary.txt', reason: 'the file is binary (it contains NUL bytes)' },
    { file: 'empty.txt', reason: 'the file is empty' },
    { file: 'windows-1256.txt', reason: 'the file is not valid UTF-8 (re-save it as UTF-8)' },
  ];
  let out: string;
  let run: CliResult;

  beforeAll(async () => {
    const seeds = copySeeds();
    writeFileSync(path.join(seeds, 'empty.txt'), '');
    writeFileSync(path.join(seeds, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0xc7, 0xe1]));
    // "السلام عليكم" in windows-1256, as old Arabic sites save pages.
    writeFileSync(path.join(seeds, 'windows-1256.txt'), Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x20, 0xda, 0xe1, 0xed, 0xc3, 0xe3]));
    // A real seed as a Windows editor saves it: BOM, CRLF, no-break spaces and zero-width characters.
    const dirty = readFileSync(path.join(SEEDS_DIR, cleanCopy), 'utf8')
      .replace(/\u00A0/g, ' ')
      .replace(/ في /g, '\u00A0في\u00A0')
      .replace(/الرئيس/g, 'الر\u200Bئيس')
      .replace(/\n/g, '\r\n');
    expect(dirty.match(/[\u00A0\u200B]/g)?.length).toBeGreaterThan(10);
    writeFileSync(path.join(seeds, 'windows-editor.txt'), '\uFEFF' + dirty);
    out = fresh('index');
    run = await runCli(INDEX, ['--seeds', seeds, '--out', out], { EMBEDDER: 'ngram', LOG_LEVEL: 'info' });
  });

  it('indexes the good files, the one saved by a Windows editor included, and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
    const manifest = readManifest(out);
    expect(Object.keys(manifest.files)).toEqual([...SEED_FILES, 'windows-editor.txt'].sort());
    expect(manifest.counts).toMatchObject({ files: 6, skipped: 3 });
  });

  it('cleans the Windows-saved file to the same passages as the clean seed', async () => {
    const stored = await storedPassages(out);
    const textsOf = (file: string) => stored.filter((p) => p.article.file === file).map((p) => p.text);
    const dirty = textsOf('windows-editor.txt');
    expect(dirty.length).toBeGreaterThan(0);
    for (const text of dirty) expect(text).not.toMatch(/[\r\uFEFF\u200B\u00A0]/);
    expect(dirty).toEqual(textsOf(cleanCopy));
  });

  it('lists each skipped file with its reason in the manifest', () => {
    expect(readManifest(out).skipped).toEqual(BAD);
  });

  it.each(BAD)('reports $file on stderr with its reason', ({ file, reason }) => {
    expect(run.stderr).toContain(`warn: Skipped ${file}: ${reason}.`);
  });
});

describe('index errors', () => {
  it('exits 1 with one clear error line when the seeds folder does not exist', async () => {
    const missing = fresh('no-such-seeds');
    const out = fresh('index');
    const { code, stdout, stderr } = await runCli(INDEX, ['--seeds', missing, '--out', out], { EMBEDDER: 'ngram', LOG_LEVEL: 'info' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(expectOneErrorLine(stderr)).toBe(
      `error: The seeds folder ${missing} does not exist: put .txt or .md articles there, or pass --seeds DIR.`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('index with the transformers embedder', () => {
  let model: string;
  let out: string;
  let run: CliResult;
  const env = () => ({ EMBEDDER: 'transformers', EMBEDDING_MODEL: model, OFFLINE: '1', INDEX_DIR: out, MODELS_DIR: path.join(out, '..', 'models'), LOG_LEVEL: 'info' });

  beforeAll(async () => {
    model = fresh('model');
    await makeTestModel(model);
    out = fresh('index');
    run = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], env());
  });

  it('records the model, its weights, dimensions and pooling in the manifest', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readManifest(out).embedder).toEqual({
      kind: 'transformers',
      model,
      dtype: 'q8',
      dimensions: 32,
      pooling: 'mean',
      prefixes: { query: 'query: ', passage: 'passage: ', rule: 'config_sentence_transformers.json prompts' },
    });
  });

  it('answers questions with the same embedder', async () => {
    const { code, stdout, stderr } = await runCli(ASK, ['--json', QUESTION], env());
    expect(code, stderr).toBe(0);
    const lines = linesOf(stdout);
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as { results: unknown[] }).results.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses to answer with the n-gram embedder, and says how to fix it', async () => {
    const { code, stdout, stderr } = await runCli(ASK, ['--json', QUESTION], { ...env(), EMBEDDER: 'ngram' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(linesOf(stderr)).toEqual([
      `error: The index in ${out} was built with the transformers ${model} (q8, 32 dims) embedder but EMBEDDER=ngram: ` +
        'rebuild it with `EMBEDDER=ngram npm run index`, or unset EMBEDDER to query it as built.',
    ]);
  });
});

describe('index with a model that cannot be loaded', () => {
  let modelsDir: string;
  const env = (kind: string) => ({ EMBEDDER: kind, EMBEDDING_MODEL: MISSING_MODEL, OFFLINE: '1', MODELS_DIR: modelsDir, LOG_LEVEL: 'info' });
  const message = () =>
    `Model ${MISSING_MODEL} is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it; ` +
    'run npm run models:fetch with OFFLINE unset, set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.';

  beforeAll(() => {
    modelsDir = fresh('models');
  });

  it('fails under EMBEDDER=transformers with one message naming the model and the fixes', async () => {
    const out = fresh('index');
    const { code, stdout, stderr } = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], env('transformers'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(linesOf(stderr)).toEqual([`error: ${message()}`]);
    for (const marker of STACK_MARKERS) expect(stderr).not.toMatch(marker);
    expect(existsSync(out)).toBe(false);
  });

  it('falls back to the n-gram embedder under EMBEDDER=auto, with a notice', async () => {
    const out = fresh('index');
    const { code, stdout, stderr } = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], env('auto'));
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(linesOf(stderr).slice(0, 2)).toEqual([
      `warn: NOTICE: Model ${MISSING_MODEL} is not in MODELS_DIR (${modelsDir}) and OFFLINE=1 forbids downloading it.`,
      'warn: NOTICE: using the offline n-gram embedder instead (English will not match); `npm run doctor` shows the fix, EMBEDDER=ngram hides this.',
    ]);
    expect(readManifest(out).embedder.kind).toBe('ngram');
  });
});

/** The files of a folder and their bytes, to show that a failed or stopped build changed nothing. */
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));

describe('index of a seeds folder that gives no passage', () => {
  let out: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    out = fresh('index');
    const built = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], { EMBEDDER: 'ngram' });
    expect(built.code, built.stderr).toBe(0);
    before = snapshot(out);
  });

  it('is refused with one error line, and the previous index stays', async () => {
    const empty = fresh('seeds');
    mkdirSync(empty);
    const { code, stdout, stderr } = await runCli(INDEX, ['--seeds', empty, '--out', out], { EMBEDDER: 'ngram' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(expectOneErrorLine(stderr)).toBe(
      `error: No passages came out of ${empty} (0 files indexed), so the index in ${out} is kept as it was: ` +
        'put .txt or .md articles there, or pass --allow-empty to build an empty index.',
    );
    expect(snapshot(out)).toEqual(before);
  });

  it('builds an empty index with --allow-empty', async () => {
    const empty = fresh('seeds');
    mkdirSync(empty);
    const { code, stderr } = await runCli(INDEX, ['--seeds', empty, '--out', out, '--allow-empty'], { EMBEDDER: 'ngram', LOG_LEVEL: 'info' });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('info: Indexed 0 files: 0 articles, 0 passages');
    expect(readManifest(out).counts.passages).toBe(0);
  });
});

describe('index stopped with Ctrl-C', () => {
  it('exits 130 before the swap, keeping the previous index and leaving nothing beside it', async () => {
    const out = fresh('index');
    const built = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], { EMBEDDER: 'ngram' });
    expect(built.code, built.stderr).toBe(0);
    const before = snapshot(out);
    // Enough passages that the build is surely still running when the signal arrives (it is sent at the first progress line).
    const seeds = fresh('seeds');
    for (let copy = 0; copy < 10; copy++) cpSync(SEEDS_DIR, path.join(seeds, String(copy)), { recursive: true });

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index-main.ts', '--seeds', seeds, '--out', out], {
      cwd: PROJECT_DIR,
      env: cliEnv({ EMBEDDER: 'ngram', LOG_LEVEL: 'info' }),
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (!stderr.includes('embedding:') && (stderr + chunk).includes('embedding:')) child.kill('SIGINT');
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('warn: Stopping: the previous index is kept as it was');
    expect(linesOf(stderr).at(-1)).toBe(`error: Interrupted: the index in ${out} was left as it was.`);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(path.dirname(out))).toEqual(['index']);
  });
});

describe('ask on a damaged index', () => {
  it('exits 1 at start-up naming the file and the field, and says to rebuild', async () => {
    const out = fresh('index');
    const built = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', out], { EMBEDDER: 'ngram' });
    expect(built.code, built.stderr).toBe(0);
    nullArticleFile(out);

    const { code, stdout, stderr } = await runCli(ASK, ['--index', out, QUESTION], { EMBEDDER: 'ngram' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(expectOneErrorLine(stderr)).toBe(`error: ${nullFileMessage(out)}`);
  });
});
