import { Duration, Token } from 'aws-cdk-lib';
import type { SageMakerEndpointProps } from './endpoint';
import { isBurstable, lacksDeploymentGuardrails } from './instance-types';

/** A real-time variant on dedicated instances. */
export interface InstanceVariant {
  /** e.g. `ml.m5.large`. */
  readonly instanceType: string;
  /** Instances when the variant is created (autoscaling takes over after that). */
  readonly initialInstanceCount: number;
  /** ML storage volume per instance, 1–512 GB. @default SageMaker's default for the instance type */
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
  /** 1024–6144 MB in steps of 1024. */
  readonly memorySizeMb: number;
  /** 1–200. */
  readonly maxConcurrency: number;
  /** Pre-warmed concurrency, ≤ maxConcurrency. @default none */
  readonly provisionedConcurrency?: number;
}

/** SageMaker's endpoint name pattern. */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Every rule the endpoint's props break, as messages naming the prop, the value and what is allowed. */
export function endpointProblems(props: SageMakerEndpointProps, imageFitsServerless: boolean): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.endpointName) && !ENDPOINT_NAME.test(props.endpointName)) {
    problems.push(
      `endpointName ${JSON.stringify(props.endpointName)} must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  }
  if ((props.instance === undefined) === (props.serverless === undefined)) {
    problems.push('set exactly one of instance and serverless');
    return problems;
  }
  if (props.serverless) problems.push(...serverlessProblems(props, props.serverless, imageFitsServerless));
  if (props.instance) problems.push(...instanceProblems(props, props.instance));
  return problems;
}

function serverlessProblems(
  props: SageMakerEndpointProps,
  variant: ServerlessVariant,
  imageFits: boolean,
): string[] {
  const problems: string[] = [];
  const { memorySizeMb, maxConcurrency, provisionedConcurrency } = variant;
  if (!(memorySizeMb >= 1024 && memorySizeMb <= 6144 && memorySizeMb % 1024 === 0)) {
    problems.push(`serverless.memorySizeMb ${memorySizeMb} must be 1024, 2048, 3072, 4096, 5120 or 6144`);
  }
  if (!(Number.isInteger(maxConcurrency) && maxConcurrency >= 1 && maxConcurrency <= 200)) {
    problems.push(`serverless.maxConcurrency ${maxConcurrency} must be a whole number from 1 to 200`);
  }
  if (provisionedConcurrency !== undefined && provisionedConcurrency > maxConcurrency) {
    problems.push(
      `serverless.provisionedConcurrency ${provisionedConcurrency} must be <= maxConcurrency ${maxConcurrency}`,
    );
  }
  if (!imageFits) {
    problems.push(
      'the container image is larger than the 10 GB serverless limit (NVIDIA Triton images are); use an instance variant',
    );
  }
  if (props.vpc) problems.push('serverless endpoints cannot run in a VPC');
  if (props.networkIsolation) problems.push('serverless endpoints do not support network isolation');
  if (props.dataCapture) problems.push('serverless endpoints do not support data capture');
  if (props.volumeEncryptionKey) problems.push('serverless endpoints have no ML storage volume to encrypt');
  return problems;
}

function instanceProblems(props: SageMakerEndpointProps, variant: InstanceVariant): string[] {
  const problems: string[] = [];
  if (!/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(variant.instanceType)) {
    problems.push(
      `instance.instanceType ${JSON.stringify(variant.instanceType)} must look like ml.<family>.<size>`,
    );
  }
  if (!(Number.isInteger(variant.initialInstanceCount) && variant.initialInstanceCount >= 1)) {
    problems.push(
      `instance.initialInstanceCount ${variant.initialInstanceCount} must be a whole number >= 1`,
    );
  }
  if (variant.volumeSizeGb !== undefined && !(variant.volumeSizeGb >= 1 && variant.volumeSizeGb <= 512)) {
    problems.push(`instance.volumeSizeGb ${variant.volumeSizeGb} must be between 1 and 512`);
  }
  for (const [name, timeout] of [
    ['modelDataDownloadTimeout', variant.modelDataDownloadTimeout],
    ['containerStartupHealthCheckTimeout', variant.containerStartupHealthCheckTimeout],
  ] as const) {
    const seconds = timeout?.toSeconds();
    if (seconds !== undefined && (seconds < 60 || seconds > 3600)) {
      problems.push(`instance.${name} ${seconds}s must be between 60 and 3600 seconds`);
    }
  }
  if (props.autoScaling && isBurstable(variant.instanceType)) {
    problems.push(`autoScaling is not supported on burstable instance type ${variant.instanceType}`);
  }
  const guarded = (props.rollout?.strategy ?? 'allAtOnce') !== 'allAtOnce' || (props.autoRollback ?? true);
  if (guarded && lacksDeploymentGuardrails(variant.instanceType)) {
    problems.push(
      `${variant.instanceType} endpoints get no deployment guardrails (SageMaker falls back to all at once without rollback); set rollout allAtOnce and autoRollback false`,
    );
  }
  const capture = props.dataCapture?.samplingPercent;
  if (capture !== undefined && !(capture >= 0 && capture <= 100)) {
    problems.push(`dataCapture.samplingPercent ${capture} must be between 0 and 100`);
  }
  return problems;
}
