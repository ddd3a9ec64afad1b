import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { UserError } from '../src/errors.ts';
import { buildEncoderModelBytes, E5_SMALL_SHAPE, type EncoderShape } from './test-model/encoder-graph.ts';
import { buildModelBytes, generateWeights, type GraphShape } from './test-model/onnx-graph.ts';
import { buildSizedVocab, buildTokenizerConfig, buildTokenizerJson, buildVocab } from './test-model/tokenizer.ts';
import { answerHelpOrVersion } from '../src/cli/help.ts';

/**
 * Writes a BERT-like model folder that `@huggingface/transformers` loads offline, so the real
 * embedding path can be tested and measured without downloading weights. Same command, same bytes.
 * Two shapes: `tiny` (the tests' model: a bag of tokens, 32 dims, milliseconds per batch) and
 * `e5-small` (multilingual-e5-small's shapes and compute with random weights, for benchmarks).
 */
export const MAKE_TEST_MODEL_USAGE = `Usage: npm run make-test-model -- DIR
       npm run make-test-model -- DIR --shape e5-small

Writes a generated embedding model (random weights, real files) into the folder DIR.
  --shape tiny      the tests' model: 32 dims, tiny vocab, no attention (the default)
  --shape e5-small  multilingual-e5-small's shapes and compute: vocabulary 250,037, 12 layers x 384,
                    12 heads, feed-forward 1,536; for benchmarks (about 600 MB, seconds to write)
Use it with EMBEDDING_MODEL=DIR.`;

export const SHAPES = ['tiny', 'e5-small'] as const;
export type ModelShape = (typeof SHAPES)[number];

export const TEST_MODEL_HIDDEN_SIZE = 32;
const MAX_LENGTH = 512;
const SEED = 20_240_501;
const E5_SMALL_VOCAB_SIZE = 250_037;

const asJson = (value: object) => JSON.stringify(value, null, 2) + '\n';

/** config.json as a BERT export writes it. */
function buildConfig(shape: Omit<EncoderShape, 'maxPositions'>): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: shape.hiddenSize,
    vocab_size: shape.vocabSize,
    type_vocab_size: shape.typeVocabSize,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediateSize,
    max_position_embeddings: MAX_LENGTH,
    pad_token_id: 0,
  };
}

/** The model files by name, for one shape. */
function buildFiles(shape: ModelShape): Record<string, string | Uint8Array> {
  const vocab = shape === 'tiny' ? buildVocab() : buildSizedVocab(E5_SMALL_VOCAB_SIZE);
  const common = {
    'tokenizer.json': asJson(buildTokenizerJson(vocab)),
    'tokenizer_config.json': asJson(buildTokenizerConfig(MAX_LENGTH)),
    // Read by src/embed/prefixes.ts: these models are encoded the e5 way, as sentence-transformers declares it.
    'config_sentence_transformers.json': asJson({ prompts: { query: 'query: ', passage: 'passage: ' } }),
  };
  if (shape === 'tiny') {
    const graph: GraphShape = { vocabSize: vocab.size, hiddenSize: TEST_MODEL_HIDDEN_SIZE, typeVocabSize: 2 };
    const weights = generateWeights(graph, SEED);
    return {
      'config.json': asJson(buildConfig({ ...graph, layers: 1, heads: 1, intermediateSize: TEST_MODEL_HIDDEN_SIZE })),
      ...common,
      'onnx/model.onnx': buildModelBytes(graph, weights, false),
      'onnx/model_quantized.onnx': buildModelBytes(graph, weights, true),
    };
  }
  const encoder: EncoderShape = { ...E5_SMALL_SHAPE, vocabSize: vocab.size };
  return {
    'config.json': asJson(buildConfig(encoder)),
    ...common,
    'onnx/model.onnx': buildEncoderModelBytes(encoder, SEED, false),
    'onnx/model_quantized.onnx': buildEncoderModelBytes(encoder, SEED, true),
  };
}

/**
 * Creates `dir` one level at a time. Node's recursive mkdir never returns under /proc (it retries
 * ENOENT forever), and a file in the way deserves its own message.
 */
async function createFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  let existing = dir;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  if (!statSync(existing).isDirectory())
    throw new UserError(
      `${existing} is a file, not a folder: give make-test-model a folder to write the model into (it is created if missing).`,
      'usage',
    );
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      throw new UserError(
        `Cannot create the folder ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}): give make-test-model a folder in a place you can write to.`,
        'usage',
      );
    }
  }
}

/** Writes the model folder into `dir` (created if needed) and returns the files written. */
export async function makeTestModel(dir: string, shape: ModelShape = 'tiny'): Promise<string[]> {
  await createFolder(path.join(dir, 'onnx'));
  const files = buildFiles(shape);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return Object.keys(files).map((name) => path.join(dir, name));
}

/** The command line after --help/--version were answered: DIR and --shape. Throws UserError for anything else. */
export function parseMakeTestModelArgs(args: string[]): { dir: string; shape: ModelShape } {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { shape: { type: 'string' } } });
  } catch (error) {
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    throw new UserError(
      option ? `Unknown option ${option}: npm run make-test-model -- DIR (see --help).` : `${(error as Error).message} (see --help).`,
      'usage',
    );
  }
  const shape = parsed.values.shape ?? 'tiny';
  if (!SHAPES.includes(shape as ModelShape)) throw new UserError(`Unknown --shape ${shape}: use ${SHAPES.join(' or ')} (see --help).`, 'usage');
  const [dir, ...extra] = parsed.positionals;
  if (!dir) throw new UserError('Give the folder to write the model into: npm run make-test-model -- DIR (see --help).', 'usage');
  if (extra.length > 0) throw new UserError(`Unexpected argument "${extra[0]}": make-test-model takes one folder (see --help).`, 'usage');
  return { dir, shape: shape as ModelShape };
}

async function main(argv: string[]): Promise<number> {
  if (answerHelpOrVersion(MAKE_TEST_MODEL_USAGE, argv)) return 0;
  try {
    const args = parseMakeTestModelArgs(argv);
    const started = performance.now();
    const files = await makeTestModel(path.resolve(args.dir), args.shape);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Wrote a ${args.shape} test model to ${path.resolve(args.dir)} (${files.length} files, ${seconds} s); use it with EMBEDDING_MODEL=${args.dir}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
