import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { Construct } from 'constructs';

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
  readonly bake?: Duration;
  /** Roll back automatically when the deployment fails or a rollback alarm fires. @default true */
  readonly autoRollback?: boolean;
}

/** CodeDeploy's predefined Lambda configurations, by `<strategy>/<percent>/<minutes>`. */
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

/** Applies the defaults and checks the values CodeDeploy accepts; `where` prefixes error messages. */
export function resolveRollout(options: LambdaRolloutOptions, where: string): ResolvedRollout {
  const strategy = options.strategy ?? 'allAtOnce';
  const percent = strategy === 'linear' ? (options.linearStepPercent ?? 10) : (options.canaryPercent ?? 10);
  const bake = options.bake ?? Duration.minutes(5);
  const bakeMinutes = bake.toMinutes({ integral: false });
  if (strategy !== 'allAtOnce') {
    const field = strategy === 'linear' ? 'linearStepPercent' : 'canaryPercent';
    if (!Number.isInteger(percent) || percent < 1 || percent > 99) {
      throw new Error(`${where}: rollout.${field} (${percent}) must be a whole percent from 1 to 99`);
    }
    if (!Number.isInteger(bakeMinutes) || bakeMinutes < 1) {
      throw new Error(
        `${where}: rollout.bake (${bake.toHumanString()}) must be whole minutes, at least 1: CodeDeploy shifts Lambda traffic in minute steps`,
      );
    }
  }
  return { strategy, percent, bakeMinutes, autoRollback: options.autoRollback ?? true };
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
