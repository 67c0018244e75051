import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IModelArtifact } from '../../../lib/constructs/storage/artifact-ref';
import { ShadowVariant } from '../../../lib/constructs/sagemaker';
import { endpointStack, rejection, SERVERLESS_PROPS } from './support';

const CHALLENGER: IModelArtifact = {
  s3Uri: 's3://models-bucket/churn/def456/',
  isDirectory: true,
  grantRead: (grantee) =>
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: ['arn:aws:s3:::models-bucket/churn/def456/*'],
    }),
};

const SHADOW: ShadowVariant = {
  instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1 },
  modelData: CHALLENGER,
  samplingPercent: 25,
};

describe('an endpoint with a shadow variant', () => {
  const { stack, endpoint } = endpointStack({ shadow: SHADOW });
  const template = Template.fromStack(stack);

  test('runs the challenger as a shadow production variant with its own model, type, count and weight', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic', InitialVariantWeight: 1 })],
      ShadowProductionVariants: [
        {
          VariantName: 'Shadow',
          ModelName: { 'Fn::GetAtt': [stack.getLogicalId(endpoint.shadowModel!), 'ModelName'] },
          InitialVariantWeight: 0.25,
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
        },
      ],
    });
  });

  test('the shadow model reads the challenger data with the production image', () => {
    template.resourceCountIs('AWS::SageMaker::Model', 2);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        ModelDataSource: { S3DataSource: Match.objectLike({ S3Uri: 's3://models-bucket/churn/def456/' }) },
      }),
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (
          policy as {
            Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    const reads = statements.filter((statement) => statement.Action === 's3:GetObject');
    expect(reads.flatMap((statement) => [statement.Resource].flat())).toEqual(
      expect.arrayContaining([
        'arn:aws:s3:::models-bucket/churn/def456/*',
        'arn:aws:s3:::models-bucket/churn/abc123/*',
      ]),
    );
  });

  test('gives per-variant metrics for the shadow', () => {
    const metric = endpoint.shadowMetrics()!.metricModelLatency();
    expect(metric.dimensions).toEqual({ EndpointName: 'acme-churn-prod', VariantName: 'Shadow' });
  });
});

describe('shadow rules', () => {
  test('refuses a shadow beside a serverless variant', () => {
    expect(rejection({ ...SERVERLESS_PROPS, shadow: SHADOW })).toContain(
      'shadow cannot join a serverless variant: SageMaker runs no shadow variant beside it',
    );
  });

  test('refuses a shadow on an asynchronous endpoint', () => {
    expect(
      rejection({
        shadow: SHADOW,
        asyncInference: { outputS3Uri: 's3://b/o/', failureS3Uri: 's3://b/f/' },
      }),
    ).toContain('shadow cannot join an asynchronous endpoint (asyncInference)');
  });

  test('refuses a sampling share outside 1–100', () => {
    expect(rejection({ shadow: { ...SHADOW, samplingPercent: 0 } })).toContain(
      'shadow.samplingPercent 0 must be a whole number from 1 to 100',
    );
  });

  test('refuses the production variant’s name', () => {
    expect(rejection({ shadow: { ...SHADOW, variantName: 'AllTraffic' } })).toContain(
      'shadow.variantName "AllTraffic" must differ from the production variant’s name',
    );
  });
});
