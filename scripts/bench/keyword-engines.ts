import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { splitArticles } from '../../src/ingest/articles.ts';
import { buildPassages } from '../../src/ingest/passages.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { LexicalIndex, lexicalDefaults } from '../../src/search/lexical.ts';
import { countTerms } from '../../src/search/terms.ts';
import { createTermProcessor, tokenize } from '../../src/text/tokens.ts';
import { writeSyntheticCorpus } from './corpus.ts';
import { gc } from './measure.ts';

/**
 * `node --expose-gc --import tsx scripts/bench/keyword-engines.ts [PASSAGES] [ENGINE]`: the keyword
 * engine alone, MiniSearch (the engine before) or ours (typed-array postings), on the synthetic corpus:
 * heap and array buffers after building, and search p50/p95 over the project's questions. One engine per process, so
 * the heap is its own. The figures are in the README ("Memory and speed").
 */
const passagesArg = Number(process.argv[2] ?? 100_000);
const engine = process.argv[3] ?? 'ours';
const heapMb = () => (gc(), (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers) / 1024 / 1024);

const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-keywords-'));
try {
  await writeSyntheticCorpus(path.resolve('seeds'), dir, passagesArg);
  const { files } = await readSeedFiles(dir);
  const used = new Set<string>();
  const texts = files.flatMap((f) => buildPassages(splitArticles(f.file, f.text), used)).map((p) => p.text);
  const processTerm = createTermProcessor('light10');
  const before = heapMb();
  let search: (q: string) => unknown;
  if (engine === 'minisearch') {
    const index = new MiniSearch<{ label: number; text: string }>({
      idField: 'label',
      fields: ['text'],
      tokenize,
      processTerm: (term) => processTerm(term) ?? null,
      searchOptions: { combineWith: 'OR', fuzzy: (term) => (term.length >= 6 ? 1 : false), weights: { fuzzy: 0.4, prefix: 0.3 } },
    });
    index.addAll(texts.map((text, label) => ({ label, text })));
    // The same pruning of very common terms as ours (lexicalDefaults.prune), as the old engine did.
    const stats = countTerms(texts, processTerm);
    const maxDf = Math.max(lexicalDefaults.prune.share * stats.docCount, lexicalDefaults.prune.minPostings);
    const pruned = (word: string) => {
      const terms = [processTerm(word) ?? []].flat().filter((term) => stats.df(term) <= maxDf);
      return terms.length > 0 ? terms : null;
    };
    search = (q) => index.search(q, { processTerm: pruned }).slice(0, 50);
  } else {
    const index = LexicalIndex.build(
      texts.map((text) => ({ text })),
      processTerm,
    );
    search = (q) => index.search(q, 50);
  }
  const heap = heapMb() - before;
  const { readFileSync } = await import('node:fs');
  const questions = readFileSync('test/fixtures/extra-questions.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { question: string }).question);
  for (const q of questions) search(q);
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    search(questions[i % questions.length]!);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.floor((p / 100) * times.length)]!.toFixed(2);
  console.log(`${engine}: ${texts.length} passages, memory ${heap.toFixed(0)} MB, search p50 ${at(50)} ms, p95 ${at(95)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
