import { z } from 'zod';
import * as aws from './aws-values';
import { modelSettingsSchema } from './model';
import { accountIdString, regionString } from './strings';

/** `environments.<env>`: where an environment deploys, who its alarms notify, its buckets and model defaults. */

/** Tags as AWS takes them, on the top level and per environment. */
export const tagsSchema = aws.tagsSchema().meta({ id: 'Tags' });

// The email and https protocols of "Subscribe" (Amazon SNS API Reference); both need the subscriber to confirm.
const subscriptionsSchema = z
  .strictObject({
    emails: z.array(z.email()).describe('Addresses subscribed to the topic (each confirms by mail).'),
    httpsUrls: z
      .array(z.url({ protocol: /^https$/, error: 'must be an https:// URL' }))
      .describe('HTTPS endpoints subscribed to the topic, e.g. an incident tool integration.'),
  })
  .partial()
  .meta({ id: 'Subscriptions' });

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

export const environmentSchema = z.strictObject({
  account: accountIdString().optional().describe('Target account; omit for an environment-agnostic stage.'),
  region: regionString().optional().describe('Target region; omit for an environment-agnostic stage.'),
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
