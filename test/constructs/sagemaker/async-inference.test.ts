import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SageMakerAlarmPack } from '../../../lib/constructs/alarms';
import { AsyncInference, SageMakerEndpoint, SageMakerEndpointProps } from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import { endpointStack, INSTANCE_PROPS, rejection, SERVERLESS_PROPS } from './support';

const OUTPUT = {
  outputS3Uri: 's3://capture-bucket/async/churn/output/',
  failureS3Uri: 's3://capture-bucket/async/churn/failures/',
};

/** An asynchronous endpoint that may scale to zero unless told otherwise. */
function asyncStack(overrides: Partial<SageMakerEndpointProps> = {}, extra: Partial<AsyncInference> = {}) {
  const { stack, endpoint } = endpointStack({
    autoScaling: { minCapacity: 0, maxCapacity: 4 },
    ...overrides,
    asyncInference: { ...OUTPUT, ...extra },
  });
  return { stack, endpoint, template: Template.fromStack(stack) };
}

describe('an asynchronous endpoint', () => {
  const { stack, endpoint, template } = asyncStack({}, { maxConcurrentInvocationsPerInstance: 4 });

  test('the endpoint config carries AsyncInferenceConfig with the output and failure paths', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: {
        OutputConfig: {
          S3OutputPath: 's3://capture-bucket/async/churn/output/',
          S3FailurePath: 's3://capture-bucket/async/churn/failures/',
        },
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      },
    });
  });

  test('scales on the backlog per instance, with no invocations policy', () => {
    const policies = template.findResources('Custom::EndpointScalingPolicies');
    const [resource] = Object.values(policies) as { Properties: { Policies: unknown[] } }[];
    expect(resource.Properties.Policies).toEqual([
      {
        PolicyName: 'acme-churn-prod-backlog-tracking',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 5,
          CustomizedMetricSpecification: {
            MetricName: 'ApproximateBacklogSizePerInstance',
            Namespace: 'AWS/SageMaker',
            Dimensions: [{ Name: 'EndpointName', Value: 'acme-churn-prod' }],
            Statistic: 'Average',
          },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      },
    ]);
  });

  test('may reach zero instances', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 0,
      MaxCapacity: 4,
    });
  });

  test('wakes from zero with a step policy that an alarm on HasBacklogWithoutCapacity triggers', () => {
    const targetId = stack.getLogicalId(
      endpoint.node.findChild('ScalableTarget') as appscaling.CfnScalableTarget,
    );
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'acme-churn-prod-from-zero-ml-c5-xlarge',
      PolicyType: 'StepScaling',
      ScalingTargetId: { Ref: targetId },
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    });
    const policyId = stack.getLogicalId(endpoint.scaleFromZero!.policy);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-backlog-without-capacity',
      Namespace: 'AWS/SageMaker',
      MetricName: 'HasBacklogWithoutCapacity',
      Dimensions: [{ Name: 'EndpointName', Value: 'acme-churn-prod' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: policyId }],
    });
  });

  test('its alarm pack watches backlog age and failed invocations, and not traffic', () => {
    const { stack, endpoint } = endpointStack({
      autoScaling: { minCapacity: 0, maxCapacity: 4 },
      asyncInference: OUTPUT,
    });
    const pack = SageMakerAlarmPack.ofEndpoint(stack, 'Alarms', endpoint, {
      alarmNamePrefix: 'acme-churn-prod',
      tunings: { noInvocations: { enabled: true } },
    });
    const names = pack.alarms.map(
      (member) => (member.alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName,
    );
    expect(names).toEqual(
      expect.arrayContaining(['acme-churn-prod-async-backlog-age', 'acme-churn-prod-async-failures']),
    );
    expect(names.some((name) => String(name).includes('no-invocations'))).toBe(false);
    const again = Template.fromStack(stack);
    again.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-async-backlog-age',
      MetricName: 'ApproximateAgeOfOldestRequest',
      Statistic: 'Maximum',
      Threshold: 1800,
    });
    again.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-async-failures',
      MetricName: 'InvocationFailures',
      Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: 'AllTraffic' }]),
      Statistic: 'Sum',
      Threshold: 0,
    });
  });
});

describe('an asynchronous endpoint that keeps an instance', () => {
  const { template } = asyncStack({ autoScaling: { minCapacity: 1, maxCapacity: 4 } });

  test('needs no wake-up policy', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });
});

describe('delivery', () => {
  const stack = new Stack(newApp(), 'Delivery', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const success = new sns.Topic(stack, 'Success');
  const error = new sns.Topic(stack, 'Error');
  new SageMakerEndpoint(stack, 'Churn', {
    ...INSTANCE_PROPS,
    asyncInference: { ...OUTPUT, encryptionKey: key, successTopic: success, errorTopic: error },
  });
  const template = Template.fromStack(stack);
  const statements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );

  test('names the key and both topics in the endpoint config', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: {
        OutputConfig: {
          KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
          NotificationConfig: {
            SuccessTopic: { Ref: stack.getLogicalId(success.node.defaultChild as sns.CfnTopic) },
            ErrorTopic: { Ref: stack.getLogicalId(error.node.defaultChild as sns.CfnTopic) },
          },
        },
      },
    });
  });

  test('lets the execution role publish to each topic and encrypt with the key, nothing wider', () => {
    expect(statements()).toEqual(
      expect.arrayContaining([
        {
          Action: 'sns:Publish',
          Effect: 'Allow',
          Resource: [
            { Ref: stack.getLogicalId(error.node.defaultChild as sns.CfnTopic) },
            { Ref: stack.getLogicalId(success.node.defaultChild as sns.CfnTopic) },
          ],
        },
        expect.objectContaining({
          Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
          Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
        }),
      ]),
    );
  });
});

describe('asynchronous rules', () => {
  test('refuses a serverless variant', () => {
    expect(rejection({ ...SERVERLESS_PROPS, asyncInference: OUTPUT })).toContain(
      'asyncInference needs instances (instance): asynchronous requests queue for instances',
    );
  });

  test('refuses an invocations target', () => {
    expect(
      rejection({
        asyncInference: OUTPUT,
        autoScaling: { minCapacity: 0, maxCapacity: 2, targetInvocationsPerInstance: 100 },
      }),
    ).toContain('autoScaling.targetInvocationsPerInstance 100 cannot drive an asynchronous endpoint');
  });

  test('refuses zero instances on a real-time endpoint', () => {
    expect(rejection({ autoScaling: { minCapacity: 0, maxCapacity: 2 } })).toContain(
      'autoScaling.minCapacity 0 must be a whole number >= 1: only asynchronous endpoints (asyncInference) scale an instance variant to zero',
    );
  });

  test('refuses a per-instance concurrency above 1000', () => {
    expect(rejection({ asyncInference: { ...OUTPUT, maxConcurrentInvocationsPerInstance: 1001 } })).toContain(
      'asyncInference.maxConcurrentInvocationsPerInstance 1001 must be a whole number from 1 to 1000',
    );
  });

  test('refuses an output path that is not an S3 URI', () => {
    expect(rejection({ asyncInference: { ...OUTPUT, outputS3Uri: 'bucket/output' } })).toContain(
      'asyncInference.outputS3Uri "bucket/output" must be an s3:// URI',
    );
  });
});
