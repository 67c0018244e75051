import { instantOf, parseScalingSchedule } from './schedule-expression';
import { ResolvedModel } from './types';

/**
 * One-time scaling actions, at(…), whose time has passed: AWS accepts them, but they can no longer do
 * anything, which usually means a forgotten or mistyped date. Synthesis warns instead of failing, since
 * a past action is harmless and the config may be older than the deploy.
 */
export function pastOneTimeSchedules(model: ResolvedModel, now: Date = new Date()): string[] {
  return model.target === 'sagemaker'
    ? pastOneTimeActions(model, 'scaling.schedules', model.scaling.schedules, now)
    : pastOneTimeActions(
        model,
        'lambda.provisionedConcurrency.schedules',
        model.lambda.provisionedConcurrency.schedules,
        now,
      );
}

/** The same for the copy schedules of a model that a shared endpoint hosts as an inference component. */
export function pastOneTimeCopySchedules(model: ResolvedModel, now: Date = new Date()): string[] {
  return pastOneTimeActions(model, 'sagemaker.component.schedules', model.sagemaker.component.schedules, now);
}

function pastOneTimeActions(
  model: ResolvedModel,
  field: string,
  schedules: readonly { name: string; schedule: string; timezone?: string }[],
  now: Date,
): string[] {
  return schedules.flatMap((schedule, index) => {
    const parsed = parseScalingSchedule(schedule.schedule);
    if (!parsed.ok || parsed.expression.kind !== 'at') return [];
    const timeZone = schedule.timezone ?? 'UTC';
    if (instantOf(parsed.expression.time, timeZone) > now) return [];
    return [
      `${field}.${index} (${schedule.name}) of model ${model.name} in ${model.environment}: ${schedule.schedule} (${timeZone}) is in the past, so this one-time scaling action will not run; remove it or set a future time`,
    ];
  });
}
