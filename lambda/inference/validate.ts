import { Tensor } from 'onnxruntime-node';
import { InvalidRequestError } from './errors';
import type { LoadedModel, TensorSpec } from './model-session';

/** A request that passed validation, ready for `session.run`. */
export interface ValidatedInferRequest {
  readonly id?: string;
  readonly feeds: Record<string, Tensor>;
  /** Outputs to fetch and answer with, in answer order. */
  readonly outputNames: readonly string[];
  /** First dimension of the first batched input (1 when the model has no batch dimension). */
  readonly batchSize: number;
}

export interface ValidationLimits {
  readonly maxBatchSize: number;
}

/**
 * Check a parsed v2 infer request against the model's declared inputs and outputs and build the feeds.
 * Throws {@link InvalidRequestError} naming the input and the expected value on the first problem.
 */
export function validateInferRequest(
  body: unknown,
  model: LoadedModel,
  limits: ValidationLimits,
): ValidatedInferRequest {
  if (!isObject(body)) {
    throw new InvalidRequestError(
      `request body must be a JSON object with an "inputs" array, got ${kind(body)}`,
    );
  }
  const { id, inputs, outputs } = body;
  if (id !== undefined && typeof id !== 'string') {
    throw new InvalidRequestError(`"id" must be a string, got ${kind(id)}`);
  }
  if (inputs === undefined) {
    throw new InvalidRequestError(`request has no "inputs"; the model expects ${nameList(model.inputs)}`);
  }
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InvalidRequestError(`"inputs" must be a non-empty array, got ${kind(inputs)}`);
  }

  const feeds: Record<string, Tensor> = {};
  let batchSize: number | undefined;
  let boundDims: Map<string, { value: number; input: string }> | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!isObject(input)) {
      throw new InvalidRequestError(`inputs[${i}] must be an object with name, shape, datatype and data`);
    }
    if (typeof input.name !== 'string') {
      throw new InvalidRequestError(`inputs[${i}].name must be a string, got ${kind(input.name)}`);
    }
    const spec = model.inputsByName.get(input.name);
    if (spec === undefined) {
      throw new InvalidRequestError(
        `unknown input ${JSON.stringify(input.name)}; the model's inputs are ${nameList(model.inputs)}`,
      );
    }
    if (Object.prototype.hasOwnProperty.call(feeds, spec.name)) {
      throw new InvalidRequestError(`input "${spec.name}" is given more than once`);
    }
    const shape = checkShape(spec, input.shape, input.datatype, limits);
    if (model.sharedDims) {
      boundDims = bindDims(spec, shape, boundDims ?? new Map());
    }
    if (batchSize === undefined && spec.batched) {
      batchSize = shape[0];
    }
    feeds[spec.name] = new Tensor(spec.datatype.ort, encodeData(spec, shape, input.data), shape);
  }
  for (const spec of model.inputs) {
    if (!Object.prototype.hasOwnProperty.call(feeds, spec.name)) {
      throw new InvalidRequestError(
        `missing input "${spec.name}"; the model requires ${nameList(model.inputs)}`,
      );
    }
  }

  return {
    id,
    feeds,
    outputNames: outputs === undefined ? model.outputNames : requestedOutputs(outputs, model),
    batchSize: batchSize ?? 1,
  };
}

function checkShape(spec: TensorSpec, shape: unknown, datatype: unknown, limits: ValidationLimits): number[] {
  const where = `input "${spec.name}"`;
  if (datatype !== spec.datatype.v2) {
    throw new InvalidRequestError(
      datatype === undefined
        ? `${where}: datatype is missing; the model's is ${spec.datatype.v2}`
        : `${where}: datatype ${preview(datatype)} does not match the model's ${spec.datatype.v2}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InvalidRequestError(
      `${where}: shape must be an array of non-negative integers, got ${shape === undefined ? 'nothing' : preview(shape)}`,
    );
  }
  const dims = shape as number[];
  const shapeText = (): string => `[${dims.join(',')}]`;
  if (dims.length !== spec.shape.length) {
    throw new InvalidRequestError(
      `${where}: shape ${shapeText()} has rank ${dims.length} but the model's ${spec.shapeText} has rank ${spec.shape.length}`,
    );
  }
  for (let d = 0; d < dims.length; d++) {
    const expected = spec.shape[d];
    if (expected !== -1 && dims[d] !== expected) {
      throw new InvalidRequestError(
        `${where}: shape ${shapeText()} does not match the model's ${spec.shapeText} (dimension ${d} must be ${expected})`,
      );
    }
  }
  if (spec.batched && dims[0] > limits.maxBatchSize) {
    throw new InvalidRequestError(
      `${where}: batch size ${dims[0]} (dimension 0 of shape ${shapeText()}) exceeds the limit of ${limits.maxBatchSize}`,
    );
  }
  return dims;
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
      throw new InvalidRequestError(
        `input "${spec.name}": dimension ${d} ("${name}") is ${shape[d]} but input "${previous.input}" gives it ${previous.value}`,
      );
    }
  }
  return bound;
}

function encodeData(spec: TensorSpec, shape: readonly number[], data: unknown): Tensor['data'] {
  const where = `input "${spec.name}"`;
  if (!Array.isArray(data)) {
    throw new InvalidRequestError(`${where}: data must be an array, got ${kind(data)}`);
  }
  let expected = 1;
  for (const d of shape) {
    expected *= d;
  }
  // The protocol sends row-major flat data; nested arrays are accepted when they nest exactly like the shape.
  const values = data.length > 0 && Array.isArray(data[0]) ? flattenNested(where, shape, data) : data;
  if (values.length !== expected) {
    throw new InvalidRequestError(
      `${where}: data has ${values.length} elements but shape [${shape.join(',')}] needs ${expected}`,
    );
  }
  const { data: encoded, badIndex } = spec.datatype.encode(values, expected);
  if (badIndex !== -1) {
    throw new InvalidRequestError(
      `${where}: data[${badIndex}] is ${preview(values[badIndex])}, expected ${spec.datatype.expected} (${spec.datatype.v2})`,
    );
  }
  return encoded;
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
        throw new InvalidRequestError(
          `${where}: data${indexPath(shape, d, i)} is ${kind(item)}, but shape ${shapeText} needs arrays nested ` +
            `${shape.length} deep (or flat data)`,
        );
      }
      if (item.length !== shape[d]) {
        throw new InvalidRequestError(
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
      throw new InvalidRequestError(
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

function requestedOutputs(outputs: unknown, model: LoadedModel): string[] {
  if (!Array.isArray(outputs)) {
    throw new InvalidRequestError(
      `"outputs" must be an array of {"name": ...} objects, got ${kind(outputs)}`,
    );
  }
  if (outputs.length === 0) {
    return model.outputNames.slice();
  }
  const names: string[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const output: unknown = outputs[i];
    if (!isObject(output) || typeof output.name !== 'string') {
      throw new InvalidRequestError(`outputs[${i}] must be an object with a string "name"`);
    }
    if (!model.outputsByName.has(output.name)) {
      throw new InvalidRequestError(
        `unknown output ${JSON.stringify(output.name)}; the model's outputs are ${nameList(model.outputs)}`,
      );
    }
    if (names.includes(output.name)) {
      throw new InvalidRequestError(`output "${output.name}" is requested more than once`);
    }
    names.push(output.name);
  }
  return names;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${preview(value)}`;
}

/** A value for messages. Nested arrays and objects are described, never serialised: their depth is the caller's. */
function preview(value: unknown): string {
  if (Array.isArray(value)) {
    const flat = value.length <= 8 && value.every((v) => typeof v !== 'object' || v === null);
    if (!flat) return `an array of ${value.length}`;
  } else if (typeof value === 'object' && value !== null) {
    return 'an object';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function nameList(specs: readonly TensorSpec[]): string {
  return specs.map((s) => `"${s.name}"`).join(', ');
}
