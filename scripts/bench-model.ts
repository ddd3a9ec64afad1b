import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTransformersEmbedder } from '../src/embed/transformers.ts';
import { makeTestModel } from './make-test-model.ts';

/**
 * Measures the real transformers.js path (tokenizer, onnxruntime, pooling) on the generated test
 * model: load time, passage throughput and query latency. The model is tiny, so the numbers show
 * the overhead of our code and the runtime, not the speed of a real model.
 */
export interface ModelBench {
  passagesPerSecond: number;
  queryMsP50: number;
  loadMs: number;
}

const PASSAGES = 200;
const QUERIES = 50;
const WORDS_PER_PASSAGE = 80;
const BATCH_SIZE = 8;

const WORDS = [
  'أذربيجان', 'أرمينيا', 'كاراباخ', 'قره', 'باغ', 'باكو', 'يريفان', 'الرئيس', 'الحكومة', 'وزير',
  'الخارجية', 'الجيش', 'القوات', 'اتفاق', 'وقف', 'إطلاق', 'النار', 'روسيا', 'تركيا', 'إيران',
  'مدينة', 'منطقة', 'اللاجئين', 'الأمم', 'المتحدة', 'في', 'من', 'على', 'إلى', 'أن', 'قال', 'بعد',
  'المفاوضات', 'الحدود', 'السكان', 'المدنيين', 'العاصمة', 'الإقليم', 'المعارك', 'البرلمان',
];

/** Deterministic news-like Arabic text: the same passages on every run, so runs compare. */
function makePassages(count: number): string[] {
  return Array.from({ length: count }, (_, p) =>
    Array.from({ length: WORDS_PER_PASSAGE }, (_, w) => WORDS[(p * 7 + w * w * 3 + w) % WORDS.length]).join(' ') + '.',
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function benchTestModel(): Promise<ModelBench> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-model-'));
  try {
    const modelDir = path.join(dir, 'model');
    await makeTestModel(modelDir);
    const loadStart = performance.now();
    const embedder = await loadTransformersEmbedder({
      model: modelDir,
      dtype: 'q8',
      modelsDir: path.join(dir, 'models'),
      offline: true,
      batchSize: BATCH_SIZE,
    });
    const loadMs = performance.now() - loadStart;

    const passages = makePassages(PASSAGES);
    const embedStart = performance.now();
    await embedder.embedPassages(passages);
    const passagesPerSecond = PASSAGES / ((performance.now() - embedStart) / 1000);

    const queryMs: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const start = performance.now();
      await embedder.embedQuery(`ما آخر أخبار ${WORDS[i % WORDS.length]} و${WORDS[(i * 5) % WORDS.length]}؟`);
      queryMs.push(performance.now() - start);
    }
    return { passagesPerSecond, queryMsP50: median(queryMs), loadMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchTestModel();
  process.stdout.write(
    `test model (q8, batch ${BATCH_SIZE}): load ${result.loadMs.toFixed(0)} ms, ` +
      `${result.passagesPerSecond.toFixed(0)} passages/s (${PASSAGES} × ${WORDS_PER_PASSAGE} words), ` +
      `query p50 ${result.queryMsP50.toFixed(2)} ms\n`,
  );
}
