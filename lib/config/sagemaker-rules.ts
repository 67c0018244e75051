import {
  isInstanceVariant,
  isServerless,
  num,
  Rule,
  RuleContext,
  RuleViolation,
  section,
  Settings,
} from './rule-kit';

/** Cross-field rules of SageMaker-served models: image, variant, scaling and guardrail combinations. */
const RULES: readonly Rule[] = [
  function imageHasOneSource(s, c) {
    if (c.target !== 'sagemaker') return undefined;
    const image = section(section(s, 'sagemaker'), 'image');
    const sources = ['triton', 'ecrUri'].filter((key) => image[key] !== undefined);
    if (sources.length === 1) return undefined;
    return {
      field: ['sagemaker', 'image'],
      message:
        sources.length === 0
          ? 'needs exactly one of triton and ecrUri'
          : 'set either triton or ecrUri, not both',
    };
  },
  function scheduledRangesAreOrdered(s) {
    const schedules = section(s, 'scaling').schedules;
    if (!Array.isArray(schedules)) return undefined;
    const index = schedules.findIndex((item) => {
      const { minInstances, maxInstances } = (item ?? {}) as Settings;
      return (
        typeof minInstances === 'number' && typeof maxInstances === 'number' && minInstances > maxInstances
      );
    });
    if (index < 0) return undefined;
    const { minInstances, maxInstances } = schedules[index] as Settings;
    return {
      field: ['scaling', 'schedules', String(index), 'minInstances'],
      message: `${minInstances} must be <= maxInstances (${maxInstances})`,
    };
  },
  function provisionedConcurrencyRangeFitsServerless(s, c) {
    const scaling = section(s, 'scaling');
    const min = num(scaling.minProvisionedConcurrency);
    const max = num(scaling.maxProvisionedConcurrency);
    const limit = num(section(section(s, 'sagemaker'), 'serverless').maxConcurrency);
    if (!isServerless(s, c) || scaling.enabled !== true || min === undefined || max === undefined)
      return undefined;
    if (min > max) {
      return {
        field: ['scaling', 'minProvisionedConcurrency'],
        message: `${min} must be <= maxProvisionedConcurrency (${max})`,
        related: [['scaling', 'maxProvisionedConcurrency']],
      };
    }
    if (limit === undefined || max <= limit) return undefined;
    return {
      field: ['scaling', 'maxProvisionedConcurrency'],
      message: `${max} must be <= sagemaker.serverless.maxConcurrency (${limit})`,
      related: [['sagemaker', 'serverless', 'maxConcurrency']],
    };
  },
  function minInstancesAtMostMax(s) {
    const { minInstances, maxInstances } = section(s, 'scaling');
    const min = num(minInstances);
    const max = num(maxInstances);
    if (min === undefined || max === undefined || min <= max) return undefined;
    return {
      field: ['scaling', 'minInstances'],
      message: `${min} must be <= maxInstances (${max})`,
      related: [['scaling', 'maxInstances']],
    };
  },
  function initialCountWithinScalingRange(s, c) {
    const scaling = section(s, 'scaling');
    const count = num(section(s, 'sagemaker').initialInstanceCount);
    const min = num(scaling.minInstances);
    const max = num(scaling.maxInstances);
    if (!isInstanceVariant(s, c) || scaling.enabled !== true || count === undefined) return undefined;
    if (min === undefined || max === undefined || min > max || (count >= min && count <= max))
      return undefined;
    return {
      field: ['sagemaker', 'initialInstanceCount'],
      message: `${count} must be between scaling.minInstances (${min}) and scaling.maxInstances (${max})`,
      related: [
        ['scaling', 'minInstances'],
        ['scaling', 'maxInstances'],
      ],
    };
  },
  function monitoringNeedsDataCapture(s, c) {
    const sagemaker = section(s, 'sagemaker');
    if (c.target !== 'sagemaker' || section(sagemaker, 'monitoring').enabled !== true) return undefined;
    if (section(sagemaker, 'dataCapture').enabled === true) return undefined;
    return {
      field: ['sagemaker', 'monitoring', 'enabled'],
      message: 'needs sagemaker.dataCapture.enabled: true (Model Monitor analyzes the captured requests)',
      related: [['sagemaker', 'dataCapture', 'enabled']],
    };
  },
  function monitoringHasOneBaseline(s, c) {
    const monitoring = section(section(s, 'sagemaker'), 'monitoring');
    if (c.target !== 'sagemaker' || monitoring.enabled !== true) return undefined;
    const uris = ['baselineStatisticsUri', 'baselineConstraintsUri'].filter(
      (key) => monitoring[key] !== undefined,
    );
    const local = monitoring.baselinePath !== undefined;
    if (local ? uris.length === 0 : uris.length === 2) return undefined;
    if (local) {
      return {
        field: ['sagemaker', 'monitoring', 'baselinePath'],
        message: 'set either baselinePath or baselineStatisticsUri and baselineConstraintsUri, not both',
      };
    }
    return {
      // Blame the URI that was given alone, or the switch that turned monitoring on.
      field: ['sagemaker', 'monitoring', uris[0] ?? 'enabled'],
      message:
        'monitoring needs a baseline: both baselineStatisticsUri and baselineConstraintsUri (s3:// URIs), or baselinePath',
    };
  },
];

export function checkSageMakerRules(settings: Settings, context: RuleContext): RuleViolation[] {
  if (context.target !== 'sagemaker') return [];
  return RULES.flatMap((rule) => rule(settings, context) ?? []);
}
