import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { limitCustomResourceWaits } from '../private/custom-resource-timeouts';
import { acknowledgeControl } from '../private/guard';
import { governedBucketProps, governedKey, grantPrefixRead } from './governed-bucket';

export interface CaptureBucketProps {
  /** Receives the server access logs, under `capture-bucket/`. */
  readonly accessLogsBucket: s3.IBucket;
  /** How long captured requests and monitoring reports are kept. @default Duration.days(90) */
  readonly expiration?: Duration;
  /**
   * Delete the bucket, its objects and its key with the stack. Only for throwaway environments:
   * with the default, captured data outlives the stack.
   * @default false
   */
  readonly destroyOnDelete?: boolean;
}

/**
 * Where SageMaker data capture writes requests and responses, and Model Monitor its reports:
 * KMS-encrypted with a key of its own, versioned, private, TLS-only, access-logged and retained by
 * default. Objects expire only by the lifecycle rule, never by a deploy. Each model writes and
 * reads under its own `<model>/` prefix.
 *
 * The key is not the model bucket's: captured payloads are production data (possibly personal),
 * with their own retention and readers, and every role that reads a model artifact can decrypt
 * with the model bucket key. A separate key keeps the two sets of principals apart.
 */
export class CaptureBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: CaptureBucketProps) {
    super(scope, id);
    const expiration = props.expiration ?? Duration.days(90);
    const destroy = props.destroyOnDelete ?? false;

    this.encryptionKey = governedKey(
      this,
      'Key',
      `Encrypts captured inference data in ${this.node.path}`,
      destroy,
    );
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      governedBucketProps({
        encryptionKey: this.encryptionKey,
        accessLogsBucket: props.accessLogsBucket,
        accessLogsPrefix: 'capture-bucket/',
        lifecycleRules: [
          {
            id: 'ExpireCapturedData',
            expiration,
            // Expiry leaves a delete marker; the data itself goes a day later ("Expiring objects", Amazon S3 User
            // Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
            noncurrentVersionExpiration: Duration.days(1),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
        destroy,
      }),
    );
    // Emptying the bucket on stack deletion runs in an aws-cdk-lib custom resource.
    limitCustomResourceWaits(this);
    acknowledgeControl(
      this.bucket,
      'bucketObjectLock',
      'Captured payloads are production data, possibly personal, that must expire after expirationDays and be ' +
        'erasable on request; Object Lock would forbid both.',
    );
    acknowledgeControl(
      this.bucket,
      'bucketNotifications',
      'Model Monitor reads captured data on its hourly schedule; nothing processes objects as they arrive.',
    );
  }

  /** The key prefix that holds one model's captured data and monitoring output. */
  static prefixFor(modelName: string): string {
    return `${modelName}/`;
  }

  /** `s3://` URI of a key prefix in this bucket. */
  s3UriFor(keyPrefix: string): string {
    return `s3://${this.bucket.bucketName}/${keyPrefix}`;
  }

  /** Lets a principal write objects under one prefix, encrypting them with the bucket key. */
  grantWritePrefix(grantee: iam.IGrantable, keyPrefix: string): iam.Grant {
    const write = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.bucket.arnForObjects(`${keyPrefix}*`)],
    });
    return write.combine(this.encryptionKey.grant(grantee, 'kms:Encrypt', 'kms:GenerateDataKey*'));
  }

  /** Lets a principal list and read the objects under one prefix, and decrypt them. */
  grantReadPrefix(grantee: iam.IGrantable, keyPrefix: string): iam.Grant {
    return grantPrefixRead(grantee, this.bucket, this.encryptionKey, keyPrefix, ['s3:GetObject']);
  }
}
