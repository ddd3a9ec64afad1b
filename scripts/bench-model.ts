import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AutoTokenizer } from '@huggingface/transformers';
import { batchesByLength } from '../src/embed/batching.ts';
import { splitArticles } from '../src/ingest/articles.ts';
import { buildPassages } from '../src/ingest/passages.ts';
import { readSeedFiles } from '../src/ingest/read.ts';
import { makeTestModel } from './make-test-model.ts';
import { BOT_NODE_FLAGS, bundle } from './bundle.ts';

/**
 * The product against the bare transformers.js pipeline, both on a model of multilingual-e5-small's
 * shapes and compute (`make-test-model --shape e5-small`, random weights), so the figures carry the
 * real model's cost:
 * - indexing: passages/s of `npm run index`'s build on real paragraphs of varied length (ARCD; the
 *   seeds if ARCD is absent) against the pipeline fed the same passages sorted by length;
 * - questions at the seeds: p50/p95 of Searcher.search against the pipeline embedding the question.
 * Each measurement runs in its own process, product and pipeline alternated, ROUNDS times, the one
 * that goes first changing every round. On a shared machine other jobs move wall times by tens of
 * percent from one minute to the next, so each round's product and pipeline runs, taken back to back,
 * are compared with each other (ratio, p95 difference) and the goals are judged on the median of the
 * per-round comparisons, in wall time and in CPU time (the process's own, all threads: hardly moved by
 * other jobs).
 */
export const MODEL_BENCH_DEFAULTS = {
  /** Rounds of the four measurements; the figures are medians over rounds. */
  rounds: 4,
  /** ARCD files are taken whole, in order, until this many passages (short runs, more rounds: load bursts hit fewer of them). */
  passages: 120,
  questions: 200,
};

const ARCD = path.resolve('../shared/eval/arcd-train/seeds');
const SEEDS = path.resolve('seeds');

interface IndexRun {
  passages: number;
  seconds: number;
  passagesPerSecond: number;
  /** Passages per CPU-second of the process: the cost, nearly independent of other load on the machine. */
  passagesPerCpuSecond: number;
  /** Product only: passages/s counting only the time inside the embedder (the rest is cleaning, HNSW, keywords, writing). */
  embeddingPassagesPerSecond?: number;
  truncated?: number;
}
interface QueryRun {
  p50: number;
  p95: number;
  /** CPU milliseconds per question. */
  cpuP50: number;
  cpuP95: number;
  /** RSS after the questions (product only): index, model and runtime. */
  rssMb?: number;
  /** Product only: p95 of the product's question embedding alone, wall and CPU ms. */
  embedP95?: number;
  embedCpuP95?: number;
}

/** Real and padded tokens a passage, batches of 8 in file order against batches by length. */
interface Padding {
  mean: number;
  p90: number;
  max: number;
  paddedInFileOrder: number;
  paddedByLength: number;
}

export interface ModelBenchResult {
  corpus: string;
  passages: number;
  padding: Padding;
  product: IndexRun[];
  raw: IndexRun[];
  productQuery: QueryRun[];
  rawQuery: QueryRun[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function questions(count: number): string[] {
  const files = ['test/fixtures/extra-questions.jsonl', 'eval/dev.jsonl', '../shared/eval/dev.jsonl'].filter(existsSync);
  const all = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { question: string }).question),
  );
  return Array.from({ length: count }, (_, i) => all[i % all.length]!);
}

/** Copies whole corpus files into `dir` until `wanted` passages; returns the passage texts as the product cuts them. */
async function takeCorpus(source: string, dir: string, wanted: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const texts: string[] = [];
  const usedIds = new Set<string>();
  for (const f of (await readSeedFiles(source)).files) {
    if (texts.length >= wanted) break;
    await copyFile(path.join(source, f.file), path.join(dir, path.basename(f.file)));
    texts.push(...buildPassages(splitArticles(f.file, f.text), usedIds).map((p) => p.text));
  }
  return texts;
}

async function padding(modelDir: string, texts: string[], batchSize: number): Promise<Padding> {
  const tokenizer = await AutoTokenizer.from_pretrained(modelDir);
  const lengths = texts.map((text) => Math.min(512, tokenizer.encode('passage: ' + text).length));
  const sorted = [...lengths].sort((a, b) => a - b);
  const padded = (batches: number[][]) => batches.reduce((sum, b) => sum + b.length * Math.max(...b.map((i) => lengths[i]!)), 0) / texts.length;
  const inOrder = batchesByLength(
    lengths.map(() => 0),
    batchSize,
  ); // equal keys: file order
  return {
    mean: lengths.reduce((a, b) => a + b, 0) / lengths.length,
    p90: sorted[Math.floor(sorted.length * 0.9)]!,
    max: sorted.at(-1)!,
    paddedInFileOrder: padded(inOrder),
    paddedByLength: padded(batchesByLength(lengths, batchSize)),
  };
}

function measure<T>(worker: string, env: NodeJS.ProcessEnv, mode: string, ...args: string[]): T {
  process.stderr.write(`bench-model: ${mode}...\n`);
  // WORKER is scripts/bench/model-worker.ts bundled, run by plain node as `npm start` runs the bot, so the RSS figure is the bot's.
  const out = execFileSync(process.execPath, [...BOT_NODE_FLAGS, worker, mode, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

export async function benchModel(options = MODEL_BENCH_DEFAULTS): Promise<ModelBenchResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-model-'));
  try {
    const model = path.join(work, 'e5-small');
    await makeTestModel(model, 'e5-small');
    const env = { EMBEDDER: 'transformers', EMBEDDING_MODEL: model, EMBEDDING_DTYPE: 'q8', OFFLINE: '1', MODELS_DIR: path.join(work, 'models') };
    const source = existsSync(ARCD) ? ARCD : SEEDS;
    const corpus = path.join(work, 'corpus');
    const texts = await takeCorpus(source, corpus, options.passages);
    const textsFile = path.join(work, 'texts.json');
    writeFileSync(textsFile, JSON.stringify(texts));
    const questionsFile = path.join(work, 'questions.json');
    writeFileSync(questionsFile, JSON.stringify(questions(options.questions)));
    const result: ModelBenchResult = {
      corpus: source,
      passages: texts.length,
      padding: await padding(model, texts, 8),
      product: [],
      raw: [],
      productQuery: [],
      rawQuery: [],
    };
    const worker = await bundle('scripts/bench/model-worker.ts', 'bench/model-worker');
    for (let round = 0; round < options.rounds; round++) {
      const productIndex = () => result.product.push(measure<IndexRun>(worker, env, 'product-index', corpus, path.join(work, `index-${round}`)));
      const rawIndex = () => result.raw.push(measure<IndexRun>(worker, env, 'raw-index', textsFile));
      const productQuery = () => result.productQuery.push(measure<QueryRun>(worker, env, 'product-query', SEEDS, path.join(work, 'seeds-index'), questionsFile));
      const rawQuery = () => result.rawQuery.push(measure<QueryRun>(worker, env, 'raw-query', questionsFile));
      // Whoever goes first changes every round, so a trend in the machine's load favours neither side.
      for (const run of round % 2 === 0 ? [productIndex, rawIndex, productQuery, rawQuery] : [rawIndex, productIndex, rawQuery, productQuery]) run();
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Median over rounds of a comparison of each round's product run with its pipeline run. */
const perRound = <T>(product: T[], raw: T[], compare: (p: T, r: T) => number) => median(product.map((p, i) => compare(p, raw[i]!)));

/** The report: every run, then the per-round ratios and p95 differences (their medians), against the goals. */
export function formatModelBench(r: ModelBenchResult): string {
  const med = <T>(runs: T[], key: keyof T) => median(runs.map((x) => x[key] as number));
  const list = <T>(runs: T[], key: keyof T) => runs.map((x) => (x[key] as number).toFixed(2)).join(', ');
  const ratios = r.product.map((p, i) => p.passagesPerSecond / r.raw[i]!.passagesPerSecond);
  const ratio = median(ratios);
  const cpuRatio = perRound(r.product, r.raw, (p, raw) => p.passagesPerCpuSecond / raw.passagesPerCpuSecond);
  const gaps = r.productQuery.map((p, i) => p.p95 - r.rawQuery[i]!.p95);
  const gap = median(gaps);
  const cpuGap = perRound(r.productQuery, r.rawQuery, (p, raw) => p.cpuP95 - raw.cpuP95);
  const index = (name: string, runs: IndexRun[]) =>
    `  ${name} ${med(runs, 'passagesPerSecond').toFixed(2)} passages/s (runs ${list(runs, 'passagesPerSecond')}), ` +
    `${med(runs, 'passagesPerCpuSecond').toFixed(2)} per CPU-second`;
  const query = (name: string, runs: QueryRun[]) =>
    `  ${name} p50 ${med(runs, 'p50').toFixed(2)} ms, p95 ${med(runs, 'p95').toFixed(2)} ms (runs ${list(runs, 'p95')}); ` +
    `CPU p50 ${med(runs, 'cpuP50').toFixed(2)} ms, p95 ${med(runs, 'cpuP95').toFixed(2)} ms`;
  const verdict = (wall: boolean, cpu: boolean) => (wall && cpu ? 'met' : wall || cpu ? `met in ${wall ? 'wall' : 'CPU'} time only` : 'NOT met');
  return [
    `e5-small-shaped model (q8, batch 8, random weights), ${r.product.length} alternated rounds, load average ${os.loadavg()[0]!.toFixed(1)} at the end:`,
    `indexing ${r.passages} passages of ${r.corpus} (${r.product[0]?.truncated ?? 0} cut at the model's maximum):`,
    `  tokens a passage: mean ${r.padding.mean.toFixed(0)}, p90 ${r.padding.p90}, max ${r.padding.max}; ` +
      `padded in batches of 8: ${r.padding.paddedInFileOrder.toFixed(0)} in file order, ${r.padding.paddedByLength.toFixed(0)} by length`,
    index('product (npm run index build):       ', r.product),
    `    of which inside the embedder: ${med(r.product, 'embeddingPassagesPerSecond').toFixed(2)} passages/s ` +
      `(ratio to raw, per round ${perRound(r.product, r.raw, (p, raw) => p.embeddingPassagesPerSecond! / raw.passagesPerSecond).toFixed(3)})`,
    index('raw pipeline, sorted by length:      ', r.raw),
    `  ratio product / raw, median of the rounds: ${ratio.toFixed(3)} wall (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')}), ` +
      `${cpuRatio.toFixed(3)} CPU (goal >= 0.93: ${verdict(ratio >= 0.93, cpuRatio >= 0.93)})`,
    'questions at the seeds:',
    query('product (Searcher.search):   ', r.productQuery) + `; RSS after them ${med(r.productQuery, 'rssMb').toFixed(0)} MB`,
    `    of which the question's embedding: p95 ${med(r.productQuery, 'embedP95').toFixed(2)} ms, CPU p95 ${med(r.productQuery, 'embedCpuP95').toFixed(2)} ms`,
    query('raw pipeline (embedding only):', r.rawQuery),
    `  p95 product - raw, median of the rounds: ${gap.toFixed(2)} ms wall (rounds ${gaps.map((x) => x.toFixed(1)).join(', ')}), ` +
      `${cpuGap.toFixed(2)} ms CPU (goal <= 3 ms: ${verdict(gap <= 3, cpuGap <= 3)})`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // npx tsx scripts/bench-model.ts [--rounds N] [--passages N] [--questions N]
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, passages: { type: 'string' }, questions: { type: 'string' } } });
  const options = { ...MODEL_BENCH_DEFAULTS };
  for (const key of ['rounds', 'passages', 'questions'] as const) if (values[key] !== undefined) options[key] = Number(values[key]);
  console.log(formatModelBench(await benchModel(options)));
}
