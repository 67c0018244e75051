import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseDocument } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { DataQualityMonitor } from '../../lib/constructs/sagemaker';
import { DriftJob } from '../../lib/constructs/monitoring/drift-job';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';
import { annotationsOf } from '../helpers/annotations';
import { dashboardWidgets, graph } from '../helpers/dashboard';

// The SageMaker model of the example config in dev and prod, and prod again with a bigger
// instance type: the change a team makes when the model outgrows its instances.
const EXAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, 'config/deployments.yaml'), 'utf8');

function sagemakerStage(yaml: string, environment: string): EnvironmentStage {
  // The SageMaker model alone: the Lambda model's stack would double each synth and is not looked at here.
  const document = parseDocument(yaml);
  document.deleteIn(['models', 'iris-lambda']);
  const config = parseDeploymentConfig(document.toString(), 'deployments.yaml', {
    baseDir: PROJECT_ROOT,
    environments: [environment],
  });
  const app = newApp();
  const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
  app.synth();
  return stage;
}

function sagemakerStack(yaml: string, environment: string): Stack {
  return sagemakerStage(yaml, environment).models.find((stack) => stack.node.id === 'iris-sagemaker')!;
}

function sagemakerTemplate(yaml: string, environment: string): Template {
  return Template.fromStack(sagemakerStack(yaml, environment));
}

const prodStack = sagemakerStack(EXAMPLE, 'prod');
const prod = Template.fromStack(prodStack);
// The example with Model Monitor turned on, as an account that already uses Model Monitor would.
const CAPTURE = '            samplingPercent: 20\n';
const monitoredStage = sagemakerStage(
  EXAMPLE.replace(
    CAPTURE,
    `${CAPTURE}          monitoring:\n            enabled: true\n            baselinePath: models/iris/baseline\n`,
  ),
  'prod',
);
const monitoredStack = monitoredStage.models.find((stack) => stack.node.id === 'iris-sagemaker')!;
const monitored = Template.fromStack(monitoredStack);
// Prod scaled on CPU alone: the built-in invocations policy turned off in the YAML.
const cpuOnly = sagemakerTemplate(
  EXAMPLE.replace(
    'targetInvocationsPerInstance: 750',
    'targetInvocationsPerInstance: false\n          targetCpuUtilizationPercent: 60',
  ),
  'prod',
);
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
    prod.hasResourceProperties('Custom::EndpointScalingPolicies', {
      Policies: [
        Match.objectLike({
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 750 }),
        }),
      ],
    });
  });

  test('scales on CPU alone when the config turns the invocations policy off', () => {
    const policies = Object.values(cpuOnly.findResources('Custom::EndpointScalingPolicies')).flatMap(
      (resource) => resource.Properties.Policies as { PolicyName: string }[],
    );
    expect(policies.map((policy) => policy.PolicyName)).toEqual([
      'mldeploy-iris-sagemaker-prod-cpu-tracking',
    ]);
    expect(JSON.stringify(policies)).not.toContain('SageMakerVariantInvocationsPerInstance');
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
    expect(resized.findResources('Custom::EndpointScalingPolicies')).toEqual(
      prod.findResources('Custom::EndpointScalingPolicies'),
    );
  });
});

describe('the dev SageMaker model', () => {
  test('runs one ml.t2.medium, without autoscaling, rolled out all at once', () => {
    dev.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.t2.medium', InitialInstanceCount: 1 })],
    });
    dev.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    // The guards stay, so that a deploy that turns autoscaling off may also change the instance type.
    dev.resourceCountIs('Custom::EndpointScalingGuard', 2);
    for (const guard of Object.values(dev.findResources('Custom::EndpointScalingGuard'))) {
      expect(guard.Properties.Scaling).toBeUndefined();
    }
    dev.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: Match.objectLike({
        BlueGreenUpdatePolicy: Match.objectLike({
          TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 },
        }),
      }),
    });
  });
});

describe('model health', () => {
  // Drift alarms notify on their own (see 'data capture and drift monitoring').
  const rollbackAlarms = (template: Template) =>
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: Match.stringLikeRegexp('-rollback-') },
    });

  test('one composite alarm per model rolls up its rollback alarms and pages the critical topic', () => {
    const [health] = Object.values(prod.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(health.Properties.AlarmName).toBe('mldeploy-iris-sagemaker-prod-health');
    const rule = JSON.stringify(health.Properties.AlarmRule);
    expect(rule).toContain('ALARM(');
    for (const id of Object.keys(rollbackAlarms(prod))) expect(rule).toContain(id);
    expect(JSON.stringify(health.Properties.AlarmActions)).toContain('CriticalAlarmsTopic');
  });

  test('the symptoms themselves page no one: they roll deployments back', () => {
    for (const alarm of Object.values(rollbackAlarms(prod))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });
});

describe('data capture of the prod SageMaker model, and drift monitoring where the account has Model Monitor', () => {
  const joined = (value: unknown) => JSON.stringify(value);

  test('captures 20 % of requests and responses to its own prefix of the capture bucket, with the capture key', () => {
    const [, config] = resource(prod, 'AWS::SageMaker::EndpointConfig');
    const capture = config.Properties.DataCaptureConfig;
    expect(capture).toMatchObject({
      EnableCapture: true,
      InitialSamplingPercentage: 20,
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    });
    expect(joined(capture.DestinationS3Uri)).toMatch(/"s3:\/\/".*CaptureBucket.*"\/iris-sagemaker\/"/);
    expect(joined(capture.KmsKeyId)).toContain('CaptureBucketKey');
  });

  test('lets the execution role write only under iris-sagemaker/ of the capture bucket', () => {
    const [roleId] = Object.entries(prod.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('ExecutionRole'),
    )!;
    prod.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
            Resource: { 'Fn::Join': ['', [Match.anyValue(), '/iris-sagemaker/*']] },
          }),
        ]),
      },
    });
  });

  test('runs the Model Monitor analyzer hourly against the published baseline, with reports under the model prefix', () => {
    const [, job] = resource(monitored, 'AWS::SageMaker::DataQualityJobDefinition');
    expect(job.Properties.JobDefinitionName).toBeUndefined();
    expect(joined(job.Properties.DataQualityAppSpecification.ImageUri)).toContain(
      '/sagemaker-model-monitor-analyzer',
    );
    expect(joined(job.Properties.DataQualityBaselineConfig.StatisticsResource.S3Uri)).toMatch(
      /\/iris-sagemaker\/[a-f0-9]{64}\/statistics\.json/,
    );
    expect(joined(job.Properties.DataQualityAppSpecification.RecordPreprocessorSourceUri)).toMatch(
      /\/iris-sagemaker\/[a-f0-9]{64}\/preprocessor\.py/,
    );
    expect(job.Properties.DataQualityJobInput.EndpointInput).toEqual({
      EndpointName: 'mldeploy-iris-sagemaker-prod',
      LocalPath: '/opt/ml/processing/input',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
    });
    expect(joined(job.Properties.DataQualityJobOutputConfig.MonitoringOutputs)).toContain(
      '/iris-sagemaker/monitoring/reports',
    );
    monitored.hasResourceProperties('AWS::SageMaker::MonitoringSchedule', {
      MonitoringScheduleName: 'mldeploy-iris-sagemaker-prod-data-quality',
      EndpointName: 'mldeploy-iris-sagemaker-prod',
      MonitoringScheduleConfig: Match.objectLike({
        MonitoringType: 'DataQuality',
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      }),
    });
  });

  test('the schedule is created after the endpoint, and the job definition after its baseline is published', () => {
    const [endpointId] = resource(monitored, 'AWS::SageMaker::Endpoint');
    monitored.hasResource('AWS::SageMaker::MonitoringSchedule', { DependsOn: Match.arrayWith([endpointId]) });
    const [, job] = resource(monitored, 'AWS::SageMaker::DataQualityJobDefinition');
    expect(job.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^MonitoringBaselinePublishCustomResource/)]),
    );
  });

  test('alarms on the drift of each Iris feature, into the alarm topic', () => {
    for (const feature of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']) {
      monitored.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `mldeploy-iris-sagemaker-prod-drift-${feature}`,
        Namespace: 'aws/sagemaker/Endpoints/data-metrics',
        MetricName: `feature_baseline_drift_${feature}`,
        Dimensions: [
          { Name: 'Endpoint', Value: 'mldeploy-iris-sagemaker-prod' },
          { Name: 'MonitoringSchedule', Value: 'mldeploy-iris-sagemaker-prod-data-quality' },
        ],
        Statistic: 'Maximum',
        Threshold: 0.1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [Match.anyValue()],
      });
    }
  });

  test('the dashboard lists the drift alarms after the rest of the model’s alarms', () => {
    const outputs = monitored.toJSON().Outputs as Record<string, { Value: { 'Fn::GetAtt': [string] } }>;
    const listed = graph(
      dashboardWidgets(monitoredStage.dashboard),
      'iris-sagemaker: alarms',
    ).properties.alarms!.map(
      (entry) => outputs[/'OutputName':'([^']+)'/.exec(entry)![1]].Value['Fn::GetAtt'][0],
    );
    const monitor = monitoredStack.node.children.find(
      (c): c is DataQualityMonitor => c instanceof DataQualityMonitor,
    )!;
    const driftIds = monitor.driftAlarms.map((alarm) =>
      monitoredStack.getLogicalId(alarm.node.defaultChild as CfnElement),
    );
    expect(driftIds).toHaveLength(4);
    // Then the alarms of the drift job the example's prod runs: PSI per feature and the prediction, accuracy.
    const job = monitoredStack.node.children.find((c): c is DriftJob => c instanceof DriftJob)!;
    const jobIds = job.alarms.map((alarm) =>
      monitoredStack.getLogicalId(alarm.node.defaultChild as CfnElement),
    );
    expect(jobIds).toHaveLength(6);
    expect(listed.slice(-10)).toEqual([...driftIds, ...jobIds]);
  });

  test('the example does not monitor prod: Model Monitor is closed to new accounts', () => {
    prod.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 0);
    prod.resourceCountIs('AWS::SageMaker::DataQualityJobDefinition', 0);
    annotationsOf(prodStack).hasNoWarning(
      '*',
      Match.stringLikeRegexp('Model Monitor is no longer open to new customers'),
    );
  });

  test('a model that enables Model Monitor synthesizes with a warning that new accounts cannot create it', () => {
    annotationsOf(monitoredStack).hasWarning(
      `/${monitoredStack.node.path}`,
      Match.stringLikeRegexp(
        'sagemaker.monitoring is enabled: SageMaker Model Monitor is no longer open to new customers',
      ),
    );
  });

  test('dev neither captures nor monitors', () => {
    const [, config] = resource(dev, 'AWS::SageMaker::EndpointConfig');
    expect(config.Properties.DataCaptureConfig).toBeUndefined();
    dev.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 0);
    dev.resourceCountIs('AWS::SageMaker::DataQualityJobDefinition', 0);
  });
});
