import type { ScalingSchedule } from './types';

/** A scaling range from a schedule: instances, or provisioned concurrency. */
export interface ScheduledRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The range a schedule sets: the instance range of an instance variant, the provisioned-concurrency range of a
 * serverless one. The config's rules (sagemaker-rules.ts) refuse a schedule without the pair its variant needs, so a
 * missing one here is a bug, not a config error.
 */
export function scheduledRange(schedule: ScalingSchedule, serverless: boolean): ScheduledRange {
  const [min, max] = serverless
    ? [schedule.minProvisionedConcurrency, schedule.maxProvisionedConcurrency]
    : [schedule.minInstances, schedule.maxInstances];
  if (min === undefined || max === undefined) {
    throw new Error(
      `scaling schedule ${schedule.name} has no ${serverless ? 'provisioned-concurrency' : 'instance'} range`,
    );
  }
  return { min, max };
}
