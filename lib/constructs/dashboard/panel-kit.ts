import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Dashboard panels read one-minute periods, like the rollback alarms. */
export const PERIOD = Duration.minutes(1);
export const PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** A lower and upper bound drawn as horizontal lines, e.g. an autoscaling range. */
export interface CapacityRange {
  readonly min: number;
  readonly max: number;
}

/** A range as horizontal lines on a capacity graph. */
export function rangeLines(range: CapacityRange, what: string): cloudwatch.HorizontalAnnotation[] {
  if (range.min === range.max) return [{ value: range.max, label: `${what} ${range.max}` }];
  return [
    { value: range.min, label: `min ${what} ${range.min}`, color: cloudwatch.Color.GREY },
    { value: range.max, label: `max ${what} ${range.max}`, color: cloudwatch.Color.RED },
  ];
}
