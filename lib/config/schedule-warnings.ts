import { instantOf, parseScalingSchedule } from './schedule-expression';
import { ResolvedModel } from './types';

/**
 * One-time scaling actions, at(…), whose time has passed: AWS accepts them, but they can no longer do
 * anything, which usually means a forgotten or mistyped date. Synthesis warns instead of failing, since
 * a past action is harmless and the config may be older than the deploy.
 */
export function pastOneTimeSchedules(model: ResolvedModel, now: Date = new Date()): string[] {
  const lists: [string, readonly { name: string; schedule: string; timezone?: string }[]][] =
    model.target === 'sagemaker'
      ? [['scaling.schedules', model.scaling.schedules]]
      : [['lambda.provisionedConcurrency.schedules', model.lambda.provisionedConcurrency.schedules]];
  return lists.flatMap(([field, schedules]) =>
    schedules.flatMap((schedule, index) => {
      const parsed = parseScalingSchedule(schedule.schedule);
      if (!parsed.ok || parsed.expression.kind !== 'at') return [];
      const timeZone = schedule.timezone ?? 'UTC';
      if (instantOf(parsed.expression.time, timeZone) > now) return [];
      return [
        `${field}.${index} (${schedule.name}) of model ${model.name} in ${model.environment}: ${schedule.schedule} (${timeZone}) is in the past, so this one-time scaling action will not run; remove it or set a future time`,
      ];
    }),
  );
}
