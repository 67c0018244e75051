import * as os from 'node:os';
import { INFERENCE_ENV } from '../../contract/environment';
import { INFERENCE_MODEL_NAME_PATTERN, SHA256_HEX_PATTERN } from '../../contract/names';
import { ConfigurationError } from './errors';

/** Largest batch (first dimension of a batched input) accepted by default. */
const DEFAULT_MAX_BATCH_SIZE = 64;
/** Default request body limit: Lambda's 6 MiB synchronous payload limit minus 256 KiB for the event envelope. */
export const DEFAULT_MAX_REQUEST_BYTES = 6 * 1024 * 1024 - 256 * 1024;
/** Default version reported for the model. */
const DEFAULT_MODEL_VERSION = '1';

/** A model file on the local file system (tests, local serving, a model bundled with the code). */
export interface FileModelSource {
  readonly kind: 'file';
  readonly path: string;
  /** Expected SHA-256 (lower-case hex); verified before loading when present. */
  readonly sha256?: string;
}

/** A model object in S3, downloaded on cold start into a local cache directory and verified. */
export interface S3ModelSource {
  readonly kind: 's3';
  readonly uri: string;
  readonly bucket: string;
  readonly key: string;
  /** Expected SHA-256 (lower-case hex); the download is refused when it differs. */
  readonly sha256: string;
  /** Directory the verified model is cached in (Lambda: under `/tmp`). */
  readonly cacheDir: string;
  /** Address the bucket in the path rather than the host name (S3-compatible servers). */
  readonly forcePathStyle: boolean;
}

export type ModelSource = FileModelSource | S3ModelSource;

/** Everything the inference function needs to know, resolved once from its environment. */
export interface InferenceConfig {
  /** Name the model is served under (`/v2/models/{name}`); also the metrics service dimension. */
  readonly modelName: string;
  /** Version the model is served under. */
  readonly modelVersion: string;
  readonly source: ModelSource;
  /** Largest accepted batch (first dimension of inputs whose first dimension is dynamic). */
  readonly maxBatchSize: number;
  /** Largest accepted HTTP request body in bytes. */
  readonly maxRequestBytes: number;
  /** ONNX Runtime intra-op thread count; ONNX Runtime chooses when absent. */
  readonly intraOpNumThreads?: number;
  /** Percentage (0–100) of answers written as capture records; 0 captures nothing. */
  readonly captureSamplingPercent?: number;
}

const {
  modelName: MODEL_NAME,
  modelVersion: MODEL_VERSION,
  modelS3Uri: MODEL_S3_URI,
  modelSha256: MODEL_SHA256,
  modelPath: MODEL_PATH,
  modelCacheDir: MODEL_CACHE_DIR,
  modelS3ForcePathStyle: MODEL_S3_FORCE_PATH_STYLE,
  maxBatchSize: MAX_BATCH_SIZE,
  maxRequestBytes: MAX_REQUEST_BYTES,
  ortIntraOpThreads: ORT_INTRA_OP_THREADS,
  captureSamplingPercent: CAPTURE_SAMPLING_PERCENT,
} = INFERENCE_ENV;

/**
 * Read and validate the function's configuration from environment variables.
 * All problems are collected and reported together in one {@link ConfigurationError}.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): InferenceConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };

  const modelName = value(MODEL_NAME);
  if (modelName === undefined) {
    problems.push(`${MODEL_NAME} is required: the name the model is served under, e.g. "iris"`);
  } else if (!INFERENCE_MODEL_NAME_PATTERN.test(modelName)) {
    problems.push(
      `${MODEL_NAME} (${JSON.stringify(modelName)}) must match ${INFERENCE_MODEL_NAME_PATTERN.source}`,
    );
  }
  const modelVersion = value(MODEL_VERSION) ?? DEFAULT_MODEL_VERSION;
  if (!INFERENCE_MODEL_NAME_PATTERN.test(modelVersion)) {
    problems.push(
      `${MODEL_VERSION} (${JSON.stringify(modelVersion)}) must match ${INFERENCE_MODEL_NAME_PATTERN.source}`,
    );
  }

  const source = readSource(value, problems);
  const maxBatchSize = readPositiveInteger(value, MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_SIZE, problems);
  const maxRequestBytes = readPositiveInteger(value, MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, problems);
  const intraOpNumThreads = readPositiveInteger(value, ORT_INTRA_OP_THREADS, undefined, problems);
  const captureSamplingPercent = readPercent(value, CAPTURE_SAMPLING_PERCENT, problems);

  if (problems.length > 0 || modelName === undefined || source === undefined) {
    throw new ConfigurationError(problems);
  }
  return {
    modelName,
    modelVersion,
    source,
    maxBatchSize,
    maxRequestBytes,
    intraOpNumThreads,
    captureSamplingPercent,
  };
}

function readSource(
  value: (name: string) => string | undefined,
  problems: string[],
): ModelSource | undefined {
  const modelPath = value(MODEL_PATH);
  const uri = value(MODEL_S3_URI);
  const rawSha = value(MODEL_SHA256);
  let sha256: string | undefined;
  if (rawSha !== undefined) {
    if (SHA256_HEX_PATTERN.test(rawSha)) {
      sha256 = rawSha.toLowerCase();
    } else {
      problems.push(`${MODEL_SHA256} (${JSON.stringify(rawSha)}) must be 64 hexadecimal characters`);
    }
  }

  if (modelPath !== undefined && uri !== undefined) {
    problems.push(`set only one of ${MODEL_PATH} and ${MODEL_S3_URI}, not both`);
    return undefined;
  }
  if (modelPath !== undefined) {
    return { kind: 'file', path: modelPath, sha256 };
  }
  if (uri === undefined) {
    problems.push(`one of ${MODEL_S3_URI} (s3://bucket/key) or ${MODEL_PATH} (a local file) is required`);
    return undefined;
  }

  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match === null) {
    problems.push(`${MODEL_S3_URI} (${JSON.stringify(uri)}) must look like s3://bucket/key`);
  }
  if (rawSha === undefined) {
    problems.push(
      `${MODEL_SHA256} is required with ${MODEL_S3_URI}: the expected SHA-256 of the model object`,
    );
  }
  const forcePathStyle = readBoolean(value, MODEL_S3_FORCE_PATH_STYLE, false, problems);
  if (match === null || sha256 === undefined) {
    return undefined;
  }
  return {
    kind: 's3',
    uri,
    bucket: match[1],
    key: match[2],
    sha256,
    cacheDir: value(MODEL_CACHE_DIR) ?? os.tmpdir(),
    forcePathStyle,
  };
}

function readPositiveInteger<D extends number | undefined>(
  value: (name: string) => string | undefined,
  name: string,
  defaultValue: D,
  problems: string[],
): number | D {
  const raw = value(name);
  if (raw === undefined) {
    return defaultValue;
  }
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < 1) {
    problems.push(`${name} (${JSON.stringify(raw)}) must be a positive integer`);
    return defaultValue;
  }
  return parsed;
}

function readPercent(value: (name: string) => string | undefined, name: string, problems: string[]): number {
  const raw = value(name);
  if (raw === undefined) return 0;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 100) {
    problems.push(`${name} (${JSON.stringify(raw)}) must be a number from 0 to 100`);
    return 0;
  }
  return parsed;
}

function readBoolean(
  value: (name: string) => string | undefined,
  name: string,
  defaultValue: boolean,
  problems: string[],
): boolean {
  const raw = value(name)?.toLowerCase();
  if (raw === undefined) {
    return defaultValue;
  }
  if (raw !== 'true' && raw !== 'false') {
    problems.push(`${name} (${JSON.stringify(raw)}) must be "true" or "false"`);
    return defaultValue;
  }
  return raw === 'true';
}
