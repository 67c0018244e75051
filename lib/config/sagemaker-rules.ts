import { isInstanceVariant, num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';
import { monitoringIntervalSeconds } from './schedule-expression';

/**
 * Cross-field rules of SageMaker-served models that only the config has: one image source, the initial count
 * within the scaling range, monitoring's inputs. The endpoint's own rules (variant, serverless limits, scaling,
 * rollout) are SageMakerEndpoint's, run by construct-rules.ts.
 */
const RULES: readonly Rule[] = [
  function imageHasOneSource(s, c) {
    if (c.target !== 'sagemaker') return undefined;
    const image = section(section(s, 'sagemaker'), 'image');
    const sources = ['triton', 'lmi', 'tgi', 'ecrUri'].filter((key) => image[key] !== undefined);
    if (sources.length === 1) return undefined;
    return {
      field: ['sagemaker', 'image'],
      message:
        sources.length === 0
          ? 'needs exactly one of triton, lmi, tgi and ecrUri'
          : `set only one of ${sources.join(' and ')}`,
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
  function monitoringRunsWithinItsInterval(s, c) {
    const monitoring = section(section(s, 'sagemaker'), 'monitoring');
    const runtime = num(monitoring.maxRuntimeSeconds);
    const schedule = monitoring.scheduleExpression;
    if (c.target !== 'sagemaker' || monitoring.enabled !== true || runtime === undefined) return undefined;
    const interval = typeof schedule === 'string' ? monitoringIntervalSeconds(schedule) : undefined;
    // "MonitoringStoppingCondition", Amazon SageMaker API Reference: MaxRuntimeInSeconds cannot exceed the
    // frequency of the job (up to 3600 seconds for an hourly data-quality schedule).
    if (interval === undefined || runtime <= interval) return undefined;
    return {
      field: ['sagemaker', 'monitoring', 'maxRuntimeSeconds'],
      message: `${runtime} must be <= ${interval}, the seconds between two runs of scheduleExpression ${JSON.stringify(schedule)} (SageMaker refuses a job that may outlast its interval)`,
      related: [['sagemaker', 'monitoring', 'scheduleExpression']],
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

/**
 * Rules of the additional production variants (`sagemaker.variants`) that only the config has: a variant's own
 * instance range needs autoscaling and must hold its initial count; and with automatic rollback each variant adds its
 * 5XX-rate and p99-latency alarms to the deployment's, which watches at most 10 ("AutoRollbackConfig", Amazon
 * SageMaker API Reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html).
 */
function variantRules(s: Settings, c: RuleContext): RuleViolation[] {
  const variants = section(s, 'sagemaker').variants;
  if (!isInstanceVariant(s, c) || !Array.isArray(variants)) return [];
  const scaling = section(s, 'scaling');
  const violations: RuleViolation[] = [];
  variants.forEach((variant: unknown, index) => {
    const v = typeof variant === 'object' && variant !== null ? (variant as Settings) : {};
    const field = (key: string) => ['sagemaker', 'variants', String(index), key];
    const ownMin = num(v.minInstances);
    const ownMax = num(v.maxInstances);
    if (ownMin === undefined && ownMax === undefined) return;
    if (scaling.enabled !== true) {
      violations.push({
        field: field(ownMin !== undefined ? 'minInstances' : 'maxInstances'),
        message: 'needs scaling.enabled: true (it is the variant’s autoscaling range)',
        related: [['scaling', 'enabled']],
      });
      return;
    }
    const min = ownMin ?? num(scaling.minInstances);
    const max = ownMax ?? num(scaling.maxInstances);
    const count = num(v.initialInstanceCount) ?? 1;
    if (min !== undefined && max !== undefined && min > max) {
      violations.push({
        field: field(ownMin !== undefined ? 'minInstances' : 'maxInstances'),
        message: `the variant's range ${min}–${max} is empty: minInstances must be <= maxInstances (scaling's where the variant sets none)`,
      });
    } else if (min !== undefined && max !== undefined && (count < min || count > max)) {
      violations.push({
        field: field('initialInstanceCount'),
        message: `${count} must be between the variant's minInstances (${min}) and maxInstances (${max})`,
      });
    }
  });
  const rollout = section(s, 'rollout');
  const extra = variants.length;
  if (rollout.autoRollback !== false && 2 + 2 * extra > 10) {
    violations.push({
      field: ['sagemaker', 'variants'],
      message: `${extra} variants give a deployment ${2 + 2 * extra} rollback alarms (2 per production variant), but SageMaker watches at most 10: keep at most 4, or set rollout.autoRollback: false`,
      related: [['rollout', 'autoRollback']],
    });
  }
  return violations;
}

const RANGES = {
  instance: ['minInstances', 'maxInstances'],
  serverless: ['minProvisionedConcurrency', 'maxProvisionedConcurrency'],
} as const;

/**
 * Each of `scaling.schedules` sets the range of the variant's one scalable target: instances
 * (`sagemaker:variant:DesiredInstanceCount`) or, for a serverless variant, provisioned concurrency
 * (`sagemaker:variant:DesiredProvisionedConcurrency`); scheduled scaling works on both ("Amazon SageMaker AI and
 * Application Auto Scaling",
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-sagemaker.html, and
 * "Automatically scale Provisioned Concurrency for a serverless endpoint",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-autoscale.html). So a schedule gives the
 * pair of its variant, and not the other.
 */
export function scheduleRangeViolations(s: Settings): RuleViolation[] {
  const schedules = section(s, 'scaling').schedules;
  if (!Array.isArray(schedules)) return [];
  const serverless = section(s, 'sagemaker').variant === 'serverless';
  const [own, other] = serverless
    ? [RANGES.serverless, RANGES.instance]
    : [RANGES.instance, RANGES.serverless];
  const kind = serverless ? 'a serverless variant' : 'an instance variant';
  return schedules.flatMap((schedule: unknown, index): RuleViolation[] => {
    const entry = typeof schedule === 'object' && schedule !== null ? (schedule as Settings) : {};
    const path = ['scaling', 'schedules', String(index)];
    const given = other.filter((key) => entry[key] !== undefined);
    if (given.length > 0) {
      return [
        {
          field: [...path, given[0]],
          message: `does not apply to ${kind} (sagemaker.variant): its schedules set ${own.join(' and ')}`,
          related: [['sagemaker', 'variant']],
        },
      ];
    }
    const missing = own.filter((key) => entry[key] === undefined);
    if (missing.length === 0) return [];
    return [
      {
        field: path,
        message: `needs ${missing.join(' and ')}: the range ${kind} (sagemaker.variant) takes from then on`,
        related: [['sagemaker', 'variant']],
      },
    ];
  });
}

export function checkSageMakerRules(settings: Settings, context: RuleContext): RuleViolation[] {
  if (context.target !== 'sagemaker') return [];
  return [
    ...RULES.flatMap((rule) => rule(settings, context) ?? []),
    ...variantRules(settings, context),
    ...scheduleRangeViolations(settings),
  ];
}
