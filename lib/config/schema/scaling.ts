import { z } from 'zod';
import * as aws from './aws-values';
import { resourceName } from './strings';

/** `scaling`: autoscaling of a SageMaker endpoint, and the scheduled changes of its range. */

/** When and how a scheduled scaling action runs; each schedule adds its own bounds (here, and in `lambda`). */
export const scheduleTimingShape = {
  // Stricter than Application Auto Scaling's ScheduledActionName (1-256 characters, none of : / |), so
  // the action names built from it (endpoint name + this) always fit.
  name: resourceName(40).describe('Names the scheduled action; unique within its list.'),
  schedule: aws
    .scalingScheduleString()
    .describe(
      'When the range changes: cron(minutes hours day-of-month month day-of-week year) with one day field ?, e.g. cron(0 7 ? * MON-FRI *); rate(value unit), e.g. rate(6 hours); or at(yyyy-mm-ddThh:mm:ss). Read in timezone, UTC when absent.',
    ),
  timezone: aws
    .timeZoneString()
    .optional()
    .describe(
      'IANA time zone the schedule is read in, spelt exactly (e.g. Europe/Paris, UTC, Etc/GMT+9); UTC when absent.',
    ),
};

// Instance variants give the instance range, serverless variants the provisioned-concurrency range: both scale
// through one Application Auto Scaling target, whose scheduled action sets its range (sagemaker-rules.ts says which
// pair a model needs).
const scheduleSchema = z.strictObject({
  ...scheduleTimingShape,
  minInstances: z
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Instance variants: lowest instance count from then on.'),
  maxInstances: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Instance variants: highest instance count from then on.'),
  minProvisionedConcurrency: z
    .int()
    .min(0)
    .max(200)
    .optional()
    .describe('Serverless variants: lowest provisioned concurrency from then on.'),
  maxProvisionedConcurrency: z
    .int()
    .min(1)
    .max(200)
    .optional()
    .describe('Serverless variants: highest provisioned concurrency from then on.'),
});

export const scalingSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe('Target-tracking autoscaling of the instance count (or serverless provisioned concurrency).'),
    minInstances: z
      .int()
      .min(0)
      .max(100)
      .describe('Fewest instances autoscaling keeps; 0 only for asynchronous endpoints (sagemaker.async).'),
    maxInstances: z.int().min(1).max(100).describe('Most instances autoscaling adds.'),
    targetInvocationsPerInstance: z
      .union([z.int().min(1), z.literal(false)], {
        error: 'must be a whole number >= 1, or false for no invocations policy',
      })
      .describe(
        'Target-tracking value for invocations per instance per minute, 100 when absent on a real-time endpoint; false for no invocations policy (then another target or a schedule must drive the scaling). Asynchronous endpoints publish no invocations per instance and refuse it.',
      ),
    targetBacklogPerInstance: z
      .number()
      .positive()
      .describe(
        'Asynchronous endpoints: target queued requests per instance (ApproximateBacklogSizePerInstance); 5 when absent.',
      ),
    targetConcurrentRequestsPerModel: z
      .number()
      .positive()
      .describe('Also track concurrent requests per model copy (high-resolution metric).'),
    targetCpuUtilizationPercent: z.number().min(1).max(100).describe('Also track CPU of the whole instance.'),
    targetGpuUtilizationPercent: z.number().min(1).max(100).describe('Also track GPU of the whole instance.'),
    scaleInCooldownSeconds: z.int().min(0).max(3600).describe('Wait after a scale-in before the next one.'),
    scaleOutCooldownSeconds: z.int().min(0).max(3600).describe('Wait after a scale-out before the next one.'),
    schedules: z
      .array(scheduleSchema)
      .superRefine(aws.uniqueScheduleNames)
      .describe(
        'Time-based changes of the range: instances (instance variants) or provisioned concurrency (serverless variants); names unique within the list.',
      ),
    minProvisionedConcurrency: z
      .int()
      .min(0)
      .max(200)
      .describe('Serverless: lowest provisioned concurrency.'),
    maxProvisionedConcurrency: z
      .int()
      .min(1)
      .max(200)
      .describe('Serverless: highest provisioned concurrency.'),
    targetProvisionedConcurrencyUtilization: z
      .number()
      .min(0.1)
      .max(0.9)
      .describe('Serverless: target utilization of provisioned concurrency.'),
  })
  .partial()
  .meta({ id: 'Scaling' });
