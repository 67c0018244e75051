import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// examples/ab-variants.yaml as a user deploys it, with the AwsSolutions checks (the Control Tower rules: every-example).
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/ab-variants.yaml'), {
  baseDir: PROJECT_ROOT,
});
const app = newApp();
const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();
const template = Template.fromStack(stage.models[0]);

test('splits the traffic 3:1 between two weighted production variants', () => {
  template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [
      Match.objectLike({ VariantName: 'AllTraffic', InitialVariantWeight: 3, InitialInstanceCount: 2 }),
      Match.objectLike({
        VariantName: 'ModelB',
        InitialVariantWeight: 1,
        InstanceType: 'ml.m5.large',
        InitialInstanceCount: 1,
      }),
    ],
  });
  template.hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: Match.objectLike({
      ModelDataSource: {
        S3DataSource: Match.objectLike({ S3Uri: 's3://acme-model-candidates/iris/2025-06-01/' }),
      },
    }),
  });
});

test('autoscales each variant with the model’s range', () => {
  for (const variant of ['AllTraffic', 'ModelB']) {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: `endpoint/mldeploy-iris-ab-prod/variant/${variant}`,
      MinCapacity: 1,
      MaxCapacity: 4,
    });
  }
});

test('rolls out with a blue/green canary', () => {
  template.hasResourceProperties('AWS::SageMaker::Endpoint', {
    DeploymentConfig: Match.objectLike({
      BlueGreenUpdatePolicy: Match.objectLike({
        TrafficRoutingConfiguration: Match.objectLike({ Type: 'CANARY' }),
      }),
    }),
  });
});

test('the candidate variant has an alarm pack of its own that pages through the health alarm', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'mldeploy-iris-ab-prod-modelb-rollback-5xx-rate',
    Metrics: Match.arrayWith([
      Match.objectLike({
        MetricStat: Match.objectLike({
          Metric: Match.objectLike({
            Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: 'ModelB' }]),
          }),
        }),
      }),
    ]),
  });
  const health = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0] as {
    Properties: { AlarmRule: unknown };
  };
  expect(JSON.stringify(health.Properties.AlarmRule)).toContain('VariantAlarmsModelBErrorRate');
});
