import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PropProblem } from '../errors/validation';
import type { AsyncAlarmThresholds } from './async-alarm-specs';

/**
 * Asynchronous inference: SageMaker queues each request (its body already in S3), runs it on the
 * variant's instances and writes the answer to S3, telling SNS topics when it succeeds or fails.
 * An endpoint config with AsyncInferenceConfig accepts only InvokeEndpointAsync
 * ("Asynchronous inference", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html).
 */
export interface AsyncInference {
  /** `s3://bucket/prefix` the answers are written under. */
  readonly outputS3Uri: string;
  /** `s3://bucket/prefix` the failed requests' answers are written under. */
  readonly failureS3Uri: string;
  /** Key SageMaker encrypts the answers with. @default the bucket's default encryption */
  readonly encryptionKey?: kms.IKey;
  /** Told about every answer written. @default no notification */
  readonly successTopic?: sns.ITopic;
  /** Told about every failed request. @default no notification */
  readonly errorTopic?: sns.ITopic;
  /**
   * Requests an instance works on at once; SageMaker picks a value for the container when absent.
   * @default SageMaker's choice
   */
  readonly maxConcurrentInvocationsPerInstance?: number;
  /** Thresholds of the backlog-age and failed-invocations alarms of the endpoint's alarm pack. @default their defaults */
  readonly alarms?: AsyncAlarmThresholds;
}

/**
 * `AsyncInferenceConfig` of AWS::SageMaker::EndpointConfig: OutputConfig{S3OutputPath, S3FailurePath, KmsKeyId,
 * NotificationConfig{SuccessTopic, ErrorTopic}} and ClientConfig{MaxConcurrentInvocationsPerInstance}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-asyncinferenceoutputconfig.html,
 * "AsyncInferenceOutputConfig", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceOutputConfig.html).
 */
export function renderAsyncInferenceConfig(
  config: AsyncInference,
): sagemaker.CfnEndpointConfig.AsyncInferenceConfigProperty {
  const notify = config.successTopic ?? config.errorTopic;
  return {
    outputConfig: {
      s3OutputPath: config.outputS3Uri,
      s3FailurePath: config.failureS3Uri,
      kmsKeyId: config.encryptionKey?.keyArn,
      notificationConfig: notify && {
        successTopic: config.successTopic?.topicArn,
        errorTopic: config.errorTopic?.topicArn,
      },
    },
    clientConfig:
      config.maxConcurrentInvocationsPerInstance === undefined
        ? undefined
        : { maxConcurrentInvocationsPerInstance: config.maxConcurrentInvocationsPerInstance },
  };
}

/** What the rules read besides the async settings. */
interface AsyncRuleInput {
  readonly asyncInference?: AsyncInference;
  readonly serverless?: unknown;
}

/** S3OutputPath and S3FailurePath: pattern `(https|s3)://([^/])/?(.*)`, at most 512 characters ("AsyncInferenceOutputConfig"). */
const S3_PATH = /^(https|s3):\/\/[^/]+\/?.*$/;

/**
 * Every rule the asynchronous settings break. ClientConfig.MaxConcurrentInvocationsPerInstance takes 1–1000
 * ("AsyncInferenceClientConfig", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceClientConfig.html).
 * Asynchronous inference queues requests for instances (the per-instance concurrency, the instance count that scales
 * to zero on the backlog: "Autoscale an asynchronous endpoint"); this library hosts it on instance variants only.
 */
export function asyncInferenceProblems(props: AsyncRuleInput): PropProblem[] {
  const config = props.asyncInference;
  if (!config) return [];
  const problems: PropProblem[] = [];
  if (props.serverless) {
    problems.push({
      field: 'asyncInference',
      message:
        'needs instances ({instance}): asynchronous requests queue for instances, and a serverless variant has none; drop serverless or asynchronous inference',
      related: ['serverless'],
    });
  }
  for (const [field, uri] of [
    ['asyncInference.outputS3Uri', config.outputS3Uri],
    ['asyncInference.failureS3Uri', config.failureS3Uri],
  ] as const) {
    if (Token.isUnresolved(uri)) continue;
    if (!(S3_PATH.test(uri) && uri.length <= 512)) {
      problems.push({
        field,
        value: JSON.stringify(uri),
        message: 'must be an s3:// URI of at most 512 characters',
      });
    }
  }
  const concurrency = config.maxConcurrentInvocationsPerInstance;
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 1000)
  ) {
    problems.push({
      field: 'asyncInference.maxConcurrentInvocationsPerInstance',
      value: String(concurrency),
      message: 'must be a whole number from 1 to 1000',
    });
  }
  return problems;
}

/**
 * What the execution role needs to deliver answers: encrypt with the output key and publish to the topics.
 * SageMaker acts as the endpoint's execution role for everything the model touches ("How to use SageMaker AI
 * execution roles", https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html). Reading the requests and
 * writing under the S3 prefixes is granted by whoever owns the bucket, as for data capture.
 */
export function grantAsyncDelivery(role: iam.IRole, config: AsyncInference): void {
  config.encryptionKey?.grant(role, 'kms:Encrypt', 'kms:GenerateDataKey*');
  config.successTopic?.grantPublish(role);
  config.errorTopic?.grantPublish(role);
}
