/**
 * The shape every v2 infer answer must have, whichever runtime served it: an `outputs` array whose items
 * have a name, an integer shape, a datatype and as many data values as the shape holds.
 */

export interface OutputSummary {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
}

export type ShapeCheck =
  | { readonly ok: true; readonly outputs: readonly OutputSummary[] }
  | { readonly ok: false; readonly problems: readonly string[] };

export function checkInferResponse(answer: unknown): ShapeCheck {
  if (!isObject(answer)) return { ok: false, problems: [`the answer is ${kind(answer)}, not an object`] };
  const { outputs } = answer;
  if (!Array.isArray(outputs) || outputs.length === 0) {
    return { ok: false, problems: [`"outputs" must be a non-empty array, got ${kind(outputs)}`] };
  }
  const problems = outputs.flatMap((output: unknown, i: number) => outputProblems(output, `outputs[${i}]`));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    outputs: (outputs as OutputSummary[]).map(({ name, shape, datatype }) => ({ name, shape, datatype })),
  };
}

/** `label [2] INT64, probabilities [2,3] FP32` */
export function describeOutputs(outputs: readonly OutputSummary[]): string {
  return outputs.map((o) => `${o.name} [${o.shape.join(',')}] ${o.datatype}`).join(', ');
}

function outputProblems(output: unknown, where: string): string[] {
  if (!isObject(output)) return [`${where} must be an object, got ${kind(output)}`];
  const problems: string[] = [];
  if (typeof output.name !== 'string')
    problems.push(`${where}.name must be a string, got ${kind(output.name)}`);
  if (typeof output.datatype !== 'string') {
    problems.push(`${where}.datatype must be a string, got ${kind(output.datatype)}`);
  }
  const { shape, data } = output;
  const shapeOk = Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0);
  if (!shapeOk) problems.push(`${where}.shape must be an array of non-negative integers, got ${kind(shape)}`);
  if (!Array.isArray(data)) {
    problems.push(`${where}.data must be an array, got ${kind(data)}`);
  } else if (shapeOk) {
    const expected = (shape as number[]).reduce((product, d) => product * d, 1);
    if (data.length !== expected) {
      problems.push(
        `${where}.data has ${data.length} values; shape [${(shape as number[]).join(',')}] holds ${expected}`,
      );
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value for messages: short values as JSON, long ones by kind. */
function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length <= 40 ? text : Array.isArray(value) ? 'a long array' : `a ${typeof value}`;
}
