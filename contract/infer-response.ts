/**
 * The v2 infer answer check, one for every caller that judges an answer: the pre-traffic hook before a new Lambda
 * version takes traffic, and `mldeploy verify` after a deploy (Lambda or SageMaker). An answer is valid when it is
 * an object with a non-empty `outputs` array, each output with a unique non-empty `name`, a protocol `datatype`, a
 * `shape` of non-negative integers and `data` whose length is the product of the shape and whose elements fit the
 * datatype; `model_name` and `model_version` must equal the expected ones when given. Imports nothing but its
 * neighbours.
 */
import { kind, preview } from './describe-value';
import { PROTOCOL_DATATYPES } from './v2-datatypes';

/** What the answer must say about the model, when known. */
export interface ExpectedModel {
  /** The model name the answer must carry in `model_name`. @default any */
  readonly name?: string;
  /** The version the answer must carry in `model_version`. @default any */
  readonly version?: string;
}

/** An output of a valid answer, without its data. */
export interface OutputSummary {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
}

const DATATYPES: readonly string[] = PROTOCOL_DATATYPES;
const INTEGER_DATATYPES = new Set(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);

/** Every problem with the answer, in reading order; an empty list means the answer is valid. */
export function inferResponseProblems(answer: unknown, expected: ExpectedModel = {}): string[] {
  if (!isObject(answer)) return [`the answer is ${kind(answer)}, not a v2 infer response object`];
  if (typeof answer.statusCode === 'number') {
    const { error } = answer;
    return [
      `the model answered ${answer.statusCode}: ${typeof error === 'string' ? JSON.stringify(error) : kind(error)}`,
    ];
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

/** The outputs of an answer that {@link inferResponseProblems} found valid. */
export function summarizeOutputs(answer: unknown): OutputSummary[] {
  const outputs = (answer as { outputs: OutputSummary[] }).outputs;
  return outputs.map(({ name, shape, datatype }) => ({ name, shape, datatype }));
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
  const knownDatatype = typeof datatype === 'string' && DATATYPES.includes(datatype);
  if (!knownDatatype) {
    problems.push(`${label}: datatype ${kind(datatype)} is not one of ${DATATYPES.join(', ')}`);
  }
  const shapeOk = Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!shapeOk) {
    problems.push(
      `${label}: shape must be an array of non-negative integers, got ${shape === undefined ? 'nothing' : preview(shape)}`,
    );
  }
  if (!Array.isArray(data)) {
    problems.push(`${label}: data must be an array, got ${kind(data)}`);
    return problems;
  }
  if (shapeOk) {
    const expected = (shape as number[]).reduce((product, d) => product * d, 1);
    if (data.length !== expected) {
      problems.push(
        `${label}: data has ${data.length} elements but shape [${(shape as number[]).join(',')}] needs ${expected}`,
      );
    }
  }
  if (knownDatatype) {
    const bad = data.findIndex((value) => !fits(datatype as string, value));
    if (bad !== -1) problems.push(`${label}: data[${bad}] is ${kind(data[bad])}, not a ${datatype} value`);
  }
  return problems;
}

function fits(datatype: string, value: unknown): boolean {
  if (datatype === 'BOOL') return typeof value === 'boolean';
  if (datatype === 'BYTES') return typeof value === 'string';
  if (INTEGER_DATATYPES.has(datatype)) return Number.isInteger(value);
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
