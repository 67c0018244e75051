import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ASYNC_STACK_OUTPUTS } from '../../contract/stack-outputs';
import { ResolvedModel } from '../config';
import { asyncInferenceOf } from '../config/endpoint-props';
import { AsyncInference } from '../constructs/sagemaker/async-inference';
import { CaptureBucket } from '../constructs/storage/capture-bucket';

/** Stack outputs `mldeploy invoke --async` reads: where to upload a request, where answers appear. */
const ASYNC_OUTPUTS = ASYNC_STACK_OUTPUTS;

interface AsyncDeps {
  readonly captureBucket: CaptureBucket;
  readonly role: iam.IRole;
}

/**
 * An asynchronous model's delivery: requests, answers and failures under `async/<model>/` of the capture bucket (its
 * own KMS key, TLS-only, access-logged, expiring: the same governance as captured payloads, which they are), and,
 * when asked, one success and one error topic encrypted with a key of the model stack. The execution role reads the
 * requests and writes the answers there and nowhere else in the bucket. Undefined for a real-time model.
 */
export function asyncInferenceFor(
  scope: Construct,
  model: ResolvedModel,
  deps: AsyncDeps,
): AsyncInference | undefined {
  const settings = model.sagemaker;
  if (!settings.async.enabled) return undefined;
  const prefix = `async/${model.name}/`;
  const uris = {
    input: deps.captureBucket.s3UriFor(`${prefix}input/`),
    output: deps.captureBucket.s3UriFor(`${prefix}output/`),
    failure: deps.captureBucket.s3UriFor(`${prefix}failures/`),
  };
  deps.captureBucket.grantReadPrefix(deps.role, `${prefix}input/`);
  deps.captureBucket.grantWritePrefix(deps.role, `${prefix}output/`);
  deps.captureBucket.grantWritePrefix(deps.role, `${prefix}failures/`);

  const topics = settings.async.notifications ? notificationTopics(scope, model) : {};
  new CfnOutput(scope, ASYNC_OUTPUTS.input, {
    value: uris.input,
    description:
      'Upload asynchronous request bodies here, then call InvokeEndpointAsync with their location.',
  });
  new CfnOutput(scope, ASYNC_OUTPUTS.output, { value: uris.output });
  new CfnOutput(scope, ASYNC_OUTPUTS.failure, { value: uris.failure });
  return asyncInferenceOf(settings, {
    outputS3Uri: uris.output,
    failureS3Uri: uris.failure,
    encryptionKey: deps.captureBucket.encryptionKey,
    ...topics,
  });
}

/** Success and error topics, TLS-only and encrypted with a customer managed key (cdk-nag AwsSolutions-SNS2/SNS3). */
function notificationTopics(scope: Construct, model: ResolvedModel) {
  // Notifications are in flight only, never stored: the key may go with the stack (after KMS's waiting period).
  const key = new kms.Key(scope, 'AsyncNotificationKey', {
    description: `Encrypts asynchronous inference notifications of ${model.name} (${model.environment})`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  const topic = (id: string, outcome: string) =>
    new sns.Topic(scope, id, {
      displayName: `${model.name} ${model.environment} asynchronous ${outcome}`,
      masterKey: key,
      enforceSSL: true,
    });
  return {
    successTopic: topic('AsyncSuccessTopic', 'answers'),
    errorTopic: topic('AsyncErrorTopic', 'failures'),
  };
}
