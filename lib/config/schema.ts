import { z } from 'zod';
import { DEPLOYMENT_LIMITS } from '../constructs/sagemaker/rollout-rules';
import { TRITON_VERSIONS } from '../constructs/sagemaker/triton-registries';
import { customAlarmsSchema, lambdaAlarmsSchema, sageMakerAlarmsSchema } from './alarm-schema';
import * as aws from './aws-value-schemas';
import { pipelineSchema } from './pipeline-schema';

/**
 * Schema of the deployment config file as written by users.
 *
 * Every model knob is optional at every layer: the resolver merges built-in defaults < `defaults` <
 * `environments.<env>.defaults` < `models.<name>` < `models.<name>.environments.<env>` and then checks
 * rules that span several fields (see rules.ts). Objects are strict so that a misspelt key fails
 * instead of being ignored.
 */

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const nameMessage = 'must be lowercase letters, digits and single hyphens, starting with a letter';

const resourceName = (maxLength: number) =>
  z.string().max(maxLength).regex(NAME_PATTERN, { error: nameMessage });

// Bucket part: 3–63 lowercase letters, digits, dots and hyphens ("General purpose bucket naming rules", Amazon S3 User Guide).
const S3_URI_PATTERN = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/;
const s3UriString = () =>
  z.string().regex(S3_URI_PATTERN, { error: 'must be an S3 URI like s3://bucket/key' });
const SHA256_PATTERN = /^[a-f0-9]{64}$/;

/** A Model Package Group name as this config accepts it (also inside package ARNs); `mldeploy promote` checks it too. */
// Looser than SageMaker's own ModelPackageGroupName, 1–63 of [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} ("CreateModelPackageGroup",
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackageGroup.html).
export const MODEL_PACKAGE_GROUP_NAME_PATTERN = /^[a-zA-Z0-9-]{1,63}$/;
/** A versioned model package ARN: `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`. */
export const MODEL_PACKAGE_ARN_PATTERN = new RegExp(
  `^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:model-package\\/${MODEL_PACKAGE_GROUP_NAME_PATTERN.source.slice(1, -1)}\\/\\d+$`,
);

const artifactSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe(
        'A file or folder in this repository (relative to the project root), published to the model bucket under <model>/<sha256>/.',
      ),
    s3Uri: s3UriString().describe('An artifact that already exists in S3; used as is and never modified.'),
    sha256: z
      .string()
      .regex(SHA256_PATTERN, { error: 'must be 64 lowercase hex characters' })
      .describe('Expected SHA-256 of an s3Uri artifact (single file); checked by runtimes that load it.'),
    modelPackage: z
      .strictObject({
        arn: z
          .string()
          .regex(MODEL_PACKAGE_ARN_PATTERN, {
            error:
              'must be a versioned model package ARN like arn:aws:sagemaker:eu-west-1:123456789012:model-package/group/3',
          })
          .describe('A versioned package of a SageMaker Model Package Group.'),
        modelDataUri: s3UriString().describe('The package’s model data, read by the execution role.'),
        image: z
          .string()
          .regex(
            /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/,
            {
              error: 'must be an ECR image URI with a tag or digest',
            },
          )
          .describe('The package’s inference image, pulled by the execution role.'),
      })
      .describe(
        'SageMaker only: serve a model package from the Model Registry (its container and data); written by `mldeploy promote`.',
      ),
  })
  .partial()
  .describe('Where the model comes from: exactly one of path, s3Uri and modelPackage.');

// Ranges: "ProductionVariantServerlessConfig", Amazon SageMaker API Reference,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html
const serverlessSchema = z
  .strictObject({
    memorySizeMb: z.int().min(1024).max(6144).multipleOf(1024).describe('Memory of a serverless endpoint.'),
    maxConcurrency: z.int().min(1).max(200).describe('Concurrent invocations a serverless endpoint accepts.'),
    provisionedConcurrency: z
      .int()
      .min(0)
      .max(200)
      .describe('Pre-warmed concurrency; 0 for none. Must be <= maxConcurrency.'),
  })
  .partial();

const imageSchema = z
  .strictObject({
    triton: z
      .enum(TRITON_VERSIONS)
      .describe('NVIDIA Triton Inference Server release; the image is resolved for the stack region.'),
    ecrUri: z
      .string()
      .regex(
        /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[a-f0-9]{64})?$/,
        {
          error: 'must be an ECR image URI like 123456789012.dkr.ecr.eu-west-1.amazonaws.com/repo:tag',
        },
      )
      .describe('Any image in Amazon ECR.'),
  })
  .partial()
  .describe('Container image: exactly one of triton and ecrUri.');

const vpcSchema = z.strictObject({
  subnetIds: z
    .array(z.string().regex(/^subnet-[a-f0-9]+$/, { error: 'must be a subnet id (subnet-…)' }))
    .min(1)
    .describe('Subnets the instances run in (private subnets with a route to S3 and ECR).'),
  securityGroupIds: z
    .array(z.string().regex(/^sg-[a-f0-9]+$/, { error: 'must be a security group id (sg-…)' }))
    .min(1)
    .describe('Security groups of the instances’ network interfaces.'),
});

const lambdaVpcSchema = z.strictObject({
  vpcId: z
    .string()
    .regex(/^vpc-[a-f0-9]+$/, { error: 'must be a VPC id (vpc-…)' })
    .describe('The VPC.'),
  subnetIds: z
    .array(z.string().regex(/^subnet-[a-f0-9]+$/, { error: 'must be a subnet id (subnet-…)' }))
    .min(1)
    .describe(
      'Private subnets of that VPC the function runs in; they need a route to S3, e.g. an S3 gateway endpoint (docs/lambda-inference.md#running-in-a-vpc).',
    ),
  securityGroupIds: z
    .array(z.string().regex(/^sg-[a-f0-9]+$/, { error: 'must be a security group id (sg-…)' }))
    .min(1)
    .describe('Security groups of the function’s network interfaces; they must allow HTTPS out.'),
});

const dataCaptureSchema = z
  .strictObject({
    enabled: z.boolean().describe('Capture requests and responses to the environment capture bucket.'),
    // InitialSamplingPercentage 0–100 ("DataCaptureConfig", Amazon SageMaker API Reference).
    samplingPercent: z.int().min(0).max(100).describe('Share of requests captured.'),
    captureInputs: z.boolean().describe('Capture request payloads.'),
    captureOutputs: z.boolean().describe('Capture response payloads.'),
  })
  .partial()
  .describe('Request and response capture (instance variants only), the input of drift monitoring.');

const monitoringSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Run a Model Monitor data-quality schedule against the captured requests. Off unless set: SageMaker Model Monitor is no longer open to new customers (AWS "Amazon SageMaker Model Monitor availability change"), and in an account that has not used it the schedule fails to create and the stack rollback deletes the endpoint. Enable only in accounts that already use Model Monitor (synth warns).',
      ),
    baselinePath: z
      .string()
      .min(1)
      .describe(
        'A folder in this repository with statistics.json, constraints.json and optionally preprocessor.py, published like an artifact.',
      ),
    baselineStatisticsUri: s3UriString().describe(
      'Baseline statistics.json in S3 (with baselineConstraintsUri, instead of baselinePath).',
    ),
    baselineConstraintsUri: s3UriString().describe(
      'Baseline constraints.json in S3 (with baselineStatisticsUri, instead of baselinePath).',
    ),
    recordPreprocessorUri: s3UriString().describe(
      'Record preprocessor script in S3, for captured payloads the analyzer cannot parse.',
    ),
    features: z
      .array(z.string().min(1).max(200))
      .describe('Features with a drift alarm; read from the baseline constraints.json when absent.'),
    maxDriftDistance: z
      .number()
      .gt(0)
      .max(1)
      .describe('Alarm when a feature’s baseline drift distance exceeds this.'),
    scheduleExpression: aws
      .monitoringScheduleString()
      .describe(
        'When the monitoring job runs (UTC): hourly cron(0 * ? * * *), daily cron(0 H ? * * *) or every N hours cron(0 H/N ? * * *).',
      ),
    instanceType: aws
      .processingInstanceTypeString()
      .describe('Instance type of the monitoring job: a SageMaker processing instance type.'),
    // MaxRuntimeInSeconds at most 86400 ("MonitoringStoppingCondition", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MonitoringStoppingCondition.html).
    maxRuntimeSeconds: z.int().min(60).max(86400).describe('Monitoring job time limit.'),
    // VolumeSizeInGB 1–16384 ("MonitoringClusterConfig", Amazon SageMaker API Reference).
    volumeSizeGb: z.int().min(1).max(16384).describe('Storage volume of the monitoring job.'),
  })
  .partial()
  .describe('Data-quality drift monitoring with SageMaker Model Monitor; needs dataCapture.');

const sagemakerSchema = z
  .strictObject({
    variant: z.enum(['instance', 'serverless']).describe('Real-time instances or a serverless endpoint.'),
    instanceType: aws
      .endpointInstanceTypeString()
      .describe(
        'Instance type of an instance variant: a SageMaker endpoint instance type, e.g. ml.m5.large.',
      ),
    initialInstanceCount: z.int().min(1).max(100).describe('Instances at creation (instance variant).'),
    serverless: serverlessSchema,
    image: imageSchema,
    // Each key and value at most 1024 characters ("ContainerDefinition", Environment, Amazon SageMaker API Reference).
    environment: z
      .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string().max(1024))
      .describe('Container environment.'),
    // VolumeSizeInGB 1–512, both timeouts 60–3600 s ("ProductionVariant", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html).
    volumeSizeGb: z.int().min(1).max(512).describe('ML storage volume per instance.'),
    volumeEncryption: z
      .boolean()
      .describe(
        'Encrypt instance volumes with the model bucket key where the instance type allows it; serverless variants have no volume and ignore it.',
      ),
    modelDataDownloadTimeoutSeconds: z
      .int()
      .min(60)
      .max(3600)
      .describe(
        'Time SageMaker allows to download the model data to an instance; SageMaker’s default when absent.',
      ),
    containerStartupHealthCheckTimeoutSeconds: z
      .int()
      .min(60)
      .max(3600)
      .describe('Time the container has to pass its /ping health check; SageMaker’s default when absent.'),
    routingStrategy: z
      .enum(['LEAST_OUTSTANDING_REQUESTS', 'RANDOM'])
      .describe('How SageMaker spreads requests over the instances.'),
    networkIsolation: z.boolean().describe('Block all network access from the model container.'),
    vpc: vpcSchema.describe('Run the instances in these subnets and security groups.'),
    dataCapture: dataCaptureSchema,
    monitoring: monitoringSchema,
    alarms: sageMakerAlarmsSchema,
    sampleRequest: z
      .string()
      .min(1)
      .describe(
        'A JSON request body file (relative to the project root) that `mldeploy verify` sends through InvokeEndpoint after a deploy.',
      ),
  })
  .partial();

/**
 * Retention periods CloudWatch Logs accepts, in days ("PutRetentionPolicy", retentionInDays, Amazon CloudWatch Logs
 * API Reference, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** When and how a scheduled scaling action runs; each schedule adds its own bounds. */
const scheduleTimingShape = {
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

const provisionedConcurrencyScheduleSchema = z.strictObject({
  ...scheduleTimingShape,
  min: z.int().min(0).describe('Lower bound from then on.'),
  max: z.int().min(1).describe('Upper bound from then on.'),
});

const lambdaSchema = z
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
    sampleRequest: z
      .string()
      .min(1)
      .describe(
        'A v2 infer request file (relative to the project root) that a pre-traffic hook sends to each new version before it takes traffic.',
      ),
  })
  .partial();

const scheduleSchema = z.strictObject({
  ...scheduleTimingShape,
  minInstances: z.int().min(0).max(100).describe('Lowest instance count from then on.'),
  maxInstances: z.int().min(1).max(100).describe('Highest instance count from then on.'),
});

const scalingSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe('Target-tracking autoscaling of the instance count (or serverless provisioned concurrency).'),
    minInstances: z.int().min(1).max(100).describe('Fewest instances autoscaling keeps.'),
    maxInstances: z.int().min(1).max(100).describe('Most instances autoscaling adds.'),
    targetInvocationsPerInstance: z
      .union([z.int().min(1), z.literal(false)], {
        error: 'must be a whole number >= 1, or false for no invocations policy',
      })
      .describe(
        'Target-tracking value for invocations per instance per minute; false for no invocations policy (then another target or a schedule must drive the scaling).',
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
      .describe('Time-based changes of the instance range; names unique within the list.'),
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
  .partial();

const ROLLOUT_STRATEGIES = ['allAtOnce', 'canary', 'linear', 'rolling'] as const;

const rolloutSchema = z
  .strictObject({
    strategy: z
      .enum(ROLLOUT_STRATEGIES)
      .describe('How traffic moves to a new version; rolling is for SageMaker instance variants only.'),
    // Canary ≤ 50 %, linear step 10–50 %, bake (WaitIntervalInSeconds) ≤ 3600 s: SageMaker's limits, sourced in DEPLOYMENT_LIMITS.
    canaryPercent: z.int().min(1).max(50).describe('Share of capacity that takes traffic first (canary).'),
    canaryInstances: z
      .int()
      .min(1)
      .describe(
        'SageMaker: canary size as an instance count instead of canaryPercent; at most half the fleet.',
      ),
    // MaximumBatchSize 5–50 % of the variant's instances ("RollingUpdatePolicy", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RollingUpdatePolicy.html).
    rollingBatchPercent: z
      .int()
      .min(5)
      .max(50)
      .describe('SageMaker rolling: share of instances replaced per step.'),
    terminationWaitMinutes: z
      .int()
      .min(DEPLOYMENT_LIMITS.terminationWaitSeconds.min / 60)
      .max(DEPLOYMENT_LIMITS.terminationWaitSeconds.max / 60)
      .describe('SageMaker: wait before the old fleet is terminated.'),
    maxExecutionMinutes: z
      .int()
      .min(DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds.min / 60)
      .max(DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds.max / 60)
      .describe('SageMaker: deployment timeout; computed from the waits when absent.'),

    linearStepPercent: z.int().min(10).max(50).describe('Share of capacity shifted per step (linear).'),
    bakeMinutes: z.int().min(0).max(60).describe('Wait between traffic shifts while alarms are watched.'),
    autoRollback: z.boolean().describe('Roll back automatically when a rollback alarm fires.'),
  })
  .partial();

/** Knobs that every layer may set; the most specific layer wins field by field. */
export const modelSettingsShape = {
  artifact: artifactSchema,
  sagemaker: sagemakerSchema,
  lambda: lambdaSchema,
  scaling: scalingSchema,
  rollout: rolloutSchema,
  customAlarms: customAlarmsSchema,
};

const modelSettingsSchema = z.strictObject(modelSettingsShape).partial();

const tagsSchema = aws.tagsSchema();

// The email and https protocols of "Subscribe" (Amazon SNS API Reference); both need the subscriber to confirm.
const subscriptionsSchema = z
  .strictObject({
    emails: z.array(z.email()).describe('Addresses subscribed to the topic (each confirms by mail).'),
    httpsUrls: z
      .array(z.url({ protocol: /^https$/, error: 'must be an https:// URL' }))
      .describe('HTTPS endpoints subscribed to the topic, e.g. an incident tool integration.'),
  })
  .partial();

// "Locking objects with Object Lock", Amazon S3 User Guide
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html): in GOVERNANCE mode a principal
// with s3:BypassGovernanceRetention can still delete a locked version; in COMPLIANCE mode nobody can, the
// root user included, until its retention period ends.
const objectLockSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Create the model bucket with S3 Object Lock, so that no artifact version can be overwritten or deleted while it is retained. Only a new bucket gets it: on a deployed bucket, turning it on replaces the bucket (docs/configuration.md#object-lock).',
      ),
    mode: z
      .enum(['GOVERNANCE', 'COMPLIANCE'])
      .describe(
        'Default retention mode of every new object version: GOVERNANCE (principals with s3:BypassGovernanceRetention may still delete) or COMPLIANCE (nobody may, the root user included; not with destroyOnDelete).',
      ),
    retentionDays: z.int().min(1).max(3650).describe('Days every new object version is locked for.'),
  })
  .partial()
  .describe('S3 Object Lock on the model bucket.');

/** COMPLIANCE-locked versions cannot be deleted, so a bucket destroyed with its stack cannot have them. */
function rejectUndeletableLock(
  bucket: { destroyOnDelete?: boolean; objectLock?: { enabled?: boolean; mode?: string } },
  context: z.RefinementCtx,
): void {
  const lock = bucket.objectLock;
  if (bucket.destroyOnDelete && lock?.mode === 'COMPLIANCE' && lock.enabled !== false) {
    context.addIssue({
      code: 'custom',
      path: ['objectLock', 'mode'],
      message:
        'COMPLIANCE cannot go with destroyOnDelete: true; nobody can delete a COMPLIANCE-locked version before its retention ends, so the bucket could not be destroyed with its stack. Use GOVERNANCE, or set destroyOnDelete: false',
    });
  }
}

const environmentSchema = z.strictObject({
  account: z
    .string()
    .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' })
    .optional()
    .describe('Target account; omit for an environment-agnostic stage.'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' })
    .optional()
    .describe('Target region; omit for an environment-agnostic stage.'),
  tags: tagsSchema
    .optional()
    .describe(
      'Tags on every resource and stack of this environment (they win over the top-level tags); same rules as the top-level tags.',
    ),
  notifications: z
    .strictObject({
      critical: subscriptionsSchema.describe('Paged when a model is unhealthy or a rollout is rolled back.'),
      warning: subscriptionsSchema.describe('Told about trends that need attention during working hours.'),
    })
    .partial()
    .optional()
    .describe('Who each severity of alarm notifies.'),
  modelBucket: z
    .strictObject({
      noncurrentVersionExpirationDays: z
        .int()
        .min(1)
        .max(3650)
        .describe('Days a replaced object version is kept before it expires.'),
      destroyOnDelete: z
        .boolean()
        .describe('Delete the bucket and its objects with the stack. Only for throwaway environments.'),
      objectLock: objectLockSchema,
    })
    .partial()
    .superRefine(rejectUndeletableLock)
    .optional(),
  captureBucket: z
    .strictObject({
      expirationDays: z
        .int()
        .min(1)
        .max(3650)
        .describe('Days captured requests and monitoring reports are kept before they expire.'),
    })
    .partial()
    .optional()
    .describe(
      'The bucket SageMaker data capture writes to; deleted with the stack only with modelBucket.destroyOnDelete.',
    ),
  defaults: modelSettingsSchema.optional().describe('Model knobs for every model in this environment.'),
  requiresApproval: z
    .boolean()
    .optional()
    .describe('CI pipeline: a manual approval before this environment is deployed.'),
});

const modelSchema = z
  .strictObject({
    ...modelSettingsShape,
    target: z.enum(['sagemaker', 'lambda']).describe('Where the model is served.'),
    artifact: artifactSchema,
    description: z.string().max(256).optional().describe('Free text shown in stack descriptions.'),
    environments: z
      .record(z.string(), modelSettingsSchema)
      .optional()
      .describe('Per-environment overrides of this model’s knobs.'),
  })
  .partial({ sagemaker: true, lambda: true, scaling: true, rollout: true, customAlarms: true });

export const deploymentConfigSchema = z
  .strictObject({
    project: resourceName(20).describe('Short prefix of physical names (endpoints, alarms, stacks).'),
    tags: tagsSchema
      .optional()
      .describe(
        'Tags on every resource and stack of every environment: keys of 1-128 and values of 1-256 letters, digits, spaces and _ . : / = + - @, no aws: prefix; at most 47 with the environment tags.',
      ),
    defaults: modelSettingsSchema.optional().describe('Model knobs for every model in every environment.'),
    environments: z
      .record(resourceName(20), environmentSchema)
      .refine((envs) => Object.keys(envs).length > 0, { error: 'must define at least one environment' })
      .describe('Environments in deployment order (for example dev, staging, prod).'),
    models: z
      .record(resourceName(40), modelSchema)
      .refine((models) => Object.keys(models).length > 0, { error: 'must define at least one model' }),
    pipeline: pipelineSchema.optional(),
  })
  // Runs even when other fields failed, so the tag count is reported with them.
  .superRefine(aws.stackTagLimit, { when: () => true });

export type DeploymentConfigFile = z.infer<typeof deploymentConfigSchema>;
export type ModelSettingsLayer = z.infer<typeof modelSettingsSchema>;
