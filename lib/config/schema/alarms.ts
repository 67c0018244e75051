import { z } from 'zod';
import {
  AlarmCatalogEntry,
  LAMBDA_ALARMS,
  SAGEMAKER_ALARMS,
  ThresholdField,
} from '../../constructs/alarms/catalog';
import { CLOUDWATCH_STATISTIC_PATTERN } from '../../constructs/private/patterns';
import { resourceName } from './strings';

/**
 * Config schema of the alarm pack, built from the alarm catalog so that every alarm is tunable under the
 * same key and threshold field the constructs use.
 */

const THRESHOLDS: Record<ThresholdField, () => z.ZodNumber> = {
  maxPercent: () => z.number().min(0).max(100),
  maxMs: () => z.number().positive(),
  maxPerMinute: () => z.int().min(0),
  maxPer5Minutes: () => z.int().min(0),
  minPer15Minutes: () => z.int().min(1),
  // The alarm evaluates one-minute periods, and CloudWatch evaluates at most a day of them ("PutMetricAlarm", Period).
  minutesAtMax: () => z.int().min(1).max(1440),
};

const SEVERITIES = ['critical', 'warning'] as const;

function tuningSchema(entry: AlarmCatalogEntry) {
  const threshold = THRESHOLDS[entry.thresholdField]().describe(
    entry.threshold === undefined ? entry.summary : `${entry.summary} Default ${entry.threshold}.`,
  );
  const shape: Record<string, z.ZodType> = { [entry.thresholdField]: threshold };
  if (!entry.rollback) {
    shape.enabled = z
      .boolean()
      .describe(entry.optIn ? 'Create this alarm (off by default).' : 'Create this alarm (on by default).');
    shape.severity = z
      .enum(SEVERITIES)
      .describe(
        `critical: rolls up into the model health alarm and pages; warning: the warning topic. Default ${entry.severity}.`,
      );
  }
  return z
    .strictObject(shape)
    .partial()
    .describe(entry.rollback ? `Rollback alarm (always on, critical). ${entry.summary}` : entry.summary);
}

function packSchema(catalog: Record<string, AlarmCatalogEntry>, what: string) {
  return z
    .strictObject(
      Object.fromEntries(Object.entries(catalog).map(([key, entry]) => [key, tuningSchema(entry)])),
    )
    .partial()
    .describe(
      `Alarm pack of ${what}: thresholds (unit in the field name), severities and opt-ins per alarm.`,
    );
}

export const sageMakerAlarmsSchema = packSchema(SAGEMAKER_ALARMS, 'a SageMaker endpoint').meta({
  id: 'SageMakerAlarms',
});
export const lambdaAlarmsSchema = packSchema(LAMBDA_ALARMS, 'a Lambda-served model').meta({
  id: 'LambdaAlarms',
});

/** Placeholders a custom alarm's dimension values may use, replaced per model and environment. */
export const CUSTOM_ALARM_PLACEHOLDERS = {
  model: 'the model name',
  environment: 'the environment name',
  endpoint: 'the SageMaker endpoint name (target sagemaker)',
  variant: 'the SageMaker variant name (target sagemaker)',
  function: 'the Lambda function name (target lambda)',
} as const;

const COMPARISONS = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;

const MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

const customAlarmSchema = z.strictObject({
  name: resourceName(40).describe('The alarm is named <project>-<model>-<env>-custom-<name>.'),
  severity: z.enum(SEVERITIES).optional().describe('Default warning.'),
  // Namespace, MetricName and dimension names 1–255 characters, dimension values 1–1024 ("PutMetricAlarm" and
  // "Dimension", Amazon CloudWatch API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
  namespace: z.string().min(1).max(255).describe('CloudWatch namespace of the metric.'),
  metricName: z.string().min(1).max(255).describe('Name of the metric.'),
  dimensions: z
    .record(z.string().min(1).max(255), z.string().min(1).max(1024))
    .optional()
    .describe(
      `Dimension values may use ${Object.keys(CUSTOM_ALARM_PLACEHOLDERS)
        .map((key) => `{${key}}`)
        .join(', ')}.`,
    ),
  statistic: z
    .string()
    .regex(CLOUDWATCH_STATISTIC_PATTERN, {
      error: 'must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
    })
    .describe('Statistic of each period: Average, Sum, Minimum, Maximum, SampleCount, pNN, tmNN, …'),
  // "Valid values are 10, 20, 30, and any multiple of 60" ("PutMetricAlarm", Period).
  periodSeconds: z
    .int()
    .refine((value) => [10, 20, 30].includes(value) || (value >= 60 && value % 60 === 0), {
      error: (issue) => `${String(issue.input)} must be 10, 20, 30 (high resolution) or a multiple of 60`,
    })
    .describe('Length of one period in seconds.'),
  threshold: z.number().describe('Value compared with the statistic, in the metric’s own unit.'),
  comparison: z.enum(COMPARISONS).describe('How the statistic is compared with the threshold.'),
  evaluationPeriods: z.int().min(1).max(10080).describe('Periods the alarm looks back over.'),
  datapointsToAlarm: z.int().min(1).max(10080).optional().describe('Default evaluationPeriods.'),
  treatMissingData: z.enum(MISSING_DATA).describe('What no data means for this metric; chosen on purpose.'),
  description: z.string().min(1).max(500).describe('What it means when the alarm fires.'),
  runbook: z.string().min(1).max(400).describe('What to do first.'),
});

export const customAlarmsSchema = z
  .array(customAlarmSchema)
  .max(20)
  .describe(
    'Alarms on any metric, named and notified like the built-in ones; a more specific layer replaces the list.',
  )
  .meta({ id: 'CustomAlarms' });

export type CustomAlarmSettings = z.infer<typeof customAlarmSchema>;
