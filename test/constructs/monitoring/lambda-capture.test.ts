import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CAPTURE_FILTER_PATTERN } from '../../../contract/capture';
import { LambdaCapture } from '../../../lib/constructs/monitoring/lambda-capture';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import { assetsInPlaceApp } from '../lambda/support';

function captureStack() {
  const stack = new Stack(assetsInPlaceApp(), 'Capture', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const captureBucket = new CaptureBucket(stack, 'CaptureBucket', {
    accessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
  });
  const logGroup = new logs.LogGroup(stack, 'FunctionLogs');
  new LambdaCapture(stack, 'Capture', { logGroup, captureBucket, modelName: 'iris' });
  return Template.fromStack(stack);
}

const template = captureStack();

/** The statements of the policies attached to the role whose logical id starts with `rolePrefix`. */
function statementsOf(rolePrefix: string): Record<string, any>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

test('the stream writes gzip JSON lines to hourly folders of the model prefix, encrypted with the capture key', () => {
  template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
    DeliveryStreamType: 'DirectPut',
    DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    ExtendedS3DestinationConfiguration: Match.objectLike({
      Prefix: 'iris/lambda/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/',
      CompressionFormat: 'GZIP',
      BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
      EncryptionConfiguration: {
        KMSEncryptionConfig: {
          AWSKMSKeyARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureBucketKey'), 'Arn'] },
        },
      },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'Decompression',
            Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }],
          },
          {
            Type: 'CloudWatchLogProcessing',
            Parameters: [{ ParameterName: 'DataMessageExtraction', ParameterValue: 'true' }],
          },
          { Type: 'AppendDelimiterToRecord' },
        ],
      },
    }),
  });
});

test('the subscription filter selects capture records and puts them through its own role', () => {
  template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
    FilterPattern: CAPTURE_FILTER_PATTERN,
    DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureStream'), 'Arn'] },
    RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureSubscriptionRole'), 'Arn'] },
  });
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })],
    },
  });
});

test('the subscription role may only put records to this stream', () => {
  expect(statementsOf('CaptureSubscriptionRole')).toEqual([
    {
      Effect: 'Allow',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CaptureStream/), 'Arn'] },
    },
  ]);
});

test('the delivery role writes only under the model capture prefixes and encrypts with the capture key', () => {
  const statements = statementsOf('CaptureDeliveryRole');
  const put = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
  const objectArns = put.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
  expect(objectArns.sort()).toEqual([
    expect.stringContaining('/iris/lambda-errors/*'),
    expect.stringContaining('/iris/lambda/*'),
  ]);
  expect(statements.some((s) => [s.Action].flat().includes('kms:GenerateDataKey*'))).toBe(true);
  expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('s3:DeleteObject');
});
