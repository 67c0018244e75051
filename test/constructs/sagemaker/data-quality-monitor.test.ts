import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import {
  DataQualityMonitor,
  DataQualityMonitorProps,
  SageMakerEndpoint,
} from '../../../lib/constructs/sagemaker';
import { INSTANCE_PROPS } from './support';
import { newApp } from '../../helpers/app';

const BASELINE = {
  statisticsUri: 's3://baselines-bucket/churn/statistics.json',
  constraintsUri: 's3://baselines-bucket/churn/constraints.json',
};

/** An endpoint capturing to a capture bucket, and a monitor of it; `null` region for a region-agnostic stack. */
function monitorStack(
  overrides: Partial<DataQualityMonitorProps> = {},
  region: string | null = 'eu-west-1',
  capture = true,
) {
  const stack = new Stack(newApp(), 'Test', region ? { env: { account: '111111111111', region } } : {});
  const captureBucket = new CaptureBucket(stack, 'Capture', {
    accessLogsBucket: new s3.Bucket(stack, 'Logs', { enforceSSL: true }),
  });
  const endpoint = new SageMakerEndpoint(stack, 'Churn', {
    ...INSTANCE_PROPS,
    dataCapture: capture
      ? {
          destinationS3Uri: captureBucket.s3UriFor('churn/'),
          samplingPercent: 20,
          encryptionKey: captureBucket.encryptionKey,
        }
      : undefined,
  });
  const topic = new sns.Topic(stack, 'Topic');
  const monitor = new DataQualityMonitor(stack, 'Monitor', {
    endpoint,
    captureBucket,
    capturePrefix: 'churn/',
    baseline: BASELINE,
    driftAlarmFeatures: ['age', 'income'],
    alarmActions: [new cloudwatchActions.SnsAction(topic)],
    ...overrides,
  });
  return { stack, monitor, template: Template.fromStack(stack) };
}

function rejection(overrides: Partial<DataQualityMonitorProps>, capture = true): string {
  try {
    monitorStack(overrides, 'eu-west-1', capture);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the monitor props to be rejected');
}

const { template } = monitorStack();
const [endpointId] = Object.keys(template.findResources('AWS::SageMaker::Endpoint'));
const [jobId, job] = Object.entries(template.findResources('AWS::SageMaker::DataQualityJobDefinition'))[0];

describe('DataQualityMonitor', () => {
  test('runs the Model Monitor analyzer image of the stack region, publishing its metrics', () => {
    expect(job.Properties.DataQualityAppSpecification).toEqual({
      ImageUri: '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer',
      Environment: { publish_cloudwatch_metrics: 'Enabled' },
    });
  });

  test('compares with the baseline statistics and constraints', () => {
    expect(job.Properties.DataQualityBaselineConfig).toEqual({
      StatisticsResource: { S3Uri: BASELINE.statisticsUri },
      ConstraintsResource: { S3Uri: BASELINE.constraintsUri },
    });
  });

  test('reads the endpoint’s captured data into /opt/ml/processing/input', () => {
    expect(job.Properties.DataQualityJobInput.EndpointInput).toMatchObject({
      EndpointName: 'acme-churn-prod',
      LocalPath: '/opt/ml/processing/input',
    });
  });

  test('writes reports under <prefix>monitoring/reports, encrypted with the capture key', () => {
    expect(job.Properties.DataQualityJobOutputConfig).toEqual({
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^CaptureKey/), 'Arn'] },
      MonitoringOutputs: [
        {
          S3Output: {
            LocalPath: '/opt/ml/processing/output',
            S3UploadMode: 'EndOfJob',
            S3Uri: {
              'Fn::Join': [
                '',
                ['s3://', { Ref: expect.stringMatching(/^CaptureBucket/) }, '/churn/monitoring/reports'],
              ],
            },
          },
        },
      ],
    });
  });

  test('runs one ml.m5.large with 20 GB for at most an hour, under a generated name', () => {
    expect(job.Properties.JobResources).toEqual({
      ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 },
    });
    expect(job.Properties.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(job.Properties.JobDefinitionName).toBeUndefined();
  });

  test('schedules the job hourly on the endpoint, after the endpoint exists', () => {
    template.hasResource('AWS::SageMaker::MonitoringSchedule', {
      Properties: {
        MonitoringScheduleName: 'acme-churn-prod-data-quality',
        EndpointName: 'acme-churn-prod',
        MonitoringScheduleConfig: {
          MonitoringJobDefinitionName: {
            'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [jobId, 'JobDefinitionArn'] }] }],
          },
          MonitoringType: 'DataQuality',
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        },
      },
      DependsOn: [endpointId],
    });
  });

  test('alarms on each feature’s baseline drift, into the given actions', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-drift-income',
      AlarmDescription: Match.stringLikeRegexp('^\\[warning\\] .* First: '),
      Namespace: 'aws/sagemaker/Endpoints/data-metrics',
      MetricName: 'feature_baseline_drift_income',
      Dimensions: [
        { Name: 'Endpoint', Value: 'acme-churn-prod' },
        { Name: 'MonitoringSchedule', Value: 'acme-churn-prod-data-quality' },
      ],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0.1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('its role reads the capture prefix and the baseline, and writes only the reports prefix', () => {
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^MonitorRole') }] },
      }),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const resourcesOf = (action: string) =>
      JSON.stringify(statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource));
    expect(resourcesOf('s3:GetObject')).toContain('/churn/*');
    expect(resourcesOf('s3:GetObject')).toContain('arn:aws:s3:::baselines-bucket/churn/statistics.json');
    expect(resourcesOf('s3:PutObject')).toContain('/churn/monitoring/reports/*');
    expect(resourcesOf('s3:PutObject')).not.toContain('"/churn/*"');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'aws/sagemaker/Endpoints/data-metrics' } },
      }),
    );
  });

  test('resolves the analyzer registry at deploy time in a region-agnostic stack', () => {
    const agnostic = monitorStack({}, null).template;
    expect(agnostic.toJSON().Mappings.ModelMonitorImageRegistries['us-east-1']).toEqual({
      account: '156813124566',
    });
    expect(
      JSON.stringify(Object.values(agnostic.findResources('AWS::SageMaker::DataQualityJobDefinition'))[0]),
    ).toContain('"Fn::FindInMap":["ModelMonitorImageRegistries",{"Ref":"AWS::Region"},"account"]');
  });

  test('rejects a region without an analyzer image, listing the regions with one', () => {
    expect(() => monitorStack({}, 'ca-west-1')).toThrow(
      /^Test\/Monitor: region "ca-west-1" has no SageMaker Model Monitor analyzer image; regions with one: af-south-1, /,
    );
  });

  test('rejects an endpoint that does not capture its requests', () => {
    expect(rejection({}, false)).toContain(
      ' - the endpoint does not capture its requests; give it dataCapture (Model Monitor analyzes them)',
    );
  });

  test('rejects a schedule expression that is not a six-field cron', () => {
    expect(rejection({ scheduleExpression: 'rate(1 hour)' })).toContain(
      ' - scheduleExpression "rate(1 hour)" must be a six-field cron(...) expression',
    );
  });

  test('rejects a schedule name over 63 characters', () => {
    expect(rejection({ monitoringScheduleName: 'm'.repeat(64) })).toContain(
      ` - monitoringScheduleName "${'m'.repeat(64)}" must be 1–63 letters, digits and hyphens; pass a shorter monitoringScheduleName`,
    );
  });

  test('takes a longer runtime and a bigger instance', () => {
    const { template } = monitorStack({ maxRuntime: Duration.hours(2), instanceType: 'ml.m5.xlarge' });
    template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      StoppingCondition: { MaxRuntimeInSeconds: 7200 },
      JobResources: { ClusterConfig: Match.objectLike({ InstanceType: 'ml.m5.xlarge' }) },
    });
  });
});
