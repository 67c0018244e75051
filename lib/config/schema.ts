import { z } from 'zod';

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

export const resourceName = (maxLength: number) =>
  z.string().max(maxLength).regex(NAME_PATTERN, { error: nameMessage });

const S3_URI_PATTERN = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/;
const SHA256_PATTERN = /^[a-f0-9]{64}$/;

export const artifactSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe(
        'A file or folder in this repository (relative to the project root), published to the model bucket under <model>/<sha256>/.',
      ),
    s3Uri: z
      .string()
      .regex(S3_URI_PATTERN, { error: 'must be an S3 URI like s3://bucket/key' })
      .describe('An artifact that already exists in S3; used as is and never modified.'),
    sha256: z
      .string()
      .regex(SHA256_PATTERN, { error: 'must be 64 lowercase hex characters' })
      .describe('Expected SHA-256 of an s3Uri artifact (single file); checked by runtimes that load it.'),
  })
  .partial()
  .describe('Where the model comes from: exactly one of path or s3Uri.');

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

export const sagemakerSchema = z
  .strictObject({
    variant: z.enum(['instance', 'serverless']).describe('Real-time instances or a serverless endpoint.'),
    instanceType: z
      .string()
      .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must look like ml.<family>.<size>, e.g. ml.m5.large' })
      .describe('Instance type of an instance variant.'),
    initialInstanceCount: z.int().min(1).max(100).describe('Instances at creation (instance variant).'),
    serverless: serverlessSchema,
  })
  .partial();

export const lambdaSchema = z
  .strictObject({
    architecture: z.enum(['arm64', 'x86_64']),
    memoryMb: z.int().min(128).max(10240),
    timeoutSeconds: z.int().min(1).max(900),
    reservedConcurrency: z.int().min(0).describe('Reserved concurrency; omit for the unreserved pool.'),
    provisionedConcurrency: z.int().min(0).describe('Provisioned concurrency on the live alias; 0 for none.'),
    maxBatchSize: z.int().min(1).max(10000).describe('Largest batch (first dimension) a request may carry.'),
  })
  .partial();

export const scalingSchema = z
  .strictObject({
    enabled: z.boolean(),
    minInstances: z.int().min(1).max(100),
    maxInstances: z.int().min(1).max(100),
    targetInvocationsPerInstance: z
      .int()
      .min(1)
      .describe('Target-tracking value for invocations per instance per minute.'),
  })
  .partial();

export const ROLLOUT_STRATEGIES = ['allAtOnce', 'canary', 'linear'] as const;

export const rolloutSchema = z
  .strictObject({
    strategy: z.enum(ROLLOUT_STRATEGIES),
    canaryPercent: z.int().min(1).max(50).describe('Share of capacity that takes traffic first (canary).'),
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
};

export const modelSettingsSchema = z.strictObject(modelSettingsShape).partial();

const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

export const environmentSchema = z.strictObject({
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
  tags: tagsSchema.optional(),
  notifications: z
    .strictObject({
      emails: z.array(z.email()).describe('Addresses subscribed to the alarm topic.'),
      httpsUrls: z
        .array(z.url({ protocol: /^https$/, error: 'must be an https:// URL' }))
        .describe('HTTPS endpoints subscribed to the alarm topic.'),
    })
    .partial()
    .optional(),
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
    })
    .partial()
    .optional(),
  defaults: modelSettingsSchema.optional().describe('Model knobs for every model in this environment.'),
});

export const modelSchema = z
  .strictObject({
    ...modelSettingsShape,
    target: z.enum(['sagemaker', 'lambda']).describe('Where the model is served.'),
    artifact: artifactSchema,
    description: z.string().max(256).optional(),
    environments: z
      .record(z.string(), modelSettingsSchema)
      .optional()
      .describe('Per-environment overrides of this model’s knobs.'),
  })
  .partial({ sagemaker: true, lambda: true, scaling: true, rollout: true });

export const deploymentConfigSchema = z.strictObject({
  project: resourceName(20).describe('Short prefix of physical names (endpoints, alarms, stacks).'),
  tags: tagsSchema.optional().describe('Tags on every resource of every environment.'),
  defaults: modelSettingsSchema.optional().describe('Model knobs for every model in every environment.'),
  environments: z
    .record(resourceName(20), environmentSchema)
    .refine((envs) => Object.keys(envs).length > 0, { error: 'must define at least one environment' })
    .describe('Environments in deployment order (for example dev, staging, prod).'),
  models: z
    .record(resourceName(40), modelSchema)
    .refine((models) => Object.keys(models).length > 0, { error: 'must define at least one model' }),
});

export type DeploymentConfigFile = z.infer<typeof deploymentConfigSchema>;
export type ModelSettingsLayer = z.infer<typeof modelSettingsSchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
