import { TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';

/** When a config schedule fires: its expression and time zone, as every scaling construct takes them. */
export interface ScheduleTiming {
  readonly schedule: appscaling.Schedule;
  readonly timeZone?: TimeZone;
}

/**
 * The timing of a config schedule (instances, provisioned concurrency or copies). The expression is the YAML text
 * as written: Application Auto Scaling receives exactly what the config says; without a time zone it runs in UTC.
 */
export function scheduleTimingOf(schedule: {
  readonly schedule: string;
  readonly timezone?: string;
}): ScheduleTiming {
  return {
    schedule: appscaling.Schedule.expression(schedule.schedule),
    timeZone: schedule.timezone === undefined ? undefined : TimeZone.of(schedule.timezone),
  };
}
