import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { splitArticles } from '../../src/ingest/articles.ts';
import { buildPassages } from '../../src/ingest/passages.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { LexicalIndex, lexicalDefaults } from '../../src/search/lexical.ts';
import { createTermProcessor, tokenize } from '../../src/text/tokens.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';

const processTerm = createTermProcessor('light10');
const { files } = await readSeedFiles(SEEDS_DIR);
const used = new Set<string>();
const passages = files.flatMap((f) => buildPassages(splitArticles(f.file, f.text), used));
const docs = passages.map((p) => ({ text: p.text, title: p.article.title }));
const questions = readFileSync(new URL('../fixtures/extra-questions.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { question: string }).question);

/**
 * The reference: MiniSearch configured as the keyword index was before this engine replaced it, its
 * terms-matched factor undone. Scores must agree, so ranking is unchanged.
 */
function miniSearch(fields: string[], boost: Record<string, number>) {
  const index = new MiniSearch<{ label: number; text: string; title: string | null }>({
    idField: 'label',
    fields,
    tokenize,
    processTerm: (term) => processTerm(term) ?? null,
    searchOptions: { combineWith: 'OR', fuzzy: (term) => (term.length >= 6 ? 1 : false), weights: { fuzzy: 0.4, prefix: 0.3 }, boost },
  });
  index.addAll(docs.map((d, label) => ({ label, ...d })));
  return (query: string) =>
    index
      .search(query, { boostTerm: (term, _i, terms) => 1 / terms.filter((t) => t === term).length })
      .map((r) => ({ label: r.id as number, score: r.score / (r.queryTerms.length || 1) }));
}

function expectSameRanking(actual: { label: number; score: number }[], expected: { label: number; score: number }[]) {
  const sorted = [...expected].sort((a, b) => b.score - a.score || a.label - b.label).slice(0, 50);
  expect(actual.map((h) => h.label)).toEqual(sorted.map((h) => h.label));
  actual.forEach((h, i) => expect(h.score).toBeCloseTo(sorted[i]!.score, 9));
}

const work = mkdtempSync(path.join(tmpdir(), 'lexical-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let saves = 0;

/** The index written as a build writes it: the header and vocabulary, and lexical.bin in a file of its own. */
function saved(index: LexicalIndex) {
  const { header, vocabulary, data } = index.serialize();
  const file = path.join(work, `lexical-${saves++}.bin`);
  writeFileSync(file, data);
  return { header: JSON.parse(JSON.stringify(header)) as typeof header, vocabulary, file, bytes: data.length };
}

/** One reading per word, so MiniSearch's per-term boost and ours agree without the shared-reading rule. */
const simple = questions.filter((q) => tokenize(q).every((w) => [processTerm(w) ?? []].flat().length <= 1));

describe('LexicalIndex', () => {
  it('scores like MiniSearch BM25 with one edit of fuzziness, on the seed passages', () => {
    // Hunspell gives most words a second reading, so few of the questions have one reading per word.
    expect(simple.length).toBeGreaterThan(2);
    const reference = miniSearch(['text'], { text: 1 });
    const index = LexicalIndex.build(docs.map((d) => ({ text: d.text })), processTerm);
    for (const q of simple) expectSameRanking(index.search(q, 50), reference(q));
  });

  it('scores a weighted title field like MiniSearch multi-field BM25', () => {
    // A missing title is an empty one (MiniSearch's running average of a field that some documents lack depends on their order).
    docs.forEach((d) => (d.title ??= ''));
    const boost = { text: 1, title: 2.5 };
    const reference = miniSearch(['text', 'title'], boost);
    const index = LexicalIndex.build(docs, processTerm);
    for (const q of simple) expectSameRanking(index.search(q, 50, { boost }), reference(q));
  });

  it('reads back from its stored form with the same results', async () => {
    const index = LexicalIndex.build(docs, processTerm);
    const { header, vocabulary, file } = saved(index);
    const loaded = await LexicalIndex.load(header, vocabulary, file, processTerm);
    for (const q of questions) {
      expect(loaded.search(q, 20)).toEqual(index.search(q, 20));
      expect(loaded.searchPrefix(q.slice(0, 12), 10)).toEqual(index.searchPrefix(q.slice(0, 12), 10));
    }
    expect(loaded.terms.df('قره')).toBe(index.terms.df('قره'));
    await loaded.close();
  });

  it('after removing and adding slots, scores as an index built from the live passages', () => {
    const half = Math.floor(docs.length / 2);
    const removed = new Set([0, 3, 7, half - 1]);
    const updated = LexicalIndex.build(docs.slice(0, half), processTerm).update(removed, docs.slice(half));
    const live = docs.map((d, slot) => (removed.has(slot) ? null : d));
    const fresh = LexicalIndex.build(live, processTerm);
    expect(updated.docCount).toBe(docs.length - removed.size);
    for (const q of questions) expect(updated.search(q, 20)).toEqual(fresh.search(q, 20));
  });

  it('updates a loaded index (its postings read from its file) as the index it was saved from', async () => {
    const half = Math.floor(docs.length / 2);
    const removed = new Set([1, 4, half - 2]);
    const built = LexicalIndex.build(docs.slice(0, half), processTerm);
    const { header, vocabulary, file } = saved(built);
    const loaded = await LexicalIndex.load(header, vocabulary, file, processTerm);
    const [fromLoaded, fromBuilt] = [loaded, built].map((i) => i.update(removed, docs.slice(half)));
    await loaded.close();
    // The updated index holds its postings itself: it answers, and saves, with the file closed.
    for (const q of questions) expect(fromLoaded!.search(q, 20)).toEqual(fromBuilt!.search(q, 20));
    expect(fromLoaded!.serialize().data.equals(fromBuilt!.serialize().data)).toBe(true);
  });

  it('autocomplete: every typed word must start a word of the passage', () => {
    const index = LexicalIndex.build(docs, processTerm);
    const hits = index.searchPrefix('المركب المدرع', 10);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(passages[h.label]!.text).toMatch(/المركبات[\s\S]*المدرعة|المدرعة[\s\S]*المركبات/);
  });

  it('keeps its reused score buffers clean when later words of an autocomplete touch passages the first missed', () => {
    // Every passage holds "b..."; only one holds "a...": the second word meets many passages the first did not.
    const many = Array.from({ length: 50 }, (_, i) => ({ text: i === 7 ? 'alpha beta' : `beta gamma${i}` }));
    const index = LexicalIndex.build(many, processTerm);
    const fresh = LexicalIndex.build(many, processTerm);
    for (let round = 0; round < 3; round++) expect(index.searchPrefix('al be', 5).map((h) => h.label)).toEqual([7]);
    expectSameRanking(index.search('beta gamma3', 10), fresh.search('beta gamma3', 10));
  });

  it('leaves very common terms out of keyword queries only on large corpora', () => {
    expect(lexicalDefaults.prune.minPostings).toBeGreaterThan(docs.length);
  });
});

describe('a loaded keyword index', () => {
  it('leaves the postings in lexical.bin and reads a term\'s when a query needs it', async () => {
    // 3,000 passages of 40 words from 400: ~100,000 postings (600 KB), against a few KB of offsets and lengths.
    const none = createTermProcessor('none');
    let seed = 3;
    const next = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) / 2 ** 24;
    const many = Array.from({ length: 3000 }, () => ({ text: Array.from({ length: 40 }, () => `w${Math.floor(next() * 400)}`).join(' ') }));
    const built = LexicalIndex.build(many, none);
    const { header, vocabulary, file, bytes } = saved(built);
    const before = process.memoryUsage().arrayBuffers;
    const loaded = await LexicalIndex.load(header, vocabulary, file, none);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(bytes / 4);
    for (const q of ['w1 w2 w3', 'w17', 'w399 w0', 'w5 w5 w5']) expect(loaded.search(q, 30)).toEqual(built.search(q, 30));
    await loaded.close();
  });

  it('reads long postings into arrays of their own and short ones into reused buffers, with the same results', async () => {
    const index = LexicalIndex.build(docs, processTerm);
    const { header, vocabulary, file } = saved(index);
    const loaded = await LexicalIndex.load(header, vocabulary, file, processTerm);
    const reused = lexicalDefaults.reusedPostings;
    try {
      for (const bound of [0, 3, reused]) {
        lexicalDefaults.reusedPostings = bound;
        for (const q of questions) expect(loaded.search(q, 20)).toEqual(index.search(q, 20));
      }
    } finally {
      lexicalDefaults.reusedPostings = reused;
      await loaded.close();
    }
  });

  it('keeps answering after a build swaps a new folder in and removes the old one, and frees its file when closed', async () => {
    const index = LexicalIndex.build(docs, processTerm);
    const { header, vocabulary, file: served } = saved(index);
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const loaded = await LexicalIndex.load(header, vocabulary, served, processTerm);
    expect(openFiles()).toBe(before + 1);
    // The swap: the file renamed away and deleted, another written where it was.
    renameSync(served, `${served}.old`);
    rmSync(`${served}.old`);
    writeFileSync(served, Buffer.alloc(16));
    for (const q of questions) expect(loaded.search(q, 20)).toEqual(index.search(q, 20));
    await loaded.close();
    expect(openFiles()).toBe(before);
    // Its descriptor's number may name another file by now: a late query fails instead of reading it.
    expect(() => loaded.search(questions[0]!, 20)).toThrow(/after its index was closed/);
  });

  it('completes prefixes as the index it was saved from, with the sorted order of its 20,000 terms stored', async () => {
    // Made-up words of Arabic letters: many distinct terms, most of them sharing their first letters.
    const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) / 2 ** 24;
    const word = () => Array.from({ length: 3 + Math.floor(next() * 5) }, () => letters[Math.floor(next() * letters.length)]).join('');
    const none = createTermProcessor('none');
    const docs = Array.from({ length: 2000 }, () => ({ text: Array.from({ length: 12 }, word).join(' ') }));
    const built = LexicalIndex.build(docs, none);
    const { header, vocabulary, file } = saved(built);
    expect(header.terms).toBeGreaterThan(20_000);
    expect(header.postings).toHaveLength(1 + 4 + 1);
    const loaded = await LexicalIndex.load(header, vocabulary, file, none);
    // An index written before the order was stored sorts its terms on its first autocomplete.
    const older = await LexicalIndex.load({ ...header, postings: header.postings.slice(0, -1) }, vocabulary, file, none);
    for (const a of letters)
      for (const prefix of [a, `${a}${letters[(a.charCodeAt(0) * 7) % letters.length]}`]) {
        expect(loaded.searchPrefix(prefix, 30)).toEqual(built.searchPrefix(prefix, 30));
        expect(older.searchPrefix(prefix, 30)).toEqual(built.searchPrefix(prefix, 30));
      }
    // Whole words are found by bisection of the same order (an older index's made on first use).
    for (const doc of docs.slice(0, 20)) {
      expect(loaded.search(doc.text, 10)).toEqual(built.search(doc.text, 10));
      expect(older.search(doc.text, 10)).toEqual(built.search(doc.text, 10));
    }
    expect(loaded.terms.df(vocabulary.split('\n')[123]!)).toBe(built.terms.df(vocabulary.split('\n')[123]!));
    expect(loaded.terms.df('absent')).toBe(0);
    await loaded.close();
    await older.close();
  });

  it('rejects a stored term order that is not sorted, which bisection would silently misread', async () => {
    const built = LexicalIndex.build([{ text: 'alpha beta gamma' }, { text: 'delta' }], createTermProcessor('none'));
    const { header, vocabulary, file } = saved(built);
    const data = readFileSync(file);
    const at = data.length - 4 * header.terms;
    const first = data.readUInt32LE(at);
    data.writeUInt32LE(data.readUInt32LE(at + 4), at);
    data.writeUInt32LE(first, at + 4);
    writeFileSync(file, data);
    await expect(LexicalIndex.load(header, vocabulary, file, createTermProcessor('none'))).rejects.toThrow(/terms\.txt in their order/);
  });
});
