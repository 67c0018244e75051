import { Duration, Size, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { ConstructValidationError, PropProblem } from '../errors/validation';
import { INFERENCE_ENV, POWERTOOLS_ENV } from '../../../contract/environment';
import { IModelArtifact } from '../storage/artifact-ref';
import { INFERENCE_MODEL_NAME_PATTERN } from '../../../contract/names';

/** Checks of LambdaInference's settings and the function environment built from them; no resources here. */

/** A Function URL on the live alias. */
export interface FunctionUrlOptions {
  /** Who may call the URL. @default FunctionUrlAuthType.AWS_IAM */
  readonly authType?: lambda.FunctionUrlAuthType;
  /** Must be true for `authType: NONE`, which lets anyone on the internet call the model. @default false */
  readonly allowPublic?: boolean;
}

/** Every rule the model artifact breaks for the Lambda runtime, keyed by the prop to blame. */
export function inferenceModelProblems(model: {
  readonly s3Uri: string;
  readonly isDirectory: boolean;
  readonly sha256?: string;
}): PropProblem[] {
  if (model.isDirectory) {
    return [
      {
        field: 'model',
        value: model.s3Uri,
        message:
          'is a folder; the Lambda runtime serves a single ONNX file: point the artifact at the .onnx file',
      },
    ];
  }
  if (model.sha256 === undefined) {
    return [
      {
        field: 'model.sha256',
        message: "is required: the function refuses a model it cannot verify, so give the artifact's SHA-256",
      },
    ];
  }
  return [];
}

/**
 * A Function URL without authentication must be asked for on purpose: with AuthType NONE Lambda authenticates nobody
 * ("Control access to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
 */
export function functionUrlProblems(options: FunctionUrlOptions): PropProblem[] {
  if (options.authType !== lambda.FunctionUrlAuthType.NONE || options.allowPublic === true) return [];
  return [
    {
      field: 'functionUrl.authType',
      value: '"NONE"',
      message:
        'lets anyone on the internet call the model; set {functionUrl.allowPublic} to true to mean it, or use AWS_IAM',
    },
  ];
}

/**
 * Lambda runs arm64 and x86_64 ("Selecting and configuring an instruction set architecture for your Lambda
 * function", https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html), and the bundle ships ONNX
 * Runtime's Linux library for those two only: an `Architecture.custom(…)` has no bundle.
 */
export function architectureProblems(architecture: lambda.Architecture): PropProblem[] {
  const supported = [lambda.Architecture.ARM_64.name, lambda.Architecture.X86_64.name];
  if (supported.includes(architecture.name)) return [];
  return [
    {
      field: 'architecture',
      value: `"${architecture.name}"`,
      message: 'is not an architecture Lambda runs; use Architecture.ARM_64 or Architecture.X86_64',
    },
  ];
}

/** Lambda's ephemeral storage limits, in MiB ("EphemeralStorage", https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html). */
const MIN_EPHEMERAL_MIB = 512;
const MAX_EPHEMERAL_MIB = 10240;

/**
 * `/tmp` for a model of a given size: the model once (it is downloaded beside a partial file that is renamed
 * into place) plus 20 % and 256 MiB of headroom, at least Lambda's default 512 MiB.
 */
export function ephemeralStorageFor(modelBytes: number | undefined, scope: IConstruct): Size {
  if (modelBytes === undefined) return Size.mebibytes(MIN_EPHEMERAL_MIB);
  const needed = Math.ceil((modelBytes * 1.2) / 1024 ** 2) + 256;
  if (needed > MAX_EPHEMERAL_MIB) {
    throw new ConstructValidationError(
      `${where(scope)}: the model is ${Math.ceil(modelBytes / 1024 ** 2)} MiB; with headroom it needs ${needed} MiB of /tmp, more than Lambda's ${MAX_EPHEMERAL_MIB} MiB`,
      scope,
    );
  }
  return Size.mebibytes(Math.max(MIN_EPHEMERAL_MIB, needed));
}

/** The function's settings with every default applied. */
export interface FunctionSettings {
  readonly modelName: string;
  readonly modelVersion: string;
  readonly memorySize: Size;
  readonly timeout: Duration;
  readonly maxBatchSize: number;
  readonly intraOpThreads: number;
  readonly metricsNamespace: string;
  /** Percentage of answers written as capture records; none when absent or 0. */
  readonly captureSamplingPercent?: number;
  readonly extraEnvironment?: Readonly<Record<string, string>>;
}

/**
 * The environment the handler reads its configuration from (lambda/inference/config.ts, names in
 * contract/environment.ts). `environment` may add variables but not replace these.
 */
export function functionEnvironment(
  model: IModelArtifact & { readonly sha256: string },
  settings: FunctionSettings,
  scope: IConstruct,
): Record<string, string> {
  const own: Record<string, string> = {
    [INFERENCE_ENV.modelName]: settings.modelName,
    [INFERENCE_ENV.modelVersion]: settings.modelVersion,
    [INFERENCE_ENV.modelS3Uri]: model.s3Uri,
    [INFERENCE_ENV.modelSha256]: model.sha256,
    [INFERENCE_ENV.maxBatchSize]: String(settings.maxBatchSize),
    [INFERENCE_ENV.ortIntraOpThreads]: String(settings.intraOpThreads),
    [INFERENCE_ENV.metricsNamespace]: settings.metricsNamespace,
    [POWERTOOLS_ENV.serviceName]: settings.modelName,
    [POWERTOOLS_ENV.metricsNamespace]: settings.metricsNamespace,
    ...(settings.captureSamplingPercent
      ? { [INFERENCE_ENV.captureSamplingPercent]: String(settings.captureSamplingPercent) }
      : {}),
  };
  const reserved = Object.keys(own);
  const clashes = Object.keys(settings.extraEnvironment ?? {}).filter((name) => reserved.includes(name));
  if (clashes.length > 0) {
    throw new ConstructValidationError(
      `${where(scope)}: environment may not set ${clashes.join(', ')}; use the matching props instead`,
      scope,
    );
  }
  return { ...settings.extraEnvironment, ...own };
}

/**
 * Throws on settings Lambda or the handler would refuse (unresolved tokens are skipped); returns warnings for
 * allowed but doubtful ones.
 */
export function checkFunctionSettings(
  settings: FunctionSettings,
  modelBytes: number | undefined,
  scope: IConstruct,
): string[] {
  const fail = (message: string): never => {
    throw new ConstructValidationError(`${where(scope)}: ${message}`, scope);
  };
  const known = (value: unknown) => !Token.isUnresolved(value);
  const { modelName, maxBatchSize, intraOpThreads, timeout } = settings;
  if (known(modelName) && !INFERENCE_MODEL_NAME_PATTERN.test(modelName)) {
    fail(`modelName ${JSON.stringify(modelName)} must match ${INFERENCE_MODEL_NAME_PATTERN.source}`);
  }
  // Memory 128–10,240 MB and timeout up to 900 s ("Lambda quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
  const mib = settings.memorySize.toMebibytes();
  if (known(mib) && (!Number.isInteger(mib) || mib < 128 || mib > 10240)) {
    fail(`memorySize (${mib} MiB) must be a whole number of MiB from 128 to 10240`);
  }
  const seconds = timeout.toSeconds({ integral: false });
  if (known(seconds) && (seconds < 1 || seconds > 900)) {
    fail(`timeout (${timeout.toHumanString()}) must be from 1 second to 15 minutes`);
  }
  if (known(maxBatchSize) && (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)) {
    fail(`maxBatchSize (${maxBatchSize}) must be a positive integer`);
  }
  if (
    known(intraOpThreads) &&
    (!Number.isInteger(intraOpThreads) || intraOpThreads < 1 || intraOpThreads > 16)
  ) {
    fail(`intraOpThreads (${intraOpThreads}) must be a whole number from 1 to 16`);
  }
  if (modelBytes !== undefined && known(mib) && mib < Math.ceil((2 * modelBytes) / 1024 ** 2) + 256) {
    return [
      `memorySize ${mib} MiB may not hold ONNX Runtime with a ${Math.ceil(modelBytes / 1024 ** 2)} MiB model; allow about twice the model plus 256 MiB`,
    ];
  }
  return [];
}

/** How messages name the construct: `LambdaInference <path>`. */
function where(scope: IConstruct): string {
  return `LambdaInference ${scope.node.path}`;
}

/**
 * Lambda allocates the CPU time of one vCPU at 1,769 MB, in proportion below and above ("Configure Lambda function
 * memory", https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
const MIB_PER_VCPU = 1769;

/** One ONNX Runtime thread per whole vCPU of CPU time at a memory size, at least 1. */
export function defaultIntraOpThreads(memorySize: Size): number {
  return Math.max(1, Math.floor(memorySize.toMebibytes() / MIB_PER_VCPU));
}
