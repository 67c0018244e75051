import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CaptureBucket, CaptureBucketProps } from '../../../lib/constructs/storage/capture-bucket';
import { newStack } from '../../helpers/app';

function captureTemplate(props: Partial<CaptureBucketProps> = {}) {
  const stack = newStack();
  const accessLogsBucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  const capture = new CaptureBucket(stack, 'Capture', { accessLogsBucket, ...props });
  return { stack, capture, template: () => Template.fromStack(stack) };
}

const captureBucket = (template: Template) => {
  const [bucket] = Object.values(
    template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: Match.anyValue() } }),
  );
  return bucket as { Properties: Record<string, any>; DeletionPolicy?: string };
};

describe('CaptureBucket', () => {
  const { template: defaults } = captureTemplate();
  const template = defaults();

  test('encrypts with a rotating key of its own, with bucket keys', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: Match.stringLikeRegexp('captured inference data'),
    });
    expect(captureBucket(template).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^CaptureKey/), 'Arn'] },
          },
        },
      ],
    });
  });

  test('is versioned, private and logs access under capture-bucket/', () => {
    const { Properties } = captureBucket(template);
    expect(Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^Logs/) },
      LogFilePrefix: 'capture-bucket/',
    });
  });

  test('denies requests without TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^CaptureBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('expires captured data after 90 days by default', () => {
    expect(captureBucket(template).Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Id: 'ExpireCapturedData', ExpirationInDays: 90, Status: 'Enabled' }),
    ]);
  });

  test('expires captured data after the configured days', () => {
    const template = captureTemplate({ expiration: Duration.days(30) }).template();
    expect(captureBucket(template).Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(30);
  });

  test('is retained with its key by default', () => {
    expect(captureBucket(template).DeletionPolicy).toBe('Retain');
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('is deleted with its objects and key only with destroyOnDelete', () => {
    const template = captureTemplate({ destroyOnDelete: true }).template();
    expect(captureBucket(template).DeletionPolicy).toBe('Delete');
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  test('grants writes under one prefix only, with the key to encrypt', () => {
    const { stack, capture, template } = captureTemplate();
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    });
    capture.grantWritePrefix(role, CaptureBucket.prefixFor('churn'));
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureBucket'), 'Arn'] }, '/churn/*'],
              ],
            },
          },
          {
            Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureKey'), 'Arn'] },
          },
        ],
      },
    });
  });
});
