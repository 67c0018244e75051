import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { Construct } from 'constructs';
import { PropProblem } from '../errors/validation';

export type LambdaRolloutStrategy = 'allAtOnce' | 'canary' | 'linear';

/** How CodeDeploy moves the live alias to a new version. */
export interface LambdaRolloutOptions {
  /** How traffic moves to a new version. @default 'allAtOnce' */
  readonly strategy?: LambdaRolloutStrategy;
  /** Percent of traffic the new version takes first, for the whole bake time (canary). @default 10 */
  readonly canaryPercent?: number;
  /** Percent of traffic moved at each step (linear). @default 10 */
  readonly linearStepPercent?: number;
  /** Wait between traffic shifts while the rollback alarms are watched; whole minutes. @default Duration.minutes(5) */
  readonly bakeTime?: Duration;
  /** Roll back automatically when the deployment fails or a rollback alarm fires. @default true */
  readonly autoRollback?: boolean;
}

/**
 * CodeDeploy's predefined Lambda configurations, by `<strategy>/<percent>/<minutes>` ("Deployment configurations on
 * an AWS Lambda compute platform", AWS CodeDeploy User Guide).
 */
const PREDEFINED: Readonly<Record<string, codedeploy.ILambdaDeploymentConfig>> = {
  'canary/10/5': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  'canary/10/10': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES,
  'canary/10/15': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
  'canary/10/30': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_30MINUTES,
  'linear/10/1': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  'linear/10/2': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_2MINUTES,
  'linear/10/3': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
  'linear/10/10': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_10MINUTES,
};

/** The rollout with every default applied. */
export interface ResolvedRollout {
  readonly strategy: LambdaRolloutStrategy;
  readonly percent: number;
  readonly bakeMinutes: number;
  readonly autoRollback: boolean;
}

/** The strategies CodeDeploy offers for Lambda ("Deployment configurations on an AWS Lambda compute platform"). */
const LAMBDA_ROLLOUT_STRATEGIES: readonly LambdaRolloutStrategy[] = ['allAtOnce', 'canary', 'linear'];

/** Applies the defaults; check the options with lambdaRolloutProblems first. */
export function resolveRollout(options: LambdaRolloutOptions): ResolvedRollout {
  const strategy = options.strategy ?? 'allAtOnce';
  const percent = strategy === 'linear' ? (options.linearStepPercent ?? 10) : (options.canaryPercent ?? 10);
  const bakeMinutes = (options.bakeTime ?? DEFAULT_BAKE).toMinutes({ integral: false });
  return { strategy, percent, bakeMinutes, autoRollback: options.autoRollback ?? true };
}

const DEFAULT_BAKE = Duration.minutes(5);

/** Every rule the rollout options break, keyed by the prop to blame (`rollout.<field>`). */
export function lambdaRolloutProblems(options: LambdaRolloutOptions): PropProblem[] {
  const strategy = options.strategy ?? 'allAtOnce';
  if (!LAMBDA_ROLLOUT_STRATEGIES.includes(strategy)) {
    return [
      {
        field: 'rollout.strategy',
        value: JSON.stringify(strategy),
        message: `is not a strategy CodeDeploy offers for Lambda; allowed: ${LAMBDA_ROLLOUT_STRATEGIES.join(', ')}`,
      },
    ];
  }
  if (strategy === 'allAtOnce') return [];
  const problems: PropProblem[] = [];
  const field = strategy === 'linear' ? 'linearStepPercent' : 'canaryPercent';
  const percent = options[field] ?? 10;
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) {
    problems.push({
      field: `rollout.${field}`,
      value: String(percent),
      message: 'must be a whole percent from 1 to 99',
    });
  }
  const bakeTime = options.bakeTime ?? DEFAULT_BAKE;
  const bakeMinutes = bakeTime.toMinutes({ integral: false });
  if (!Number.isInteger(bakeMinutes) || bakeMinutes < 1) {
    problems.push({
      field: 'rollout.bakeTime',
      value: bakeTime.toHumanString(),
      message: `must be whole minutes, at least 1: CodeDeploy shifts Lambda traffic (${strategy}) in minute steps`,
      related: ['rollout.strategy'],
    });
  }
  return problems;
}

/**
 * The deployment configuration of a rollout: CodeDeploy's predefined one when the percent and minutes match
 * it (e.g. 10 % canary for 5 minutes is `CodeDeployDefault.LambdaCanary10Percent5Minutes`), else a custom
 * time-based canary or linear configuration created under `scope`.
 */
export function lambdaDeploymentConfig(
  scope: Construct,
  rollout: ResolvedRollout,
): codedeploy.ILambdaDeploymentConfig {
  if (rollout.strategy === 'allAtOnce') return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
  const predefined = PREDEFINED[`${rollout.strategy}/${rollout.percent}/${rollout.bakeMinutes}`];
  if (predefined) return predefined;
  const interval = Duration.minutes(rollout.bakeMinutes);
  return new codedeploy.LambdaDeploymentConfig(scope, 'DeploymentConfig', {
    trafficRouting:
      rollout.strategy === 'canary'
        ? codedeploy.TrafficRouting.timeBasedCanary({ interval, percentage: rollout.percent })
        : codedeploy.TrafficRouting.timeBasedLinear({ interval, percentage: rollout.percent }),
  });
}
