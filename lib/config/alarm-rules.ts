import { PLACEHOLDER_PATTERN } from '../constructs/private/patterns';
import { CUSTOM_ALARM_PLACEHOLDERS } from './schema/alarms';
import { num, RuleContext, RuleViolation, Settings } from './rule-kit';

/** Placeholders that name something only one target has. */
const TARGET_OF_PLACEHOLDER: Partial<Record<string, string>> = {
  endpoint: 'sagemaker',
  variant: 'sagemaker',
  function: 'lambda',
};

/**
 * CloudWatch evaluates at most a day of sub-hour periods, and at most 7 days of hourly or longer ones ("PutMetricAlarm",
 * Period, Amazon CloudWatch API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */
const maxEvaluatedSeconds = (periodSeconds: number) => (periodSeconds >= 3600 ? 7 * 86400 : 86400);

/**
 * Cross-field rules of the custom alarms of one model in one environment that only the config has (the
 * evaluation window, placeholders). Names and datapoints are the alarm pack's rules, run by construct-rules.ts.
 */
export function checkCustomAlarmRules(settings: Settings, context: RuleContext): RuleViolation[] {
  const alarms = settings.customAlarms;
  if (!Array.isArray(alarms)) return [];
  return alarms.flatMap((entry: unknown, index): RuleViolation[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const alarm = entry as Settings;
    const at = (...field: string[]) => ['customAlarms', String(index), ...field];
    const problems: RuleViolation[] = [];
    const periods = num(alarm.evaluationPeriods);
    const period = num(alarm.periodSeconds);
    if (periods !== undefined && period !== undefined && periods * period > maxEvaluatedSeconds(period)) {
      problems.push({
        field: at('evaluationPeriods'),
        message: `${periods} × periodSeconds (${period}) = ${periods * period} s, but CloudWatch evaluates at most ${maxEvaluatedSeconds(period)} s of ${period >= 3600 ? 'hourly or longer' : 'sub-hour'} periods`,
      });
    }
    const dimensions = alarm.dimensions;
    if (typeof dimensions === 'object' && dimensions !== null) {
      for (const [name, value] of Object.entries(dimensions)) {
        if (typeof value !== 'string') continue;
        for (const [, placeholder] of value.matchAll(PLACEHOLDER_PATTERN)) {
          const problem = placeholderProblem(placeholder, context);
          if (problem) problems.push({ field: at('dimensions', name), message: problem });
        }
      }
    }
    return problems;
  });
}

function placeholderProblem(placeholder: string, context: RuleContext): string | undefined {
  const known = Object.keys(CUSTOM_ALARM_PLACEHOLDERS);
  if (!known.includes(placeholder)) {
    return `{${placeholder}} is not a placeholder; use ${known.map((key) => `{${key}}`).join(', ')}`;
  }
  const target = TARGET_OF_PLACEHOLDER[placeholder];
  if (target !== undefined && target !== context.target) {
    return `{${placeholder}} exists only for target ${target}, and this model's target is ${String(context.target)}`;
  }
  return undefined;
}
