import { Duration } from 'aws-cdk-lib';
import type { EndpointRollout } from '../constructs/sagemaker/deployment-policy';
import type { InstanceVariant, ServerlessVariant } from '../constructs/sagemaker/endpoint-rules';
import type { RolloutSettings, SageMakerSettings } from './types';

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

export function endpointRolloutOf(rollout: RolloutSettings): EndpointRollout {
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
  };
}

function seconds(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.seconds(value);
}
