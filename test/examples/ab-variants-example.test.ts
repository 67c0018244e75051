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

test.each([
  ['AllTraffic', 1, 4],
  ['ModelB', 1, 2],
])(
  'autoscales %s between %i and %i instances: the model’s range, or the variant’s own',
  (variant, min, max) => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: `endpoint/mldeploy-iris-ab-prod/variant/${variant}`,
      MinCapacity: min,
      MaxCapacity: max,
    });
  },
);

test('a deployment rolls back on the 5XX rate and p99 latency of every variant, which the role may read', () => {
  const names = [
    'mldeploy-iris-ab-prod-rollback-5xx-rate',
    'mldeploy-iris-ab-prod-rollback-p99-latency',
    'mldeploy-iris-ab-prod-modelb-rollback-5xx-rate',
    'mldeploy-iris-ab-prod-modelb-rollback-p99-latency',
  ];
  const [endpoint] = Object.values(template.findResources('AWS::SageMaker::Endpoint')) as {
    Properties: {
      DeploymentConfig: { AutoRollbackConfiguration: { Alarms: { AlarmName: { Ref: string } }[] } };
    };
    DependsOn?: string[];
  }[];
  const resources = template.toJSON().Resources;
  const watched = endpoint.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms.map(
    (alarm) => resources[alarm.AlarmName.Ref].Properties.AlarmName,
  );
  expect(watched).toEqual(names);
  const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
  expect(policies).toContain('VariantAlarmsModelBErrorRate');
  expect(policies).toContain('VariantAlarmsModelBLatency');
  expect(endpoint.DependsOn).toEqual(
    expect.arrayContaining([expect.stringMatching(/^VariantAlarmsModelBErrorRate/)]),
  );
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
