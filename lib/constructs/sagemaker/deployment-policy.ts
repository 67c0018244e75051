import { Duration } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

/** How much of the fleet a rollout step covers. */
export type CapacitySize = { readonly percent: number } | { readonly instances: number };

export type RolloutStrategy = 'allAtOnce' | 'canary' | 'linear' | 'rolling';

/** How a new endpoint config replaces the running one. */
export interface EndpointRollout {
  readonly strategy: RolloutStrategy;
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
}

/** The fleet a rollout applies to, for the rules that depend on it. */
export interface RolloutFleet {
  readonly serverless: boolean;
  readonly instanceCount: number;
  readonly variantCount: number;
}

/** Time allowed for provisioning the new fleet, downloading the model and passing health checks. */
export const PROVISIONING_ALLOWANCE = Duration.minutes(30);

const DEFAULTS = {
  canarySize: { percent: 10 },
  linearStepSize: { percent: 20 },
  rollingBatchSize: { percent: 25 },
  bakeTime: Duration.minutes(10),
  terminationWait: Duration.seconds(0),
} as const;

/** Every rule a rollout breaks for a fleet, as messages naming the setting and what is allowed. */
export function rolloutProblems(rollout: EndpointRollout, fleet: RolloutFleet): string[] {
  const problems: string[] = [];
  const bake = (rollout.bakeTime ?? DEFAULTS.bakeTime).toSeconds();
  const termination = (rollout.terminationWait ?? DEFAULTS.terminationWait).toSeconds();
  if (fleet.serverless && rollout.strategy !== 'allAtOnce') {
    problems.push(
      `rollout strategy ${rollout.strategy} is not available for serverless endpoints (no deployment guardrails); use allAtOnce`,
    );
    return problems;
  }
  if (rollout.strategy === 'rolling' && fleet.variantCount > 1) {
    problems.push('rolling deployments are not available for endpoints with several variants');
  }
  if (bake < 0 || bake > 3600) problems.push(`bakeTime ${bake}s must be between 0 and 3600 seconds`);
  if (termination < 0 || termination > 3600) {
    problems.push(`terminationWait ${termination}s must be between 0 and 3600 seconds`);
  }
  if (rollout.strategy === 'canary') {
    problems.push(...sizeProblems('canarySize', rollout.canarySize ?? DEFAULTS.canarySize, fleet, 1, 50));
  }
  if (rollout.strategy === 'linear') {
    problems.push(
      ...sizeProblems('linearStepSize', rollout.linearStepSize ?? DEFAULTS.linearStepSize, fleet, 10, 50),
    );
  }
  if (rollout.strategy === 'rolling') {
    problems.push(
      ...sizeProblems(
        'rollingBatchSize',
        rollout.rollingBatchSize ?? DEFAULTS.rollingBatchSize,
        fleet,
        5,
        50,
      ),
    );
  }
  const waits = totalWaitSeconds(rollout, fleet);
  const timeout = rollout.maximumExecutionTimeout?.toSeconds();
  if (timeout !== undefined && (timeout < 600 || timeout > 28800)) {
    problems.push(`maximumExecutionTimeout ${timeout}s must be between 600 and 28800 seconds`);
  } else if (timeout !== undefined && timeout <= waits) {
    problems.push(`maximumExecutionTimeout ${timeout}s must be longer than the rollout's waits (${waits}s)`);
  } else if (timeout === undefined && waits >= 28800) {
    problems.push(
      `the rollout's waits (${waits}s) exceed the 28800-second deployment limit; bake for less time`,
    );
  }
  return problems;
}

function sizeProblems(
  name: string,
  size: CapacitySize,
  fleet: RolloutFleet,
  minPercent: number,
  maxPercent: number,
) {
  const percent = 'percent' in size ? size.percent : (100 * size.instances) / fleet.instanceCount;
  const shown =
    'percent' in size ? `${size.percent}%` : `${size.instances} of ${fleet.instanceCount} instances`;
  if ('instances' in size && (!Number.isInteger(size.instances) || size.instances < 1)) {
    return [`${name} ${size.instances} instances must be a whole number of at least 1`];
  }
  if (percent < minPercent || percent > maxPercent) {
    return [`${name} ${shown} must be between ${minPercent}% and ${maxPercent}% of the fleet`];
  }
  return [];
}

/** Seconds the rollout spends baking and waiting, excluding provisioning. */
export function totalWaitSeconds(rollout: EndpointRollout, fleet: RolloutFleet): number {
  const bake = (rollout.bakeTime ?? DEFAULTS.bakeTime).toSeconds();
  const termination = (rollout.terminationWait ?? DEFAULTS.terminationWait).toSeconds();
  return bake * shiftCount(rollout, fleet) + termination;
}

/** Traffic shifts (each followed by a baking period) the strategy makes. */
function shiftCount(rollout: EndpointRollout, fleet: RolloutFleet): number {
  const percentOf = (size: CapacitySize) =>
    'percent' in size ? size.percent : (100 * size.instances) / Math.max(1, fleet.instanceCount);
  switch (rollout.strategy) {
    case 'allAtOnce':
      return 1;
    case 'canary':
      return 2;
    case 'linear':
      return Math.ceil(100 / percentOf(rollout.linearStepSize ?? DEFAULTS.linearStepSize));
    case 'rolling':
      return Math.ceil(100 / percentOf(rollout.rollingBatchSize ?? DEFAULTS.rollingBatchSize));
  }
}

export function executionTimeoutSeconds(rollout: EndpointRollout, fleet: RolloutFleet): number {
  if (rollout.maximumExecutionTimeout) return rollout.maximumExecutionTimeout.toSeconds();
  const computed = totalWaitSeconds(rollout, fleet) + PROVISIONING_ALLOWANCE.toSeconds();
  return Math.min(28800, Math.max(600, computed));
}

/** The endpoint's DeploymentConfig for a rollout, with the alarms that roll it back. */
export function renderDeploymentConfig(
  rollout: EndpointRollout,
  fleet: RolloutFleet,
  rollbackAlarmNames: readonly string[],
): sagemaker.CfnEndpoint.DeploymentConfigProperty {
  const autoRollbackConfiguration =
    rollbackAlarmNames.length > 0
      ? { alarms: rollbackAlarmNames.map((alarmName) => ({ alarmName })) }
      : undefined;
  const waitIntervalInSeconds = (rollout.bakeTime ?? DEFAULTS.bakeTime).toSeconds();
  const maximumExecutionTimeoutInSeconds = executionTimeoutSeconds(rollout, fleet);

  if (rollout.strategy === 'rolling') {
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
        type: { allAtOnce: 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR' }[rollout.strategy],
        waitIntervalInSeconds,
        canarySize:
          rollout.strategy === 'canary' ? capacitySize(rollout.canarySize ?? DEFAULTS.canarySize) : undefined,
        linearStepSize:
          rollout.strategy === 'linear'
            ? capacitySize(rollout.linearStepSize ?? DEFAULTS.linearStepSize)
            : undefined,
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
