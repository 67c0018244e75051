import { Duration } from 'aws-cdk-lib';
import type { RollbackThresholds } from '../constructs/alarms/rollback-thresholds';
import type { EndpointAutoScaling } from '../constructs/sagemaker/autoscaling';
import type { EndpointRolloutOptions } from '../constructs/sagemaker/rollout';
import type { InstanceVariant, ServerlessVariant } from '../constructs/sagemaker/endpoint-rules';
import type { AsyncInference } from '../constructs/sagemaker/async-inference';
import type { ShadowVariant } from '../constructs/sagemaker/shadow-variant';
import type { WeightedVariant } from '../constructs/sagemaker/weighted-variants';
import type { IModelArtifact } from '../constructs/storage/artifact-ref';
import type { RolloutSettings, SageMakerSettings, ScalingSettings, WeightedVariantSettings } from './types';
import { scheduledRange } from './scheduled-range';
import { scheduleTimingOf } from './schedule-timing';

/**
 * How SageMaker settings become SageMakerEndpoint props. The app layer builds the endpoint with these, and
 * the loader runs the endpoint's rules on the same props, so a rule broken by a YAML value is reported at
 * its line before any construct exists.
 */

/** The variant: real-time instances or serverless, exactly one. */
export function endpointVariantOf(settings: SageMakerSettings): {
  readonly instance?: InstanceVariant;
  readonly serverless?: ServerlessVariant;
} {
  if (settings.variant === 'serverless') return { serverless: settings.serverless };
  return {
    instance: {
      instanceType: settings.instanceType,
      initialInstanceCount: settings.initialInstanceCount,
      volumeSizeGb: settings.volumeSizeGb,
      modelDataDownloadTimeout: seconds(settings.modelDataDownloadTimeoutSeconds),
      containerStartupHealthCheckTimeout: seconds(settings.containerStartupHealthCheckTimeoutSeconds),
      routingStrategy: settings.routingStrategy,
    },
  };
}

/** Where an asynchronous endpoint's answers go, known once the capture bucket exists. */
export interface AsyncDelivery {
  readonly outputS3Uri: string;
  readonly failureS3Uri: string;
}

/** Stand-in paths for the rules, which run before any bucket exists. */
const PATHS_CHOSEN_AT_SYNTH: AsyncDelivery = {
  outputS3Uri: 's3://capture-bucket/async/output/',
  failureS3Uri: 's3://capture-bucket/async/failures/',
};

/** Asynchronous inference of the settings; undefined for a real-time endpoint. */
export function asyncInferenceOf(
  settings: SageMakerSettings,
  delivery: AsyncDelivery &
    Pick<AsyncInference, 'encryptionKey' | 'successTopic' | 'errorTopic'> = PATHS_CHOSEN_AT_SYNTH,
): AsyncInference | undefined {
  const config = settings.async;
  if (!config.enabled) return undefined;
  return {
    ...delivery,
    maxConcurrentInvocationsPerInstance: config.maxConcurrentInvocationsPerInstance,
    alarms: {
      maxOldestRequestAge: Duration.seconds(config.maxOldestRequestAgeSeconds),
      maxFailedInvocations: config.maxFailedInvocations,
    },
  };
}

/** The shadow variant of the settings, reading the given model data; undefined without one. */
export function shadowVariantOf(
  settings: SageMakerSettings,
  modelData: IModelArtifact,
): ShadowVariant | undefined {
  const shadow = settings.shadow;
  if (!shadow.enabled) return undefined;
  return {
    instance: {
      instanceType: shadow.instanceType ?? settings.instanceType,
      initialInstanceCount: shadow.initialInstanceCount,
    },
    modelData,
    samplingPercent: shadow.samplingPercent,
  };
}

/**
 * The additional production variants of the settings; `dataOf` gives a variant's model data from its s3Uri (undefined:
 * the model's own artifact). Each autoscales with the model's scaling settings when they are enabled.
 */
export function weightedVariantsOf(
  settings: SageMakerSettings,
  scaling: EndpointAutoScaling | undefined,
  dataOf: (s3Uri: string, index: number) => IModelArtifact,
): WeightedVariant[] {
  return settings.variants.map((variant, index) => ({
    variantName: variant.name,
    weight: variant.weight,
    instance: {
      instanceType: variant.instanceType ?? settings.instanceType,
      initialInstanceCount: variant.initialInstanceCount ?? 1,
    },
    modelData: variant.s3Uri === undefined ? undefined : dataOf(variant.s3Uri, index),
    autoScaling: scaling && variantScaling(scaling, variant),
  }));
}

/**
 * A variant's autoscaling: the model's, within the variant's own range when it has one. The model's schedules set the
 * model's range at their times, so a variant with a range of its own follows none of them.
 */
function variantScaling(scaling: EndpointAutoScaling, variant: WeightedVariantSettings): EndpointAutoScaling {
  if (variant.minInstances === undefined && variant.maxInstances === undefined) return scaling;
  return {
    ...scaling,
    minCapacity: variant.minInstances ?? scaling.minCapacity,
    maxCapacity: variant.maxInstances ?? scaling.maxCapacity,
    schedules: [],
  };
}

export function endpointRolloutOf(rollout: RolloutSettings): EndpointRolloutOptions {
  return {
    strategy: rollout.strategy,
    canarySize: rollout.canaryInstances
      ? { instances: rollout.canaryInstances }
      : { percent: rollout.canaryPercent },
    linearStepSize: { percent: rollout.linearStepPercent },
    rollingBatchSize: { percent: rollout.rollingBatchPercent },
    bakeTime: Duration.minutes(rollout.bakeMinutes),
    terminationWait: Duration.minutes(rollout.terminationWaitMinutes),
    maximumExecutionTimeout: rollout.maxExecutionMinutes
      ? Duration.minutes(rollout.maxExecutionMinutes)
      : undefined,
    autoRollback: rollout.autoRollback,
  };
}

/** The rollback alarms' thresholds from the alarm pack's tuning; absent ones take the construct's defaults. */
export function endpointRollbackAlarmsOf(settings: SageMakerSettings): RollbackThresholds {
  const { serverErrorRate, latencyP99 } = settings.alarms;
  return {
    maxErrorRatePercent: serverErrorRate?.maxPercent,
    maxP99Latency: latencyP99?.maxMs === undefined ? undefined : Duration.millis(latencyP99.maxMs),
  };
}

export function endpointAutoScalingOf(
  scaling: ScalingSettings,
  serverless: boolean,
  asynchronous = false,
): EndpointAutoScaling {
  const cooldowns = {
    scaleInCooldown: Duration.seconds(scaling.scaleInCooldownSeconds),
    scaleOutCooldown: Duration.seconds(scaling.scaleOutCooldownSeconds),
  };
  const schedules = scaling.schedules.map((schedule) => {
    const range = scheduledRange(schedule, serverless);
    return {
      name: schedule.name,
      ...scheduleTimingOf(schedule),
      minCapacity: range.min,
      maxCapacity: range.max,
    };
  });
  if (serverless) {
    return {
      minCapacity: scaling.minProvisionedConcurrency,
      maxCapacity: scaling.maxProvisionedConcurrency,
      targetProvisionedConcurrencyUtilization: scaling.targetProvisionedConcurrencyUtilization,
      schedules,
      ...cooldowns,
    };
  }
  return {
    minCapacity: scaling.minInstances,
    maxCapacity: scaling.maxInstances,
    // Real-time endpoints track 100 invocations per instance unless told otherwise; asynchronous ones publish no
    // invocations metric and get only what the config says (which their rules refuse).
    targetInvocationsPerInstance: asynchronous
      ? scaling.targetInvocationsPerInstance
      : (scaling.targetInvocationsPerInstance ?? 100),
    targetBacklogPerInstance: scaling.targetBacklogPerInstance,
    targetConcurrentRequestsPerModel: scaling.targetConcurrentRequestsPerModel,
    targetCpuUtilizationPercent: scaling.targetCpuUtilizationPercent,
    targetGpuUtilizationPercent: scaling.targetGpuUtilizationPercent,
    schedules,
    ...cooldowns,
  };
}

function seconds(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.seconds(value);
}
