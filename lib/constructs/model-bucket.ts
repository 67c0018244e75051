import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { limitCustomResourceWaits } from './custom-resource-timeouts';
import {
  deliverAccessLogsByBucketPolicy,
  governedBucketProps,
  governedKey,
  grantPrefixRead,
} from './governed-bucket';

export interface ModelBucketProps {
  /**
   * How long a replaced or deleted object version is kept before it expires.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * How long server access logs are kept.
   * @default Duration.days(365)
   */
  readonly accessLogsRetention?: Duration;
  /**
   * Delete the buckets, their objects and the key together with the stack. Only for throwaway
   * environments: with the default, the bucket, its objects and its key outlive the stack.
   * @default false
   */
  readonly destroyOnDelete?: boolean;
  /**
   * Key that encrypts the model bucket.
   * @default a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An S3 bucket for model artifacts: KMS-encrypted, versioned, private, TLS-only, access-logged, and
 * retained by default. Grants are scoped to one model's key prefix.
 */
export class ModelBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly encryptionKey: kms.IKey;
  /** Receives the server access logs of the model bucket. */
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ModelBucketProps = {}) {
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);
    const noncurrentVersionExpiration = props.noncurrentVersionExpiration ?? Duration.days(90);
    const accessLogsRetention = props.accessLogsRetention ?? Duration.days(365);
    const destroy = props.destroyOnDelete ?? false;
    const removalPolicy = destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.encryptionKey =
      props.encryptionKey ??
      governedKey(this, 'Key', `Encrypts model artifacts in ${this.node.path}`, destroy);

    // S3 server access logs cannot be delivered to a KMS-encrypted bucket, hence S3-managed keys here.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: accessLogsRetention }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      governedBucketProps({
        encryptionKey: this.encryptionKey,
        accessLogsBucket: this.accessLogsBucket,
        accessLogsPrefix: 'model-bucket/',
        lifecycleRules: [
          {
            id: 'ExpireNoncurrentVersions',
            noncurrentVersionExpiration,
            abortIncompleteMultipartUploadAfter: Duration.days(7),
          },
        ],
        destroy,
      }),
    );
    // Emptying the buckets on stack deletion runs in an aws-cdk-lib custom resource.
    limitCustomResourceWaits(this);
  }

  /** The key prefix that holds every version of one model's artifacts. */
  static prefixFor(modelName: string): string {
    return `${modelName}/`;
  }

  /**
   * Lets a principal read the objects under one key prefix (and list that prefix) and decrypt them.
   * Nothing else in the bucket becomes readable.
   */
  grantReadPrefix(grantee: iam.IGrantable, keyPrefix: string): iam.Grant {
    const prefix = keyPrefix.endsWith('/') ? keyPrefix : `${keyPrefix}/`;
    return grantPrefixRead(grantee, this.bucket, this.encryptionKey, prefix, [
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
  }

  /** Lets a principal read one model's artifacts, every version of them. */
  grantReadModel(grantee: iam.IGrantable, modelName: string): iam.Grant {
    return this.grantReadPrefix(grantee, ModelBucket.prefixFor(modelName));
  }
}
