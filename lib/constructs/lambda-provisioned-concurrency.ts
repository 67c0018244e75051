import { TimeZone, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ConstructValidationError } from './validation';

/** Provisioned concurrency on the live alias: a fixed amount, or a range autoscaled on utilization. */
export interface ProvisionedConcurrencyOptions {
  /** Execution environments kept initialised; the lower bound when autoscaled. */
  readonly min: number;
  /** Upper bound of target-tracking autoscaling; equal to `min` for a fixed amount. @default min */
  readonly max?: number;
  /** Share of provisioned concurrency in use that autoscaling keeps, from 0.1 to 0.9. @default 0.7 */
  readonly targetUtilization?: number;
  /** Scheduled changes of the autoscaling range (they turn autoscaling on). @default none */
  readonly schedules?: readonly ProvisionedConcurrencySchedule[];
}

/** A scheduled change of the provisioned-concurrency range. */
export interface ProvisionedConcurrencySchedule {
  /** Names the scheduled action: letters, digits and hyphens. */
  readonly name: string;
  /** When the action runs, e.g. `Schedule.expression('cron(0 7 ? * MON-FRI *)')`. */
  readonly schedule: appscaling.Schedule;
  /** New lower bound. @default unchanged */
  readonly min?: number;
  /** New upper bound. @default unchanged */
  readonly max?: number;
  /** Time zone the schedule is read in. @default UTC */
  readonly timeZone?: TimeZone;
}

/** Provisioned concurrency with defaults applied. */
export interface CheckedProvisionedConcurrency {
  readonly min: number;
  readonly max: number;
  readonly targetUtilization: number;
  readonly schedules: readonly ProvisionedConcurrencySchedule[];
  /** Whether Application Auto Scaling manages it (a range or schedules) rather than the alias itself. */
  readonly autoscaled: boolean;
}

/** Applies defaults and checks the values Lambda and Application Auto Scaling accept. */
export function checkProvisionedConcurrency(
  options: ProvisionedConcurrencyOptions | undefined,
  reserved: number | undefined,
  where: string,
): CheckedProvisionedConcurrency {
  const min = options?.min ?? 0;
  const max = options?.max ?? min;
  const targetUtilization = options?.targetUtilization ?? 0.7;
  const schedules = options?.schedules ?? [];
  const autoscaled = max > min || schedules.length > 0;
  const fail = (message: string): never => {
    throw new ConstructValidationError(`${where}: provisionedConcurrency.${message}`);
  };
  const count = (value: number) => Token.isUnresolved(value) || (Number.isInteger(value) && value >= 0);
  if (!count(min) || !count(max)) fail(`min (${min}) and max (${max}) must be whole numbers from 0`);
  if (max < min) fail(`max (${max}) must be >= min (${min})`);
  if (autoscaled && min < 1) {
    fail(
      `min (${min}) must be at least 1 when autoscaled: target tracking measures the utilization of provisioned concurrency and cannot scale up from none`,
    );
  }
  if (targetUtilization < 0.1 || targetUtilization > 0.9) {
    fail(`targetUtilization (${targetUtilization}) must be from 0.1 to 0.9`);
  }
  for (const schedule of schedules) {
    const at = `schedules[${JSON.stringify(schedule.name)}]`;
    if (!/^[A-Za-z0-9-]+$/.test(schedule.name)) fail(`${at}.name must be letters, digits and hyphens`);
    if (schedule.min === undefined && schedule.max === undefined) fail(`${at} needs min, max or both`);
    if (schedule.min !== undefined && schedule.max !== undefined && schedule.max < schedule.min) {
      fail(`${at}.max (${schedule.max}) must be >= min (${schedule.min})`);
    }
  }
  const peak = Math.max(max, ...schedules.map((s) => Math.max(s.min ?? 0, s.max ?? 0)));
  if (reserved !== undefined && !Token.isUnresolved(reserved) && peak > reserved) {
    fail(
      `max (${peak}, schedules included) must be <= reservedConcurrentExecutions (${reserved}): provisioned concurrency comes out of the function's reserved concurrency`,
    );
  }
  return { min, max, targetUtilization, schedules, autoscaled };
}

/**
 * Registers the alias with Application Auto Scaling: target tracking on provisioned-concurrency utilization
 * between min and max, plus the scheduled actions.
 */
export function autoscaleProvisionedConcurrency(
  alias: lambda.Alias,
  pc: CheckedProvisionedConcurrency,
): lambda.IScalableFunctionAttribute {
  const scaling = alias.addAutoScaling({ minCapacity: pc.min, maxCapacity: pc.max });
  scaling.scaleOnUtilization({ utilizationTarget: pc.targetUtilization });
  for (const schedule of pc.schedules) {
    scaling.scaleOnSchedule(`Schedule${pascalCase(schedule.name)}`, {
      schedule: schedule.schedule,
      minCapacity: schedule.min,
      maxCapacity: schedule.max,
      timeZone: schedule.timeZone,
    });
  }
  return scaling;
}

/** `business-hours` → `BusinessHours`, for construct ids. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
