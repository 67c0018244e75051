import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as path from 'path';
import { CaptureCatalog } from '../../../lib/constructs/monitoring/capture-catalog';
import { DriftJob } from '../../../lib/constructs/monitoring/drift-job';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import { ModelArtifact } from '../../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../../lib/constructs/storage/model-bucket';
import { PROJECT_ROOT } from '../../helpers/app';
import { assetsInPlaceApp } from '../lambda/support';

function monitoringStack(layout: ConstructorParameters<typeof CaptureCatalog>[2]['layout']) {
  const stack = new Stack(assetsInPlaceApp(), 'Monitoring', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const captureBucket = new CaptureBucket(stack, 'CaptureBucket', {
    accessLogsBucket: new s3.Bucket(stack, 'Logs'),
  });
  const catalog = new CaptureCatalog(stack, 'Catalog', {
    captureBucket,
    modelName: 'iris',
    layout,
    databaseName: 'mldeploy_iris_prod',
    workgroupName: 'mldeploy-iris-prod-monitoring',
    bytesScannedCutoffPerQuery: 100_000_000,
  });
  const baseline = new ModelArtifact(stack, 'Baseline', {
    modelName: 'iris',
    modelBucket: new ModelBucket(stack, 'Models'),
    localPath: path.join(PROJECT_ROOT, 'models/iris/drift-baseline.json'),
  });
  new DriftJob(stack, 'Drift', {
    catalog,
    captureBucket,
    modelName: 'iris',
    environment: 'prod',
    baseline,
    features: ['sepal_length', 'petal_length'],
    window: 'hour',
    task: 'classifier',
    minRecords: 100,
    maxPsi: 0.25,
    minAccuracy: 0.9,
    alarmNamePrefix: 'mldeploy-iris-prod',
    alarmActions: [],
  });
  return Template.fromStack(stack);
}

const lambdaTemplate = monitoringStack({ format: 'lambda' });

test('the capture table projects hourly partitions over the Lambda capture prefix, no crawler', () => {
  lambdaTemplate.hasResourceProperties('AWS::Glue::Table', {
    DatabaseName: 'mldeploy_iris_prod',
    TableInput: Match.objectLike({
      Name: 'capture',
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      Parameters: Match.objectLike({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy/MM/dd/HH',
        'projection.dt.interval.unit': 'HOURS',
        'storage.location.template': {
          'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/iris/lambda/${dt}/']],
        },
      }),
      StorageDescriptor: Match.objectLike({
        SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        Columns: Match.arrayWith([{ Name: 'features', Type: 'array<double>' }]),
      }),
    }),
  });
  expect(lambdaTemplate.findResources('AWS::Glue::Crawler')).toEqual({});
});

test('the ground-truth table projects the same hourly partitions over <model>/ground-truth/', () => {
  lambdaTemplate.hasResourceProperties('AWS::Glue::Table', {
    TableInput: Match.objectLike({
      Name: 'ground_truth',
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      Parameters: Match.objectLike({
        'projection.enabled': 'true',
        'projection.dt.format': 'yyyy/MM/dd/HH',
        'projection.dt.interval.unit': 'HOURS',
        'storage.location.template': {
          'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/iris/ground-truth/${dt}/']],
        },
      }),
    }),
  });
});

test('the SageMaker capture table reads <model>/<endpoint>/<variant>/yyyy/mm/dd/hh', () => {
  monitoringStack({
    format: 'sagemaker',
    endpointName: 'mldeploy-iris-prod',
    variantName: 'AllTraffic',
  }).hasResourceProperties('AWS::Glue::Table', {
    TableInput: Match.objectLike({
      Name: 'capture',
      Parameters: Match.objectLike({
        'storage.location.template': {
          'Fn::Join': [
            '',
            ['s3://', { Ref: Match.anyValue() }, '/iris/mldeploy-iris-prod/AllTraffic/${dt}/'],
          ],
        },
      }),
    }),
  });
});

test('the workgroup enforces encrypted results under the model prefix and a scan cutoff', () => {
  lambdaTemplate.hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: 'mldeploy-iris-prod-monitoring',
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: 100_000_000,
      PublishCloudWatchMetricsEnabled: true,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/iris/athena-results/']] },
        EncryptionConfiguration: {
          EncryptionOption: 'SSE_KMS',
          KmsKey: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        },
      },
    },
  });
});

test('EventBridge Scheduler runs the job at a quarter past every hour through its own role', () => {
  lambdaTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'cron(15 * * * ? *)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: Match.objectLike({
      Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DriftFunction'), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DriftSchedulerRole'), 'Arn'] },
    }),
  });
  lambdaTemplate.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DriftFunction'), 'Arn'] },
        },
      ],
    },
    Roles: [{ Ref: Match.stringLikeRegexp('^DriftSchedulerRole') }],
  });
});

test('a warning alarm per feature and the prediction on PSI, and one on accuracy', () => {
  for (const feature of ['sepal_length', 'petal_length', 'prediction']) {
    lambdaTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `mldeploy-iris-prod-drift-${feature}`,
      Namespace: 'MlDeploy/Monitoring',
      MetricName: 'FeaturePSI',
      Dimensions: Match.arrayWith([{ Name: 'Feature', Value: feature }]),
      Threshold: 0.25,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Period: 3600,
    });
  }
  lambdaTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'mldeploy-iris-prod-accuracy',
    MetricName: 'Accuracy',
    Threshold: 0.9,
    ComparisonOperator: 'LessThanThreshold',
  });
});

test('the job queries in its workgroup and reads only its own tables', () => {
  const statements = Object.values(lambdaTemplate.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref.startsWith('DriftRole')))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  const athena = statements.find((s: any) => [s.Action].flat().includes('athena:StartQueryExecution'));
  expect(JSON.stringify(athena.Resource)).toContain('workgroup/mldeploy-iris-prod-monitoring');
  const glue = statements.find((s: any) => [s.Action].flat().includes('glue:GetTable'));
  expect(JSON.stringify(glue.Resource)).toContain('table/mldeploy_iris_prod/*');
  const actions = statements.flatMap((s: any) => [s.Action].flat());
  expect(actions).not.toContain('s3:DeleteObject');
  expect(actions).not.toContain('glue:CreateTable');
});

test('the job is told the format of the captured records and where its tables and baseline are', () => {
  const env = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function'))
      .map((f: any) => f.Properties.Environment?.Variables)
      .find((v: any) => v?.CAPTURE_FORMAT);
  expect(env(lambdaTemplate)).toMatchObject({
    CAPTURE_FORMAT: 'lambda',
    CAPTURE_TABLE: '"mldeploy_iris_prod"."capture"',
    GROUND_TRUTH_TABLE: '"mldeploy_iris_prod"."ground_truth"',
    ATHENA_WORKGROUP: 'mldeploy-iris-prod-monitoring',
    WINDOW_HOURS: '1',
    MIN_RECORDS: '100',
    MODEL_TASK: 'classifier',
  });
  const sagemaker = monitoringStack({ format: 'sagemaker', endpointName: 'e', variantName: 'AllTraffic' });
  expect(env(sagemaker)).toMatchObject({ CAPTURE_FORMAT: 'sagemaker' });
});
