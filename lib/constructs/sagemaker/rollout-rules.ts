import { Duration } from 'aws-cdk-lib';
import { describeSeconds, PropProblem } from '../errors/validation';
import type { CapacitySize, EndpointRolloutOptions, EndpointRolloutStrategy, RolloutFleet } from './rollout';

/**
 * What SageMaker accepts in an endpoint's DeploymentConfig, in seconds. Sources: "AWS::SageMaker::Endpoint
 * BlueGreenUpdatePolicy" (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpoint-bluegreenupdatepolicy.html:
 * MaximumExecutionTimeoutInSeconds 600–28800, larger than the waits; TerminationWaitInSeconds 0–3600) and
 * "AWS::SageMaker::Endpoint TrafficRoutingConfig" (WaitIntervalInSeconds 0–3600; canary ≤ 50 %, linear step
 * 10–50 % of the fleet); RollingUpdatePolicy takes the same wait and timeout ranges and a batch of 5–50 %
 * ("RollingUpdatePolicy", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RollingUpdatePolicy.html).
 */
export const DEPLOYMENT_LIMITS = {
  waitIntervalSeconds: { min: 0, max: 3600 },
  terminationWaitSeconds: { min: 0, max: 3600 },
  maximumExecutionTimeoutSeconds: { min: 600, max: 28800 },
  canaryPercent: { min: 1, max: 50 },
  linearStepPercent: { min: 10, max: 50 },
  rollingBatchPercent: { min: 5, max: 50 },
} as const;

export const ROLLOUT_DEFAULTS = {
  canarySize: { percent: 10 },
  linearStepSize: { percent: 20 },
  rollingBatchSize: { percent: 25 },
  bakeTime: Duration.minutes(10),
  terminationWait: Duration.seconds(0),
} as const;

const SIZE_LIMITS = {
  canarySize: DEPLOYMENT_LIMITS.canaryPercent,
  linearStepSize: DEPLOYMENT_LIMITS.linearStepPercent,
  rollingBatchSize: DEPLOYMENT_LIMITS.rollingBatchPercent,
} as const;

const SIZE_OF_STRATEGY = {
  canary: 'canarySize',
  linear: 'linearStepSize',
  rolling: 'rollingBatchSize',
} as const;

/**
 * Every rule a rollout breaks for a fleet, keyed by the prop to blame (`rollout.<field>`). Rolling is refused for
 * serverless and multi-variant endpoints ("Exclusions", deployment guardrails,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html).
 */
export function rolloutProblems(rollout: EndpointRolloutOptions, fleet: RolloutFleet): PropProblem[] {
  const strategy = strategyOf(rollout);
  if (fleet.serverless && strategy !== 'allAtOnce') {
    return [
      {
        field: 'rollout.strategy',
        value: JSON.stringify(strategy),
        message:
          'is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce',
        related: ['serverless'],
      },
    ];
  }
  const problems: PropProblem[] = [];
  if (strategy === 'rolling' && fleet.variantCount > 1) {
    problems.push({
      field: 'rollout.strategy',
      value: '"rolling"',
      message: 'is not available for endpoints with several variants; use canary or linear',
    });
  }
  const bake = bakeSeconds(rollout);
  const termination = terminationSeconds(rollout);
  const waitRange = DEPLOYMENT_LIMITS.waitIntervalSeconds;
  if (bake < waitRange.min || bake > waitRange.max) {
    problems.push(outOfRange('rollout.bakeTime', bake, waitRange));
  }
  const terminationRange = DEPLOYMENT_LIMITS.terminationWaitSeconds;
  if (termination < terminationRange.min || termination > terminationRange.max) {
    problems.push(outOfRange('rollout.terminationWait', termination, terminationRange));
  }
  if (strategy !== 'allAtOnce') {
    const name = SIZE_OF_STRATEGY[strategy];
    const problem = sizeProblem(name, rollout[name] ?? ROLLOUT_DEFAULTS[name], fleet);
    if (problem) problems.push(problem);
  }
  problems.push(...timeoutProblems(rollout, fleet));
  return problems;
}

function timeoutProblems(rollout: EndpointRolloutOptions, fleet: RolloutFleet): PropProblem[] {
  const waits = totalWaitSeconds(rollout, fleet);
  const waitsText = `${shiftCount(rollout, fleet)} × {rollout.bakeTime} + {rollout.terminationWait} = ${describeSeconds(waits)}`;
  const limits = DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds;
  const timeout = rollout.maximumExecutionTimeout?.toSeconds();
  if (timeout === undefined) {
    if (waits < limits.max) return [];
    return [
      {
        field: 'rollout.bakeTime',
        value: `${bakeSeconds(rollout)}s`,
        message: `makes the rollout wait ${waitsText}; SageMaker ends a deployment after at most ${describeSeconds(limits.max)}: bake for less time or take larger steps`,
      },
    ];
  }
  if (timeout < limits.min || timeout > limits.max) {
    return [outOfRange('rollout.maximumExecutionTimeout', timeout, limits)];
  }
  if (timeout > waits) return [];
  return [
    {
      field: 'rollout.maximumExecutionTimeout',
      value: `${timeout}s`,
      message: `must be longer than the rollout's waits: ${waitsText}`,
    },
  ];
}

function outOfRange(field: string, seconds: number, range: { min: number; max: number }): PropProblem {
  return {
    field,
    value: `${seconds}s`,
    message: `must be between ${describeSeconds(range.min)} and ${describeSeconds(range.max)}`,
  };
}

function sizeProblem(
  name: keyof typeof SIZE_LIMITS,
  size: CapacitySize,
  fleet: RolloutFleet,
): PropProblem | undefined {
  const { min, max } = SIZE_LIMITS[name];
  const field = `rollout.${name}`;
  if ('percent' in size) {
    if (size.percent >= min && size.percent <= max) return undefined;
    return { field, value: `${size.percent}%`, message: `must be between ${min}% and ${max}% of the fleet` };
  }
  if (!Number.isInteger(size.instances) || size.instances < 1) {
    return { field, value: `${size.instances} instances`, message: 'must be a whole number of at least 1' };
  }
  const percent = (100 * size.instances) / fleet.instanceCount;
  if (percent >= min && percent <= max) return undefined;
  return {
    field,
    value: `${size.instances} instances`,
    message: `are ${Math.round(percent)}% of the fleet of ${fleet.instanceCount} ({instance.initialInstanceCount}); allowed: ${min}% to ${max}% of the fleet`,
  };
}

/** The strategy, `allAtOnce` when none is given. */
export function strategyOf(rollout: EndpointRolloutOptions): EndpointRolloutStrategy {
  return rollout.strategy ?? 'allAtOnce';
}

function bakeSeconds(rollout: EndpointRolloutOptions): number {
  return (rollout.bakeTime ?? ROLLOUT_DEFAULTS.bakeTime).toSeconds();
}

function terminationSeconds(rollout: EndpointRolloutOptions): number {
  return (rollout.terminationWait ?? ROLLOUT_DEFAULTS.terminationWait).toSeconds();
}

/** Seconds the rollout spends baking and waiting, excluding provisioning. */
export function totalWaitSeconds(rollout: EndpointRolloutOptions, fleet: RolloutFleet): number {
  return bakeSeconds(rollout) * shiftCount(rollout, fleet) + terminationSeconds(rollout);
}

/** Traffic shifts (each followed by a baking period) the strategy makes. */
function shiftCount(rollout: EndpointRolloutOptions, fleet: RolloutFleet): number {
  const percentOf = (size: CapacitySize) =>
    'percent' in size ? size.percent : (100 * size.instances) / Math.max(1, fleet.instanceCount);
  switch (strategyOf(rollout)) {
    case 'allAtOnce':
      return 1;
    case 'canary':
      return 2;
    case 'linear':
      return Math.ceil(100 / percentOf(rollout.linearStepSize ?? ROLLOUT_DEFAULTS.linearStepSize));
    case 'rolling':
      return Math.ceil(100 / percentOf(rollout.rollingBatchSize ?? ROLLOUT_DEFAULTS.rollingBatchSize));
  }
}
