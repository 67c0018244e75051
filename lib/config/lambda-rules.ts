import { num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';

/**
 * Cross-field rules of Lambda-served models (the `lambda` section, and rollouts as CodeDeploy runs them for
 * Lambda). They apply only to models with `target: lambda`, whatever the shared defaults say.
 */

const PC = ['lambda', 'provisionedConcurrency'];

function schedulesOf(s: Settings): Settings[] {
  const schedules = section(section(s, 'lambda'), 'provisionedConcurrency').schedules;
  return Array.isArray(schedules)
    ? schedules.map((entry) => (typeof entry === 'object' && entry ? entry : {}))
    : [];
}

const RULES: readonly Rule[] = [
  function provisionedMinAtMostMax(s) {
    const pc = section(section(s, 'lambda'), 'provisionedConcurrency');
    const min = num(pc.min);
    const max = num(pc.max);
    if (min === undefined || max === undefined || min <= max) return undefined;
    return { field: [...PC, 'min'], message: `${min} must be <= max (${max})`, related: [[...PC, 'max']] };
  },
  function autoscaledProvisionedNeedsAMinimum(s) {
    const pc = section(section(s, 'lambda'), 'provisionedConcurrency');
    const min = num(pc.min);
    const max = num(pc.max);
    if (min !== 0) return undefined;
    const why =
      'autoscaling, which needs min >= 1 (min is 0): target tracking measures the utilization of provisioned concurrency and cannot scale up from none';
    if (max !== undefined && max > min) {
      return { field: [...PC, 'max'], message: `${max} turns on ${why}`, related: [[...PC, 'min']] };
    }
    if (schedulesOf(s).length === 0) return undefined;
    return { field: [...PC, 'schedules'], message: `turn on ${why}`, related: [[...PC, 'min']] };
  },
  function scheduleMinAtMostMax(s) {
    const schedules = schedulesOf(s);
    const index = schedules.findIndex((entry) => {
      const min = num(entry.min);
      const max = num(entry.max);
      return min !== undefined && max !== undefined && min > max;
    });
    if (index === -1) return undefined;
    const { min, max } = schedules[index];
    return { field: [...PC, 'schedules', String(index), 'min'], message: `${min} must be <= max (${max})` };
  },
  function provisionedWithinReserved(s) {
    const lambda = section(s, 'lambda');
    const reserved = num(lambda.reservedConcurrency);
    if (reserved === undefined) return undefined;
    const pc = section(lambda, 'provisionedConcurrency');
    const candidates: [number | undefined, string][] = [
      [num(pc.min), 'min'],
      [num(pc.max), 'max'],
      ...schedulesOf(s).flatMap((entry, i): [number | undefined, string][] => [
        [num(entry.min), `schedules.${i}.min`],
        [num(entry.max), `schedules.${i}.max`],
      ]),
    ];
    const [peak, from] = candidates.reduce(
      (best, candidate) => ((candidate[0] ?? -1) > (best[0] ?? -1) ? candidate : best),
      [undefined, ''] as [number | undefined, string],
    );
    if (peak === undefined || peak <= reserved) return undefined;
    return {
      field: ['lambda', 'reservedConcurrency'],
      message: `${reserved} must be >= provisionedConcurrency.${from} (${peak}): provisioned concurrency is taken from the reserved concurrency`,
      related: [[...PC, ...from.split('.')]],
    };
  },
  function durationAlarmBelowTimeout(s) {
    const lambda = section(s, 'lambda');
    const maxMs = num(section(section(lambda, 'alarms'), 'durationP99').maxMs);
    const timeout = num(lambda.timeoutSeconds);
    if (maxMs === undefined || timeout === undefined || maxMs < timeout * 1000) return undefined;
    return {
      field: ['lambda', 'alarms', 'durationP99', 'maxMs'],
      message: `${maxMs} must be < timeoutSeconds × 1000 (${timeout * 1000}): no invocation lasts longer than the timeout, so the alarm could never fire`,
      related: [['lambda', 'timeoutSeconds']],
    };
  },
];

export function checkLambdaRules(settings: Settings, context: RuleContext): RuleViolation[] {
  if (context.target !== 'lambda') return [];
  return RULES.flatMap((rule) => rule(settings, context) ?? []);
}
