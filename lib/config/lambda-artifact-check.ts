/**
 * What the deploy would refuse, found at synth: a Lambda model's artifact must be one ONNX file that ONNX Runtime
 * opens and the runtime can serve, and a sample request must be a v2 infer request the receiver accepts: for a
 * Lambda model, small enough for the pre-traffic hook and accepted by the model, judged by the very check the
 * function runs (contract/infer-request.ts); for a SageMaker model, well-formed (`mldeploy verify` sends it).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  checkInferRequest,
  checkInferRequestStructure,
  InferRequestError,
} from '../../contract/infer-request';
import { modelContract, ModelContractError, type ModelContract } from '../../contract/model-contract';
import { MAX_SAMPLE_REQUEST_BYTES } from '../../contract/sample-request';
import { ConfigIssue, describeValue } from './errors';
import { ConfigPath, isPlainObject, MergedSettings, originOf } from './merge';
import { onnxMetadata } from './onnx-metadata';
import { chatSampleProblem } from './chat-sample';

/** Issues of one model in one environment: its Lambda artifact and its sample request. */
export function lambdaArtifactIssues(
  settings: MergedSettings,
  target: unknown,
  baseDir: string,
): ConfigIssue[] {
  if (target !== 'lambda' && target !== 'sagemaker') return [];
  const issues: ConfigIssue[] = [];
  const artifact = target === 'lambda' ? lambdaArtifact(settings, baseDir, issues) : undefined;
  const section = settings.value[target];
  const sample = isPlainObject(section) ? section.sampleRequest : undefined;
  if (typeof sample !== 'string') return issues;
  const where = fieldOf(settings, [target, 'sampleRequest']);
  const file = path.resolve(baseDir, sample);
  // A missing file is reported by the loader's own path check.
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return issues;
  const problem =
    target === 'lambda'
      ? lambdaSampleProblem(file, artifact, maxBatchSize(settings))
      : isPlainObject(section) && section.llm !== undefined
        ? chatProblem(readJson(file))
        : structureProblem(readJson(file));
  if (problem !== undefined) issues.push({ path: where, message: `${describeValue(sample)} ${problem}` });
  return issues;
}

/** The model contract of a local Lambda artifact, or undefined (remote, missing or refused: an issue says why). */
function lambdaArtifact(
  settings: MergedSettings,
  baseDir: string,
  issues: ConfigIssue[],
): { readonly file: string; readonly contract: ModelContract } | undefined {
  const artifact = settings.value.artifact;
  if (!isPlainObject(artifact) || typeof artifact.path !== 'string') return undefined;
  const file = path.resolve(baseDir, artifact.path);
  if (!fs.existsSync(file)) return undefined;
  const refuse = (message: string) => {
    issues.push({
      path: fieldOf(settings, ['artifact', 'path']),
      message: `${describeValue(artifact.path)} ${message}`,
    });
    return undefined;
  };
  // A folder breaks LambdaInference's own artifact rule, which the loader reports at this line.
  if (fs.statSync(file).isDirectory()) return undefined;
  const metadata = onnxMetadata(file);
  if (!metadata.ok) {
    return refuse(
      `is not an ONNX model that ONNX Runtime can load (${oneLine(metadata.error)}); target lambda serves a single .onnx file`,
    );
  }
  try {
    return { file, contract: modelContract(metadata.inputs, metadata.outputs) };
  } catch (error) {
    if (error instanceof ModelContractError)
      return refuse(`cannot be served by the Lambda runtime: ${error.message}`);
    throw error;
  }
}

function lambdaSampleProblem(
  file: string,
  artifact: { readonly file: string; readonly contract: ModelContract } | undefined,
  maxBatch: number,
): string | undefined {
  const read = readJson(file);
  if (!read.ok) return read.problem;
  const bytes = Buffer.byteLength(JSON.stringify(read.value), 'utf8');
  if (bytes > MAX_SAMPLE_REQUEST_BYTES) {
    return (
      `is ${bytes} bytes as compact JSON; the pre-traffic hook carries it in an environment variable, which ` +
      `allows at most ${MAX_SAMPLE_REQUEST_BYTES} bytes: send fewer rows`
    );
  }
  if (artifact === undefined) return structureProblem(read);
  try {
    checkInferRequest(read.value, artifact.contract, { maxBatchSize: maxBatch });
    return undefined;
  } catch (error) {
    if (!(error instanceof InferRequestError)) throw error;
    return `would be refused by the model (400): ${error.message}`;
  }
}

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

function readJson(file: string): Read {
  try {
    return { ok: true, value: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch (error) {
    return {
      ok: false,
      problem: `is not JSON (${oneLine((error as Error).message)}); it must be a v2 infer request`,
    };
  }
}

function structureProblem(read: Read): string | undefined {
  if (!read.ok) return read.problem;
  try {
    checkInferRequestStructure(read.value);
    return undefined;
  } catch (error) {
    if (!(error instanceof InferRequestError)) throw error;
    return `is not a v2 infer request: ${error.message}`;
  }
}

/** A model served by an LLM image is checked with a short chat prompt, not a v2 infer request. */
function chatProblem(read: Read): string | undefined {
  if (!read.ok) return read.problem.replace('a v2 infer request', 'a chat completions request');
  const problem = chatSampleProblem(read.value);
  return problem && `is not a short chat completions request: ${problem}`;
}

function maxBatchSize(settings: MergedSettings): number {
  const lambda = settings.value.lambda;
  const value = isPlainObject(lambda) ? lambda.maxBatchSize : undefined;
  return typeof value === 'number' ? value : Number.MAX_SAFE_INTEGER;
}

function fieldOf(settings: MergedSettings, field: string[]): ConfigPath {
  return originOf(settings, field) ?? field;
}

function oneLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
