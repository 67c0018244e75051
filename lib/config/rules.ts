import { checkCustomAlarmRules } from './alarm-rules';
import { checkMonitoringRules } from './monitoring-rules';
import { checkChatRules } from './chat-rules';
import { Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';
import { checkSageMakerRules } from './sagemaker-rules';
import { checkLlmRules } from './llm-rules';

export type { RuleContext, RuleViolation } from './rule-kit';

export function endpointName(project: string, model: string, environment: string): string {
  return `${project}-${model}-${environment}`;
}

/** Rules for every model, whatever serves it. */
const RULES: readonly Rule[] = [
  function artifactHasOneSource(s) {
    const artifact = section(s, 'artifact');
    const sources = ['path', 's3Uri', 'modelPackage'].filter((key) => artifact[key] !== undefined);
    if (sources.length === 1) {
      if (artifact.sha256 !== undefined && artifact.s3Uri === undefined) {
        return {
          field: ['artifact', 'sha256'],
          message: `is the expected digest of an s3Uri artifact; it does not apply to ${sources[0]}`,
        };
      }
      return undefined;
    }
    return {
      field: ['artifact'],
      message:
        sources.length === 0
          ? 'needs exactly one of path, s3Uri and modelPackage'
          : `set only one of ${sources.join(' and ')}`,
    };
  },
  function modelPackagesAreServedBySageMaker(s, c) {
    if (section(s, 'artifact').modelPackage === undefined || c.target === 'sagemaker') return undefined;
    return {
      field: ['artifact', 'modelPackage'],
      message: `a model package is served by SageMaker (its container runs it); this model's target is ${String(c.target)}`,
    };
  },
];

/** Every cross-field rule the merged settings of one model in one environment break. */
export function checkModelRules(settings: Settings, context: RuleContext): RuleViolation[] {
  return [
    ...RULES.flatMap((rule) => rule(settings, context) ?? []),
    ...checkSageMakerRules(settings, context),
    ...checkLlmRules(settings, context),
    ...checkCustomAlarmRules(settings, context),
    ...checkMonitoringRules(settings, context),
    ...checkChatRules(settings, context),
  ];
}
