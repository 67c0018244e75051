import { Duration, Token } from 'aws-cdk-lib';
import { PropProblem } from '../errors/validation';
import { isBurstable, lacksDeploymentGuardrails } from './instance-types';
import { SAGEMAKER_NAME_MAX_LENGTH, SAGEMAKER_NAME_PATTERN } from '../../../contract/names';
import { SAGEMAKER_INSTANCE_TYPE_PATTERN } from '../private/patterns';

/** A real-time variant on dedicated instances. */
export interface InstanceVariant {
  /** e.g. `ml.m5.large`. */
  readonly instanceType: string;
  /** Instances when the variant is created (autoscaling takes over after that). */
  readonly initialInstanceCount: number;
  /** ML storage volume per instance, 1–512 GB ("ProductionVariant", SageMaker API Reference). @default SageMaker's default for the instance type */
  readonly volumeSizeGb?: number;
  /** Time allowed to download the model, 60 s–1 h. @default SageMaker's default */
  readonly modelDataDownloadTimeout?: Duration;
  /** Time allowed for the container to pass its health check, 60 s–1 h. @default SageMaker's default */
  readonly containerStartupHealthCheckTimeout?: Duration;
  /** How requests are spread over instances. @default RANDOM */
  readonly routingStrategy?: 'LEAST_OUTSTANDING_REQUESTS' | 'RANDOM';
}

/** A serverless variant. */
export interface ServerlessVariant {
  /** 1024–6144 MB in steps of 1024 ("ProductionVariantServerlessConfig", SageMaker API Reference). */
  readonly memorySizeMb: number;
  /** 1–200 ("ProductionVariantServerlessConfig"). */
  readonly maxConcurrency: number;
  /** Pre-warmed concurrency, ≤ maxConcurrency. @default none */
  readonly provisionedConcurrency?: number;
}

/** The endpoint props the rules read; SageMakerEndpointProps has all of them. */
interface EndpointRuleInput {
  readonly endpointName: string;
  readonly instance?: InstanceVariant;
  readonly serverless?: ServerlessVariant;
  readonly vpc?: unknown;
  readonly networkIsolation?: boolean;
  readonly dataCapture?: { readonly samplingPercent?: number };
  readonly volumeEncryptionKey?: unknown;
  readonly autoScaling?: unknown;
  readonly rollout?: { readonly strategy?: string; readonly autoRollback?: boolean };
}

/** Every rule the endpoint's props break, keyed by the prop to blame. */
export function endpointProblems(props: EndpointRuleInput, imageFitsServerless: boolean): PropProblem[] {
  const problems: PropProblem[] = [];
  const name = props.endpointName;
  if (
    !Token.isUnresolved(name) &&
    !(name.length <= SAGEMAKER_NAME_MAX_LENGTH && SAGEMAKER_NAME_PATTERN.test(name))
  ) {
    problems.push({
      field: 'endpointName',
      value: JSON.stringify(name),
      message: `is ${name.length} characters; SageMaker allows 1–63 letters, digits and hyphens, starting and ending with a letter or digit`,
    });
  }
  if ((props.instance === undefined) === (props.serverless === undefined)) {
    problems.push({ field: 'instance', message: 'and serverless: set exactly one of them' });
    return problems;
  }
  if (props.serverless) problems.push(...serverlessProblems(props, props.serverless, imageFitsServerless));
  if (props.instance) problems.push(...instanceProblems(props, props.instance));
  return problems;
}

/**
 * Serverless endpoints: "ProductionVariantServerlessConfig" (SageMaker API Reference) and the feature exclusions of
 * "Deploy models with Amazon SageMaker Serverless Inference" (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html).
 */
function serverlessProblems(
  props: EndpointRuleInput,
  variant: ServerlessVariant,
  imageFits: boolean,
): PropProblem[] {
  const problems: PropProblem[] = [];
  const { memorySizeMb, maxConcurrency, provisionedConcurrency } = variant;
  if (!(memorySizeMb >= 1024 && memorySizeMb <= 6144 && memorySizeMb % 1024 === 0)) {
    problems.push({
      field: 'serverless.memorySizeMb',
      value: String(memorySizeMb),
      message: 'must be 1024, 2048, 3072, 4096, 5120 or 6144',
    });
  }
  if (!(Number.isInteger(maxConcurrency) && maxConcurrency >= 1 && maxConcurrency <= 200)) {
    problems.push({
      field: 'serverless.maxConcurrency',
      value: String(maxConcurrency),
      message: 'must be a whole number from 1 to 200',
    });
  }
  if (provisionedConcurrency !== undefined && provisionedConcurrency > maxConcurrency) {
    problems.push({
      field: 'serverless.provisionedConcurrency',
      value: String(provisionedConcurrency),
      message: `must be <= {serverless.maxConcurrency} (${maxConcurrency})`,
    });
  }
  const unavailable = 'is not available on serverless endpoints; use an instance variant';
  if (!imageFits) {
    problems.push({
      field: 'serverless',
      message:
        'endpoints cannot run the NVIDIA Triton image ({image}): it is larger than the 10 GB serverless image limit; use an instance variant (e.g. ml.t2.medium for a cheap environment) or an ECR image under 10 GB',
    });
  }
  if (props.vpc) problems.push({ field: 'vpc', message: unavailable, related: ['serverless'] });
  if (props.networkIsolation) {
    problems.push({
      field: 'networkIsolation',
      value: 'true',
      message: unavailable,
      related: ['serverless'],
    });
  }
  if (props.dataCapture)
    problems.push({ field: 'dataCapture', message: unavailable, related: ['serverless'] });
  if (props.volumeEncryptionKey) {
    problems.push({
      field: 'volumeEncryptionKey',
      message: 'has nothing to encrypt: serverless endpoints have no ML storage volume',
      related: ['serverless'],
    });
  }
  return problems;
}

function instanceProblems(props: EndpointRuleInput, variant: InstanceVariant): PropProblem[] {
  const problems: PropProblem[] = [];
  const type = variant.instanceType;
  if (!SAGEMAKER_INSTANCE_TYPE_PATTERN.test(type)) {
    problems.push({
      field: 'instance.instanceType',
      value: JSON.stringify(type),
      message: 'must look like ml.<family>.<size>',
    });
  }
  const count = variant.initialInstanceCount;
  if (!(Number.isInteger(count) && count >= 1)) {
    problems.push({
      field: 'instance.initialInstanceCount',
      value: String(count),
      message: 'must be a whole number >= 1',
    });
  }
  // VolumeSizeInGB 1–512; ModelDataDownloadTimeoutInSeconds and ContainerStartupHealthCheckTimeoutInSeconds 60–3600
  // ("ProductionVariant", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html).
  const volume = variant.volumeSizeGb;
  if (volume !== undefined && !(volume >= 1 && volume <= 512)) {
    problems.push({
      field: 'instance.volumeSizeGb',
      value: String(volume),
      message: 'must be between 1 and 512',
    });
  }
  for (const [name, timeout] of [
    ['modelDataDownloadTimeout', variant.modelDataDownloadTimeout],
    ['containerStartupHealthCheckTimeout', variant.containerStartupHealthCheckTimeout],
  ] as const) {
    const seconds = timeout?.toSeconds();
    if (seconds !== undefined && (seconds < 60 || seconds > 3600)) {
      problems.push({
        field: `instance.${name}`,
        value: `${seconds}s`,
        message: 'must be between 60 and 3600 seconds',
      });
    }
  }
  // "Automatic scaling of Amazon SageMaker AI models" (SageMaker AI Developer Guide): burstable instances cannot be autoscaled.
  if (props.autoScaling && isBurstable(type)) {
    problems.push({
      field: 'autoScaling',
      message: `is not supported on burstable instance type ${type} ({instance.instanceType}); use another instance family or no autoscaling`,
    });
  }
  const guarded =
    (props.rollout?.strategy ?? 'allAtOnce') !== 'allAtOnce' || (props.rollout?.autoRollback ?? true);
  if (guarded && lacksDeploymentGuardrails(type)) {
    problems.push({
      field: 'instance.instanceType',
      value: JSON.stringify(type),
      message:
        'endpoints get no deployment guardrails (SageMaker falls back to all at once without rollback); set {rollout.strategy} allAtOnce and {rollout.autoRollback} false',
    });
  }
  // InitialSamplingPercentage is a percentage, 0–100 ("DataCaptureConfig", Amazon SageMaker API Reference).
  const capture = props.dataCapture?.samplingPercent;
  if (capture !== undefined && !(capture >= 0 && capture <= 100)) {
    problems.push({
      field: 'dataCapture.samplingPercent',
      value: String(capture),
      message: 'must be between 0 and 100',
    });
  }
  return problems;
}
