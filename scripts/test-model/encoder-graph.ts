import onnxProto from 'onnx-proto';
import { encodeBertModel, floatTensor, littleEndianBytes, seededUint32 } from './onnx-graph.ts';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

/**
 * A BERT encoder with random weights and the real compute: embeddings (word + position + token
 * type, LayerNorm), then per layer multi-head self-attention with the padding mask and a GELU
 * feed-forward block, each with a residual and LayerNorm. Written with the standard ONNX ops an
 * export of the real model contains, so onnxruntime runs (and fuses) it the same way and the
 * timings are the real model's. The q8 variant quantizes the way `model_quantized.onnx` files are
 * (onnxruntime's dynamic quantization): int8 weights, activations quantized on the fly
 * (DynamicQuantizeLinear → MatMulInteger), and an int8 embedding table dequantized after Gather.
 */
export interface EncoderShape {
  vocabSize: number;
  hiddenSize: number;
  layers: number;
  heads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
}

/** intfloat/multilingual-e5-small (Xenova's ONNX export): BERT, 12 layers × 384, 12 heads, FFN 1536. */
export const E5_SMALL_SHAPE: Omit<EncoderShape, 'vocabSize'> = {
  hiddenSize: 384,
  layers: 12,
  heads: 12,
  intermediateSize: 1536,
  maxPositions: 512,
  typeVocabSize: 2,
};

const int = (name: string, i: number): onnxProto.onnx.IAttributeProto => ({ name, type: AttributeType.INT, i });
const ints = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: AttributeType.INTS, ints: values });
const float = (name: string, f: number): onnxProto.onnx.IAttributeProto => ({ name, type: AttributeType.FLOAT, f });

/** Collects nodes and initializers; every op returns the names of its outputs, so the model reads top-down. */
class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private counter = 0;
  private readonly random: () => number;

  constructor(
    readonly quantized: boolean,
    seed: number,
  ) {
    this.random = seededUint32(seed);
  }

  ops(opType: string, inputs: string[], outputs: number, attribute: onnxProto.onnx.IAttributeProto[] = []): string[] {
    const output = Array.from({ length: outputs }, (_, i) => `${opType}_${this.counter}_${i}`);
    this.counter++;
    this.nodes.push({ opType, input: inputs, output, attribute });
    return output;
  }

  op(opType: string, inputs: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): string {
    return this.ops(opType, inputs, 1, attribute)[0]!;
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  /** A float constant; the same name is defined once and shared. */
  scalar(name: string, value: number): string {
    if (!this.initializers.some((t) => t.name === name)) this.floats(name, [], Float32Array.of(value));
    return name;
  }

  int64s(name: string, values: number[], dims = [values.length]): string {
    this.initializers.push({ name, dims, dataType: DataType.INT64, rawData: littleEndianBytes(BigInt64Array.from(values, BigInt)) });
    return name;
  }

  /**
   * A random weight matrix, uniform in [-amplitude, amplitude]: int8 values and one scale, stored
   * as int8 in the q8 variant (unless `quantizable` is false, as for the small position and type
   * tables, which the quantizer leaves alone) and as the same values dequantized otherwise.
   */
  weight(name: string, dims: number[], amplitude: number, quantizable = true): { name: string; scale: string; zeroPoint: string } {
    const count = dims.reduce((a, b) => a * b, 1);
    const values = new Int8Array(count);
    for (let i = 0; i < count; i += 4) {
      const bits = this.random();
      for (let b = 0; b < 4 && i + b < count; b++) values[i + b] = (((bits >>> (8 * b)) & 0xff) % 255) - 127;
    }
    const scale = Math.fround(amplitude / 127);
    if (!this.quantized || !quantizable) {
      const floats = new Float32Array(count);
      for (let i = 0; i < count; i++) floats[i] = values[i]! * scale;
      this.floats(name, dims, floats);
      return { name, scale: '', zeroPoint: '' };
    }
    this.initializers.push({ name, dims, dataType: DataType.INT8, rawData: new Uint8Array(values.buffer) });
    this.scalar(`${name}_scale`, scale);
    this.initializers.push({ name: `${name}_zero_point`, dims: [], dataType: DataType.INT8, rawData: Uint8Array.of(0) });
    return { name, scale: `${name}_scale`, zeroPoint: `${name}_zero_point` };
  }

  /** x · W + b, with W of [inSize, outSize]. */
  linear(x: string, name: string, inSize: number, outSize: number): string {
    const w = this.weight(`${name}.weight`, [inSize, outSize], 1 / Math.sqrt(inSize));
    const bias = this.floats(`${name}.bias`, [outSize], new Float32Array(outSize));
    if (!this.quantized) return this.op('Add', [this.op('MatMul', [x, w.name]), bias]);
    const [xq, xScale, xZeroPoint] = this.ops('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const product = this.op('MatMulInteger', [xq, w.name, xZeroPoint, w.zeroPoint]);
    const scaled = this.op('Mul', [this.op('Cast', [product], [int('to', DataType.FLOAT)]), this.op('Mul', [xScale, w.scale])]);
    return this.op('Add', [scaled, bias]);
  }

  layerNorm(x: string, name: string, size: number): string {
    const gamma = this.floats(`${name}.gamma`, [size], new Float32Array(size).fill(1));
    const beta = this.floats(`${name}.beta`, [size], new Float32Array(size));
    return this.op('LayerNormalization', [x, gamma, beta], [int('axis', -1), float('epsilon', 1e-12)]);
  }

  /** GELU as BERT exports write it: x · ½ · (1 + erf(x / √2)). */
  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Div', [x, this.scalar('sqrt2', Math.SQRT2)])]);
    return this.op('Mul', [this.op('Mul', [x, this.op('Add', [erf, this.scalar('one', 1)])]), this.scalar('half', 0.5)]);
  }
}

function embeddings(g: GraphBuilder, shape: EncoderShape): string {
  const { vocabSize, hiddenSize, maxPositions, typeVocabSize } = shape;
  const table = g.weight('word_embeddings', [vocabSize, hiddenSize], 0.1);
  const gathered = g.op('Gather', [table.name, 'input_ids']);
  const words = g.quantized ? g.op('DequantizeLinear', [gathered, table.scale, table.zeroPoint]) : gathered;
  const sequenceLength = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64s('one_index', [1], [])]);
  const positionIds = g.op('Range', [g.int64s('zero', [0], []), sequenceLength, g.int64s('step', [1], [])]);
  const positions = g.op('Gather', [g.weight('position_embeddings', [maxPositions, hiddenSize], 0.1, false).name, positionIds]);
  const types = g.op('Gather', [g.weight('token_type_embeddings', [typeVocabSize, hiddenSize], 0.1, false).name, 'token_type_ids']);
  return g.layerNorm(g.op('Add', [g.op('Add', [words, positions]), types]), 'embeddings.norm', hiddenSize);
}

/** 0 where attention_mask is 1, −10,000 where it is 0, shaped [batch, 1, 1, sequence] to add to the scores. */
function maskBias(g: GraphBuilder): string {
  const mask = g.op('Cast', ['attention_mask'], [int('to', DataType.FLOAT)]);
  const bias = g.op('Mul', [g.op('Sub', [g.scalar('one', 1), mask]), g.scalar('mask_fill', -10_000)]);
  return g.op('Unsqueeze', [bias, g.int64s('mask_axes', [1, 2])]);
}

function selfAttention(g: GraphBuilder, x: string, bias: string, name: string, shape: EncoderShape): string {
  const { hiddenSize, heads } = shape;
  const headSize = hiddenSize / heads;
  const split = g.int64s(`${name}.split_shape`, [0, 0, heads, headSize]);
  // [batch, seq, hidden] → [batch, heads, seq, headSize] (keys: [batch, heads, headSize, seq]).
  const toHeads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, split])], [ints('perm', perm)]);
  const query = toHeads(g.linear(x, `${name}.query`, hiddenSize, hiddenSize), [0, 2, 1, 3]);
  const key = toHeads(g.linear(x, `${name}.key`, hiddenSize, hiddenSize), [0, 2, 3, 1]);
  const value = toHeads(g.linear(x, `${name}.value`, hiddenSize, hiddenSize), [0, 2, 1, 3]);
  const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [query, key]), g.scalar(`${name}.sqrt_head`, Math.sqrt(headSize))]), bias]);
  const context = g.op('MatMul', [g.op('Softmax', [scores], [int('axis', -1)]), value]);
  const merged = g.op('Reshape', [g.op('Transpose', [context], [ints('perm', [0, 2, 1, 3])]), g.int64s(`${name}.merge_shape`, [0, 0, hiddenSize])]);
  return g.linear(merged, `${name}.output`, hiddenSize, hiddenSize);
}

function encoderLayer(g: GraphBuilder, x: string, bias: string, layer: number, shape: EncoderShape): string {
  const name = `layer${layer}`;
  const attended = g.layerNorm(g.op('Add', [x, selfAttention(g, x, bias, `${name}.attention`, shape)]), `${name}.attention.norm`, shape.hiddenSize);
  const hidden = g.gelu(g.linear(attended, `${name}.intermediate`, shape.hiddenSize, shape.intermediateSize));
  const output = g.linear(hidden, `${name}.output`, shape.intermediateSize, shape.hiddenSize);
  return g.layerNorm(g.op('Add', [attended, output]), `${name}.output.norm`, shape.hiddenSize);
}

/** Encodes the ModelProto of the encoder; the same seed gives the same weights in both variants. */
export function buildEncoderModelBytes(shape: EncoderShape, seed: number, quantized: boolean): Uint8Array {
  const g = new GraphBuilder(quantized, seed);
  const bias = maskBias(g);
  let x = embeddings(g, shape);
  for (let layer = 0; layer < shape.layers; layer++) x = encoderLayer(g, x, bias, layer, shape);
  g.nodes.push({ opType: 'Identity', input: [x], output: ['last_hidden_state'] });
  return encodeBertModel({ name: 'bert_encoder', opset: 17, node: g.nodes, initializer: g.initializers, hiddenSize: shape.hiddenSize });
}
