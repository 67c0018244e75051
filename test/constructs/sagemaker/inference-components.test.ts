import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ContainerImage,
  InferenceComponentEndpoint,
  InferenceComponentEndpointProps,
  InferenceComponentSpec,
} from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import { MODEL_DATA } from './support';

const IMAGE = ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/serving:1');
const IRIS: InferenceComponentSpec = {
  name: 'acme-iris-dev',
  image: IMAGE,
  modelData: MODEL_DATA,
  cpuCores: 1,
  minMemoryMb: 1024,
  copyCount: 1,
  scaling: { minCopies: 0, maxCopies: 4 },
};
const CHURN: InferenceComponentSpec = {
  ...IRIS,
  name: 'acme-churn-dev',
  cpuCores: 2,
  minMemoryMb: 2048,
  scaling: { minCopies: 1, maxCopies: 2 },
};
const PROPS: InferenceComponentEndpointProps = {
  endpointName: 'acme-shared-dev',
  instanceType: 'ml.m5.xlarge',
  initialInstanceCount: 1,
  minInstances: 0,
  maxInstances: 3,
  components: [IRIS, CHURN],
};

function build(props: Partial<InferenceComponentEndpointProps> = {}) {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const endpoint = new InferenceComponentEndpoint(stack, 'Shared', { ...PROPS, ...props });
  return { stack, endpoint, template: Template.fromStack(stack) };
}

function rejection(props: Partial<InferenceComponentEndpointProps>): string {
  try {
    build(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('an endpoint of inference components that scales to zero', () => {
  const { stack, endpoint, template } = build();

  test('the endpoint config names the execution role and lets SageMaker manage 0–3 instances', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ExecutionRoleArn: {
        'Fn::GetAtt': [stack.getLogicalId(endpoint.role.node.defaultChild as iam.CfnRole), 'Arn'],
      },
      ProductionVariants: [
        Match.objectLike({
          VariantName: 'AllTraffic',
          InstanceType: 'ml.m5.xlarge',
          ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 3 },
          ModelName: Match.absent(),
        }),
      ],
    });
  });

  test('hosts each model as an inference component with its requirements and one copy at creation', () => {
    template.resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
    template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      InferenceComponentName: 'acme-iris-dev',
      VariantName: 'AllTraffic',
      Specification: Match.objectLike({
        ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
      }),
      RuntimeConfig: { CopyCount: 1 },
    });
  });

  test('scales copies on invocations per copy, down to zero, and wakes on NoCapacityInvocationFailures', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'inference-component/acme-iris-dev',
      ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
      MinCapacity: 0,
      MaxCapacity: 4,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'acme-iris-dev-invocations-per-copy',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'SageMakerInferenceComponentInvocationsPerCopy',
        },
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'acme-iris-dev-from-zero',
      PolicyType: 'StepScaling',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NoCapacityInvocationFailures',
      Namespace: 'AWS/SageMaker',
      Dimensions: [{ Name: 'InferenceComponentName', Value: 'acme-iris-dev' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    // The component that keeps a copy needs no wake-up.
    expect(
      Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map(
        (policy) => (policy as { Properties: { PolicyName: string } }).Properties.PolicyName,
      ),
    ).not.toContain('acme-churn-dev-from-zero');
  });
});

describe('inference component rules', () => {
  test('refuses a component created with zero copies', () => {
    expect(rejection({ components: [{ ...IRIS, copyCount: 0 }] })).toContain(
      'components.0.copyCount 0 must be a whole number >= 1: SageMaker creates no inference component with CopyCount 0',
    );
  });

  test('refuses two components of the same name', () => {
    expect(rejection({ components: [IRIS, { ...CHURN, name: 'acme-iris-dev' }] })).toContain(
      'components.1.name "acme-iris-dev" names another component of the endpoint',
    );
  });

  test('refuses less than 128 MB per copy', () => {
    expect(rejection({ components: [{ ...IRIS, minMemoryMb: 64 }] })).toContain(
      'components.0.minMemoryMb 64 must be >= 128',
    );
  });
});
