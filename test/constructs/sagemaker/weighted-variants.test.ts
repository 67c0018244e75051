import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IModelArtifact } from '../../../lib/constructs/storage/artifact-ref';
import { WeightedVariant } from '../../../lib/constructs/sagemaker';
import { endpointStack, rejection, SERVERLESS_PROPS } from './support';

const MODEL_B: IModelArtifact = {
  s3Uri: 's3://models-bucket/churn/b/',
  isDirectory: true,
  grantRead: (grantee) =>
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: ['arn:aws:s3:::models-bucket/churn/b/*'],
    }),
};

const B: WeightedVariant = {
  variantName: 'ModelB',
  weight: 1,
  instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1 },
  modelData: MODEL_B,
  autoScaling: { minCapacity: 1, maxCapacity: 3 },
};

describe('an endpoint with two weighted variants', () => {
  const { stack, endpoint } = endpointStack({
    variantWeight: 3,
    additionalVariants: [B],
    autoScaling: { minCapacity: 2, maxCapacity: 4 },
  });
  const template = Template.fromStack(stack);

  test('lists both production variants with their weights, models and instances', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({
          VariantName: 'AllTraffic',
          InitialVariantWeight: 3,
          InstanceType: 'ml.c5.xlarge',
        }),
        Match.objectLike({ VariantName: 'ModelB', InitialVariantWeight: 1, InstanceType: 'ml.m5.large' }),
      ],
    });
    template.resourceCountIs('AWS::SageMaker::Model', 2);
    expect(endpoint.variantNames).toEqual(['AllTraffic', 'ModelB']);
  });

  test('scales each variant on its own scalable target', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
      MinCapacity: 2,
      MaxCapacity: 4,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/acme-churn-prod/variant/ModelB',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 1,
      MaxCapacity: 3,
    });
    // Each instance variant has its scaling guard before and after the endpoint.
    template.resourceCountIs('Custom::EndpointScalingGuard', 4);
  });

  test('keeps the scaled instance counts across deploys', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
  });

  test('gives metrics per variant', () => {
    expect(endpoint.metricsOfVariant('ModelB').metricInvocations().dimensions).toEqual({
      EndpointName: 'acme-churn-prod',
      VariantName: 'ModelB',
    });
  });
});

describe('weighted variant rules', () => {
  test('refuses weights that add up to zero', () => {
    expect(rejection({ variantWeight: 0, additionalVariants: [{ ...B, weight: 0 }] })).toContain(
      'additionalVariants weights add up to 0: at least one variant (variantWeight or a variant',
    );
  });

  test('refuses a serverless mix', () => {
    expect(rejection({ ...SERVERLESS_PROPS, additionalVariants: [B] })).toContain(
      'additionalVariants cannot join a serverless variant',
    );
  });

  test('refuses rolling deployments on several variants', () => {
    expect(rejection({ additionalVariants: [B], rollout: { strategy: 'rolling' } })).toMatch(/rolling/);
  });

  test('refuses a taken variant name', () => {
    expect(rejection({ additionalVariants: [{ ...B, variantName: 'AllTraffic' }] })).toContain(
      'additionalVariants.0.variantName "AllTraffic" is taken by another variant of the endpoint',
    );
  });

  test('refuses a shadow beside them', () => {
    expect(
      rejection({
        additionalVariants: [B],
        shadow: {
          instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1 },
          modelData: MODEL_B,
          samplingPercent: 10,
        },
      }),
    ).toContain('additionalVariants cannot share the endpoint with a shadow variant (shadow)');
  });
});
