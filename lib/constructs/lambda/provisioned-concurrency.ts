import { TimeZone, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PropProblem } from '../errors/validation';

/** Provisioned concurrency on the live alias: a fixed amount, or a range autoscaled on utilization. */
export interface ProvisionedConcurrencyOptions {
  /** Execution environments kept initialised; the lower bound when autoscaled. */
  readonly minCapacity: number;
  /** Upper bound of target-tracking autoscaling; equal to `minCapacity` for a fixed amount. @default minCapacity */
  readonly maxCapacity?: number;
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
  /** New lower bound of the range. @default unchanged */
  readonly minCapacity?: number;
  /** New upper bound of the range. @default unchanged */
  readonly maxCapacity?: number;
  /** Time zone the schedule is read in. @default UTC */
  readonly timeZone?: TimeZone;
}

/** Provisioned concurrency with defaults applied. */
interface CheckedProvisionedConcurrency {
  readonly min: number;
  readonly max: number;
  readonly targetUtilization: number;
  readonly schedules: readonly ProvisionedConcurrencySchedule[];
  /** Whether Application Auto Scaling manages it (a range or schedules) rather than the alias itself. */
  readonly autoscaled: boolean;
}

/** Applies the defaults; check the options with provisionedConcurrencyProblems first. */
export function resolveProvisionedConcurrency(
  options: ProvisionedConcurrencyOptions | undefined,
): CheckedProvisionedConcurrency {
  const min = options?.minCapacity ?? 0;
  const max = options?.maxCapacity ?? min;
  const schedules = options?.schedules ?? [];
  const autoscaled = max > min || schedules.length > 0;
  return { min, max, targetUtilization: options?.targetUtilization ?? 0.7, schedules, autoscaled };
}

const PC = 'provisionedConcurrency';

/**
 * Every rule the provisioned concurrency breaks, keyed by the prop to blame. Sources: "Configuring provisioned
 * concurrency for a function" (it comes out of the function's reserved concurrency) and "Target tracking
 * scaling policies for Application Auto Scaling" (LambdaProvisionedConcurrencyUtilization, 0.1–0.9 here).
 */
export function provisionedConcurrencyProblems(
  options: ProvisionedConcurrencyOptions | undefined,
  reserved: number | undefined,
): PropProblem[] {
  if (options === undefined) return [];
  const { min, max, targetUtilization, schedules, autoscaled } = resolveProvisionedConcurrency(options);
  const problems: PropProblem[] = [];
  const count = (value: number) => Token.isUnresolved(value) || (Number.isInteger(value) && value >= 0);
  for (const [name, value] of [
    ['minCapacity', min],
    ['maxCapacity', max],
  ] as const) {
    if (!count(value))
      problems.push({
        field: `${PC}.${name}`,
        value: String(value),
        message: 'must be a whole number from 0',
      });
  }
  if (max < min) {
    problems.push({
      field: `${PC}.minCapacity`,
      value: String(min),
      message: `must be <= {${PC}.maxCapacity} (${max})`,
    });
  } else if (autoscaled && min < 1) {
    const why = `autoscaling, which needs {${PC}.minCapacity} >= 1 (it is ${min}): target tracking measures the utilization of provisioned concurrency and cannot scale up from none`;
    problems.push(
      max > min
        ? { field: `${PC}.maxCapacity`, value: String(max), message: `turns on ${why}` }
        : { field: `${PC}.schedules`, message: `turn on ${why}` },
    );
  }
  if (targetUtilization < 0.1 || targetUtilization > 0.9) {
    problems.push({
      field: `${PC}.targetUtilization`,
      value: String(targetUtilization),
      message: 'must be from 0.1 to 0.9',
    });
  }
  schedules.forEach((schedule, index) => {
    const at = `${PC}.schedules.${index}`;
    if (!/^[A-Za-z0-9-]+$/.test(schedule.name)) {
      problems.push({
        field: `${at}.name`,
        value: JSON.stringify(schedule.name),
        message: 'must be letters, digits and hyphens',
      });
    }
    // The scheduled action is named Schedule<PascalCase name>, and names are unique per scalable target
    // ("PutScheduledAction", Application Auto Scaling API Reference): `a-1b` and `a1b` would meet.
    const first = schedules.findIndex((other) => pascalCase(other.name) === pascalCase(schedule.name));
    if (first < index) {
      problems.push({
        field: `${at}.name`,
        value: JSON.stringify(schedule.name),
        message: `gives the same scheduled action name as {${PC}.schedules.${first}.name} (${JSON.stringify(schedules[first].name)}), Schedule${pascalCase(schedule.name)}; rename one`,
      });
    }
    const { minCapacity, maxCapacity } = schedule;
    if (minCapacity === undefined && maxCapacity === undefined) {
      problems.push({ field: at, message: `needs {${at}.minCapacity}, {${at}.maxCapacity} or both` });
    }
    if (minCapacity !== undefined && maxCapacity !== undefined && maxCapacity < minCapacity) {
      problems.push({
        field: `${at}.minCapacity`,
        value: String(minCapacity),
        message: `must be <= {${at}.maxCapacity} (${maxCapacity})`,
      });
    }
  });
  const peaks: [number, string][] = [
    [max, `${PC}.maxCapacity`],
    ...schedules.flatMap((schedule, index): [number, string][] => [
      [schedule.minCapacity ?? 0, `${PC}.schedules.${index}.minCapacity`],
      [schedule.maxCapacity ?? 0, `${PC}.schedules.${index}.maxCapacity`],
    ]),
  ];
  const [peak, from] = peaks.reduce((best, next) => (next[0] > best[0] ? next : best));
  if (reserved !== undefined && !Token.isUnresolved(reserved) && peak > reserved) {
    problems.push({
      field: 'reservedConcurrentExecutions',
      value: String(reserved),
      message: `must be >= {${from}} (${peak}): provisioned concurrency is taken from the reserved concurrency`,
    });
  }
  return problems;
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
      minCapacity: schedule.minCapacity,
      maxCapacity: schedule.maxCapacity,
      timeZone: schedule.timeZone,
    });
  }
  return scaling;
}

/** `business-hours` → `BusinessHours`, for construct ids. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
