import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct, IConstruct } from 'constructs';
import { ModelBucket } from './model-bucket';
import { acknowledgeManagedPolicy, acknowledgeWildcardFindings } from '../private/nag';

const ID = 'ArtifactPublisher';

/**
 * The role that publishes a stack's local artifacts into the model bucket during deploys. It may read
 * the staged asset of each artifact and write, never delete, under each artifact's new
 * `<model>/<sha256>/` prefix; nothing else in the bucket.
 *
 * There is one per stack because aws-cdk-lib's `BucketDeployment` runs every deployment of a stack
 * with the same memory and storage sizes in one shared function, which keeps the role of the first
 * deployment: the role must cover every artifact that function may publish, and only those.
 */
export class ArtifactPublisher extends Construct {
  /** The publisher of the stack that holds `scope`, created on first use. */
  static of(scope: IConstruct): ArtifactPublisher {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof ArtifactPublisher ? existing : new ArtifactPublisher(stack, ID);
  }

  readonly role: iam.Role;
  /**
   * The role as `BucketDeployment` receives it: the grants aws-cdk-lib would add (read, write and
   * delete on the whole destination bucket and its key, read on the whole asset bucket) are dropped.
   * Every one of them targets the role's own policy, none a bucket or key policy, so dropping them
   * leaves no grant behind; what the upload needs is granted by {@link allowPublishing}.
   */
  readonly deploymentRole: iam.IRole;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Publishes the local model artifacts of ${Stack.of(this).stackName} into the model bucket`,
    });
    this.role.addManagedPolicy(
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
    );
    this.deploymentRole = this.role.withoutPolicyUpdates();
    acknowledgeManagedPolicy(
      this.role,
      'service-role/AWSLambdaBasicExecutionRole',
      'The aws-cdk-lib BucketDeployment function writes its logs through this policy; it runs only during deploys.',
    );
    acknowledgeWildcardFindings(
      this.role,
      'The only object wildcards are the immutable, content-addressed prefixes <model>/<sha256>/* of the artifacts ' +
        'this stack publishes, which the upload writes whole; it may not delete anything.',
    );
  }

  /**
   * Lets the publisher read one staged asset and write it under `keyPrefix` of the model bucket.
   *
   * What aws-cdk-lib's upload function calls (custom-resource-handlers, bucket-deployment-handler):
   * `aws s3 cp` of the asset zip (HeadObject and GetObject: `s3:GetObject`), then `aws s3 sync` into
   * the prefix, which lists it (ListObjectsV2: `s3:ListBucket`, narrowed by `s3:prefix`) and uploads
   * each file, in parts above 8 MB. With `prune: false` and `retainOnDelete: true` it never deletes.
   */
  allowPublishing(asset: s3assets.Asset, modelBucket: ModelBucket, keyPrefix: string): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)],
      }),
    );
    asset.bucket.encryptionKey?.grantDecrypt(this.role);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [modelBucket.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${keyPrefix}*`] } },
      }),
    );
    // A multipart upload needs s3:PutObject for every step, and s3:AbortMultipartUpload to discard the
    // parts of one that failed; neither can remove a stored object ("Multipart upload API and
    // permissions", https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [modelBucket.bucket.arnForObjects(`${keyPrefix}*`)],
      }),
    );
    // SSE-KMS: an upload needs kms:GenerateDataKey, and a multipart upload also kms:Decrypt, since S3
    // decrypts the parts to complete it ("Using server-side encryption with AWS KMS keys (SSE-KMS)",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [modelBucket.encryptionKey.keyArn],
      }),
    );
  }

  /** Acknowledges the runtime of the upload functions that run as this publisher's role. */
  acknowledgeUploadFunctions(): void {
    for (const child of Stack.of(this).node.children) {
      if (child instanceof lambda.Function && child.role === this.deploymentRole) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason:
            'aws-cdk-lib pins the runtime of its BucketDeployment function and updates it with the library.',
        });
      }
    }
  }
}
