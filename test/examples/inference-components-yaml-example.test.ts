import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// examples/inference-components.yaml as a user deploys it: loaded by the config loader, synthesized with the
// AwsSolutions checks, which throw on any unacknowledged finding (the Control Tower rules: every-example).
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/inference-components.yaml'), {
  baseDir: PROJECT_ROOT,
});
const app = newApp();
const stages = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();
const stage = (environment: string) => stages.find((s) => s.stageName === environment)!;
const shared = (environment: string) => Template.fromStack(stage(environment).sharedEndpoints[0]);

test('the shared models get no stack or endpoint of their own: one stack holds the shared endpoint', () => {
  for (const environment of ['dev', 'prod']) {
    expect(stage(environment).models).toHaveLength(0);
    expect(stage(environment).sharedEndpoints.map((s) => s.stackName)).toEqual([
      `mldeploy-${environment}-shared`,
    ]);
  }
});

test('dev: one endpoint with its own execution role and managed instance scaling down to zero', () => {
  const t = shared('dev');
  t.resourceCountIs('AWS::SageMaker::Endpoint', 1);
  t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'mldeploy-shared-dev' });
  t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ExecutionRoleArn: Match.anyValue(),
    ProductionVariants: [
      Match.objectLike({
        InstanceType: 'ml.m5.xlarge',
        InitialInstanceCount: 1,
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 2 },
      }),
    ],
  });
});

test('prod keeps an instance: its override of the range wins', () => {
  shared('prod').hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [
      Match.objectLike({
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: 4 },
      }),
    ],
  });
});

test('each model is a component named like its endpoint would be, with its own CPU and memory', () => {
  const t = shared('dev');
  t.resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
  t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    InferenceComponentName: 'mldeploy-iris-dev',
    EndpointName: Match.anyValue(),
    Specification: Match.objectLike({
      ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
    }),
    RuntimeConfig: { CopyCount: 1 },
  });
  t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    InferenceComponentName: 'mldeploy-iris-candidate-dev',
    Specification: Match.objectLike({
      ComputeResourceRequirements: { NumberOfCpuCoresRequired: 2, MinMemoryRequiredInMb: 2048 },
    }),
  });
});

test.each([
  ['dev', 'mldeploy-iris-dev', 0, 2],
  ['dev', 'mldeploy-iris-candidate-dev', 0, 2],
  ['prod', 'mldeploy-iris-prod', 1, 4],
  ['prod', 'mldeploy-iris-candidate-prod', 1, 2],
])('%s: %s scales its copies between %i and %i', (environment, name, min, max) => {
  shared(environment).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    ResourceId: `inference-component/${name}`,
    ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
    MinCapacity: min,
    MaxCapacity: max,
  });
});

test('dev wakes each component from zero on NoCapacityInvocationFailures; prod, never at zero, has no wake-up', () => {
  const wakeAlarms = (environment: string) =>
    Object.values(
      shared(environment).findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'NoCapacityInvocationFailures', Period: 60 },
      }),
    );
  expect(wakeAlarms('dev')).toHaveLength(2);
  expect(wakeAlarms('prod')).toHaveLength(0);
  shared('dev').resourcePropertiesCountIs(
    'AWS::ApplicationAutoScaling::ScalingPolicy',
    { PolicyType: 'StepScaling' },
    2,
  );
});

test('every component has its own alarms on its InferenceComponentName metrics, rolled up into a health alarm', () => {
  const t = shared('prod');
  for (const name of ['mldeploy-iris-prod', 'mldeploy-iris-candidate-prod']) {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${name}-p99-latency`,
      Namespace: 'AWS/SageMaker',
      MetricName: 'ModelLatency',
      Dimensions: [{ Name: 'InferenceComponentName', Value: name }],
      ExtendedStatistic: 'p99',
      // The 1000 ms default, in the metric's microseconds.
      Threshold: 1_000_000,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${name}-5xx-rate`,
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'AWS/SageMaker',
              MetricName: 'Invocation5XXErrors',
              Dimensions: [{ Name: 'InferenceComponentName', Value: name }],
            },
          }),
        }),
      ]),
    });
    const [health] = Object.values(
      t.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: `${name}-health` } }),
    );
    // The rule reads each critical alarm of the component's pack by its ARN.
    const referenced = JSON.stringify(health.Properties.AlarmRule).match(/Alarms[A-Za-z0-9]+/g)!;
    const names = referenced.map((id) => t.toJSON().Resources[id].Properties.AlarmName);
    expect(names).toEqual([`${name}-5xx-rate`, `${name}-p99-latency`, `${name}-no-capacity-sustained`]);
  }
});

test('the dashboard gives each shared model a row charting its copies', () => {
  const body = JSON.stringify(Template.fromStack(stage('dev').dashboard).toJSON());
  expect(body).toContain('Inference component `mldeploy-iris-dev` on shared endpoint `mldeploy-shared-dev`');
  expect(body).toContain('CPUUtilizationNormalized');
  expect(body).toContain('/aws/sagemaker/InferenceComponents');
  expect(body).toContain(
    '**iris** (sagemaker, shared endpoint shared), **iris-candidate** (sagemaker, shared endpoint shared)',
  );
});

test.each(['mldeploy-iris-prod', 'mldeploy-iris-candidate-prod'])(
  'prod: %s starts 2 copies and replaces them one at a time, rolling back on its 5XX-rate and latency alarms',
  (name) => {
    const t = shared('prod');
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      InferenceComponentName: name,
      RuntimeConfig: { CopyCount: 2 },
      DeploymentConfig: {
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          RollbackMaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          WaitIntervalInSeconds: 300,
          // 2 steps × 5 minutes + 30 minutes for starting copies.
          MaximumExecutionTimeoutInSeconds: 2400,
        },
        AutoRollbackConfiguration: {
          Alarms: [{ AlarmName: `${name}-5xx-rate` }, { AlarmName: `${name}-p99-latency` }],
        },
      },
    });
    // The alarms it names exist in the stack, and the execution role may read their state.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${name}-5xx-rate` });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${name}-p99-latency` });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    const alarmArn = (suffix: string) => ({
      'Fn::Join': [
        '',
        ['arn:aws:cloudwatch:eu-west-1:', { Ref: 'AWS::AccountId' }, `:alarm:${name}-${suffix}`],
      ],
    });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:DescribeAlarms',
        Resource: expect.arrayContaining([alarmArn('5xx-rate'), alarmArn('p99-latency')]),
      }),
    );
  },
);

test('dev leaves updates to SageMaker: no rolling policy', () => {
  shared('dev').hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    InferenceComponentName: 'mldeploy-iris-dev',
    DeploymentConfig: Match.absent(),
  });
});

test('dev keeps a warm copy in Paris working hours and may fall to zero copies after them', () => {
  shared('dev').hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    ResourceId: 'inference-component/mldeploy-iris-dev',
    MinCapacity: 0,
    ScheduledActions: [
      {
        ScheduledActionName: 'mldeploy-iris-dev-working-hours',
        Schedule: 'cron(0 8 ? * MON-FRI *)',
        Timezone: 'Europe/Paris',
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      },
      {
        ScheduledActionName: 'mldeploy-iris-dev-after-hours',
        Schedule: 'cron(0 19 ? * MON-FRI *)',
        Timezone: 'Europe/Paris',
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 2 },
      },
    ],
  });
});
