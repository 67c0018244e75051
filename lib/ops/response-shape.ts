/**
 * Whether an answer is a v2 infer response, by the check the pre-traffic hook applies too
 * (contract/infer-response.ts): what verify accepts after a deploy, the hook accepts before traffic moves.
 */
import {
  inferResponseProblems,
  summarizeOutputs,
  type ExpectedModel,
  type OutputSummary,
} from '../../contract/infer-response';

export type { OutputSummary };

type ShapeCheck =
  | { readonly ok: true; readonly outputs: readonly OutputSummary[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The answer checked as the hook checks it, `model_name` and `model_version` included when expected. */
export function checkInferResponse(answer: unknown, expected: ExpectedModel = {}): ShapeCheck {
  const problems = inferResponseProblems(answer, expected);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, outputs: summarizeOutputs(answer) };
}

/** `label [2] INT64, probabilities [2,3] FP32` */
export function describeOutputs(outputs: readonly OutputSummary[]): string {
  return outputs.map((o) => `${o.name} [${o.shape.join(',')}] ${o.datatype}`).join(', ');
}
