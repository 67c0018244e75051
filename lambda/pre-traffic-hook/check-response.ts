/**
 * Checks that a function's answer is a well-formed Open Inference Protocol (v2) infer response:
 * named outputs with known datatypes, shapes of non-negative integers, and data whose length and element
 * types agree with the shape and datatype.
 */

/** What the answer must say about the model, when known. */
export interface ExpectedModel {
  /** The model name the answer must carry in `model_name`. @default any */
  readonly name?: string;
  /** The version the answer must carry in `model_version`. @default any */
  readonly version?: string;
}

const NUMERIC = new Set([
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
]);
const DATATYPES = [...NUMERIC, 'BOOL', 'BYTES'];

/** Every problem with the answer, in reading order; an empty list means the answer is valid. */
export function inferResponseProblems(answer: unknown, expected: ExpectedModel = {}): string[] {
  if (!isObject(answer)) return [`the answer is ${kind(answer)}, not a v2 infer response object`];
  if (typeof answer.statusCode === 'number') {
    return [`the model answered ${answer.statusCode}: ${JSON.stringify(answer.error ?? answer)}`];
  }
  const problems: string[] = [];
  problems.push(...identityProblems(answer, 'model_name', expected.name));
  problems.push(...identityProblems(answer, 'model_version', expected.version));
  const { outputs } = answer;
  if (!Array.isArray(outputs) || outputs.length === 0) {
    problems.push(`"outputs" must be a non-empty array, got ${kind(outputs)}`);
    return problems;
  }
  const names = new Set<string>();
  outputs.forEach((output: unknown, i: number) => {
    problems.push(...outputProblems(output, `outputs[${i}]`, names));
  });
  return problems;
}

function identityProblems(answer: Record<string, unknown>, field: string, expected?: string): string[] {
  const value = answer[field];
  if (value === undefined && expected === undefined) return [];
  if (typeof value !== 'string') return [`"${field}" must be a string, got ${kind(value)}`];
  if (expected !== undefined && value !== expected) {
    return [`"${field}" is ${JSON.stringify(value)}, expected ${JSON.stringify(expected)}`];
  }
  return [];
}

function outputProblems(output: unknown, where: string, names: Set<string>): string[] {
  if (!isObject(output)) return [`${where} must be an object, got ${kind(output)}`];
  const problems: string[] = [];
  const { name, datatype, shape, data } = output;
  if (typeof name !== 'string' || name === '') {
    problems.push(`${where}.name must be a non-empty string, got ${kind(name)}`);
  } else if (names.has(name)) {
    problems.push(`${where}.name ${JSON.stringify(name)} appears more than once`);
  } else {
    names.add(name);
  }
  const label = typeof name === 'string' && name !== '' ? `output "${name}"` : where;
  if (typeof datatype !== 'string' || !DATATYPES.includes(datatype)) {
    problems.push(`${label}: datatype ${kind(datatype)} is not one of ${DATATYPES.join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    problems.push(`${label}: shape must be an array of non-negative integers, got ${kind(shape)}`);
  }
  if (!Array.isArray(data)) {
    problems.push(`${label}: data must be an array, got ${kind(data)}`);
    return problems;
  }
  if (Array.isArray(shape) && problems.length === 0) {
    const expected = (shape as number[]).reduce((product, d) => product * d, 1);
    if (data.length !== expected) {
      problems.push(
        `${label}: data has ${data.length} elements but shape [${shape.join(',')}] needs ${expected}`,
      );
    }
  }
  if (typeof datatype === 'string' && DATATYPES.includes(datatype)) {
    const bad = data.findIndex((value) => !fits(datatype, value));
    if (bad !== -1) problems.push(`${label}: data[${bad}] is ${kind(data[bad])}, not a ${datatype} value`);
  }
  return problems;
}

function fits(datatype: string, value: unknown): boolean {
  if (datatype === 'BOOL') return typeof value === 'boolean';
  if (datatype === 'BYTES') return typeof value === 'string';
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}
