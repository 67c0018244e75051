import { Duration } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import {
  DEPLOYMENT_LIMITS,
  ROLLOUT_DEFAULTS as DEFAULTS,
  strategyOf,
  totalWaitSeconds,
} from './rollout-rules';

export { DEPLOYMENT_LIMITS, rolloutProblems } from './rollout-rules';

/** How much of the fleet a rollout step covers. */
export type CapacitySize = { readonly percent: number } | { readonly instances: number };

export type EndpointRolloutStrategy = 'allAtOnce' | 'canary' | 'linear' | 'rolling';

/** How a new endpoint config replaces the running one; every range below is DEPLOYMENT_LIMITS' (sources there). */
export interface EndpointRolloutOptions {
  /** How traffic moves to the new fleet. @default 'allAtOnce' */
  readonly strategy?: EndpointRolloutStrategy;
  /**
   * First share of capacity that takes traffic (canary), at most half the fleet.
   * @default { percent: 10 }
   */
  readonly canarySize?: CapacitySize;
  /**
   * Share of capacity shifted per step (linear), 10–50 % of the fleet.
   * @default { percent: 20 }
   */
  readonly linearStepSize?: CapacitySize;
  /**
   * Instances replaced per step (rolling), 5–50 % of the fleet.
   * @default { percent: 25 }
   */
  readonly rollingBatchSize?: CapacitySize;
  /**
   * Baking period after each traffic shift while the rollback alarms are watched (0–60 minutes).
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;
  /**
   * Extra wait before the old fleet is terminated after the deployment completes (0–60 minutes).
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
  /**
   * Upper bound for the whole deployment (10 minutes to 8 hours); must exceed all waits.
   * @default the waits plus 30 minutes for provisioning the new fleet
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * Roll back when a rollback alarm fires during a baking period. Serverless endpoints have no deployment
   * guardrails and never roll back.
   * @default true
   */
  readonly autoRollback?: boolean;
}

/** The fleet a rollout applies to, for the rules that depend on it. */
export interface RolloutFleet {
  readonly serverless: boolean;
  readonly instanceCount: number;
  readonly variantCount: number;
}

/** Time allowed for provisioning the new fleet, downloading the model and passing health checks. */
export const PROVISIONING_ALLOWANCE = Duration.minutes(30);

export function executionTimeoutSeconds(rollout: EndpointRolloutOptions, fleet: RolloutFleet): number {
  if (rollout.maximumExecutionTimeout) return rollout.maximumExecutionTimeout.toSeconds();
  const computed = totalWaitSeconds(rollout, fleet) + PROVISIONING_ALLOWANCE.toSeconds();
  const { min, max } = DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds;
  return Math.min(max, Math.max(min, computed));
}

/** The endpoint's DeploymentConfig for a rollout, with the alarms that roll it back. */
export function renderDeploymentConfig(
  rollout: EndpointRolloutOptions,
  fleet: RolloutFleet,
  rollbackAlarmNames: readonly string[],
): sagemaker.CfnEndpoint.DeploymentConfigProperty {
  // At most 10 alarms ("AutoRollbackConfig", Amazon SageMaker API Reference); the rollback alarms are 2.
  const autoRollbackConfiguration =
    rollbackAlarmNames.length > 0
      ? { alarms: rollbackAlarmNames.map((alarmName) => ({ alarmName })) }
      : undefined;
  const waitIntervalInSeconds = (rollout.bakeTime ?? DEFAULTS.bakeTime).toSeconds();
  const maximumExecutionTimeoutInSeconds = executionTimeoutSeconds(rollout, fleet);
  const strategy = strategyOf(rollout);

  if (strategy === 'rolling') {
    const batch = capacitySize(rollout.rollingBatchSize ?? DEFAULTS.rollingBatchSize);
    return {
      rollingUpdatePolicy: {
        maximumBatchSize: batch,
        rollbackMaximumBatchSize: batch,
        waitIntervalInSeconds,
        maximumExecutionTimeoutInSeconds,
      },
      autoRollbackConfiguration,
    };
  }
  return {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: { allAtOnce: 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR' }[strategy],
        waitIntervalInSeconds,
        canarySize:
          strategy === 'canary' ? capacitySize(rollout.canarySize ?? DEFAULTS.canarySize) : undefined,
        linearStepSize:
          strategy === 'linear' ? capacitySize(rollout.linearStepSize ?? DEFAULTS.linearStepSize) : undefined,
      },
      terminationWaitInSeconds: (rollout.terminationWait ?? DEFAULTS.terminationWait).toSeconds(),
      maximumExecutionTimeoutInSeconds,
    },
    autoRollbackConfiguration,
  };
}

function capacitySize(size: CapacitySize): sagemaker.CfnEndpoint.CapacitySizeProperty {
  return 'percent' in size
    ? { type: 'CAPACITY_PERCENT', value: size.percent }
    : { type: 'INSTANCE_COUNT', value: size.instances };
}
