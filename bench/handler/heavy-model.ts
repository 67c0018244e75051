/**
 * Writes the benchmark's heavier ONNX model: a multilayer perceptron, FP32 input `[batch, 256]` through three
 * 2048-wide ReLU layers to a 16-way softmax (about 8.9 M multiply-adds per row, 35 MB of weights). Weights come
 * from a seeded generator, so every run writes the same file. The ONNX protobuf is encoded here directly, so
 * the benchmark needs nothing but Node.js.
 */
import * as fs from 'fs';
import * as path from 'path';

export const HEAVY_INPUT_WIDTH = 256;
const LAYERS = [HEAVY_INPUT_WIDTH, 2048, 2048, 2048, 16];

/** Writes the model to `file` unless it is there already; returns the file. */
export function writeHeavyModel(file: string): string {
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, heavyModel());
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

function heavyModel(): Buffer {
  const random = mulberry32(42);
  const nodes: Buffer[] = [];
  const initializers: Buffer[] = [];
  let current = 'input';
  for (let layer = 0; layer + 1 < LAYERS.length; layer++) {
    const [inWidth, outWidth] = [LAYERS[layer], LAYERS[layer + 1]];
    const scale = Math.sqrt(2 / inWidth);
    const weights = new Float32Array(inWidth * outWidth).map(() => (random() * 2 - 1) * scale);
    const bias = new Float32Array(outWidth).map(() => (random() * 2 - 1) * 0.01);
    initializers.push(
      tensor(`w${layer}`, [inWidth, outWidth], weights),
      tensor(`b${layer}`, [outWidth], bias),
    );
    nodes.push(node('MatMul', [current, `w${layer}`], `mm${layer}`));
    nodes.push(node('Add', [`mm${layer}`, `b${layer}`], `z${layer}`));
    const last = layer + 2 === LAYERS.length;
    nodes.push(node(last ? 'Softmax' : 'Relu', [`z${layer}`], last ? 'probabilities' : `h${layer}`));
    current = `h${layer}`;
  }
  const graph = message([
    ...nodes.map((n) => field(1, n)),
    field(2, 'heavy_mlp'),
    ...initializers.map((t) => field(5, t)),
    field(11, valueInfo('input', ['batch', HEAVY_INPUT_WIDTH])),
    field(12, valueInfo('probabilities', ['batch', LAYERS[LAYERS.length - 1]])),
  ]);
  return message([
    varintField(1, 8), // ir_version
    field(2, 'ml-deploy-bench'), // producer_name
    field(7, graph),
    field(8, message([field(1, ''), varintField(2, 13)])), // opset_import: default domain, opset 13
  ]);
}

function node(opType: string, inputs: string[], output: string): Buffer {
  return message([
    ...inputs.map((input) => field(1, input)),
    field(2, output),
    field(3, output),
    field(4, opType),
  ]);
}

function tensor(name: string, dims: number[], data: Float32Array): Buffer {
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return message([
    ...dims.map((d) => varintField(1, d)),
    varintField(2, 1 /* FLOAT */),
    field(8, name),
    field(9, raw),
  ]);
}

function valueInfo(name: string, dims: (string | number)[]): Buffer {
  const shape = message(
    dims.map((d) => field(1, message([typeof d === 'number' ? varintField(1, d) : field(2, d)]))),
  );
  const tensorType = message([varintField(1, 1 /* FLOAT */), field(2, shape)]);
  return message([field(1, name), field(2, message([field(1, tensorType)]))]);
}

/** A length-delimited field (wire type 2): strings, bytes and embedded messages. */
function field(number: number, value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

function varintField(number: number, value: number): Buffer {
  return Buffer.concat([varint(number << 3), varint(value)]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function message(fields: Buffer[]): Buffer {
  return Buffer.concat(fields);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
