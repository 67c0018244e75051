import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { limitCustomResourceWaits } from '../private/custom-resource-timeouts';
import { acknowledgeControl } from '../private/guard';
import {
  deliverAccessLogsByBucketPolicy,
  governedBucketProps,
  governedKey,
  grantPrefixRead,
} from './governed-bucket';
import { ConstructValidationError } from '../errors/validation';

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
  /**
   * Create the bucket with S3 Object Lock and lock every new object version for this long, in this mode,
   * so that no published artifact can be overwritten or deleted while it is retained; `false` for none.
   * Only a new bucket gets it: adding it to a deployed bucket replaces the bucket.
   * @default ObjectLockRetention.governance(Duration.days(30))
   */
  readonly objectLock?: s3.ObjectLockRetention | false;
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
  /** The default retention every new object version gets; undefined without Object Lock. */
  readonly objectLock?: s3.ObjectLockRetention;

  constructor(scope: Construct, id: string, props: ModelBucketProps = {}) {
    super(scope, id);
    deliverAccessLogsByBucketPolicy(this);
    const noncurrentVersionExpiration = props.noncurrentVersionExpiration ?? Duration.days(90);
    const accessLogsRetention = props.accessLogsRetention ?? Duration.days(365);
    const destroy = props.destroyOnDelete ?? false;
    const removalPolicy = destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const objectLock =
      props.objectLock === undefined
        ? s3.ObjectLockRetention.governance(Duration.days(30))
        : props.objectLock;
    if (objectLock && destroy && objectLock.mode === s3.ObjectLockMode.COMPLIANCE) {
      // "Locking objects with Object Lock", Amazon S3 User Guide: nobody, the root user included, can delete
      // a COMPLIANCE-locked version before its retention ends.
      throw new ConstructValidationError(
        `ModelBucket ${this.node.path}: a COMPLIANCE Object Lock cannot go with destroyOnDelete: nobody can delete a locked version before its retention ends, so the bucket could not be destroyed with its stack; use ObjectLockRetention.governance or destroyOnDelete: false`,
      );
    }
    this.objectLock = objectLock || undefined;

    this.encryptionKey =
      props.encryptionKey ??
      governedKey(this, 'Key', `Encrypts model artifacts in ${this.node.path}`, destroy);

    // "Enabling Amazon S3 server access logging", S3 User Guide
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html): the destination
    // bucket may use SSE-S3 default encryption, not SSE-KMS; "Object Lock considerations": nor Object Lock.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioned, so that a deleted or overwritten log stays readable until it expires a day later (expiry makes
      // the current version noncurrent: "Expiring objects", Amazon S3 User Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
      versioned: true,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: accessLogsRetention,
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
    acknowledgeAccessLogControls(this.accessLogsBucket);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...governedBucketProps({
        encryptionKey: this.encryptionKey,
        accessLogsBucket: this.accessLogsBucket,
        accessLogsPrefix: 'model-bucket/',
        lifecycleRules: [
          {
            id: 'ExpireNoncurrentVersions',
            // Lifecycle does not expire a version before its Object Lock retention ends ("Object Lock
            // considerations", S3 User Guide, "Managing S3 Lifecycle policies with Object Lock"); a replaced
            // version goes once both periods have passed.
            noncurrentVersionExpiration,
            abortIncompleteMultipartUploadAfter: Duration.days(7),
          },
        ],
        destroy,
      }),
      // CloudFormation sets Object Lock only when it creates a bucket (AWS::S3::Bucket, CloudFormation
      // Template Reference: ObjectLockEnabled is create-only, so adding it replaces the bucket). Every new
      // version gets the default retention. S3 then accepts an upload only with a Content-MD5 or checksum
      // header ("Object Lock considerations", S3 User Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html,
      // "Uploading objects to an Object Lock enabled bucket"): the AWS CLI in aws-cdk-lib's BucketDeployment
      // sends one, as botocore 1.36 and later add a CRC32 checksum to every PutObject and UploadPart.
      objectLockEnabled: this.objectLock !== undefined ? true : undefined,
      objectLockDefaultRetention: this.objectLock,
    });
    acknowledgeControl(
      this.bucket,
      'bucketNotifications',
      'Nothing reacts to new artifacts: each is published by its model stack through CloudFormation, which ' +
        'then points the model at it; notifications would have no consumer.',
    );
    // Emptying the buckets on stack deletion runs in an aws-cdk-lib custom resource.
    limitCustomResourceWaits(this);
    if (!this.objectLock) {
      acknowledgeControl(
        this.bucket,
        'bucketObjectLock',
        'Object Lock is turned off for this bucket (objectLock: false), e.g. a bucket deployed before it was ' +
          'offered, which CloudFormation would have to replace to add it; keys stay content-addressed.',
      );
    }
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

/** What the access-log bucket cannot have, by what S3 server access logging requires of it. */
function acknowledgeAccessLogControls(bucket: s3.Bucket): void {
  acknowledgeControl(
    bucket,
    'bucketKmsEncryption',
    'S3 delivers server access logs only to a bucket with SSE-S3 default encryption; SSE-KMS is not supported there.',
  );
  acknowledgeControl(
    bucket,
    'bucketObjectLock',
    'S3 cannot deliver server access logs to a bucket with Object Lock.',
  );
  acknowledgeControl(
    bucket,
    'bucketLogging',
    'This is the access-log bucket: logging it into itself would log every log delivery, without end.',
  );
  acknowledgeControl(
    bucket,
    'bucketNotifications',
    'Access logs are read when investigating, not processed as they arrive; notifications would have no consumer.',
  );
}
