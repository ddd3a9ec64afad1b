import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS_DIR, tempDir } from '../helpers/seed-index.ts';
import { linesOf, runCli, STACK_MARKERS, type CliResult } from './run-cli.ts';

const ASK = 'src/cli/ask-main.ts';
const INDEX = 'src/cli/index-main.ts';
const BATCH_FILE = path.resolve(import.meta.dirname, '../fixtures/cli/batch-questions.txt');

const ARMOURED = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون الأرمن؟';
const OIL_PRICE = 'كم يبلغ سعر برميل النفط اليوم؟';

interface JsonResult {
  id: string;
  text: string;
  score: number;
  sentence: string;
  source: { file: string; title: string | null; publisher: string | null; published: string | null; paragraph: number };
}
interface JsonAnswer {
  query: string;
  confident: boolean;
  results: JsonResult[];
}

let work: string;
let indexDir: string;
let modelsDir: string;
let answer: JsonAnswer;
let answerRun: CliResult;

const ngram = (extra: Record<string, string> = {}) => ({ EMBEDDER: 'ngram', INDEX_DIR: indexDir, MODELS_DIR: modelsDir, LOG_LEVEL: 'info', ...extra });
const ask = (args: string[], extra: Record<string, string> = {}) => runCli(ASK, args, ngram(extra));
/**
 * A seed file as written, with only the cleanups the indexer documents: the seeds contain no-break spaces
 * (000_f128db0503374b86.txt line 10 has one), which the indexer turns into plain spaces.
 */
const seedText = (file: string) => readFileSync(path.join(SEEDS_DIR, file), 'utf8').replace(/[\u00A0\u2007\u202F]/g, ' ');

function parseOneJsonLine<T>(stdout: string): T {
  const lines = linesOf(stdout);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as T;
}

beforeAll(async () => {
  work = tempDir('kb-ask-cli-');
  indexDir = path.join(work, 'index');
  modelsDir = path.join(work, 'models');
  const built = await runCli(INDEX, ['--seeds', SEEDS_DIR, '--out', indexDir], { EMBEDDER: 'ngram', MODELS_DIR: modelsDir, LOG_LEVEL: 'warn' });
  expect(built, built.stderr).toMatchObject({ code: 0 });
  answerRun = await ask(['--json', ARMOURED]);
  answer = parseOneJsonLine<JsonAnswer>(answerRun.stdout);
});

describe('ask --json', () => {
  it('prints exactly one line of JSON with the query, the confidence and the results', () => {
    expect(answerRun.code).toBe(0);
    expect(Object.keys(answer).sort()).toEqual(['confident', 'query', 'results']);
    expect(answer.query).toBe(ARMOURED);
    expect(answer.results.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every result an id, its text, a score, the best sentence and where it comes from', () => {
    for (const r of answer.results) {
      expect(Object.keys(r).sort()).toEqual(['id', 'score', 'sentence', 'source', 'text']);
      expect(r.id).toMatch(/^[a-z2-9]{8,12}$/);
      expect(typeof r.score).toBe('number');
      expect(Object.keys(r.source).sort()).toEqual(['file', 'paragraph', 'published', 'publisher', 'title']);
      expect(Number.isInteger(r.source.paragraph) && r.source.paragraph >= 1).toBe(true);
    }
  });

  it('lists the best result first', () => {
    const scores = answer.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('quotes each passage as written in its seed file, and a sentence of it', () => {
    for (const r of answer.results) {
      expect(seedText(r.source.file)).toContain(r.text.split('\n').at(-1));
      expect(r.text).toContain(r.sentence);
    }
  });

  it('answers the armoured-vehicles question from the right article, confidently', () => {
    const top = answer.results[0]!;
    expect(answer.confident).toBe(true);
    expect(top.text).toContain('6 وحدات من المركبات المدرعة');
    expect(top.source).toMatchObject({ file: '000_f128db0503374b86.txt', publisher: 'الجزيرة', published: '2023-09-23' });
  });

  it('is not confident about a question the articles do not answer', async () => {
    const { code, stdout } = await ask(['--json', OIL_PRICE]);
    expect(code).toBe(0);
    const oil = parseOneJsonLine<JsonAnswer>(stdout);
    expect(oil.query).toBe(OIL_PRICE);
    expect(oil.confident).toBe(false);
  });

  it('writes its logs to stderr and keeps stdout to the JSON line, even at LOG_LEVEL=debug', async () => {
    const { code, stdout, stderr } = await ask(['--json', ARMOURED], { LOG_LEVEL: 'debug' });
    expect(code).toBe(0);
    expect(parseOneJsonLine<JsonAnswer>(stdout).results.map((r) => r.id)).toEqual(answer.results.map((r) => r.id));
    expect(stderr).toMatch(/^debug: /m);
  });
});

describe('ask (readable)', () => {
  it('shows the citation id, title, publisher and the marked sentence of each passage', async () => {
    const { code, stdout, stderr } = await ask([ARMOURED]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const top = answer.results[0]!;
    expect(stdout).toContain(`Q: ${ARMOURED}`);
    expect(stdout).toContain(`1. [${top.id}] ${top.source.title} — ${top.source.publisher}`);
    expect(stdout).toContain(`»${top.sentence}«`);
    expect(stdout).not.toContain('Not confident');
  });

  it('says so when it is not confident', async () => {
    const { stdout } = await ask([OIL_PRICE]);
    expect(stdout).toContain('Not confident: the articles do not seem to answer this.');
  });
});

describe('ask --json --batch', () => {
  it('prints one JSON line per question, in order, with an error line for a bad question', async () => {
    const { code, stdout, stderr } = await ask(['--json', '--batch', BATCH_FILE]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = linesOf(stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.query)).toEqual(readFileSync(BATCH_FILE, 'utf8').trim().split('\n'));
    expect(lines[0]).toMatchObject({ confident: true });
    expect(lines[1]).toEqual({ query: '؟؟؟', error: 'The question has no words, only punctuation or symbols: ask it in words.' });
    expect((lines[2]!.results as unknown[]).length).toBeGreaterThanOrEqual(5);
  });
});

describe('ask --source', () => {
  it('shows the passage in full, its citation and its neighbours', async () => {
    const top = answer.results[0]!;
    const { code, stdout, stderr } = await ask(['--source', top.id]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [first] = linesOf(stdout);
    expect(first).toBe(`[${top.id}] ${top.source.title} — ${top.source.publisher}, ${top.source.published} · ${top.source.file} ¶${top.source.paragraph}`);
    expect(stdout).toContain(`>>> [${top.id}] ¶${top.source.paragraph}\n${top.text}`);
    expect(stdout).toMatch(/^before \[[a-z2-9]+\] ¶\d+$/m);
    expect(stdout).toMatch(/^after \[[a-z2-9]+\] ¶\d+$/m);
  });

  it('prints the passage, its source and its neighbours as one JSON line with --json', async () => {
    const top = answer.results[0]!;
    const { code, stdout } = await ask(['--source', top.id, '--json']);
    expect(code).toBe(0);
    const view = parseOneJsonLine<Record<string, unknown>>(stdout);
    expect(Object.keys(view).sort()).toEqual(['after', 'before', 'id', 'source', 'text']);
    expect(view).toMatchObject({ id: top.id, text: top.text, source: top.source });
    const neighbours = [...(view.before as { paragraph: number }[]), ...(view.after as { paragraph: number }[])];
    expect(neighbours.map((p) => p.paragraph)).toEqual([top.source.paragraph - 1, top.source.paragraph + 1]);
  });

  it('accepts an id typed in capitals or with spaces around it', async () => {
    const top = answer.results[0]!;
    const { code, stdout } = await ask(['--source', ` ${top.id.toUpperCase()} `, '--json']);
    expect(code).toBe(0);
    expect(parseOneJsonLine<{ id: string }>(stdout).id).toBe(top.id);
  });
});

describe('ask errors', () => {
  /** Folders made in beforeAll; rows name them, so the table can be declared before they exist. */
  const dirs: Record<string, string> = {};

  beforeAll(() => {
    dirs.empty = path.join(work, 'empty');
    mkdirSync(dirs.empty);
    dirs.badPassages = path.join(work, 'bad-passages');
    cpSync(indexDir, dirs.badPassages, { recursive: true });
    writeFileSync(path.join(dirs.badPassages, 'passages.json'), 'garbage\nnot json at all');
    dirs.badManifest = path.join(work, 'bad-manifest');
    cpSync(indexDir, dirs.badManifest, { recursive: true });
    writeFileSync(path.join(dirs.badManifest, 'manifest.json'), '{');
    dirs.nullManifest = path.join(work, 'null-manifest');
    cpSync(indexDir, dirs.nullManifest, { recursive: true });
    writeFileSync(path.join(dirs.nullManifest, 'manifest.json'), 'null');
  });

  it.concurrent.for([
    // The question itself
    { when: 'the question is empty', args: [''], phrase: 'The question is empty: ask something about the articles' },
    { when: 'the question is only spaces', args: ['   '], phrase: 'The question is empty' },
    { when: 'the question is only punctuation', args: ['؟!.'], phrase: 'The question has no words, only punctuation or symbols: ask it in words.' },
    { when: 'the question is too long', args: ['ب'.repeat(2001)], phrase: 'The question is 2001 characters long; the limit is 2000: shorten it' },
    // The command line
    { when: 'no arguments are given', args: [], phrase: 'Give exactly one of: a question' },
    { when: '--limit is 0', args: ['--limit', '0', ARMOURED], phrase: '--limit needs a whole number from 1 to 20 (got "0").' },
    { when: 'an option is mistyped', args: ['--jsn', ARMOURED], phrase: 'Unknown option --jsn: the options are --json, --batch, --source, --index, --limit, --all.' },
    { when: '--source has no id', args: ['--source', ''], phrase: '--source needs a passage id' },
    { when: 'the id is unknown', args: ['--source', 'zzzzzzzz'], phrase: 'There is no passage with id "zzzzzzzz": ids are shown next to each answer' },
    // The index
    { when: 'there is no index', args: [ARMOURED], dir: 'empty', phrase: 'No index found in {dir}: build it with `npm run index`' },
    { when: 'passages.json is garbage', args: [ARMOURED], dir: 'badPassages', phrase: 'The index in {dir} is damaged (' },
    { when: 'manifest.json holds null', args: [ARMOURED], dir: 'nullManifest', phrase: 'The index in {dir} is damaged (manifest.json is not an index manifest): rebuild it' },
    { when: 'manifest.json is cut short', args: [ARMOURED], dir: 'badManifest', phrase: 'The index in {dir} is damaged (manifest.json is not valid JSON): rebuild it' },
    {
      when: 'the index was built by another embedder',
      args: [ARMOURED],
      env: { EMBEDDER: 'transformers' },
      phrase: 'The index in {dir} was built with the ngram (1024 dims) embedder but EMBEDDER=transformers: rebuild it with `EMBEDDER=transformers npm run index`',
    },
    // Each row starts its own process: run them side by side, with the test's own expect.
  ])('exits 1 with one clear line on stderr when $when', async ({ args, dir, env, phrase }, { expect }) => {
    const folder = dir ? dirs[dir]! : indexDir;
    const { code, stdout, stderr } = await ask(args, { INDEX_DIR: folder, ...env });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = linesOf(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toContain(phrase.replace('{dir}', folder));
    for (const marker of STACK_MARKERS) expect(lines[0]).not.toMatch(marker);
  });
});
