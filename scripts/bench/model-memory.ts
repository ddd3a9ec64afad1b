import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BOT_NODE_FLAGS, bundle } from '../bundle.ts';
import { loadConfig } from '../../src/config.ts';
import { SESSION_OPTIONS, type SessionOptions } from '../../src/embed/load-pipeline.ts';
import { loadTransformersEmbedder } from '../../src/embed/transformers.ts';
import { rssMb } from './measure.ts';

/**
 * Where the model's memory goes: RSS of a process that loads the model (EMBEDDING_MODEL, as the
 * product does) and embeds questions, one process per setting tried (MODEL_MEMORY_OPTION names one of
 * MODEL_MEMORY_OPTIONS; "product" is the bot's own: onnxruntime as load-pipeline.ts sets it,
 * bundled and run by plain node as `npm start` runs the bot, scripts/bundle.ts). Run by
 * scripts/bench.ts with the e5-small-shaped model; alone:
 * `MODEL_MEMORY_OPTIONS=product,… npx tsx scripts/bench/model-memory.ts MODEL_DIR`.
 */
const session = (entries: Record<string, string>) => ({ session: { ...(SESSION_OPTIONS.extra as { session: object }).session, ...entries } });
/** The onnxruntime settings tried, by name: each on top of the product's (SESSION_OPTIONS). */
export const MODEL_MEMORY_OPTIONS: Record<string, SessionOptions> = {
  product: SESSION_OPTIONS,
  /** The .onnx file loaded as it is, its weights copied into memory (before src/embed/mapped-model.ts). */
  unmapped: SESSION_OPTIONS,
  /** Run through tsx (`node --import tsx`) instead of bundled: its loader hooks rewrite transformers.js as it loads, and run in a thread of their own. */
  'through tsx': SESSION_OPTIONS,
  'no CPU arena': { ...SESSION_OPTIONS, enableCpuMemArena: false },
  'no memory pattern': { ...SESSION_OPTIONS, enableMemPattern: false },
  'no prepacking': { ...SESSION_OPTIONS, extra: session({ disable_prepacking: '1' }) },
  'initializers unpooled': { ...SESSION_OPTIONS, extra: session({ use_device_allocator_for_initializers: '1' }) },
  'optimization basic': { ...SESSION_OPTIONS, graphOptimizationLevel: 'basic' },
  'optimization disabled': { ...SESSION_OPTIONS, graphOptimizationLevel: 'disabled' },
  'one intra-op thread': { ...SESSION_OPTIONS, intraOpNumThreads: 1 },
};


interface MemoryRun {
  option: string;
  baseMb: number;
  loadedMb: number;
  afterQueriesMb: number;
  afterPassagesMb: number;
  heapMb: number;
  queryMs: number;
}

async function measureHere(option: string, questions: string[]): Promise<MemoryRun> {
  const config = loadConfig(process.env);
  const baseMb = rssMb();
  const { embed } = config;
  if (option === 'tokenizer only') {
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const tokenizer = await AutoTokenizer.from_pretrained(embed.model);
    const loadedMb = rssMb();
    tokenizer.encode(questions[0]!);
    return {
      option,
      baseMb,
      loadedMb,
      afterQueriesMb: loadedMb,
      afterPassagesMb: loadedMb,
      heapMb: process.memoryUsage().heapUsed / 1_048_576,
      queryMs: 0,
    };
  }
  const embedder = await loadTransformersEmbedder({
    ...embed,
    modelsDir: config.paths.modelsDir,
    sessionOptions: MODEL_MEMORY_OPTIONS[option],
    mapWeights: option !== 'unmapped',
  });
  const loadedMb = rssMb();
  const started = performance.now();
  for (const q of questions) await embedder.embedQuery(q);
  const queryMs = (performance.now() - started) / questions.length;
  const afterQueriesMb = rssMb();
  // A build's batches: 8 passages of ~250 tokens, the size the arena grows to when indexing.
  await embedder.embedPassages(Array.from({ length: 16 }, (_, i) => `${questions[i % questions.length]!} `.repeat(12)));
  const afterPassagesMb = rssMb();
  return { option, baseMb, loadedMb, afterQueriesMb, afterPassagesMb, heapMb: process.memoryUsage().heapUsed / 1_048_576, queryMs };
}

/** Runs each option in its own process (memory is per process) and returns the rows. */
export async function measureModelMemory(env: Record<string, string>, options: readonly string[], questions: string[]): Promise<MemoryRun[]> {
  const bundled = await bundle('scripts/bench/model-memory.ts', 'bench/model-memory');
  return options.map((option) => {
    process.stderr.write(`bench: model memory, ${option}...\n`);
    const entry = option === 'through tsx' ? ['--import', 'tsx', 'scripts/bench/model-memory.ts'] : [...BOT_NODE_FLAGS, bundled];
    const args = ['--expose-gc', ...entry, '--worker', JSON.stringify(questions)];
    const out = execFileSync(process.execPath, args, {
      env: { ...process.env, ...env, MODEL_MEMORY_OPTION: option },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as MemoryRun;
  });
}

export function formatModelMemory(runs: MemoryRun[]): string {
  const row = (r: MemoryRun) =>
    `  ${r.option.padEnd(22)} before ${r.baseMb.toFixed(0)} MB, loaded ${r.loadedMb.toFixed(0)} MB, after questions ${r.afterQueriesMb.toFixed(0)} MB ` +
    `(${r.queryMs.toFixed(1)} ms each), after 2 batches of passages ${r.afterPassagesMb.toFixed(0)} MB; JS heap ${r.heapMb.toFixed(0)} MB`;
  return ['model memory (RSS after a collection; one process per onnxruntime setting):', ...runs.map(row)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--worker') {
    console.log(JSON.stringify(await measureHere(process.env.MODEL_MEMORY_OPTION ?? 'product', JSON.parse(process.argv[3]!) as string[])));
  } else {
    const questions = ['كم عدد المركبات المدرعة التي سلمها الانفصاليون الأرمن؟', 'ما هي عاصمة إقليم قره باغ؟', 'Who is the president of Azerbaijan?'];
    const options = (process.env.MODEL_MEMORY_OPTIONS ?? 'product').split(',');
    const env = { EMBEDDER: 'transformers', EMBEDDING_MODEL: process.argv[2]!, OFFLINE: '1' };
    console.log(formatModelMemory(await measureModelMemory(env, options, questions)));
  }
}
