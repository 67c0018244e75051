import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import { ModelBucket } from '../../../lib/constructs/storage/model-bucket';
import { newStack } from '../../helpers/app';

function bucketTemplate(props: ConstructorParameters<typeof ModelBucket>[2] = {}) {
  const stack = newStack();
  const modelBucket = new ModelBucket(stack, 'Models', props);
  return { stack, modelBucket, template: () => Template.fromStack(stack) };
}

const modelBucketProps = (template: Template) => {
  // The model bucket is the one that logs; the access-log bucket does not log itself.
  const buckets = template.findResources('AWS::S3::Bucket', {
    Properties: { LoggingConfiguration: Match.anyValue() },
  });
  expect(Object.keys(buckets)).toHaveLength(1);
  return Object.values(buckets)[0] as { Properties: Record<string, any>; DeletionPolicy?: string };
};

describe('ModelBucket', () => {
  test('encrypts with a rotating customer-managed key', () => {
    const template = bucketTemplate().template();
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(modelBucketProps(template).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ModelsKey/), 'Arn'] },
          },
        },
      ],
    });
  });

  test('blocks all public access on both buckets', () => {
    const template = bucketTemplate().template();
    const all = {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    };
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { PublicAccessBlockConfiguration: all }, 2);
  });

  test('denies requests without TLS', () => {
    const template = bucketTemplate().template();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('writes server access logs to a separate bucket', () => {
    const template = bucketTemplate().template();
    expect(modelBucketProps(template).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^ModelsAccessLogs/) },
      LogFilePrefix: 'model-bucket/',
    });
  });

  test('expires noncurrent versions after the configured days', () => {
    const template = bucketTemplate({ noncurrentVersionExpiration: Duration.days(30) }).template();
    expect(modelBucketProps(template).Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
    );
  });

  test('is retained with its key when the stack is deleted', () => {
    const template = bucketTemplate().template();
    expect(modelBucketProps(template).DeletionPolicy).toBe('Retain');
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('is deleted with its objects only when destroyOnDelete is set', () => {
    const template = bucketTemplate({ destroyOnDelete: true }).template();
    expect(modelBucketProps(template).DeletionPolicy).toBe('Delete');
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  test('locks every new artifact version for 30 days in GOVERNANCE mode by default', () => {
    const props = modelBucketProps(bucketTemplate().template()).Properties;
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
    });
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('locks in COMPLIANCE mode for the given retention', () => {
    const template = bucketTemplate({
      objectLock: s3.ObjectLockRetention.compliance(Duration.days(365)),
    }).template();
    expect(modelBucketProps(template).Properties.ObjectLockConfiguration.Rule).toEqual({
      DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 },
    });
  });

  test('has no Object Lock when turned off, so that a bucket deployed without it is not replaced', () => {
    const { modelBucket, template } = bucketTemplate({ objectLock: false });
    const props = modelBucketProps(template()).Properties;
    expect(props.ObjectLockEnabled).toBeUndefined();
    expect(props.ObjectLockConfiguration).toBeUndefined();
    expect(modelBucket.objectLock).toBeUndefined();
  });

  test('refuses a COMPLIANCE lock on a bucket destroyed with its stack', () => {
    expect(() =>
      bucketTemplate({
        destroyOnDelete: true,
        objectLock: s3.ObjectLockRetention.compliance(Duration.days(1)),
      }),
    ).toThrow(
      'ModelBucket TestStack/Models: a COMPLIANCE Object Lock cannot go with destroyOnDelete: nobody can delete a locked version before its retention ends, so the bucket could not be destroyed with its stack; use ObjectLockRetention.governance or destroyOnDelete: false',
    );
  });

  test('a GOVERNANCE lock may go with destroyOnDelete', () => {
    const { modelBucket } = bucketTemplate({
      destroyOnDelete: true,
      objectLock: s3.ObjectLockRetention.governance(Duration.days(1)),
    });
    expect(modelBucket.objectLock?.mode).toBe(s3.ObjectLockMode.GOVERNANCE);
  });

  test('versions the access-log bucket and expires a replaced log a day later; no Object Lock there', () => {
    const template = bucketTemplate({ accessLogsRetention: Duration.days(100) }).template();
    const logBuckets = template.findResources('AWS::S3::Bucket', {
      Properties: { LoggingConfiguration: Match.absent() },
    });
    const [logBucket] = Object.values(logBuckets) as { Properties: Record<string, any> }[];
    expect(logBucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logBucket.Properties.ObjectLockEnabled).toBeUndefined();
    expect(logBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(logBucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'ExpireAccessLogs',
        ExpirationInDays: 100,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      },
    ]);
  });

  test("grants read on one model's prefix only, with decrypt on the key", () => {
    const { stack, modelBucket, template } = bucketTemplate();
    const role = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    });
    modelBucket.grantReadModel(role, 'churn');

    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ModelsBucket'), 'Arn'] }, '/churn/*'],
              ],
            },
          },
          {
            Action: 's3:ListBucket',
            Condition: { StringLike: { 's3:prefix': ['churn/*'] } },
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('ModelsBucket'), 'Arn'] },
          },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('ModelsKey'), 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('in an app without the recommended feature flags', () => {
  test.each([
    ['ModelBucket', (stack: Stack) => new ModelBucket(stack, 'Models')],
    [
      // The log bucket decides how logs are delivered; the platform stack pairs it with the model bucket's.
      'CaptureBucket',
      (stack: Stack) =>
        new CaptureBucket(stack, 'Capture', {
          accessLogsBucket: new ModelBucket(stack, 'Models').accessLogsBucket,
        }),
    ],
  ])('%s still delivers its access logs through a bucket policy', (_name, create) => {
    // GIVEN an app with no context at all, as `new App()` in someone else's project (without aws-cdk-lib's
    // template validation, seconds of start-up that this check does not need)
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bare');
    create(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});
