import { Duration } from 'aws-cdk-lib';
import { PROP_REFERENCE, PropProblem } from '../constructs/errors/validation';
import {
  componentRolloutProblems,
  InferenceComponentRollout,
} from '../constructs/sagemaker/component-rollout';
import { copyRangeProblem } from '../constructs/sagemaker/component-scaling';
import { describeValue } from './errors';
import { isPlainObject } from './merge';
import { num, RuleViolation, section, Settings } from './rule-kit';
import type { RolloutSettings } from './types';

/**
 * The inference-component construct's rules on a shared model's settings (its copy schedules, its rolling update),
 * each reported at the YAML field the prop came from: one rule text for library and config users.
 */

/** Each copy schedule's range: the construct's rule, at `sagemaker.component.schedules.<i>.minCopies`. */
export function componentScheduleViolations(settings: Settings): RuleViolation[] {
  const component = section(section(settings, 'sagemaker'), 'component');
  const schedules = Array.isArray(component.schedules) ? component.schedules : [];
  // Names are the schema's to check (unique within the list); the range rule reads the bounds.
  return schedules.flatMap((schedule, index) => {
    const bounds = isPlainObject(schedule) ? schedule : {};
    const [minCopies, maxCopies] = [num(bounds.minCopies), num(bounds.maxCopies)];
    if (minCopies === undefined || maxCopies === undefined) return [];
    const problem = copyRangeProblem({ minCopies, maxCopies }, `component.schedules.${index}`);
    return problem ? [propViolation(problem, {}, settings, ['sagemaker'])] : [];
  });
}

/** The rolling update a shared model's rollout settings make, as the construct takes it. */
export function componentRolloutOf(
  rollout: RolloutSettings,
  rollbackAlarms?: InferenceComponentRollout['rollbackAlarms'],
): InferenceComponentRollout {
  return {
    batchSize:
      rollout.rollingBatchCopies !== undefined
        ? { copies: rollout.rollingBatchCopies }
        : { percent: rollout.rollingBatchPercent },
    bakeTime: Duration.minutes(rollout.bakeMinutes),
    maximumExecutionTimeout:
      rollout.maxExecutionMinutes !== undefined ? Duration.minutes(rollout.maxExecutionMinutes) : undefined,
    rollbackAlarms: rollout.autoRollback ? rollbackAlarms : undefined,
  };
}

/** The construct's rollout rules on a shared model's `rollout` and `sagemaker.component.copyCount`. */
export function componentRolloutViolations(settings: Settings): RuleViolation[] {
  const rollout = section(settings, 'rollout');
  const copyCount = num(section(section(settings, 'sagemaker'), 'component').copyCount);
  const numbers = ['rollingBatchPercent', 'bakeMinutes'].map((key) => num(rollout[key]));
  if (copyCount === undefined || copyCount < 1 || numbers.includes(undefined)) return [];
  const optional = (key: string) => (rollout[key] === undefined ? undefined : num(rollout[key]));
  const batchCopies = optional('rollingBatchCopies');
  const maxExecution = optional('maxExecutionMinutes');
  const unreadable =
    (rollout.rollingBatchCopies !== undefined && batchCopies === undefined) ||
    (rollout.maxExecutionMinutes !== undefined && maxExecution === undefined);
  if (unreadable) return [];
  const problems = componentRolloutProblems(
    componentRolloutOf({
      rollingBatchPercent: numbers[0]!,
      bakeMinutes: numbers[1]!,
      rollingBatchCopies: batchCopies,
      maxExecutionMinutes: maxExecution,
    } as RolloutSettings),
    copyCount,
    'rollout',
    'component.copyCount',
  );
  const fields: Record<string, string[]> = {
    'rollout.batchSize': [
      'rollout',
      batchCopies !== undefined ? 'rollingBatchCopies' : 'rollingBatchPercent',
    ],
    'rollout.bakeTime': ['rollout', 'bakeMinutes'],
    'rollout.maximumExecutionTimeout': ['rollout', 'maxExecutionMinutes'],
    'component.copyCount': ['sagemaker', 'component', 'copyCount'],
  };
  return problems.map((problem) => propViolation(problem, fields, settings));
}

/**
 * A construct problem at the YAML field it came from: `fields` maps props to settings paths (unmapped props keep their
 * path under `base`), the message starts with the value as written and names settings, not props.
 */
function propViolation(
  problem: PropProblem,
  fields: Readonly<Record<string, string[]>>,
  settings: Settings,
  base: string[] = [],
): RuleViolation {
  const fieldOf = (prop: string) => fields[prop] ?? [...base, ...prop.split('.')];
  const field = fieldOf(problem.field);
  const value = field.reduce<unknown>(
    (node, key) => (isPlainObject(node) || Array.isArray(node) ? (node as Settings)[key] : undefined),
    settings,
  );
  const references = [...problem.message.matchAll(PROP_REFERENCE)].map(([, prop]) => fieldOf(prop));
  const message = problem.message.replace(PROP_REFERENCE, (_match, prop: string) => fieldOf(prop).join('.'));
  return {
    field,
    message: `${value === undefined || typeof value === 'object' ? '' : `${describeValue(value)} `}${message}`,
    related: [
      ...new Set([...references, ...(problem.related ?? []).map(fieldOf)].map((f) => f.join('.'))),
    ].map((f) => f.split('.')),
  };
}
