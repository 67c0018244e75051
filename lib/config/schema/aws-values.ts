import { z } from 'zod';
import { stackTagCountProblems, tagKeyProblem, tagValueProblem } from '../aws-tags';
import { describeValue } from '../errors';
import { endpointInstanceTypeProblem, processingInstanceTypeProblem } from '../instance-type';
import { monitoringScheduleProblem, scalingScheduleProblem } from '../schedule-expression';
import { timeZoneProblem } from '../time-zone';

/**
 * Config values that AWS validates itself (schedules, time zones, instance types, tags), checked the
 * same way at synthesis. Each check reports one message: the value as written, then what is wrong and
 * what is allowed.
 */

/** A string schema whose one check is `problemOf`; the message starts with the value as written. */
function checkedString(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = problemOf(value);
    if (problem === undefined) return;
    const sentence = /^(must|is|has|starts) /.test(problem);
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `${describeValue(value)}${sentence ? ' ' : ': '}${problem}`,
    });
  });
}

/** An Application Auto Scaling schedule: cron(…) with six fields, rate(…) or at(…). */
export const scalingScheduleString = () => checkedString(scalingScheduleProblem);

/** A Model Monitor schedule: hourly, daily or every N hours. */
export const monitoringScheduleString = () => checkedString(monitoringScheduleProblem);

/** An IANA time zone name, spelt exactly. */
export const timeZoneString = () => checkedString(timeZoneProblem);

/** An instance type SageMaker endpoints run on. */
export const endpointInstanceTypeString = () => checkedString(endpointInstanceTypeProblem);

/** An instance type SageMaker processing jobs (Model Monitor) run on. */
export const processingInstanceTypeString = () => checkedString(processingInstanceTypeProblem);

/** Tags as AWS takes them; a problem is reported at the tag's own key. */
export const tagsSchema = () =>
  z.record(z.string(), z.string()).superRefine((tags, ctx) => {
    for (const [key, value] of Object.entries(tags)) {
      const keyProblem = tagKeyProblem(key);
      if (keyProblem)
        ctx.addIssue({ code: 'custom', path: [key], message: `key ${describeValue(key)} ${keyProblem}` });
      const valueProblem = tagValueProblem(value);
      if (valueProblem)
        ctx.addIssue({ code: 'custom', path: [key], message: `${describeValue(value)} ${valueProblem}` });
    }
  });

/**
 * Names of scheduled actions must be unique per scalable target (Application Auto Scaling API Reference,
 * "PutScheduledAction": ScheduledActionName "must be unique among all other scheduled actions on the
 * specified scalable target"); a second entry with a name would replace the first. A list is one
 * target's: a more specific layer replaces the whole list.
 */
export function uniqueScheduleNames(schedules: readonly unknown[], ctx: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  schedules.forEach((schedule, index) => {
    const name = (schedule as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [index, 'name'],
      message: `${describeValue(name)} is already the name of schedule ${first}; the scheduled actions of one scalable target need distinct names`,
    });
  });
}

/** At most 50 tags on each stack, counting the config's tags (top level and environment) and the app's own. */
export function stackTagLimit(config: unknown, ctx: z.RefinementCtx): void {
  const { tags, environments } = (config ?? {}) as { tags?: unknown; environments?: unknown };
  if (!isRecord(environments)) return;
  const perEnvironment = Object.fromEntries(
    Object.entries(environments).map(([name, environment]) => {
      const own = isRecord(environment) && isRecord(environment.tags) ? environment.tags : undefined;
      return [name, { tags: own }];
    }),
  );
  for (const problem of stackTagCountProblems(isRecord(tags) ? tags : undefined, perEnvironment)) {
    const hasOwn = perEnvironment[problem.environment].tags !== undefined;
    ctx.addIssue({
      code: 'custom',
      path: hasOwn ? ['environments', problem.environment, 'tags'] : ['tags'],
      message: problem.message,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
