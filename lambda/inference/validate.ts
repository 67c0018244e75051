import { Tensor } from 'onnxruntime-node';
import {
  checkInferRequest,
  InferRequestError,
  type CheckedInferRequest,
  type RequestLimits,
} from '../../contract/infer-request';
import { InvalidRequestError } from './errors';
import type { LoadedModel } from './model-session';

/** A request that passed validation, ready for `session.run`. */
interface ValidatedInferRequest {
  readonly id?: string;
  readonly feeds: Record<string, Tensor>;
  /** Outputs to fetch and answer with, in answer order. */
  readonly outputNames: readonly string[];
  /** First dimension of the first batched input (1 when the model has no batch dimension). */
  readonly batchSize: number;
}

type ValidationLimits = RequestLimits;

/**
 * Check a parsed v2 infer request against the model's declared inputs and outputs (contract/infer-request.ts, the
 * check the config also runs on sample requests at synth) and build the feeds. Throws {@link InvalidRequestError}
 * naming the input and the expected value on the first problem.
 */
export function validateInferRequest(
  body: unknown,
  model: LoadedModel,
  limits: ValidationLimits,
): ValidatedInferRequest {
  let request: CheckedInferRequest;
  try {
    request = checkInferRequest(body, model, limits);
  } catch (error) {
    throw error instanceof InferRequestError ? new InvalidRequestError(error.message) : error;
  }
  const feeds: Record<string, Tensor> = {};
  for (const input of request.inputs) {
    feeds[input.spec.name] = new Tensor(input.spec.datatype.ort, input.data, input.shape);
  }
  return {
    id: request.id,
    feeds,
    outputNames: request.outputNames,
    batchSize: request.batchSize,
  };
}
