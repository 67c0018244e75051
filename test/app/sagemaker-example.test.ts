import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT } from '../helpers/app';

// The SageMaker model of the example config in dev and prod, and prod again with a bigger
// instance type: the change a team makes when the model outgrows its instances.
const EXAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, 'config/deployments.yaml'), 'utf8');

function sagemakerTemplate(yaml: string, environment: string): Template {
  const config = parseDeploymentConfig(yaml, 'deployments.yaml', {
    baseDir: PROJECT_ROOT,
    environments: [environment],
  });
  const app = newApp();
  const [stage] = addDeploymentStages(app, config);
  app.synth();
  return Template.fromStack(stage.models.find((stack) => stack.node.id === 'iris-sagemaker')!);
}

const prod = sagemakerTemplate(EXAMPLE, 'prod');
const resized = sagemakerTemplate(
  EXAMPLE.replace('instanceType: ml.c5.xlarge', 'instanceType: ml.c5.2xlarge'),
  'prod',
);
const dev = sagemakerTemplate(EXAMPLE, 'dev');
const resource = (template: Template, type: string) => Object.entries(template.findResources(type))[0];

describe('the prod SageMaker model', () => {
  test('runs Triton on two ml.c5.xlarge instances', () => {
    prod.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 2 })],
    });
    prod.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({ Environment: { SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: 'iris' } }),
    });
  });

  test('deploys with a 10 % canary and a 10-minute bake, rolled back by alarms in the same stack', () => {
    const [, endpoint] = resource(prod, 'AWS::SageMaker::Endpoint');
    expect(endpoint.Properties.EndpointName).toBe('mldeploy-iris-sagemaker-prod');
    expect(endpoint.Properties.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration).toEqual({
      Type: 'CANARY',
      CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
      WaitIntervalInSeconds: 600,
    });
    const alarms = Object.keys(prod.findResources('AWS::CloudWatch::Alarm'));
    const rollbackAlarms = endpoint.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms.map(
      (alarm: { AlarmName: { Ref: string } }) => alarm.AlarmName.Ref,
    );
    expect(rollbackAlarms).toHaveLength(2);
    for (const alarm of rollbackAlarms) expect(alarms).toContain(alarm);
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mldeploy-iris-sagemaker-prod-rollback-p99-latency',
      MetricName: 'ModelLatency',
      Namespace: 'AWS/SageMaker',
      ExtendedStatistic: 'p99',
      Threshold: 200000,
    });
  });

  test('autoscales 2–6 instances on invocations, with a target that depends on the endpoint', () => {
    const [endpointId] = resource(prod, 'AWS::SageMaker::Endpoint');
    prod.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: Match.objectLike({ MinCapacity: 2, MaxCapacity: 6 }),
      DependsOn: Match.arrayWith([endpointId]),
    });
    prod.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 750 }),
    });
  });

  test('outputs the endpoint name and the endpoint config this deploy expects', () => {
    prod.hasOutput('EndpointName', { Value: 'mldeploy-iris-sagemaker-prod' });
    prod.hasOutput('EndpointConfigName', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('EndpointConfig'), 'EndpointConfigName'] },
    });
  });
});

describe('changing only the prod instance type', () => {
  test('creates a new endpoint config and updates the same endpoint in place', () => {
    const [configId, before] = resource(prod, 'AWS::SageMaker::EndpointConfig');
    const [configIdAfter, after] = resource(resized, 'AWS::SageMaker::EndpointConfig');
    // Same logical id with a changed create-only property: CloudFormation creates a replacement
    // (with a new generated name) before it updates the endpoint, and deletes the old one last.
    expect(configIdAfter).toBe(configId);
    expect(before.Properties.EndpointConfigName).toBeUndefined();
    expect(after.Properties.ProductionVariants[0].InstanceType).toBe('ml.c5.2xlarge');
    expect(resource(resized, 'AWS::SageMaker::Endpoint')[1].Properties.EndpointName).toBe(
      'mldeploy-iris-sagemaker-prod',
    );
  });

  test('changes the guards, so they run around the endpoint update, and nothing in the native scaling resources', () => {
    for (const guard of Object.values(resized.findResources('Custom::EndpointScalingGuard'))) {
      expect(guard.Properties.InstanceType).toBe('ml.c5.2xlarge');
    }
    for (const guard of Object.values(prod.findResources('Custom::EndpointScalingGuard'))) {
      expect(guard.Properties.InstanceType).toBe('ml.c5.xlarge');
    }
    expect(resized.findResources('AWS::ApplicationAutoScaling::ScalableTarget')).toEqual(
      prod.findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
    );
    expect(resized.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).toEqual(
      prod.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'),
    );
  });
});

describe('the dev SageMaker model', () => {
  test('runs one ml.t2.medium, without autoscaling, rolled out all at once', () => {
    dev.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.t2.medium', InitialInstanceCount: 1 })],
    });
    dev.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    dev.resourceCountIs('Custom::EndpointScalingGuard', 0);
    dev.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: Match.objectLike({
        BlueGreenUpdatePolicy: Match.objectLike({
          TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 },
        }),
      }),
    });
  });
});
