import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestModel } from './make-test-model.ts';
import { benchModel, formatModelBench } from './bench-model.ts';
import { writeSyntheticCorpus } from './bench/corpus.ts';
import { writeLargeFile } from './bench/large-file.ts';
import { answerHelpOrVersion } from '../src/cli/help.ts';
import { benchBot } from './bench/bot.ts';
import { benchFilters } from './bench/filters.ts';

/**
 * `npm run bench`: build time, query latency (p50/p95), peak RSS and index size for the seeds and a
 * synthetic corpus of 50,000 passages, with the offline embedder and with the generated test model,
 * for one 20 MB file (offline embedder), plus the raw throughput of the model pipeline. Each scenario
 * runs in its own process.
 */
const USAGE = `Usage: npm run bench

Measures build time, query latency (p50/p95), peak RSS and index size on the seeds and on a synthetic
corpus (BENCH_PASSAGES passages, default 50,000), with the offline embedder and the test model.
Takes several minutes; prints a Markdown table.`;
if (answerHelpOrVersion(USAGE)) process.exit(0);

const SEEDS = path.resolve('seeds');
const SYNTHETIC_PASSAGES = Number(process.env.BENCH_PASSAGES ?? 50_000);
const work = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));

const devFile = path.resolve('eval/dev.jsonl');
const questions = [
  ...readFileSync('test/fixtures/extra-questions.jsonl', 'utf8').trim().split('\n'),
  ...(() => {
    try {
      return readFileSync(devFile, 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  })(),
].map((line) => (JSON.parse(line) as { question: string }).question);
const queries = Array.from({ length: 200 }, (_, i) => questions[i % questions.length]!);

interface Row {
  passages: number;
  buildMs: number;
  loadMs: number;
  p50: number;
  p95: number;
  peakRssMb: number;
  indexMb: number;
}

function scenario(name: string, seedsDir: string, env: Record<string, string>): [string, Row] {
  process.stderr.write(`bench: ${name}...\n`);
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/run-scenario.ts', seedsDir, path.join(work, name), JSON.stringify(queries)],
    { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  return [name, JSON.parse(out.trim().split('\n').at(-1)!) as Row];
}

try {
  const model = path.join(work, 'test-model');
  await makeTestModel(model);
  const synthetic = path.join(work, 'synthetic');
  await writeSyntheticCorpus(SEEDS, synthetic, SYNTHETIC_PASSAGES);
  const largeFile = path.join(work, 'large-file');
  await writeLargeFile(SEEDS, largeFile, 20 * 1024 * 1024);
  const ngram = { EMBEDDER: 'ngram' };
  const testModel = { EMBEDDER: 'transformers', EMBEDDING_MODEL: model, OFFLINE: '1' };
  const rows = [
    scenario('seeds, ngram', SEEDS, ngram),
    scenario('seeds, test model', SEEDS, testModel),
    scenario(`synthetic ${SYNTHETIC_PASSAGES / 1000}k, ngram`, synthetic, ngram),
    scenario(`synthetic ${SYNTHETIC_PASSAGES / 1000}k, test model`, synthetic, testModel),
    scenario('one 20 MB file, ngram', largeFile, ngram),
  ];
  const header = ['corpus, embedder', 'passages', 'build s', 'load ms', 'query p50 ms', 'query p95 ms', 'peak RSS MB', 'index MB'];
  const body = rows.map(([name, r]) => [
    name,
    String(r.passages),
    (r.buildMs / 1000).toFixed(1),
    r.loadMs.toFixed(0),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.peakRssMb.toFixed(0),
    r.indexMb.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n'));
  console.log('\n' + (await benchFilters(path.join(work, `synthetic ${SYNTHETIC_PASSAGES / 1000}k, ngram`), questions)));
  console.log('\n' + (await benchBot(path.join(work, `synthetic ${SYNTHETIC_PASSAGES / 1000}k, ngram`), questions)));
  console.log('\n' + formatModelBench(await benchModel()));
} finally {
  rmSync(work, { recursive: true, force: true });
}
