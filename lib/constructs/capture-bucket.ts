import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
    const removalPolicy = destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: `Encrypts captured inference data in ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: destroy ? Duration.days(7) : undefined,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'capture-bucket/',
      lifecycleRules: [
        {
          id: 'ExpireCapturedData',
          expiration,
          // Expiry leaves a delete marker; the data itself goes a day later.
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
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
    const read = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects(`${keyPrefix}*`)],
    });
    const list = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${keyPrefix}*`] } },
    });
    return read.combine(list).combine(this.encryptionKey.grantDecrypt(grantee));
  }
}
