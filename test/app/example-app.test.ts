import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { ModelStack } from '../../lib/app/model-stack';
import { loadDeploymentConfig } from '../../lib/config';
import { LambdaInference } from '../../lib/constructs/lambda/inference';
import { DataQualityMonitor, SageMakerEndpoint } from '../../lib/constructs/sagemaker';
import { DriftJob } from '../../lib/constructs/monitoring/drift-job';
import { newApp, PROJECT_ROOT } from '../helpers/app';
import { annotationsOf } from '../helpers/annotations';
import { dashboardWidgets, graph, metricRows } from '../helpers/dashboard';

// Synthesized once for the whole file: every environment of the example config, with the
// AwsSolutions checks over every stage. Under jest, synth throws if any finding is unacknowledged.
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'config/deployments.yaml'), {
  baseDir: PROJECT_ROOT,
});
const app = newApp({ validateTemplates: true });
const stages = addDeploymentStages(app, config);
const assembly = app.synth();
const stage = (name: string) => stages.find((s) => s.stageName === name)!;
const templateOf = (stack: Stack) => Template.fromStack(stack);

test('synthesizes one stage per environment with a platform stack, a stack per model and a dashboard stack', () => {
  const stacks = stages.flatMap((s) => [s.platform, ...s.models, s.dashboard]).map((s) => s.node.path);
  expect(stacks).toEqual([
    'dev/platform',
    'dev/iris-sagemaker',
    'dev/iris-lambda',
    'dev/dashboard',
    'staging/platform',
    'staging/iris-sagemaker',
    'staging/iris-lambda',
    'staging/dashboard',
    'prod/platform',
    'prod/iris-sagemaker',
    'prod/iris-lambda',
    'prod/dashboard',
  ]);
  expect(assembly.nestedAssemblies.map((a) => a.nestedAssembly.stacks.length)).toEqual([4, 4, 4]);
});

test('names stacks <project>-<environment>-<stack>', () => {
  expect(stage('prod').models.map((s) => s.stackName)).toEqual([
    'mldeploy-prod-iris-sagemaker',
    'mldeploy-prod-iris-lambda',
  ]);
  expect(stage('prod').platform.stackName).toBe('mldeploy-prod-platform');
  expect(stage('prod').dashboard.stackName).toBe('mldeploy-prod-dashboard');
});

test('model stacks deploy after the platform stack they read from', () => {
  for (const s of stages) {
    for (const modelStack of s.models) expect(modelStack.dependencies).toContain(s.platform);
  }
});

test('stages without account and region in the config are environment-agnostic', () => {
  expect(stage('prod').platform.environment).toBe('aws://unknown-account/unknown-region');
});

test('tags every resource with project and environment, and model stacks with the model', () => {
  const bucket = Object.values(templateOf(stage('prod').platform).findResources('AWS::S3::Bucket'))[0];
  expect(bucket.Properties.Tags).toEqual(
    expect.arrayContaining([
      { Key: 'project', Value: 'mldeploy' },
      { Key: 'environment', Value: 'prod' },
      { Key: 'owner', Value: 'ml-platform' },
      { Key: 'cost-center', Value: 'ml-prod' },
    ]),
  );
  templateOf(stage('prod').models[1]).hasResourceProperties('AWS::IAM::Role', {
    Tags: Match.arrayWith([{ Key: 'model', Value: 'iris-lambda' }]),
  });
});

test('the dev bucket is destroyed with its stack, the prod bucket is retained', () => {
  templateOf(stage('dev').platform).hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Delete',
    Properties: { VersioningConfiguration: { Status: 'Enabled' } },
  });
  templateOf(stage('prod').platform).hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Retain',
    Properties: { VersioningConfiguration: { Status: 'Enabled' } },
  });
});

test('subscribes the environment’s on-call addresses to its alarm topic', () => {
  const template = templateOf(stage('prod').platform);
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'ml-oncall@example.com',
  });
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'https',
    Endpoint: 'https://events.example.com/integrations/ml-oncall',
  });
  templateOf(stage('dev').platform).resourceCountIs('AWS::SNS::Subscription', 0);
});

test('each model stack publishes its artifact and holds a role for its host', () => {
  const sagemaker = templateOf(stage('staging').models[0]);
  sagemaker.resourceCountIs('Custom::CDKBucketDeployment', 1);
  sagemaker.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } },
      ],
    },
  });
  const lambda = templateOf(stage('staging').models[1]);
  lambda.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
    },
  });
  lambda.hasOutput('ArtifactSha256', { Value: Match.stringLikeRegexp('^[a-f0-9]{64}$') });
});

test('stacks of several environments share one staged copy of each artifact', () => {
  const sourceHashes = stages.map((s) => s.models[1].artifact!.sha256);
  expect(new Set(sourceHashes).size).toBe(1);
});

test('the AwsSolutions checks fail synthesis on an unacknowledged finding', () => {
  const failing = newApp();
  const probe = new EnvironmentStage(failing, 'probe', { project: 'p', environment: config.environments[0] });
  new s3.Bucket(probe.platform, 'Unencrypted', { enforceSSL: false });
  addDeploymentStagesChecksOnly(failing);
  expect(() => failing.synth()).toThrow(/AwsSolutions-S1/);
});

test('the Control Tower proactive controls fail synthesis on an unacknowledged finding', () => {
  const failing = newApp();
  const probe = new EnvironmentStage(failing, 'probe', { project: 'p', environment: config.environments[0] });
  const topic = new sns.Topic(probe.platform, 'Probe');
  new cloudwatch.Alarm(probe.platform, 'Silent', {
    metric: topic.metricNumberOfMessagesPublished(),
    threshold: 1,
    evaluationPeriods: 1,
  });
  addDeploymentStagesChecksOnly(failing);
  expect(() => failing.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.1/);
});

describe('the AWS Control Tower proactive controls', () => {
  const guardReport = () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
    );
    return report.pluginReports.find(
      (r: { pluginName: string }) => r.pluginName === 'cdk-validator-cfnguard',
    );
  };
  /** `<rule> <construct path>` of every acknowledged finding, with the environment left out. */
  const acknowledged = () =>
    [
      ...new Set<string>(
        guardReport().suppressedViolations.flatMap(
          (v: { ruleName: string; violatingConstructs: { constructPath: string }[] }) =>
            v.violatingConstructs.map(
              (c) => `${v.ruleName} ${c.constructPath.replace(/^(dev|staging|prod)\//, '')}`,
            ),
        ),
      ),
    ].sort();

  test('pass over every environment with no finding left unacknowledged', () => {
    const report = guardReport();
    expect(report.conclusion).toBe('success');
    expect(report.violations).toEqual([]);
  });

  test('every acknowledged finding carries its reason', () => {
    for (const violation of guardReport().suppressedViolations) {
      expect(violation.reason.length).toBeGreaterThan(40);
    }
  });

  test('acknowledge exactly these resources, and fix everything else', () => {
    const deployment = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C1024MiB512MiB/Resource';
    expect(acknowledged()).toEqual(
      [
        // Page through the model's health alarm, or drive rollbacks.
        'athena_workgroup_results_encrypted_at_rest_kms_check iris-lambda/CaptureCatalog/WorkGroup',
        'athena_workgroup_results_encrypted_at_rest_kms_check iris-sagemaker/CaptureCatalog/WorkGroup',
        'cloudwatch_alarm_action_check iris-lambda/Alarms/ThrottleRate/Resource',
        'cloudwatch_alarm_action_check iris-lambda/Inference/RollbackAlarms/ErrorRate/Resource',
        'cloudwatch_alarm_action_check iris-lambda/Inference/RollbackAlarms/InternalErrors/Resource',
        'cloudwatch_alarm_action_check iris-lambda/Inference/RollbackAlarms/P99Duration/Resource',
        'cloudwatch_alarm_action_check iris-sagemaker/Alarms/NoInvocations/Resource',
        'cloudwatch_alarm_action_check iris-sagemaker/Endpoint/RollbackAlarms/ErrorRate/Resource',
        'cloudwatch_alarm_action_check iris-sagemaker/Endpoint/RollbackAlarms/Latency/Resource',
        // Retention chosen in the config (dev, staging) or deploy-time logs only.
        'cloudwatch_log_group_retention_period_check iris-lambda/Inference/Logs/Resource',
        'cloudwatch_log_group_retention_period_check iris-lambda/Inference/PreTrafficHook/Logs/Resource',
        'cloudwatch_log_group_retention_period_check iris-sagemaker/EndpointScalingGuardFunctionLogs/Resource',
        // No lambda.vpc in the example; deploy-time functions.
        `lambda_inside_vpc_check iris-lambda/${deployment}`,
        'lambda_inside_vpc_check iris-lambda/DriftJob/Function/Resource',
        'lambda_inside_vpc_check iris-lambda/Inference/Function/Resource',
        'lambda_inside_vpc_check iris-lambda/Inference/PreTrafficHook/Function/Resource',
        `lambda_inside_vpc_check iris-sagemaker/${deployment}`,
        'lambda_inside_vpc_check iris-sagemaker/DriftJob/Function/Resource',
        'lambda_inside_vpc_check iris-sagemaker/EndpointScalingGuardFunction/Resource',
        'lambda_inside_vpc_check platform/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler',
        // What S3 server access logging requires of its log bucket.
        's3_bucket_default_encryption_kms_check platform/ModelBucket/AccessLogs/Resource',
        's3_bucket_logging_enabled_check platform/ModelBucket/AccessLogs/Resource',
        's3_bucket_object_lock_enabled_check platform/ModelBucket/AccessLogs/Resource',
        's3_event_notifications_enabled_check platform/ModelBucket/AccessLogs/Resource',
        // Captured data must expire and be erasable; nothing consumes bucket events.
        's3_bucket_object_lock_enabled_check platform/CaptureBucket/Bucket/Resource',
        's3_event_notifications_enabled_check platform/CaptureBucket/Bucket/Resource',
        's3_event_notifications_enabled_check platform/ModelBucket/Bucket/Resource',
      ].sort(),
    );
  });

  test('every log group of a model stack is encrypted with the stack’s log key', () => {
    for (const modelStack of stages.flatMap((s) => s.models)) {
      const template = templateOf(modelStack);
      const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
      const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(logGroups.length).toBeGreaterThan(0);
      for (const logGroup of logGroups) {
        expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      }
    }
  });

  test('the log key lets only CloudWatch Logs of the stack’s region use it, for log groups of its account and region', () => {
    templateOf(stage('prod').models[1]).hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowCloudWatchLogsOfThisAccount',
              Effect: 'Allow',
              Principal: {
                Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
              },
              Action: [
                'kms:Decrypt*',
                'kms:Describe*',
                'kms:Encrypt*',
                'kms:GenerateDataKey*',
                'kms:ReEncrypt*',
              ],
              Resource: '*',
              Condition: {
                ArnLike: {
                  'kms:EncryptionContext:aws:logs:arn': {
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        { Ref: 'AWS::Partition' },
                        ':logs:',
                        { Ref: 'AWS::Region' },
                        ':',
                        { Ref: 'AWS::AccountId' },
                        ':log-group:*',
                      ],
                    ],
                  },
                },
              },
            },
          ]),
        },
      },
    });
  });

  test('every key of every stack lets only AWS services create grants', () => {
    const deny = {
      Sid: 'DenyGrantsExceptForAwsServices',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    };
    let keys = 0;
    for (const stack of stages.flatMap((s) => [s.platform, ...s.models])) {
      for (const key of Object.values(templateOf(stack).findResources('AWS::KMS::Key'))) {
        expect(key.Properties.KeyPolicy.Statement).toContainEqual(deny);
        keys++;
      }
    }
    expect(keys).toBe(3 * (4 + 2));
  });

  test('the model bucket locks each artifact version: GOVERNANCE for a day in dev, 30 days in staging, COMPLIANCE for a year in prod', () => {
    const lockOf = (environment: string) => {
      const buckets = templateOf(stage(environment).platform).findResources('AWS::S3::Bucket', {
        Properties: { ObjectLockEnabled: true },
      });
      expect(Object.keys(buckets)).toHaveLength(1);
      return Object.values(buckets)[0].Properties.ObjectLockConfiguration.Rule.DefaultRetention;
    };
    expect(lockOf('dev')).toEqual({ Mode: 'GOVERNANCE', Days: 1 });
    expect(lockOf('staging')).toEqual({ Mode: 'GOVERNANCE', Days: 30 });
    expect(lockOf('prod')).toEqual({ Mode: 'COMPLIANCE', Days: 365 });
  });
});

/** Adds the same checks the deployment app adds, to an app built by hand. */
function addDeploymentStagesChecksOnly(target: ReturnType<typeof newApp>) {
  addDeploymentStages(target, { ...config, environments: [] });
}

describe('the Lambda-served model', () => {
  const lambdaStack = (environment: string) =>
    stage(environment).models.find((m) => m.node.id === 'iris-lambda')!;
  const prod = () => templateOf(lambdaStack('prod'));
  const versionOf = (environment: string) => lambdaStack(environment).artifact!.sha256!.slice(0, 12);

  test('serves the Iris model on arm64 with the prod settings of the config', () => {
    prod().hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 10,
      ReservedConcurrentExecutions: 50,
      Environment: {
        Variables: Match.objectLike({ MODEL_NAME: 'iris-lambda', MODEL_VERSION: versionOf('prod') }),
      },
    });
    prod().hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  // New accounts get reduced Lambda concurrency quotas (as low as 10; AWS "Lambda quotas") and Lambda keeps 100
  // executions unreserved (AWS "Configuring reserved concurrency"): dev and staging must need none of it.
  test.each(['dev', 'staging'])(
    'in %s needs no reserved or provisioned concurrency, so a new account deploys it',
    (environment) => {
      const template = templateOf(lambdaStack(environment));
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        ReservedConcurrentExecutions: Match.absent(),
      });
      template.hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: Match.absent() });
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
      const warnings = annotationsOf(lambdaStack(environment)).findWarning(
        '*',
        Match.stringLikeRegexp('Lambda concurrency quota'),
      );
      expect(warnings).toEqual([]);
    },
  );

  test('in prod warns that the account needs a concurrency quota of 150', () => {
    annotationsOf(lambdaStack('prod')).hasWarning(
      '/prod/iris-lambda',
      Match.stringLikeRegexp('quota of at least 150 executions'),
    );
  });

  test('runs as the model stack’s execution role', () => {
    const stack = lambdaStack('prod');
    prod().hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Role: {
        'Fn::GetAtt': [stack.getLogicalId(stack.executionRole.node.defaultChild as CfnElement), 'Arn'],
      },
    });
  });

  test('rolls out all at once in dev, linearly in staging and as a 10 % canary for 5 minutes in prod', () => {
    templateOf(lambdaStack('dev')).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
    });
    templateOf(lambdaStack('staging')).hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      TrafficRoutingConfig: {
        Type: 'TimeBasedLinear',
        TimeBasedLinear: { LinearInterval: 2, LinearPercentage: 50 },
      },
    });
    prod().hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
      AlarmConfiguration: {
        Enabled: true,
        Alarms: [{ Name: Match.anyValue() }, { Name: Match.anyValue() }, { Name: Match.anyValue() }],
      },
    });
  });

  test('rolls back in prod on errors, a p99 over 1 s or any handler fault', () => {
    const group = prod().findResources('AWS::CodeDeploy::DeploymentGroup');
    const watched = Object.values(group)[0].Properties.AlarmConfiguration.Alarms;
    expect(watched).toHaveLength(3);
    prod().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: 1000,
    });
    prod().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MlDeploy/Inference/prod',
      MetricName: 'InternalErrors',
      Dimensions: [{ Name: 'service', Value: 'iris-lambda' }],
    });
  });

  test('checks every new version with the sample request before traffic moves, in every environment', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      templateOf(lambdaStack(environment)).hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            SAMPLE_REQUEST: Match.stringLikeRegexp('"name":"input"'),
            EXPECTED_MODEL_NAME: 'iris-lambda',
            EXPECTED_MODEL_VERSION: versionOf(environment),
          }),
        },
      });
      templateOf(lambdaStack(environment)).hasResource('AWS::Lambda::Alias', {
        UpdatePolicy: {
          CodeDeployLambdaAliasUpdate: Match.objectLike({ BeforeAllowTrafficHook: Match.anyValue() }),
        },
      });
    }
  });

  test('autoscales provisioned concurrency in prod from 2 to 10, on weekday schedules in Paris time', () => {
    prod().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      MinCapacity: 2,
      MaxCapacity: 10,
      ScheduledActions: [
        Match.objectLike({
          ScheduledActionName: 'ScheduleBusinessHours',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 20 },
        }),
        Match.objectLike({
          ScheduledActionName: 'ScheduleEvening',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 10 },
        }),
      ],
    });
    prod().hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
        TargetValue: 0.7,
      },
    });
    templateOf(lambdaStack('dev')).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('offers an IAM-signed Function URL in prod only', () => {
    prod().hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', Qualifier: 'live' });
    prod().hasOutput('FunctionUrl', Match.anyValue());
    templateOf(lambdaStack('staging')).resourceCountIs('AWS::Lambda::Url', 0);
  });

  test('every environment deploys the same arm64 code asset, holding only the arm64 ONNX Runtime', () => {
    const codeOf = (environment: string) =>
      Object.values(templateOf(lambdaStack(environment)).findResources('AWS::Lambda::Function')).find(
        (fn) => fn.Properties.Handler === 'index.handler' && fn.Properties.Environment?.Variables?.MODEL_NAME,
      )!.Properties.Code.S3Key as string;
    const keys = new Set(['dev', 'staging', 'prod'].map(codeOf));
    expect(keys.size).toBe(1);
    const staged = path.join(assembly.directory, `asset.${[...keys][0].replace(/\.zip$/, '')}`);
    const bin = path.join(staged, 'node_modules/onnxruntime-node/bin/napi-v6');
    expect(fs.readdirSync(bin)).toEqual(['linux']);
    expect(fs.readdirSync(path.join(bin, 'linux'))).toEqual(['arm64']);
  });
});

describe('the environment dashboard', () => {
  const prod = () => stage('prod');
  const widgets = () => dashboardWidgets(prod().dashboard);
  const [sagemakerStack, lambdaStack] = [0, 1].map((i) => () => prod().models[i]);
  const endpoint = () =>
    sagemakerStack().node.children.find((c): c is SageMakerEndpoint => c instanceof SageMakerEndpoint)!;
  const inference = () =>
    lambdaStack().node.children.find((c): c is LambdaInference => c instanceof LambdaInference)!;
  const sagemakerDimensions = { EndpointName: 'mldeploy-iris-sagemaker-prod', VariantName: 'AllTraffic' };

  /** The logical ids of the alarms an alarm status widget lists, read back through the model stack's outputs. */
  const alarmLogicalIds = (title: string, modelStack: Stack) => {
    const outputs = templateOf(modelStack).toJSON().Outputs as Record<string, { Value: unknown }>;
    return graph(widgets(), title).properties.alarms!.map((entry) => {
      const match = /^<\{'Fn::GetStackOutput':\{'StackName':'([^']+)'.*'OutputName':'([^']+)'\}\}>$/.exec(
        entry,
      );
      expect(match?.[1]).toBe(modelStack.stackName);
      return (outputs[match![2]].Value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    });
  };

  test('is its own stack per environment, named <project>-<env>-models and deployed after every model stack', () => {
    for (const s of stages) {
      expect(s.dashboard.dependencies).toEqual(expect.arrayContaining([...s.models]));
      expect(s.platform.dependencies).not.toContain(s.dashboard);
      templateOf(s.dashboard).hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: `mldeploy-${s.stageName}-models`,
      });
    }
  });

  test('opens with the environment header and gives each model a titled row', () => {
    const titles = widgets()
      .filter((w) => w.type === 'text')
      .map((w) => w.properties.markdown!.split('\n')[0]);
    expect(titles.slice(0, 3)).toEqual([
      '# mldeploy models: prod',
      '## iris-sagemaker (sagemaker)',
      '## iris-lambda (lambda)',
    ]);
    const graphTitles = widgets().map((w) => w.properties.title);
    for (const model of ['iris-sagemaker', 'iris-lambda']) {
      const parts = ['traffic', 'errors', 'latency (ms)', 'capacity', 'utilization (%)', 'alarms'];
      expect(graphTitles).toEqual(expect.arrayContaining(parts.map((part) => `${model}: ${part}`)));
    }
  });

  test('charts SageMaker invocations and 4XX/5XX errors per minute for the variant', () => {
    expect(metricRows(graph(widgets(), 'iris-sagemaker: traffic'))).toEqual([
      expect.objectContaining({
        namespace: 'AWS/SageMaker',
        metricName: 'Invocations',
        dimensions: sagemakerDimensions,
        stat: 'Sum',
        period: 60,
      }),
    ]);
    expect(metricRows(graph(widgets(), 'iris-sagemaker: errors'))).toEqual([
      expect.objectContaining({
        metricName: 'Invocation4XXErrors',
        dimensions: sagemakerDimensions,
        stat: 'Sum',
      }),
      expect.objectContaining({
        metricName: 'Invocation5XXErrors',
        dimensions: sagemakerDimensions,
        stat: 'Sum',
      }),
    ]);
  });

  test('converts SageMaker ModelLatency from microseconds to milliseconds for p50, p90 and p99', () => {
    const rows = metricRows(graph(widgets(), 'iris-sagemaker: latency (ms)'));
    for (const p of ['p50', 'p90', 'p99']) {
      expect(rows).toContainEqual(
        expect.objectContaining({ expression: `latency${p} / 1000`, label: `ModelLatency ${p} (ms)` }),
      );
      expect(rows).toContainEqual(
        expect.objectContaining({
          namespace: 'AWS/SageMaker',
          metricName: 'ModelLatency',
          dimensions: sagemakerDimensions,
          stat: p,
          id: `latency${p}`,
          visible: false,
        }),
      );
    }
  });

  test('draws the SageMaker instance count against the scaling range, schedules included', () => {
    const capacity = graph(widgets(), 'iris-sagemaker: capacity');
    expect(metricRows(capacity)).toEqual([
      expect.objectContaining({
        namespace: '/aws/sagemaker/Endpoints',
        metricName: 'CPUUtilization',
        dimensions: sagemakerDimensions,
        stat: 'SampleCount',
      }),
    ]);
    expect(capacity.properties.annotations!.horizontal!.map((a) => a.value)).toEqual([2, 6]);
  });

  test('normalises SageMaker CPU by the 4 vCPUs of ml.c5.xlarge and says so in the label', () => {
    // Average, the statistic of the instance metrics, is the graph default and left out of the body.
    const rows = metricRows(graph(widgets(), 'iris-sagemaker: utilization (%)'));
    expect(rows.every((r) => r.stat === undefined)).toBe(true);
    expect(rows).toContainEqual(
      expect.objectContaining({ expression: 'cpu / 4', label: 'CPUUtilization (% of 4 vCPUs, normalised)' }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        namespace: '/aws/sagemaker/Endpoints',
        metricName: 'MemoryUtilization',
        dimensions: sagemakerDimensions,
      }),
    );
  });

  test('charts Lambda errors, throttles and the handler’s InvalidRequests and InternalErrors', () => {
    const rows = metricRows(graph(widgets(), 'iris-lambda: errors'));
    expect(rows.map((r) => [r.namespace, r.metricName, r.stat])).toEqual([
      ['MlDeploy/Inference/prod', 'InvalidRequests', 'Sum'],
      ['MlDeploy/Inference/prod', 'InternalErrors', 'Sum'],
      ['AWS/Lambda', 'Errors', 'Sum'],
      ['AWS/Lambda', 'Throttles', 'Sum'],
    ]);
    expect(rows[0].dimensions).toEqual({ service: 'iris-lambda' });
    // Lambda metrics of the live alias, read from the model stack's outputs.
    expect(rows[2].dimensions.FunctionName).toMatch(
      /^<\{'Fn::GetStackOutput':\{'StackName':'mldeploy-prod-iris-lambda'/,
    );
    expect(rows[2].dimensions.Resource).toBe(`${rows[2].dimensions.FunctionName}:live`);
  });

  test('charts Lambda Duration percentiles as they come, in milliseconds', () => {
    const rows = metricRows(graph(widgets(), 'iris-lambda: latency (ms)'));
    expect(rows.map((r) => [r.namespace, r.metricName, r.stat])).toEqual([
      ['AWS/Lambda', 'Duration', 'p50'],
      ['AWS/Lambda', 'Duration', 'p90'],
      ['AWS/Lambda', 'Duration', 'p99'],
    ]);
  });

  test('draws Lambda concurrency against reserved concurrency and the provisioned range', () => {
    const capacity = graph(widgets(), 'iris-lambda: capacity');
    expect(metricRows(capacity).map((r) => [r.metricName, r.stat])).toEqual([
      ['ConcurrentExecutions', 'Maximum'],
      ['ProvisionedConcurrentExecutions', 'Maximum'],
    ]);
    expect(capacity.properties.annotations!.horizontal!.map((a) => [a.label, a.value])).toEqual([
      ['reserved 50', 50],
      ['min provisioned 2', 2],
      ['max provisioned 20', 20],
    ]);
    expect(metricRows(graph(widgets(), 'iris-lambda: utilization (%)'))).toContainEqual(
      expect.objectContaining({ expression: 'provisionedUtilization * 100' }),
    );
  });

  test('shows the state of each model’s health alarm first, then its rollback alarms and the rest of its pack', () => {
    const logicalIds = (modelStack: Stack, alarms: readonly { node: { defaultChild?: unknown } }[]) =>
      alarms.map((a) => modelStack.getLogicalId(a.node.defaultChild as CfnElement));
    const shown = (modelStack: ModelStack) => [
      modelStack.healthAlarm.alarm,
      ...modelStack.alarmPack.alarms.map((member) => member.alarm),
      ...modelStack.node.children.flatMap((child) =>
        child instanceof DataQualityMonitor ? child.driftAlarms : [],
      ),
      ...modelStack.node.children.flatMap((child) => (child instanceof DriftJob ? child.alarms : [])),
    ];
    const sagemakerShown = logicalIds(sagemakerStack(), shown(sagemakerStack()));
    expect(alarmLogicalIds('iris-sagemaker: alarms', sagemakerStack())).toEqual(sagemakerShown);
    // The example enables Model Monitor nowhere (closed to new customers), so there are no drift alarms to list.
    expect(sagemakerStack().node.children.some((c) => c instanceof DataQualityMonitor)).toBe(false);
    expect(sagemakerShown.slice(1, 3)).toEqual(
      logicalIds(sagemakerStack(), endpoint().rollbackAlarms!.alarms),
    );
    // Prod monitors both models with the drift job: a PSI alarm per Iris feature and the prediction, and accuracy.
    const driftJob = sagemakerStack().node.children.find((c): c is DriftJob => c instanceof DriftJob)!;
    expect(driftJob.alarms.map((a) => (a.node.defaultChild as cloudwatch.CfnAlarm).alarmName)).toEqual([
      ...['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'prediction'].map(
        (feature) => `mldeploy-iris-sagemaker-prod-drift-${feature}`,
      ),
      'mldeploy-iris-sagemaker-prod-accuracy',
    ]);
    const lambdaShown = logicalIds(lambdaStack(), shown(lambdaStack()));
    expect(alarmLogicalIds('iris-lambda: alarms', lambdaStack())).toEqual(lambdaShown);
    expect(lambdaShown.slice(1, 4)).toEqual(logicalIds(lambdaStack(), inference().rollbackAlarms.alarms));
  });

  test('a model without provisioned or reserved concurrency has no utilization graph, said in words', () => {
    const dev = dashboardWidgets(stage('dev').dashboard);
    expect(dev.some((w) => w.properties.title === 'iris-lambda: utilization (%)')).toBe(false);
    expect(dev.map((w) => w.properties.markdown)).toContain('No utilization metrics for iris-lambda.');
  });
});
