import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

/**
 * What every bucket that holds model data shares: a rotating customer-managed key, versioning, no
 * public access, TLS 1.2+ only, server access logs, and retention unless the environment opts in
 * to destroying it with the stack.
 */

/**
 * Makes S3 deliver server access logs into log buckets created under `scope` through a bucket policy,
 * whatever the app's feature flags say: the log buckets disable ACLs (BucketOwnerEnforced), which the older
 * ACL-based delivery cannot work with ("Enabling Amazon S3 server access logging", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html; aws-cdk-lib reads the
 * flag at the log bucket). Call it first in the
 * constructor, before any child exists.
 */
export function deliverAccessLogsByBucketPolicy(scope: Construct): void {
  scope.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
}

/**
 * A rotating key that goes with its bucket: retained, or deleted after 7 days, the shortest waiting period KMS allows
 * ("ScheduleKeyDeletion", PendingWindowInDays 7–30, AWS KMS API Reference), when the bucket is destroyed.
 */
export function governedKey(scope: Construct, id: string, description: string, destroy: boolean): kms.Key {
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    pendingWindow: destroy ? Duration.days(7) : undefined,
  });
}

interface GovernedBucketOptions {
  readonly encryptionKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /** Prefix of this bucket's server access logs in the log bucket, e.g. `model-bucket/`. */
  readonly accessLogsPrefix: string;
  readonly lifecycleRules: s3.LifecycleRule[];
  /** Delete the bucket and its objects with the stack. */
  readonly destroy: boolean;
}

export function governedBucketProps(options: GovernedBucketOptions): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: options.accessLogsBucket,
    serverAccessLogsPrefix: options.accessLogsPrefix,
    lifecycleRules: options.lifecycleRules,
    removalPolicy: options.destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    autoDeleteObjects: options.destroy,
  };
}

/**
 * Lets a principal read the objects under one key prefix (and list that prefix) and decrypt them;
 * nothing else in the bucket becomes readable.
 */
export function grantPrefixRead(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  encryptionKey: kms.IKey,
  keyPrefix: string,
  readActions: readonly string[],
): iam.Grant {
  const read = iam.Grant.addToPrincipal({
    grantee,
    actions: [...readActions],
    resourceArns: [bucket.arnForObjects(`${keyPrefix}*`)],
  });
  const list = iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${keyPrefix}*`] } },
  });
  return read.combine(list).combine(encryptionKey.grantDecrypt(grantee));
}
