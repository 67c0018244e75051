import { num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';

/**
 * Cross-field rules of Lambda-served models that only the config has (the alarm pack's thresholds). The rules
 * of the function itself (rollout, provisioned concurrency, Function URL, artifact) are LambdaInference's,
 * run by construct-rules.ts. They apply only to models with `target: lambda`.
 */

const RULES: readonly Rule[] = [
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
