import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LambdaInference, LambdaInferenceProps } from '../../../lib/constructs/lambda/inference';
import { ModelArtifact } from '../../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../../lib/constructs/storage/model-bucket';
import { cdkJsonContext, PROJECT_ROOT } from '../../helpers/app';

export const IRIS_MODEL = path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx');
export const SAMPLE_REQUEST = path.join(PROJECT_ROOT, 'models/iris/sample-request.json');

/**
 * An app with the feature flags of cdk.json that skips two costs unit tests do not need: copying assets into
 * the cloud assembly (they are referenced where they were built, so ONNX Runtime's 25 MB are not copied per
 * synth) and the built-in CloudFormation template validation (seconds per test file; the example app test
 * keeps it). Templates are the same.
 */
export function assetsInPlaceApp(options: { stageAssets?: boolean } = {}) {
  return new App({
    context: { ...cdkJsonContext(), 'aws:cdk:disable-asset-staging': !options.stageAssets },
    builtinCloudFormationValidation: false,
  });
}

/** A stack with a model bucket, the Iris artifact and a LambdaInference built from the given props. */
export function inferenceStack(props: Partial<LambdaInferenceProps> = {}) {
  const stack = new Stack(assetsInPlaceApp(), 'Models', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const modelBucket = new ModelBucket(stack, 'Bucket');
  const artifact = new ModelArtifact(stack, 'Artifact', {
    modelName: 'iris',
    modelBucket,
    localPath: IRIS_MODEL,
  });
  const inference = new LambdaInference(stack, 'Iris', { model: artifact, modelName: 'iris', ...props });
  let template: Template | undefined;
  return {
    stack,
    artifact,
    inference,
    /** Synthesized on first use. */
    template: () => (template ??= Template.fromStack(stack)),
  };
}

/** A model artifact that is not in this stack: what a library user passes for an existing S3 object. */
export function s3Model(
  overrides: Partial<{ s3Uri: string; sha256: string; isDirectory: boolean; sizeBytes: number }> = {},
) {
  return {
    s3Uri: 's3://models-archive/iris/v1/model.onnx',
    sha256: 'a'.repeat(64),
    isDirectory: false,
    ...overrides,
    grantRead: (grantee: iam.IGrantable) =>
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['s3:GetObject'],
        resourceArns: ['arn:aws:s3:::models-archive/iris/v1/model.onnx'],
      }),
  };
}

/** Builds a LambdaInference in a fresh stack and returns the error it throws. */
export function constructionError(props: Partial<LambdaInferenceProps>): string {
  try {
    inferenceStack(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to be rejected');
}
