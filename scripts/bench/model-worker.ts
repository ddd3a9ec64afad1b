import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from '@huggingface/transformers';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { SESSION_OPTIONS } from '../../src/embed/load-pipeline.ts';
import { silentLogger } from '../../src/log.ts';
import { buildIndex } from '../../src/search/build.ts';
import { openSearcher } from '../../src/search/searcher.ts';
import { timedEmbedder } from './random-vectors.ts';
import { pct } from './measure.ts';

/**
 * One measurement of scripts/bench-model.ts in its own process (two onnxruntime sessions in one
 * process slow each other down). Prints one JSON line.
 *
 *   product-index SEEDS OUT         the product's `npm run index` path: read, clean, embed, HNSW, write
 *   raw-index     TEXTS.json        the bare transformers.js pipeline on the same passages, sorted by length
 *   product-query SEEDS OUT Q.json  Searcher.search at the seeds (question embedding, HNSW, keywords, rerank)
 *   raw-query     Q.json            the bare pipeline embedding each question
 *
 * The model comes from EMBEDDING_MODEL, as for the product.
 */
const [mode, ...args] = process.argv.slice(2) as [string, ...string[]];
const config = loadConfig(process.env);
const BATCH_SIZE = config.embed.batchSize;
const WARM_UP = 5;

const readJson = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

/** CPU milliseconds of this process (all its threads) since `since`: unlike wall time, hardly changed by other processes on the machine. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function timeEach(items: string[], run: (item: string) => Promise<unknown>) {
  for (const item of items.slice(0, WARM_UP)) await run(item); // JIT and first-use caches
  const times: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await run(item);
    times.push(performance.now() - started);
    cpu.push(cpuMs(cpuStart));
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), cpuP50: pct(cpu, 0.5), cpuP95: pct(cpu, 0.95) };
}

async function buildWithModel(seedsDir: string, outDir: string) {
  // The time spent inside the embedder, to tell the model's share of the build from the rest.
  const timed = timedEmbedder(await createEmbedder(config.embed, config.paths.modelsDir, silentLogger));
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const summary = await buildIndex({ seedsDir, outDir, embedder: timed.embedder, hnsw: config.hnsw, log: silentLogger });
  return { summary, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuMs(cpuStart) / 1000, embedSeconds: timed.seconds() };
}

/** The bare pipeline, with the product's onnxruntime settings, so the comparison measures only our code. */
async function rawPipeline() {
  return pipeline('feature-extraction', config.embed.model, { dtype: config.embed.dtype, session_options: SESSION_OPTIONS });
}

let result: object;
if (mode === 'product-index') {
  const [seedsDir, outDir] = args as [string, string];
  const { summary, seconds, cpuSeconds, embedSeconds } = await buildWithModel(seedsDir, outDir);
  const passages = summary.manifest.counts.passages;
  result = {
    passages,
    seconds,
    passagesPerSecond: passages / seconds,
    passagesPerCpuSecond: passages / cpuSeconds,
    embeddingPassagesPerSecond: passages / embedSeconds,
    truncated: summary.truncatedPassages,
  };
} else if (mode === 'raw-index') {
  const extractor = await rawPipeline();
  const texts = (await readJson<string[]>(args[0]!)).map((text) => 'passage: ' + text);
  const lengths = new Map(texts.map((text) => [text, extractor.tokenizer.encode(text).length]));
  texts.sort((a, b) => lengths.get(a)! - lengths.get(b)!);
  await extractor(['passage: warm-up'], { pooling: 'mean', normalize: true }); // as the product's load-time probe
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let start = 0; start < texts.length; start += BATCH_SIZE)
    await extractor(texts.slice(start, start + BATCH_SIZE), { pooling: 'mean', normalize: true });
  const seconds = (performance.now() - started) / 1000;
  result = {
    passages: texts.length,
    seconds,
    passagesPerSecond: texts.length / seconds,
    passagesPerCpuSecond: texts.length / (cpuMs(cpuStart) / 1000),
  };
} else if (mode === 'product-query') {
  const [seedsDir, outDir, queriesFile] = args as [string, string, string];
  if (!existsSync(outDir)) await buildWithModel(seedsDir, outDir); // once; later rounds reuse it
  const searcher = await openSearcher({ indexDir: outDir, config, log: silentLogger });
  const questions = await readJson<string[]>(queriesFile);
  const times = await timeEach(questions, (q) => searcher.search(q));
  const rssMb = process.memoryUsage().rss / 1_048_576;
  // The product's question embedding alone (the same onnxruntime session: load-pipeline.ts shares it), to split the search's cost from the model's.
  const embedder = await createEmbedder(config.embed, config.paths.modelsDir, silentLogger);
  const embedding = await timeEach(questions, (q) => embedder.embedQuery(q));
  result = { ...times, rssMb, embedP95: embedding.p95, embedCpuP95: embedding.cpuP95 };
} else if (mode === 'raw-query') {
  const extractor = await rawPipeline();
  result = await timeEach(await readJson<string[]>(args[0]!), (q) => extractor(['query: ' + q], { pooling: 'mean', normalize: true }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify(result));
