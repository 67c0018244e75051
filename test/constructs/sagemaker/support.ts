import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ContainerImage, SageMakerEndpoint, SageMakerEndpointProps } from '../../../lib/constructs/sagemaker';
import type { IModelArtifact } from '../../../lib/constructs/storage/artifact-ref';
import { newApp } from '../../helpers/app';

/** Model data in a fixed S3 folder, read-granted like a ModelArtifact would be. */
export const MODEL_DATA: IModelArtifact = {
  s3Uri: 's3://models-bucket/churn/abc123/',
  isDirectory: true,
  grantRead: (grantee) =>
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: ['arn:aws:s3:::models-bucket/churn/abc123/*'],
    }),
};

export const INSTANCE_PROPS: SageMakerEndpointProps = {
  endpointName: 'acme-churn-prod',
  image: ContainerImage.triton('24.09'),
  modelData: MODEL_DATA,
  instance: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 2 },
};

/** A serverless variant with a small ECR image (the Triton image is too large for serverless). */
export const SERVERLESS_PROPS: Partial<SageMakerEndpointProps> = {
  image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/small:1'),
  instance: undefined,
  serverless: { memorySizeMb: 2048, maxConcurrency: 10 },
};

/** A stack in eu-west-1 unless another region is given; `null` for a region-agnostic stack. */
export function endpointStack(
  overrides: Partial<SageMakerEndpointProps> = {},
  region: string | null = 'eu-west-1',
) {
  const stack = new Stack(newApp(), 'Test', region ? { env: { account: '111111111111', region } } : {});
  const endpoint = new SageMakerEndpoint(stack, 'Churn', { ...INSTANCE_PROPS, ...overrides });
  return { stack, endpoint };
}

/** The message a props combination is rejected with; fails the test if it is accepted. */
export function rejection(overrides: Partial<SageMakerEndpointProps>): string {
  try {
    endpointStack(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the endpoint props to be rejected');
}
