import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/**
 * A BERT-shaped ONNX graph small enough to generate: each token's vector is its word embedding
 * plus its token-type embedding, projected by one dense layer with tanh, and zeroed where
 * attention_mask is 0. No attention or positions, so it is a bag of tokens, which is all the
 * tests need: it has the real inputs, output name and shapes that transformers.js expects.
 */
export interface GraphShape {
  vocabSize: number;
  hiddenSize: number;
  typeVocabSize: number;
}

export interface GraphWeights {
  wordEmbeddings: Float32Array;
  tokenTypeEmbeddings: Float32Array;
  denseWeight: Float32Array;
  denseBias: Float32Array;
}

/** mulberry32: a seeded generator of 32-bit integers, so generated weights are the same on every run. */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Deterministic weights from a seeded PRNG (mulberry32), uniform in [-scale, scale]. */
export function generateWeights(shape: GraphShape, seed: number): GraphWeights {
  const random = seededUint32(seed);
  const next = () => random() / 4294967296;
  const fill = (length: number, scale: number) => Float32Array.from({ length }, () => (next() * 2 - 1) * scale);
  const { vocabSize, hiddenSize, typeVocabSize } = shape;
  return {
    wordEmbeddings: fill(vocabSize * hiddenSize, 1),
    tokenTypeEmbeddings: fill(typeVocabSize * hiddenSize, 0.1),
    denseWeight: fill(hiddenSize * hiddenSize, 1 / Math.sqrt(hiddenSize)),
    denseBias: fill(hiddenSize, 0.1),
  };
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** ONNX raw data is little-endian: on such machines (all we run on) the bytes are used as they are. */
export function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const view = new DataView(new ArrayBuffer(values.length * values.BYTES_PER_ELEMENT));
  values.forEach((value: number | bigint, i: number) => {
    if (typeof value === 'bigint') view.setBigInt64(i * 8, value, true);
    else view.setFloat32(i * 4, value, true);
  });
  return new Uint8Array(view.buffer);
}

export function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT, rawData: littleEndianBytes(values) };
}

/** Per-tensor affine uint8 quantization, the scheme onnxruntime's DequantizeLinear undoes. */
function quantizeUint8(values: Float32Array): { data: Uint8Array; scale: number; zeroPoint: number } {
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const scale = (max - min) / 255 || 1;
  const zeroPoint = Math.round(-min / scale);
  const data = Uint8Array.from(values, (v) => Math.max(0, Math.min(255, Math.round(v / scale) + zeroPoint)));
  return { data, scale: Math.fround(scale), zeroPoint };
}

/**
 * A BERT-style ModelProto as transformers.js loads it: token ids, attention mask and token types in,
 * `last_hidden_state` (batch × sequence × hidden) out.
 */
export function encodeBertModel(graph: {
  name: string;
  opset: number;
  node: onnxProto.onnx.INodeProto[];
  initializer: onnxProto.onnx.ITensorProto[];
  hiddenSize: number;
}): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: graph.opset }],
    producerName: 'make-test-model',
    graph: {
      name: graph.name,
      node: graph.node,
      initializer: graph.initializer,
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map(tokenInput),
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: DataType.FLOAT,
              shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: graph.hiddenSize }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenInput(name: string): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  };
}

/**
 * Encodes the ModelProto. With `quantized`, the word-embedding table (most of the weights) is
 * stored as uint8 and dequantized in the graph, as in a real `model_quantized.onnx`.
 */
export function buildModelBytes(shape: GraphShape, weights: GraphWeights, quantized: boolean): Uint8Array {
  const { vocabSize, hiddenSize, typeVocabSize } = shape;
  const initializer: onnxProto.onnx.ITensorProto[] = [
    floatTensor('token_type_embeddings', [typeVocabSize, hiddenSize], weights.tokenTypeEmbeddings),
    floatTensor('dense_weight', [hiddenSize, hiddenSize], weights.denseWeight),
    floatTensor('dense_bias', [hiddenSize], weights.denseBias),
    { name: 'last_axis', dims: [1], dataType: DataType.INT64, rawData: littleEndianBytes(BigInt64Array.of(-1n)) },
  ];
  const node: onnxProto.onnx.INodeProto[] = [];
  if (quantized) {
    const q = quantizeUint8(weights.wordEmbeddings);
    initializer.push(
      { name: 'word_embeddings_quantized', dims: [vocabSize, hiddenSize], dataType: DataType.UINT8, rawData: q.data },
      floatTensor('word_embeddings_scale', [], Float32Array.of(q.scale)),
      { name: 'word_embeddings_zero_point', dims: [], dataType: DataType.UINT8, rawData: Uint8Array.of(q.zeroPoint) },
    );
    node.push({
      opType: 'DequantizeLinear',
      input: ['word_embeddings_quantized', 'word_embeddings_scale', 'word_embeddings_zero_point'],
      output: ['word_embeddings'],
    });
  } else {
    initializer.push(floatTensor('word_embeddings', [vocabSize, hiddenSize], weights.wordEmbeddings));
  }
  node.push(
    { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'] },
    { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'] },
    { opType: 'Add', input: ['words', 'types'], output: ['embedded'] },
    { opType: 'MatMul', input: ['embedded', 'dense_weight'], output: ['projected'] },
    { opType: 'Add', input: ['projected', 'dense_bias'], output: ['biased'] },
    { opType: 'Tanh', input: ['biased'], output: ['activated'] },
    {
      opType: 'Cast',
      input: ['attention_mask'],
      output: ['mask_float'],
      attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DataType.FLOAT }],
    },
    { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_3d'] },
    { opType: 'Mul', input: ['activated', 'mask_3d'], output: ['last_hidden_state'] },
  );
  return encodeBertModel({ name: 'tiny_bert', opset: 13, node, initializer, hiddenSize });
}
