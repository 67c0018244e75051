/**
 * The v2 infer request check: a parsed request against a model's contract, with every value encoded for ONNX
 * Runtime. The Lambda runtime runs it on every request, the config check at synth on the sample request, so a
 * sample request that passes synth is one the deployed function accepts. Imports nothing but its neighbours.
 */
import type { ModelContract, TensorSpec } from './model-contract';
import { datatypeForV2Name, PROTOCOL_DATATYPES, type TensorData } from './v2-datatypes';
import { kind, preview } from './describe-value';

/** The request does not match the protocol or the model; the message names the input and the expected value. */
export class InferRequestError extends Error {
  public override readonly name = 'InferRequestError';
}

/** One input that passed the check: its spec, its shape and its data encoded for ONNX Runtime. */
interface CheckedInput {
  readonly spec: TensorSpec;
  readonly shape: number[];
  readonly data: TensorData;
}

/** A request that passed the check. */
export interface CheckedInferRequest {
  readonly id?: string;
  /** In request order. */
  readonly inputs: readonly CheckedInput[];
  /** Outputs to fetch and answer with, in answer order. */
  readonly outputNames: readonly string[];
  /** First dimension of the first batched input (1 when the model has no batch dimension). */
  readonly batchSize: number;
}

export interface RequestLimits {
  /** Largest first dimension of inputs whose first dimension is dynamic. */
  readonly maxBatchSize: number;
}

/**
 * Check a parsed v2 infer request against the model's declared inputs and outputs and encode its data.
 * Throws {@link InferRequestError} naming the input and the expected value on the first problem.
 */
export function checkInferRequest(
  body: unknown,
  model: ModelContract,
  limits: RequestLimits,
): CheckedInferRequest {
  if (!isObject(body)) {
    throw new InferRequestError(
      `request body must be a JSON object with an "inputs" array, got ${kind(body)}`,
    );
  }
  const { id, inputs, outputs } = body;
  if (id !== undefined && typeof id !== 'string') {
    throw new InferRequestError(`"id" must be a string, got ${kind(id)}`);
  }
  if (inputs === undefined) {
    throw new InferRequestError(`request has no "inputs"; the model expects ${nameList(model.inputs)}`);
  }
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InferRequestError(`"inputs" must be a non-empty array, got ${kind(inputs)}`);
  }

  const checked: CheckedInput[] = [];
  const given = new Set<string>();
  let batchSize: number | undefined;
  let boundDims: Map<string, { value: number; input: string }> | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!isObject(input)) {
      throw new InferRequestError(`inputs[${i}] must be an object with name, shape, datatype and data`);
    }
    if (typeof input.name !== 'string') {
      throw new InferRequestError(`inputs[${i}].name must be a string, got ${kind(input.name)}`);
    }
    const spec = model.inputsByName.get(input.name);
    if (spec === undefined) {
      throw new InferRequestError(
        `unknown input ${JSON.stringify(input.name)}; the model's inputs are ${nameList(model.inputs)}`,
      );
    }
    if (given.has(spec.name)) {
      throw new InferRequestError(`input "${spec.name}" is given more than once`);
    }
    const shape = checkShape(spec, input.shape, input.datatype, limits);
    if (model.sharedDims) {
      boundDims = bindDims(spec, shape, boundDims ?? new Map());
    }
    if (batchSize === undefined && spec.batched) {
      batchSize = shape[0];
    }
    given.add(spec.name);
    checked.push({ spec, shape, data: encodeData(spec, shape, input.data) });
  }
  for (const spec of model.inputs) {
    if (!given.has(spec.name)) {
      throw new InferRequestError(
        `missing input "${spec.name}"; the model requires ${nameList(model.inputs)}`,
      );
    }
  }

  return {
    id,
    inputs: checked,
    outputNames: outputs === undefined ? model.outputNames : requestedOutputs(outputs, model),
    batchSize: batchSize ?? 1,
  };
}

/**
 * Check that a parsed request is a well-formed v2 infer request without knowing the model: a non-empty `inputs`
 * array of uniquely named inputs with a protocol datatype, a shape of non-negative integers and data that nests
 * and counts like the shape, with elements that fit the datatype; `outputs`, when given, named objects. Throws
 * {@link InferRequestError} on the first problem. For a request whose model is not at hand (a SageMaker model, an
 * artifact already in S3).
 */
export function checkInferRequestStructure(body: unknown): void {
  if (!isObject(body)) {
    throw new InferRequestError(
      `request body must be a JSON object with an "inputs" array, got ${kind(body)}`,
    );
  }
  const { id, inputs, outputs } = body;
  if (id !== undefined && typeof id !== 'string') {
    throw new InferRequestError(`"id" must be a string, got ${kind(id)}`);
  }
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InferRequestError(`"inputs" must be a non-empty array, got ${kind(inputs)}`);
  }
  const given = new Set<string>();
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!isObject(input)) {
      throw new InferRequestError(`inputs[${i}] must be an object with name, shape, datatype and data`);
    }
    const { name, datatype } = input;
    if (typeof name !== 'string' || name === '') {
      throw new InferRequestError(`inputs[${i}].name must be a non-empty string, got ${kind(name)}`);
    }
    if (given.has(name)) {
      throw new InferRequestError(`input "${name}" is given more than once`);
    }
    given.add(name);
    const where = `input "${name}"`;
    if (typeof datatype !== 'string' || !(PROTOCOL_DATATYPES as readonly string[]).includes(datatype)) {
      throw new InferRequestError(
        `${where}: datatype ${kind(datatype)} is not one of ${PROTOCOL_DATATYPES.join(', ')}`,
      );
    }
    const shape = shapeDims(where, input.shape);
    const served = datatypeForV2Name(datatype);
    if (served === undefined) {
      valuesOf(where, shape, input.data);
    } else {
      const spec = { name, datatype: served, shape, dimNames: [], shapeText: '', batched: false };
      encodeData(spec, shape, input.data);
    }
  }
  if (outputs !== undefined) requestedOutputs(outputs);
}

function checkShape(spec: TensorSpec, shape: unknown, datatype: unknown, limits: RequestLimits): number[] {
  const where = `input "${spec.name}"`;
  if (datatype !== spec.datatype.v2) {
    throw new InferRequestError(
      datatype === undefined
        ? `${where}: datatype is missing; the model's is ${spec.datatype.v2}`
        : `${where}: datatype ${preview(datatype)} does not match the model's ${spec.datatype.v2}`,
    );
  }
  const dims = shapeDims(where, shape);
  const shapeText = (): string => `[${dims.join(',')}]`;
  if (dims.length !== spec.shape.length) {
    throw new InferRequestError(
      `${where}: shape ${shapeText()} has rank ${dims.length} but the model's ${spec.shapeText} has rank ${spec.shape.length}`,
    );
  }
  for (let d = 0; d < dims.length; d++) {
    const expected = spec.shape[d];
    if (expected !== -1 && dims[d] !== expected) {
      throw new InferRequestError(
        `${where}: shape ${shapeText()} does not match the model's ${spec.shapeText} (dimension ${d} must be ${expected})`,
      );
    }
  }
  if (spec.batched && dims[0] > limits.maxBatchSize) {
    throw new InferRequestError(
      `${where}: batch size ${dims[0]} (dimension 0 of shape ${shapeText()}) exceeds the limit of ${limits.maxBatchSize}`,
    );
  }
  return dims;
}

function shapeDims(where: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InferRequestError(
      `${where}: shape must be an array of non-negative integers, got ${shape === undefined ? 'nothing' : preview(shape)}`,
    );
  }
  return shape as number[];
}

/** Named dynamic dimensions (e.g. "batch") must have one value across all inputs of a request. */
function bindDims(
  spec: TensorSpec,
  shape: readonly number[],
  bound: Map<string, { value: number; input: string }>,
): Map<string, { value: number; input: string }> {
  for (let d = 0; d < shape.length; d++) {
    const name = spec.dimNames[d];
    if (name === undefined) {
      continue;
    }
    const previous = bound.get(name);
    if (previous === undefined) {
      bound.set(name, { value: shape[d], input: spec.name });
    } else if (previous.value !== shape[d]) {
      throw new InferRequestError(
        `input "${spec.name}": dimension ${d} ("${name}") is ${shape[d]} but input "${previous.input}" gives it ${previous.value}`,
      );
    }
  }
  return bound;
}

function encodeData(spec: TensorSpec, shape: readonly number[], data: unknown): TensorData {
  const where = `input "${spec.name}"`;
  const values = valuesOf(where, shape, data);
  const { data: encoded, badIndex } = spec.datatype.encode(values, values.length);
  if (badIndex !== -1) {
    throw new InferRequestError(
      `${where}: data[${badIndex}] is ${preview(values[badIndex])}, expected ${spec.datatype.expected} (${spec.datatype.v2})`,
    );
  }
  return encoded;
}

/** The row-major values of `data`, as many as the shape holds. */
function valuesOf(where: string, shape: readonly number[], data: unknown): readonly unknown[] {
  if (!Array.isArray(data)) {
    throw new InferRequestError(`${where}: data must be an array, got ${kind(data)}`);
  }
  let expected = 1;
  for (const d of shape) {
    expected *= d;
  }
  // The protocol sends row-major flat data; nested arrays are accepted when they nest exactly like the shape.
  const values = data.length > 0 && Array.isArray(data[0]) ? flattenNested(where, shape, data) : data;
  if (values.length !== expected) {
    throw new InferRequestError(
      `${where}: data has ${values.length} elements but shape [${shape.join(',')}] needs ${expected}`,
    );
  }
  return values;
}

/**
 * Row-major values of nested `data` whose depth and lengths equal the shape, level by level: the work is
 * bounded by the rank and the element count, never by how deep the caller nested the arrays.
 */
function flattenNested(where: string, shape: readonly number[], data: readonly unknown[]): unknown[] {
  const shapeText = `[${shape.join(',')}]`;
  let level: unknown[] = [data];
  for (let d = 0; d < shape.length; d++) {
    const next: unknown[] = [];
    for (let i = 0; i < level.length; i++) {
      const item = level[i];
      if (!Array.isArray(item)) {
        throw new InferRequestError(
          `${where}: data${indexPath(shape, d, i)} is ${kind(item)}, but shape ${shapeText} needs arrays nested ` +
            `${shape.length} deep (or flat data)`,
        );
      }
      if (item.length !== shape[d]) {
        throw new InferRequestError(
          `${where}: data${indexPath(shape, d, i)} has ${item.length} elements but dimension ${d} of shape ` +
            `${shapeText} is ${shape[d]}`,
        );
      }
      for (const value of item) next.push(value);
    }
    level = next;
  }
  for (let i = 0; i < level.length; i++) {
    if (Array.isArray(level[i])) {
      throw new InferRequestError(
        `${where}: data${indexPath(shape, shape.length, i)} is an array, but shape ${shapeText} nests ` +
          `${shape.length} deep`,
      );
    }
  }
  return level;
}

/** `[1][0]`: the indices of the `position`-th array at nesting `depth`, all levels above being full. */
function indexPath(shape: readonly number[], depth: number, position: number): string {
  let path = '';
  let rest = position;
  for (let d = depth - 1; d >= 0; d--) {
    path = `[${rest % shape[d]}]${path}`;
    rest = Math.floor(rest / shape[d]);
  }
  return path;
}

function requestedOutputs(outputs: unknown, model?: ModelContract): string[] {
  if (!Array.isArray(outputs)) {
    throw new InferRequestError(`"outputs" must be an array of {"name": ...} objects, got ${kind(outputs)}`);
  }
  if (outputs.length === 0) {
    return model === undefined ? [] : model.outputNames.slice();
  }
  const names: string[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const output: unknown = outputs[i];
    if (!isObject(output) || typeof output.name !== 'string') {
      throw new InferRequestError(`outputs[${i}] must be an object with a string "name"`);
    }
    if (model !== undefined && !model.outputsByName.has(output.name)) {
      throw new InferRequestError(
        `unknown output ${JSON.stringify(output.name)}; the model's outputs are ${nameList(model.outputs)}`,
      );
    }
    if (names.includes(output.name)) {
      throw new InferRequestError(`output "${output.name}" is requested more than once`);
    }
    names.push(output.name);
  }
  return names;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameList(specs: readonly TensorSpec[]): string {
  return specs.map((s) => `"${s.name}"`).join(', ');
}
