import { num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';

/**
 * Cross-field rules of `monitoring` (drift and quality from captured answers), for both targets: the drift job
 * reads what the model's capture wrote and bins it with a baseline, so it needs capture on, a share of answers
 * captured, and a baseline. The same needs are checked again where the job is built (lib/app/model-monitoring.ts)
 * for callers that build it without a config file.
 */
const RULES: readonly Rule[] = [
  function driftMonitoringNeedsCapture(s, c) {
    const target = targetOf(c);
    if (section(s, 'monitoring').enabled !== true || target === undefined) return undefined;
    if (section(section(s, target), 'dataCapture').enabled === true) return undefined;
    return {
      field: ['monitoring', 'enabled'],
      message: `needs ${target}.dataCapture.enabled: true (the drift job reads the captured answers)`,
      related: [[target, 'dataCapture', 'enabled']],
    };
  },
  function driftMonitoringNeedsCapturedAnswers(s, c) {
    const target = targetOf(c);
    if (section(s, 'monitoring').enabled !== true || target === undefined) return undefined;
    const capture = section(section(s, target), 'dataCapture');
    if (capture.enabled !== true || num(capture.samplingPercent) !== 0) return undefined;
    return {
      field: [target, 'dataCapture', 'samplingPercent'],
      message:
        'is 0 while monitoring.enabled is true: nothing would be captured, and every window would lack data; capture a share of the answers',
      related: [['monitoring', 'enabled']],
    };
  },
  function driftMonitoringNeedsBaseline(s) {
    const monitoring = section(s, 'monitoring');
    if (monitoring.enabled !== true || monitoring.baselinePath !== undefined) return undefined;
    return {
      field: ['monitoring', 'enabled'],
      message:
        'needs monitoring.baselinePath, the baseline JSON `mldeploy baseline` writes from the training data (docs/observability.md#baselines)',
    };
  },
];

function targetOf(context: RuleContext): 'lambda' | 'sagemaker' | undefined {
  return context.target === 'lambda' || context.target === 'sagemaker' ? context.target : undefined;
}

export function checkMonitoringRules(settings: Settings, context: RuleContext): RuleViolation[] {
  return RULES.flatMap((rule) => rule(settings, context) ?? []);
}
