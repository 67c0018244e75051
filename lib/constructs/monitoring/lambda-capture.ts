import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CAPTURE_FILTER_PATTERN, lambdaCapturePrefix } from '../../../contract/capture';
import type { CaptureDelivery } from '../alarms';
import { CaptureBucket } from '../storage/capture-bucket';
import { acknowledgeWildcardFindings } from '../private/nag';

export interface LambdaCaptureProps {
  /** The function's log group, where the handler writes its sampled capture records. */
  readonly logGroup: logs.ILogGroup;
  /** The environment's capture bucket; records land under `<model>/lambda/yyyy/MM/dd/HH/`. */
  readonly captureBucket: CaptureBucket;
  /** The model name: the key prefix of its records. */
  readonly modelName: string;
  /** Longest Firehose holds records before writing an object (60–900 s). @default Duration.minutes(5) */
  readonly bufferingInterval?: Duration;
}

/**
 * Ships a Lambda-hosted model's capture records to the capture bucket: a CloudWatch Logs subscription filter
 * selects the records among the function's log lines and puts them to an Amazon Data Firehose stream, which
 * decompresses the CloudWatch Logs batches, keeps each record's message, appends a newline and writes gzip JSON
 * lines under `<model>/lambda/yyyy/MM/dd/HH/` (the hour Firehose received them, UTC), encrypted with the capture
 * bucket's key. The handler itself only writes a line to stdout (lambda/inference/capture.ts).
 *
 * Loss: CloudWatch Logs retries a throttled delivery to the subscription destination for up to 24 hours, then
 * drops it ("Log group-level subscription filters", Amazon CloudWatch Logs User Guide,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html); Firehose retries S3 and
 * writes what it cannot process under `<model>/lambda-errors/`.
 */
export class LambdaCapture extends Construct {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The role Firehose writes to the bucket with. */
  readonly deliveryRole: iam.Role;
  /** The role CloudWatch Logs puts records to the stream with. */
  readonly subscriptionRole: iam.Role;
  /** Key prefix of the records in the capture bucket. */
  readonly keyPrefix: string;
  /** The log group, filter and stream the records pass through: what the capture alarms watch. */
  readonly delivery: CaptureDelivery;

  constructor(scope: Construct, id: string, props: LambdaCaptureProps) {
    super(scope, id);
    const { captureBucket } = props;
    const stack = Stack.of(this);
    const prefix = (this.keyPrefix = lambdaCapturePrefix(props.modelName));
    const errorPrefix = `${props.modelName}/lambda-errors/`;

    // Trust and permissions of a Firehose role with an S3 destination: "Grant Firehose access to an Amazon S3
    // destination", https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3. The
    // aws:SourceAccount condition keeps another account's stream from using the role (confused deputy).
    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `Firehose writes ${props.modelName} capture records to the capture bucket`,
    });
    this.deliveryRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [captureBucket.bucket.bucketArn],
      }),
    );
    // PutObject and AbortMultipartUpload on the model's two prefixes only, and the key for S3 to encrypt them.
    captureBucket.grantWritePrefix(this.deliveryRole, prefix);
    captureBucket.grantWritePrefix(this.deliveryRole, errorPrefix);

    const firehoseLogs = new logs.LogGroup(this, 'DeliveryLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const logStream = firehoseLogs.addStream('S3Delivery');
    firehoseLogs.grantWrite(this.deliveryRole);
    acknowledgeWildcardFindings(
      this.deliveryRole,
      "Object wildcards cover only this model's capture prefixes (<model>/lambda/*, <model>/lambda-errors/*) and the stream's own error log group.",
    );

    // Property names: "AWS::KinesisFirehose::DeliveryStream",
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesisfirehose-deliverystream.html,
    // and its ExtendedS3DestinationConfiguration, BufferingHints, EncryptionConfiguration (KMSEncryptionConfig
    // AWSKMSKeyARN), ProcessingConfiguration and Processor (Decompression, CloudWatchLogProcessing,
    // AppendDelimiterToRecord) property types.
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Stream', {
      deliveryStreamType: 'DirectPut',
      // Server-side encryption of the records while Firehose holds them.
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: captureBucket.bucket.bucketArn,
        roleArn: this.deliveryRole.roleArn,
        // Hourly folders like SageMaker's data capture (yyyy/mm/dd/hh), read by partition projection.
        // Timestamp namespace: "Custom prefixes for Amazon S3 objects", https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
        prefix: `${prefix}!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/`,
        errorOutputPrefix: `${errorPrefix}!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        bufferingHints: {
          intervalInSeconds: (props.bufferingInterval ?? Duration.minutes(5)).toSeconds(),
          sizeInMBs: 64,
        },
        compressionFormat: 'GZIP',
        encryptionConfiguration: {
          kmsEncryptionConfig: { awskmsKeyArn: captureBucket.encryptionKey.keyArn },
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: firehoseLogs.logGroupName,
          logStreamName: logStream.logStreamName,
        },
        // CloudWatch Logs sends gzip batches of log events; Firehose decompresses them and keeps only each
        // event's message ("Write to Firehose using CloudWatch Logs", its "Decompression of CloudWatch Logs" section,
        // https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html, and
        // https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs-decompression.html,
        // https://docs.aws.amazon.com/firehose/latest/dev/Message_extraction.html); AppendDelimiterToRecord puts
        // a newline after each, so the objects are JSON lines
        // (https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html).
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Decompression',
              parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }],
            },
            {
              type: 'CloudWatchLogProcessing',
              parameters: [{ parameterName: 'DataMessageExtraction', parameterValue: 'true' }],
            },
            { type: 'AppendDelimiterToRecord' },
          ],
        },
      },
    });
    this.deliveryStream.node.addDependency(this.deliveryRole);

    // CloudWatch Logs assumes this role to put to the stream ("Subscription filters with Amazon Data Firehose",
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample): trust
    // logs.<region>.amazonaws.com for this account's log groups only, allow firehose:PutRecord(Batch) on this
    // stream only.
    this.subscriptionRole = new iam.Role(this, 'SubscriptionRole', {
      assumedBy: new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`, {
        conditions: {
          StringLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
        },
      }),
      description: `CloudWatch Logs puts ${props.modelName} capture records to its Firehose stream`,
    });
    const put = this.subscriptionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      }),
    );

    // "AWS::Logs::SubscriptionFilter" (DestinationArn, FilterPattern, LogGroupName, RoleArn),
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-subscriptionfilter.html.
    const filter = new logs.CfnSubscriptionFilter(this, 'SubscriptionFilter', {
      logGroupName: props.logGroup.logGroupName,
      filterPattern: CAPTURE_FILTER_PATTERN,
      destinationArn: this.deliveryStream.attrArn,
      roleArn: this.subscriptionRole.roleArn,
    });
    // CloudWatch Logs tests the role when the filter is created: the policy must exist first.
    if (put.policyDependable) filter.node.addDependency(put.policyDependable);
    this.delivery = {
      logGroupName: props.logGroup.logGroupName,
      // Ref of a subscription filter is its name, Ref of a delivery stream its name (the CDK's generated
      // subscriptionFilterRef and deliveryStreamRef read them so).
      subscriptionFilterName: filter.ref,
      deliveryStreamName: this.deliveryStream.ref,
    };
  }
}
