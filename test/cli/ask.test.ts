import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { askCommand } from '../../src/cli/ask-command.ts';
import { indexCommand } from '../../src/cli/index-command.ts';
import { FSI, LRI, PDI, rtlLines } from '../../src/text/bidi.ts';
import { SEEDS_DIR, tempDir } from '../helpers/seed-index.ts';
import { writeTwoOutletSeeds } from '../helpers/two-outlets.ts';
import { linesOf, runCli, STACK_MARKERS, type CliResult } from './run-cli.ts';

const ASK = askCommand;
const INDEX = indexCommand;
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
  results: (JsonResult & { alsoIn: { id: string; title: string | null; publisher: string | null; published: string | null; file: string }[] })[];
  skippedUndated: number;
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
    expect(Object.keys(answer).sort()).toEqual(['confident', 'filter', 'query', 'results', 'skippedUndated']);
    expect(answer.query).toBe(ARMOURED);
    expect(answer.results.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every result an id, its text, a score, the best sentence and where it comes from', () => {
    for (const r of answer.results) {
      expect(Object.keys(r).sort()).toEqual(['alsoIn', 'id', 'score', 'sentence', 'source', 'text']);
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

describe('ask with an unquoted question', () => {
  it('joins the words into one question, as typed: npm run ask -- كم عدد المركبات المدرعة …', async () => {
    const { code, stdout } = await ask(['--json', ...ARMOURED.split(' ')]);
    expect(code).toBe(0);
    const joined = parseOneJsonLine<JsonAnswer>(stdout);
    expect(joined.query).toBe(ARMOURED);
    expect(joined.results.map((r) => r.id)).toEqual(answer.results.map((r) => r.id));
  });

  it('joins the words around the options too', async () => {
    const [first, ...rest] = ARMOURED.split(' ');
    const { code, stdout } = await ask([first!, '--limit', '3', ...rest]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Q: ${FSI}${ARMOURED}${PDI}`);
  });
});

describe('ask (readable)', () => {
  it('shows the citation id, title, publisher and the marked sentence of each passage', async () => {
    const { code, stdout, stderr } = await ask([ARMOURED]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const top = answer.results[0]!;
    expect(stdout).toContain(`Q: ${FSI}${ARMOURED}${PDI}`);
    expect(stdout).toContain(`1. [${top.id}] ${FSI}${top.source.title}${PDI} — ${FSI}${top.source.publisher}${PDI}`);
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

describe('ask --batch with a file that is not UTF-8 text', () => {
  const question = 'كم عدد المركبات المدرعة؟\nمن وقع الاتفاق؟\n';
  it.for([
    { what: 'a binary file', name: 'png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]), reason: 'binary' },
    // The reason is read.ts's, as for seed files (which names UTF-16 as such).
    { what: 'UTF-16 with a BOM', name: 'utf16', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(question, 'utf16le')]), reason: '(binary|UTF-16)' },
    { what: 'windows-1256', name: '1256', bytes: Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x0a]), reason: 'not valid UTF-8' },
    { what: 'an empty file', name: 'empty', bytes: Buffer.alloc(0), reason: 'empty' },
  ])('refuses $what with one line that says how to fix it', async ({ name, bytes, reason }, { expect }) => {
    const file = path.join(work, `batch-${name}.txt`);
    writeFileSync(file, bytes);
    const { code, stdout, stderr } = await ask(['--json', '--batch', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = linesOf(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: The batch file ${file} cannot be used: .*${reason}.*; give a UTF-8 text file with one question per line\\.$`));
  });

  it('accepts a UTF-8 file saved with a BOM and Windows line ends', async () => {
    const file = path.join(work, 'batch-bom.txt');
    writeFileSync(file, '\uFEFF' + question.replace(/\n/g, '\r\n'));
    const { code, stdout } = await ask(['--json', '--batch', file]);
    expect(code).toBe(0);
    expect(linesOf(stdout).map((l) => (JSON.parse(l) as JsonAnswer).query)).toEqual(question.trim().split('\n'));
  });
});

describe('ask --source', () => {
  it('shows the passage in full, its citation and its neighbours', async () => {
    const top = answer.results[0]!;
    const { code, stdout, stderr } = await ask(['--source', top.id]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [first] = linesOf(stdout);
    const { title, publisher, published, file, paragraph } = top.source;
    expect(first).toBe(`[${top.id}] ${FSI}${title}${PDI} — ${FSI}${publisher}${PDI}, ${LRI}${published}${PDI} · ${LRI}${file}${PDI} ¶${paragraph}`);
    expect(stdout).toContain(`>>> [${top.id}] ¶${paragraph}\n${rtlLines(top.text)}`);
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
    { when: 'an option is mistyped', args: ['--jsn', ARMOURED], phrase: 'Unknown option --jsn: the options are --json, --batch, --source, --index, --limit, --publisher, --since, --until, --all (see --help).' },
    { when: '--source has no id', args: ['--source', ''], phrase: '--source needs a passage id' },
    { when: '--since is not a date', args: ['--since', 'أمس', ARMOURED], phrase: "since must be a date like 2023, 2023-09 or 2023-09-20, got 'أمس'." },
    { when: '--until is no real day', args: ['--until', '2023-02-29', ARMOURED], phrase: "until must be a date like 2023, 2023-09 or 2023-09-20, got '2023-02-29'." },
    { when: 'the outlet is not in the index', args: ['--publisher', 'رويترز', ARMOURED], phrase: "No outlet named 'رويترز' in the index; outlets: الجزيرة, ليفانت نيوز, زنقة 20, الأسبوع." },
    { when: 'a batch is given a bad date', args: ['--json', '--batch', BATCH_FILE, '--until', '2023-9'], phrase: "until must be a date like 2023, 2023-09 or 2023-09-20, got '2023-9'." },
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

describe('ask with filters', () => {
  it('returns as many passages as match --since/--until, and says how many undated articles it left out', async () => {
    const { code, stdout } = await ask(['--json', '--since', '2023-09', '--until', '2023-09', '--limit', '20', 'قوات حفظ السلام الروسية']);
    expect(code).toBe(0);
    const { results, skippedUndated } = parseOneJsonLine<JsonAnswer>(stdout);
    // Every passage of the period that shares a word with the question (20 in all): not 5 filtered from the top 5.
    expect(results.length).toBeGreaterThanOrEqual(18);
    for (const r of results) expect(r.source.published).toMatch(/^2023-09-/);
    expect(skippedUndated).toBe(4);
  });

  it('narrows to one outlet with --publisher', async () => {
    const { code, stdout } = await ask(['--json', '--publisher', 'الاسبوع', ARMOURED]);
    expect(code).toBe(0);
    const { results, filter } = parseOneJsonLine<JsonAnswer & { filter: unknown }>(stdout);
    // Al-Osboa's passages that share a word with the question, and only those.
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const r of results) expect(r.source.publisher).toBe('الأسبوع');
    expect(filter).toEqual({ publisher: 'الأسبوع', since: null, until: null });
  });

  it('says that nothing matched and how many undated articles were left out', async () => {
    const { code, stdout } = await ask(['--since', '2024', ARMOURED]);
    expect(code).toBe(0);
    expect(linesOf(stdout)[1]).toBe(`Only from ${LRI}2024-01-01${PDI}`);
    expect(stdout).toContain('No passages found.');
    expect(stdout).toContain('4 articles without a stated date left out by the date filter.');
  });
});

describe('ask, the same story across outlets', () => {
  let twoOutlets: string;
  beforeAll(async () => {
    twoOutlets = path.join(work, 'two-outlets');
    const built = await runCli(INDEX, ['--seeds', writeTwoOutletSeeds(), '--out', twoOutlets], { EMBEDDER: 'ngram', MODELS_DIR: modelsDir, LOG_LEVEL: 'warn' });
    expect(built, built.stderr).toMatchObject({ code: 0 });
  });
  const CIVILIANS = 'كم عدد المدنيين في القاعدة العسكرية الروسية؟';

  it('carries the other outlet as alsoIn in --json', async () => {
    const { code, stdout } = await ask(['--json', CIVILIANS], { INDEX_DIR: twoOutlets });
    expect(code).toBe(0);
    const [first] = parseOneJsonLine<JsonAnswer>(stdout).results;
    expect(first!.alsoIn).toHaveLength(1);
    const other = first!.alsoIn[0]!;
    expect(Object.keys(other).sort()).toEqual(['file', 'id', 'published', 'publisher', 'title']);
    expect(new Set([first!.source.publisher, other.publisher])).toEqual(new Set(['الأسبوع', 'الجزيرة']));
    expect(other.title).toBe(first!.source.title);
  });

  it('prints one "Also reported by" line under the passage', async () => {
    const { code, stdout } = await ask([CIVILIANS], { INDEX_DIR: twoOutlets });
    expect(code).toBe(0);
    const { results } = parseOneJsonLine<JsonAnswer>((await ask(['--json', CIVILIANS], { INDEX_DIR: twoOutlets })).stdout);
    const other = results[0]!.alsoIn[0]!;
    const line = `Also reported by ${FSI}${other.publisher}${PDI} (${LRI}${other.published}${PDI}) [${other.id}]`;
    expect(linesOf(stdout).filter((l) => l.startsWith('Also reported by'))).toEqual([line]);
  });
});
