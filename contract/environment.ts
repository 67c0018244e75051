/**
 * Names of the environment variables the constructs set on the deployed functions and the functions read at
 * initialisation. The constructs write them (lib/constructs/lambda/), the functions read them (lambda/); both
 * import them from here, so a rename on one side cannot leave the other reading a variable nobody sets.
 * Imports nothing.
 */

/** What LambdaInference sets on the inference function and lambda/inference/config.ts reads. */
export const INFERENCE_ENV = {
  /** Name the model is served under (`/v2/models/{name}`); also the metrics `service` dimension. */
  modelName: 'MODEL_NAME',
  /** Version the model is served under (`model_version` of every answer). */
  modelVersion: 'MODEL_VERSION',
  /** `s3://bucket/key` of the ONNX file, downloaded on a cold start. */
  modelS3Uri: 'MODEL_S3_URI',
  /** Expected SHA-256 (hex) of the model; a download with another digest is refused. */
  modelSha256: 'MODEL_SHA256',
  /** A local model file instead of an S3 object (tests, local serving). Not set by the construct. */
  modelPath: 'MODEL_PATH',
  /** Directory the downloaded model is cached in. Not set by the construct: `/tmp`. */
  modelCacheDir: 'MODEL_CACHE_DIR',
  /** `true` to address the bucket in the path (S3-compatible servers). Not set by the construct. */
  modelS3ForcePathStyle: 'MODEL_S3_FORCE_PATH_STYLE',
  /** Largest first dimension of inputs whose first dimension is dynamic. */
  maxBatchSize: 'MAX_BATCH_SIZE',
  /** Largest accepted HTTP request body in bytes. Not set by the construct. */
  maxRequestBytes: 'MAX_REQUEST_BYTES',
  /** ONNX Runtime intra-op thread count. */
  ortIntraOpThreads: 'ORT_INTRA_OP_THREADS',
  /** CloudWatch namespace of the handler's own metrics. */
  metricsNamespace: 'METRICS_NAMESPACE',
  /** Percentage (0–100) of answers written as capture records on stdout; 0 or unset captures nothing. */
  captureSamplingPercent: 'CAPTURE_SAMPLING_PERCENT',
} as const;

/**
 * Variables of Powertools for AWS Lambda that LambdaInference (and `npm run serve`) set for the inference function's
 * logger and metrics ("Environment variables", Powertools for AWS Lambda (TypeScript),
 * https://docs.aws.amazon.com/powertools/typescript/latest/environment-variables).
 */
export const POWERTOOLS_ENV = {
  /** Service name of logs and the `service` dimension of metrics. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** Namespace of the metrics. */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** `true` stops metrics being written to stdout (local serving). */
  metricsDisabled: 'POWERTOOLS_METRICS_DISABLED',
} as const;

/** What PreTrafficHook sets on the hook function and lambda/pre-traffic-hook/config.ts reads. */
export const PRE_TRAFFIC_HOOK_ENV = {
  /** ARN of the function version to test. */
  targetVersionArn: 'TARGET_VERSION_ARN',
  /** The v2 infer request to send, as compact JSON (see sample-request.ts for its size limit). */
  sampleRequest: 'SAMPLE_REQUEST',
  /** The `model_name` the answer must carry; optional. */
  expectedModelName: 'EXPECTED_MODEL_NAME',
  /** The `model_version` the answer must carry; optional. */
  expectedModelVersion: 'EXPECTED_MODEL_VERSION',
} as const;
