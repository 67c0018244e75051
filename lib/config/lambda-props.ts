import { Duration } from 'aws-cdk-lib';
import type { ProvisionedConcurrencyOptions } from '../constructs/lambda/provisioned-concurrency';
import type { LambdaRollbackThresholds } from '../constructs/lambda/rollback-alarms';
import type { LambdaRolloutOptions, LambdaRolloutStrategy } from '../constructs/lambda/rollout';
import type { LambdaProvisionedConcurrency, LambdaSettings, RolloutSettings } from './types';
import { scheduleTimingOf } from './schedule-timing';

/**
 * How Lambda settings become LambdaInference props. The app layer builds the function with these, and the
 * loader runs the construct's rules on the same props.
 */

/** None for `min: 0` without a range or schedules; fixed or autoscaled otherwise. */
export function provisionedConcurrencyOf(
  pc: LambdaProvisionedConcurrency,
): ProvisionedConcurrencyOptions | undefined {
  if (pc.min === 0 && pc.max === undefined && pc.schedules.length === 0) return undefined;
  return {
    minCapacity: pc.min,
    maxCapacity: pc.max,
    targetUtilization: pc.targetUtilization,
    schedules: pc.schedules.map((schedule) => ({
      name: schedule.name,
      ...scheduleTimingOf(schedule),
      minCapacity: schedule.min,
      maxCapacity: schedule.max,
    })),
  };
}

/** The rollback alarms' thresholds from the alarm pack's tuning; absent ones take the construct's defaults. */
export function rollbackAlarmsOf(settings: LambdaSettings): LambdaRollbackThresholds {
  const { errorRate, durationP99, internalErrors } = settings.alarms;
  return {
    maxErrorRatePercent: errorRate?.maxPercent,
    maxP99Latency: durationP99?.maxMs === undefined ? undefined : Duration.millis(durationP99.maxMs),
    maxInternalErrorsPerMinute: internalErrors?.maxPerMinute,
  };
}

/** The rollout; CodeDeploy has no rolling strategy for Lambda, and the construct's rule says so. */
export function lambdaRolloutOf(rollout: RolloutSettings): LambdaRolloutOptions {
  return {
    strategy: rollout.strategy as LambdaRolloutStrategy,
    canaryPercent: rollout.canaryPercent,
    linearStepPercent: rollout.linearStepPercent,
    bakeTime: Duration.minutes(rollout.bakeMinutes),
    autoRollback: rollout.autoRollback,
  };
}
