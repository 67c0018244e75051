import { z } from 'zod';
import { VPC_ID_PATTERN } from '../../constructs/private/patterns';
import { lambdaAlarmsSchema } from './alarms';
import { lambdaDataCaptureSchema } from './monitoring';
import * as aws from './aws-values';
import { scheduleTimingShape } from './scaling';
import { securityGroupIdsArray, subnetIdsArray } from './strings';

/** `lambda`: how a model is served by a Lambda function. */

/**
 * Retention periods CloudWatch Logs accepts, in days ("PutRetentionPolicy", retentionInDays, Amazon CloudWatch Logs
 * API Reference, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const provisionedConcurrencyScheduleSchema = z.strictObject({
  ...scheduleTimingShape,
  min: z.int().min(0).describe('Lower bound from then on.'),
  max: z.int().min(1).describe('Upper bound from then on.'),
});

const lambdaVpcSchema = z.strictObject({
  vpcId: z.string().regex(VPC_ID_PATTERN, { error: 'must be a VPC id (vpc-…)' }).describe('The VPC.'),
  subnetIds: subnetIdsArray().describe(
    'Private subnets of that VPC the function runs in; they need a route to S3, e.g. an S3 gateway endpoint (docs/lambda-inference.md#running-in-a-vpc).',
  ),
  securityGroupIds: securityGroupIdsArray().describe(
    'Security groups of the function’s network interfaces; they must allow HTTPS out.',
  ),
});

export const lambdaSchema = z
  .strictObject({
    architecture: z
      .enum(['arm64', 'x86_64'])
      .describe('CPU architecture; the bundle ships that ONNX Runtime binary only.'),
    // Memory 128–10,240 MB, timeout up to 900 s ("Lambda quotas", AWS Lambda Developer Guide,
    // https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
    memoryMb: z.int().min(128).max(10240).describe('Function memory; CPU share grows with it.'),
    timeoutSeconds: z
      .int()
      .min(1)
      .max(900)
      .describe('Longest invocation, model loading on a cold start included.'),
    // /tmp 512–10,240 MB ("EphemeralStorage", AWS Lambda API Reference,
    // https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html).
    ephemeralStorageMb: z
      .int()
      .min(512)
      .max(10240)
      .describe('/tmp size, where the model is downloaded; sized from the model when absent.'),
    reservedConcurrency: z
      .int()
      .min(0)
      .describe(
        'Reserved concurrency; omit for the unreserved pool. Lambda keeps 100 of the account’s concurrency unreserved, so the account’s quota must be at least this + 100; new accounts get reduced quotas (synth warns).',
      ),
    provisionedConcurrency: z
      .strictObject({
        min: z
          .int()
          .min(0)
          .describe('Execution environments kept initialised on the live alias; 0 for none.'),
        max: z
          .int()
          .min(1)
          .describe('Upper bound of autoscaling on utilization; omit (or equal min) for a fixed amount.'),
        targetUtilization: z
          .number()
          .min(0.1)
          .max(0.9)
          .describe('Share of provisioned concurrency in use that autoscaling keeps.'),
        schedules: z
          .array(provisionedConcurrencyScheduleSchema)
          .max(20)
          .superRefine(aws.uniqueScheduleNames)
          .describe('Scheduled changes of the autoscaling range.'),
      })
      .partial()
      .describe('Provisioned concurrency on the live alias: fixed (min) or autoscaled (min..max).'),
    maxBatchSize: z.int().min(1).max(10000).describe('Largest batch (first dimension) a request may carry.'),
    logRetentionDays: z.literal(LOG_RETENTION_DAYS).describe('How long the function logs are kept.'),
    functionUrl: z
      .strictObject({
        enabled: z.boolean().describe('Give the live alias a Function URL.'),
        authType: z
          .enum(['AWS_IAM', 'NONE'])
          .describe('AWS_IAM: callers sign requests; NONE: anyone may call.'),
        allowPublic: z.boolean().describe('Must be true for authType NONE.'),
      })
      .partial(),
    vpc: lambdaVpcSchema.describe(
      'Run the function in these subnets and security groups of a VPC; outside any VPC when absent.',
    ),
    alarms: lambdaAlarmsSchema,
    dataCapture: lambdaDataCaptureSchema,
    sampleRequest: z
      .string()
      .min(1)
      .describe(
        'A v2 infer request file (relative to the project root) that a pre-traffic hook sends to each new version before it takes traffic.',
      ),
  })
  .partial()
  .meta({ id: 'LambdaSettings' });
