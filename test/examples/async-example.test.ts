import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// examples/async.yaml as a user deploys it: loaded by the config loader, synthesized with the AwsSolutions
// checks, which throw on any unacknowledged finding (the Control Tower rules: every-example).
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/async.yaml'), {
  baseDir: PROJECT_ROOT,
});
const app = newApp();
const stages = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();
const template = (environment: string) =>
  Template.fromStack(stages.find((stage) => stage.stageName === environment)!.models[0]);

describe.each(['dev', 'prod'])('the asynchronous example in %s', (environment) => {
  const t = template(environment);

  test('configures asynchronous inference with output and failure paths in the capture bucket, and both topics', () => {
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: {
        OutputConfig: {
          S3OutputPath: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith(['/async/iris-async/output/'])]),
          }),
          S3FailurePath: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith(['/async/iris-async/failures/'])]),
          }),
          KmsKeyId: Match.anyValue(),
          NotificationConfig: { SuccessTopic: Match.anyValue(), ErrorTopic: Match.anyValue() },
        },
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      },
    });
    t.resourceCountIs('AWS::SNS::Topic', 2);
  });

  test('may scale to zero instances and wakes up on HasBacklogWithoutCapacity', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: `endpoint/mldeploy-iris-async-${environment}/variant/AllTraffic`,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 0,
      MaxCapacity: 4,
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      PolicyName: `mldeploy-iris-async-${environment}-from-zero-ml-m5-large`,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'HasBacklogWithoutCapacity',
      AlarmActions: [Match.objectLike({ Ref: Match.anyValue() })],
    });
  });

  test('alarms on backlog age at the configured 900 seconds and on failed invocations', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `mldeploy-iris-async-${environment}-async-backlog-age`,
      MetricName: 'ApproximateAgeOfOldestRequest',
      Threshold: 900,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `mldeploy-iris-async-${environment}-async-failures`,
      MetricName: 'InvocationFailures',
    });
  });

  test('outputs where to upload requests', () => {
    t.hasOutput('AsyncInputS3Uri', {
      Value: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith(['/async/iris-async/input/'])]),
      }),
    });
  });
});

test('prod keeps an instance in office hours and may reach zero after them', () => {
  template('prod').hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    ScheduledActions: [
      Match.objectLike({
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 4 },
        Timezone: 'Europe/Paris',
      }),
      Match.objectLike({ ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 4 } }),
    ],
  });
});

test.each(['rollback-5xx-rate', '4xx-rate'])(
  'the %s alarm reads the error metric’s Average, as an asynchronous endpoint publishes no Invocations',
  (suffix) => {
    const [alarm] = Object.values(
      template('prod').findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmName: `mldeploy-iris-async-prod-${suffix}` },
      }),
    ) as {
      Properties: {
        Metrics: { Expression?: string; MetricStat?: { Metric: { MetricName: string }; Stat: string } }[];
      };
    }[];
    const metrics = alarm.Properties.Metrics;
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('100 * errors');
    expect(
      metrics.flatMap((m) => (m.MetricStat ? [[m.MetricStat.Metric.MetricName, m.MetricStat.Stat]] : [])),
    ).toEqual([[suffix === '4xx-rate' ? 'Invocation4XXErrors' : 'Invocation5XXErrors', 'Average']]);
  },
);
