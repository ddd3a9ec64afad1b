import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildModelBytes, generateWeights, type GraphShape } from './test-model/onnx-graph.ts';
import { buildTokenizerConfig, buildTokenizerJson, buildVocab } from './test-model/tokenizer.ts';
import { answerHelpOrVersion } from '../src/cli/help.ts';

/**
 * Writes a tiny BERT-like model folder that `@huggingface/transformers` loads offline, so the real
 * embedding path can be tested without downloading weights. Same command, same bytes.
 *
 * Usage: npm run make-test-model -- DIR
 */
export const TEST_MODEL_HIDDEN_SIZE = 32;
const MAX_LENGTH = 512;
const SEED = 20_240_501;

function buildConfig(shape: GraphShape): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: shape.hiddenSize,
    vocab_size: shape.vocabSize,
    type_vocab_size: shape.typeVocabSize,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: shape.hiddenSize,
    max_position_embeddings: MAX_LENGTH,
    pad_token_id: 0,
    // Read by src/embed/transformers.ts: this model is encoded the e5 way.
    prompts: { query: 'query: ', passage: 'passage: ' },
  };
}

const asJson = (value: object) => JSON.stringify(value, null, 2) + '\n';

/** Writes the model folder into `dir` (created if needed) and returns the files written. */
export async function makeTestModel(dir: string): Promise<string[]> {
  const vocab = buildVocab();
  const shape: GraphShape = { vocabSize: vocab.size, hiddenSize: TEST_MODEL_HIDDEN_SIZE, typeVocabSize: 2 };
  const weights = generateWeights(shape, SEED);
  const files: Record<string, string | Uint8Array> = {
    'config.json': asJson(buildConfig(shape)),
    'tokenizer.json': asJson(buildTokenizerJson(vocab)),
    'tokenizer_config.json': asJson(buildTokenizerConfig(MAX_LENGTH)),
    'onnx/model.onnx': buildModelBytes(shape, weights, false),
    'onnx/model_quantized.onnx': buildModelBytes(shape, weights, true),
  };
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return Object.keys(files).map((name) => path.join(dir, name));
}

const USAGE = `Usage: npm run make-test-model -- DIR

Writes the tiny generated ONNX model the tests use into DIR (created if needed); use it with
EMBEDDING_MODEL=DIR. The same bytes on every run.`;

async function main(argv: string[]): Promise<void> {
  if (answerHelpOrVersion(USAGE, argv)) return;
  const dir = argv[0];
  if (!dir || dir.startsWith('-') || argv.length > 1) {
    const problem = !dir ? 'Give the folder to write the test model into' : dir.startsWith('-') ? `Unknown option ${dir}` : `One folder only, got ${argv.length}`;
    process.stderr.write(`error: ${problem}: npm run make-test-model -- DIR (see --help).\n`);
    process.exitCode = 1;
    return;
  }
  const files = await makeTestModel(path.resolve(dir));
  process.stdout.write(`Wrote a test model to ${path.resolve(dir)} (${files.length} files); use it with EMBEDDING_MODEL=${dir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
