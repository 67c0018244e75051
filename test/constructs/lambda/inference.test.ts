import { CfnElement, Duration, Fn, Size, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LambdaInference, LambdaInferenceProps } from '../../../lib/constructs/lambda/inference';
import { ConstructValidationError } from '../../../lib/constructs/errors/validation';
import { ModelArtifact } from '../../../lib/constructs/storage/model-artifact';
import { assetsInPlaceApp, constructionError, inferenceStack, s3Model, SAMPLE_REQUEST } from './support';

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
/** The published version's logical id, which carries a hash of the function's configuration. */
const versionId = (template: Template) => Object.keys(template.findResources('AWS::Lambda::Version'))[0];

describe('LambdaInference with defaults', () => {
  const { stack, artifact, inference, template } = inferenceStack();
  const functionId = () => logicalId(stack, inference.function);
  const aliasDimensions = () => [
    { Name: 'FunctionName', Value: { Ref: functionId() } },
    { Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: functionId() }, ':live']] } },
  ];

  test('runs the bundled handler on Node.js 24 for arm64 with 1 GiB, 30 s and 512 MiB of /tmp', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 30,
      EphemeralStorage: { Size: 512 },
    });
  });

  test('tells the handler which model to load, how to verify it and where to put its metrics', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          MODEL_NAME: 'iris',
          MODEL_VERSION: '1',
          MODEL_S3_URI: stack.resolve(artifact.s3Uri),
          MODEL_SHA256: artifact.sha256,
          MAX_BATCH_SIZE: '64',
          ORT_INTRA_OP_THREADS: '1',
          METRICS_NAMESPACE: 'MlDeploy/Inference',
          POWERTOOLS_SERVICE_NAME: 'iris',
          POWERTOOLS_METRICS_NAMESPACE: 'MlDeploy/Inference',
        },
      },
    });
  });

  test('logs to its own log group, kept a month', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logicalId(stack, inference.logGroup) } },
    });
    template().hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
  });

  test('publishes a version and points the live alias at it', () => {
    template().resourceCountIs('AWS::Lambda::Version', 1);
    template().hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: functionId() },
      FunctionVersion: { 'Fn::GetAtt': [versionId(template()), 'Version'] },
    });
  });

  test('keeps replaced versions, so live can be pointed back at the previous one by hand', () => {
    template().hasResource('AWS::Lambda::Version', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('runs as a role that may read its own artifact and write its own logs, nothing more', () => {
    const policy = template().findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(stack, inference.function.role as iam.Role) }] },
    });
    const statements = Object.values(policy)[0].Properties.PolicyDocument.Statement;
    expect(statements.map((s: { Action: unknown }) => s.Action)).toEqual([
      ['s3:GetObject', 's3:GetObjectVersion'],
      's3:ListBucket',
      'kms:Decrypt',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
    expect(statements[3].Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, inference.logGroup), 'Arn'] });
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('shifts the alias all at once, rolling back on a failed deployment or an alarm', () => {
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
      AlarmConfiguration: {
        Enabled: true,
        Alarms: inference.rollbackAlarms.alarms.map((alarm) => ({ Name: { Ref: logicalId(stack, alarm) } })),
      },
    });
    template().hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: Match.anyValue() },
          DeploymentGroupName: { Ref: logicalId(stack, inference.deploymentGroup) },
        },
      },
    });
  });

  test('rolls back when more than 1 % of invocations of the alias fail', () => {
    const metric = (id: string, name: string) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: 'AWS/Lambda', MetricName: name, Dimensions: aliasDimensions() },
        Period: 60,
        Stat: 'Sum',
      },
      ReturnData: false,
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [
        { Id: 'expr_1', Expression: '100 * errors / invocations', Label: 'Error rate (%)', ReturnData: true },
        metric('errors', 'Errors'),
        metric('invocations', 'Invocations'),
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('rolls back when the p99 duration of the alias exceeds 80 % of the timeout', () => {
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: aliasDimensions(),
      ExtendedStatistic: 'p99',
      Period: 60,
      Threshold: 24000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('rolls back when the handler answers any request with a 5xx', () => {
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MlDeploy/Inference',
      MetricName: 'InternalErrors',
      Dimensions: [{ Name: 'service', Value: 'iris' }],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('has no hook, no provisioned concurrency and no URL unless asked', () => {
    expect(inference.preTrafficHook).toBeUndefined();
    template().hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: Match.objectLike({ BeforeAllowTrafficHook: Match.absent() }),
      },
    });
    template().resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template().resourceCountIs('AWS::Lambda::Url', 0);
    template().hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: Match.absent() });
  });

  test('grantInvoke allows invoking the live alias only', () => {
    const granted = inferenceStack();
    const caller = new iam.Role(granted.stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    granted.inference.grantInvoke(caller);
    granted.template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(granted.stack, caller) }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: { Ref: logicalId(granted.stack, granted.inference.alias) },
          },
        ],
      },
    });
  });

  test('metric helpers read the alias and the handler’s own metrics with the right statistics', () => {
    const duration = inference.metricDurationP99();
    expect(duration).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Duration', statistic: 'p99' });
    expect(duration.period.toSeconds()).toBe(60);
    expect(inference.metricProvisionedConcurrencySpillover().metricName).toBe(
      'ProvisionedConcurrencySpilloverInvocations',
    );
    expect(inference.metricThrottles().statistic).toBe('Sum');
    expect(inference.metricInferenceLatencyP99()).toMatchObject({
      namespace: 'MlDeploy/Inference',
      metricName: 'InferenceLatency',
      dimensions: { service: 'iris' },
      statistic: 'p99',
    });
    expect(inference.metricInternalErrors()).toMatchObject({
      metricName: 'InternalErrors',
      statistic: 'Sum',
    });
  });
});

describe('rollout', () => {
  test('a new version is published only after the upload of its artifact has completed', () => {
    const { template } = inferenceStack();
    const [uploadId] = Object.keys(template().findResources('Custom::CDKBucketDeployment'));
    const versions = Object.values(template().findResources('AWS::Lambda::Version'));
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version.DependsOn).toContain(uploadId);
  });

  test('a 10 % canary baked 5 minutes uses CodeDeploy’s predefined configuration', () => {
    const { template } = inferenceStack({ rollout: { strategy: 'canary', bakeTime: Duration.minutes(5) } });
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    });
    template().resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 0);
  });

  test('a linear rollout without a predefined match gets its own configuration', () => {
    const { stack, inference, template } = inferenceStack({
      rollout: { strategy: 'linear', linearStepPercent: 50, bakeTime: Duration.minutes(2) },
    });
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'Lambda',
      TrafficRoutingConfig: {
        Type: 'TimeBasedLinear',
        TimeBasedLinear: { LinearInterval: 2, LinearPercentage: 50 },
      },
    });
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: { Ref: logicalId(stack, inference.node.findChild('DeploymentConfig')) },
    });
  });

  test('a 20 % canary gets a time-based canary configuration', () => {
    const { template } = inferenceStack({
      rollout: { strategy: 'canary', canaryPercent: 20, bakeTime: Duration.minutes(3) },
    });
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      TrafficRoutingConfig: {
        Type: 'TimeBasedCanary',
        TimeBasedCanary: { CanaryInterval: 3, CanaryPercentage: 20 },
      },
    });
  });

  test('without automatic rollback the alarms only stop the deployment', () => {
    const { template } = inferenceStack({ rollout: { autoRollback: false } });
    template().hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AutoRollbackConfiguration: { Enabled: false },
      AlarmConfiguration: Match.objectLike({ Enabled: true }),
    });
  });

  test('bake times must be whole minutes', () => {
    expect(constructionError({ rollout: { strategy: 'canary', bakeTime: Duration.seconds(90) } })).toBe(
      'Invalid LambdaInference Models/Iris:\n - rollout.bakeTime 1 minute 30 seconds must be whole minutes, at least 1: CodeDeploy shifts Lambda traffic (canary) in minute steps',
    );
  });

  test('a linear step must be a whole percent below 100', () => {
    expect(constructionError({ rollout: { strategy: 'linear', linearStepPercent: 100 } })).toBe(
      'Invalid LambdaInference Models/Iris:\n - rollout.linearStepPercent 100 must be a whole percent from 1 to 99',
    );
  });

  test('a duration alarm at or above the timeout is refused', () => {
    expect(
      constructionError({
        timeout: Duration.seconds(5),
        rollbackAlarms: { maxP99Latency: Duration.seconds(5) },
      }),
    ).toBe(
      'Invalid LambdaInference Models/Iris:\n - rollbackAlarms.maxP99Latency 5000 ms must be shorter than timeout (5000 ms): no invocation lasts longer, so the alarm could never fire',
    );
  });

  test('custom alarm thresholds replace the defaults', () => {
    const { template } = inferenceStack({
      rollbackAlarms: {
        maxErrorRatePercent: 5,
        maxP99Latency: Duration.millis(750),
        maxInternalErrorsPerMinute: 3,
      },
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: 750 });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'InternalErrors',
      Threshold: 3,
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * errors / invocations' })]),
      Threshold: 5,
    });
  });
});

describe('pre-traffic hook', () => {
  const { stack, inference, template } = inferenceStack({
    sampleRequestFile: SAMPLE_REQUEST,
    modelVersion: '7bbe6c82e5e6',
    timeout: Duration.seconds(10),
  });
  const hook = () => inference.preTrafficHook!;

  test('sends the sample request to the new version and expects this model’s name and version back', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Timeout: 70,
      Environment: {
        Variables: {
          TARGET_VERSION_ARN: { Ref: versionId(template()) },
          SAMPLE_REQUEST:
            '{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[4.7,3.2,1.3,0.2,6.3,3.3,6,2.5]}]}',
          EXPECTED_MODEL_NAME: 'iris',
          EXPECTED_MODEL_VERSION: '7bbe6c82e5e6',
        },
      },
    });
  });

  test('runs before traffic moves, and the alias waits for the hook to carry the new version', () => {
    const hookId = logicalId(stack, hook().function);
    template().hasResource('AWS::Lambda::Alias', {
      DependsOn: [hookId],
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: Match.objectLike({ BeforeAllowTrafficHook: { Ref: hookId } }),
      },
    });
  });

  // The action has no resource type, so only a statement on "*" lets the hook report ("Actions, resources, and
  // condition keys for AWS CodeDeploy"); aws-cdk-lib's deployment-group ARN grant stays beside it.
  test('may invoke the new version, report its result on "*" and write its logs, nothing else', () => {
    const group = logicalId(stack, inference.deploymentGroup);
    const application = logicalId(stack, inference.deploymentGroup.application);
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack, hook().role) }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [logicalId(stack, hook().logGroup), 'Arn'] },
          },
          { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: versionId(template()) } },
          {
            Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
            Effect: 'Allow',
            Resource: [
              '*',
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:aws:codedeploy:eu-west-1:111111111111:deploymentgroup:',
                    { Ref: application },
                    '/',
                    { Ref: group },
                  ],
                ],
              },
            ],
          },
        ],
      },
    });
  });

  test('CodeDeploy may invoke the hook', () => {
    const hookArn = { 'Fn::GetAtt': [logicalId(stack, hook().function), 'Arn'] };
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack, inference.deploymentGroup.role as iam.Role) }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: [hookArn, { 'Fn::Join': ['', [hookArn, ':*']] }],
          },
        ],
      },
    });
  });

  test('a sample request that is not a v2 infer request is refused', () => {
    expect(constructionError({ sampleRequestFile: __filename })).toMatch(
      /^LambdaInference Models\/Iris: the sample request .*lambda\/inference\.test\.ts is not JSON \(/,
    );
  });
});

describe('provisioned concurrency', () => {
  test('a fixed amount is configured on the alias', () => {
    const { template } = inferenceStack({ provisionedConcurrency: { minCapacity: 3 } });
    template().hasResourceProperties('AWS::Lambda::Alias', {
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 },
    });
    template().resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  describe('autoscaled', () => {
    const { stack, inference, template } = inferenceStack({
      reservedConcurrentExecutions: 40,
      provisionedConcurrency: {
        minCapacity: 2,
        maxCapacity: 10,
        targetUtilization: 0.6,
        schedules: [
          {
            name: 'business-hours',
            schedule: Schedule.expression('cron(0 7 ? * MON-FRI *)'),
            minCapacity: 4,
            maxCapacity: 20,
            timeZone: TimeZone.EUROPE_PARIS,
          },
        ],
      },
    });

    test('registers the live alias with Application Auto Scaling', () => {
      template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'lambda',
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ResourceId: {
          'Fn::Join': [
            '',
            [
              'function:',
              { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: logicalId(stack, inference.alias) }] }] },
              ':live',
            ],
          ],
        },
        MinCapacity: 2,
        MaxCapacity: 10,
      });
    });

    test('tracks provisioned-concurrency utilization', () => {
      template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
          TargetValue: 0.6,
        },
      });
    });

    test('changes the range on schedule, in the schedule’s time zone', () => {
      template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ScheduledActions: [
          {
            ScheduledActionName: 'ScheduleBusinessHours',
            Schedule: 'cron(0 7 ? * MON-FRI *)',
            Timezone: 'Europe/Paris',
            ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 20 },
          },
        ],
      });
    });

    test('leaves the alias’s own setting to Application Auto Scaling', () => {
      template().hasResourceProperties('AWS::Lambda::Alias', {
        ProvisionedConcurrencyConfig: Match.absent(),
      });
    });
  });

  test.each([
    [
      { minCapacity: 4, maxCapacity: 2 },
      'provisionedConcurrency.minCapacity 4 must be <= provisionedConcurrency.maxCapacity (2)',
    ],
    [
      { minCapacity: 0, maxCapacity: 5 },
      'provisionedConcurrency.maxCapacity 5 turns on autoscaling, which needs provisionedConcurrency.minCapacity >= 1 (it is 0): target tracking measures the utilization of provisioned concurrency and cannot scale up from none',
    ],
    [
      { minCapacity: 1, maxCapacity: 5, targetUtilization: 0.95 },
      'provisionedConcurrency.targetUtilization 0.95 must be from 0.1 to 0.9',
    ],
    [
      { minCapacity: 1, maxCapacity: 50 },
      'reservedConcurrentExecutions 20 must be >= provisionedConcurrency.maxCapacity (50): provisioned concurrency is taken from the reserved concurrency',
    ],
  ])('rejects %j', (provisionedConcurrency, message) => {
    expect(constructionError({ provisionedConcurrency, reservedConcurrentExecutions: 20 })).toBe(
      `Invalid LambdaInference Models/Iris:\n - ${message}`,
    );
  });
});

describe('Function URL', () => {
  test('is on the live alias and signed with IAM by default', () => {
    const { template } = inferenceStack({ functionUrl: {} });
    template().hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', Qualifier: 'live' });
  });

  test('without authentication needs allowPublic', () => {
    expect(constructionError({ functionUrl: { authType: lambda.FunctionUrlAuthType.NONE } })).toBe(
      'Invalid LambdaInference Models/Iris:\n - functionUrl.authType "NONE" lets anyone on the internet call the model; set functionUrl.allowPublic to true to mean it, or use AWS_IAM',
    );
  });

  test('without authentication and with allowPublic is created, with a warning', () => {
    const { stack, template } = inferenceStack({
      functionUrl: { authType: lambda.FunctionUrlAuthType.NONE, allowPublic: true },
    });
    template().hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', Qualifier: 'live' });
    Annotations.fromStack(stack).hasWarning(
      '/Models/Iris',
      Match.stringLikeRegexp(
        'The Function URL of model iris has no authentication: anyone on the internet can invoke it',
      ),
    );
  });

  test('cannot be granted when the function has none, and the error says how to add one', () => {
    const { stack, inference } = inferenceStack();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = () => inference.grantInvokeUrl(caller);
    expect(grant).toThrow(ConstructValidationError);
    expect(grant).toThrow(
      'LambdaInference Models/Iris has no Function URL to grant access to; set the functionUrl prop to create one',
    );
  });
});

describe('sizing and validation', () => {
  test('rejects an architecture Lambda does not run, before bundling for it', () => {
    expect(constructionError({ architecture: lambda.Architecture.custom('riscv64') })).toBe(
      'Invalid LambdaInference Models/Iris:\n - architecture "riscv64" is not an architecture Lambda runs; use Architecture.ARM_64 or Architecture.X86_64',
    );
  });

  test('/tmp holds the model with headroom', () => {
    const { template } = inferenceStack({ model: s3Model({ sizeBytes: 1024 ** 3 }) });
    template().hasResourceProperties('AWS::Lambda::Function', { EphemeralStorage: { Size: 1485 } });
  });

  test('a model too large for /tmp is refused', () => {
    expect(constructionError({ model: s3Model({ sizeBytes: 9 * 1024 ** 3 }) })).toBe(
      "LambdaInference Models/Iris: the model is 9216 MiB; with headroom it needs 11316 MiB of /tmp, more than Lambda's 10240 MiB",
    );
  });

  test('too little memory for the model is allowed with a warning', () => {
    const { stack } = inferenceStack({
      model: s3Model({ sizeBytes: 600 * 1024 ** 2 }),
      memorySize: Size.mebibytes(1024),
    });
    Annotations.fromStack(stack).hasWarning(
      '/Models/Iris',
      Match.stringLikeRegexp('memorySize 1024 MiB may not hold ONNX Runtime with a 600 MiB model'),
    );
  });

  test('ONNX Runtime gets one thread per vCPU of CPU time Lambda allocates at the memory size', () => {
    const { template } = inferenceStack({ memorySize: Size.mebibytes(3600) });
    template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ORT_INTRA_OP_THREADS: '2' }) },
    });
  });

  test('a given role is used and granted what the function needs', () => {
    const { stack, template } = inferenceStack();
    const role = new iam.Role(stack, 'Given', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const other = new LambdaInference(stack, 'Other', { model: s3Model(), modelName: 'other', role });
    expect(other.function.role).toBe(role);
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack, role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        ]),
      },
    });
  });

  test('an imported role takes the grants in a policy of its own, and AwsSolutions finds nothing unacknowledged', () => {
    const stack = new Stack(assetsInPlaceApp(), 'Imported', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const role = iam.Role.fromRoleArn(stack, 'Runner', 'arn:aws:iam::111111111111:role/models-runner');
    const inference = new LambdaInference(stack, 'Iris', {
      model: ModelArtifact.fromS3Uri(stack, 'Archived', 's3://models-archive/iris/v1/model.onnx', {
        sha256: 'a'.repeat(64),
      }),
      modelName: 'iris',
      role,
    });
    expect(inference.role).toBe(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['models-runner'],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: 'arn:aws:s3:::models-archive/iris/v1/model.onnx',
          }),
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        ]),
      },
    });
    const app = stack.node.root as ReturnType<typeof assetsInPlaceApp>;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('a role imported with mutable: false is trusted to have its permissions: no policy is attached', () => {
    const stack = new Stack(assetsInPlaceApp(), 'Imported');
    const role = iam.Role.fromRoleArn(stack, 'Runner', 'arn:aws:iam::111111111111:role/models-runner', {
      mutable: false,
    });
    const inference = new LambdaInference(stack, 'Iris', { model: s3Model(), modelName: 'iris', role });
    expect(inference.role).toBe(role);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Role: 'arn:aws:iam::111111111111:role/models-runner',
    });
  });

  test('an imported role that refuses policy statements is refused, naming the role prop', () => {
    const stack = new Stack(assetsInPlaceApp(), 'Imported');
    const role = iam.Role.fromRoleArn(stack, 'Runner', 'arn:aws:iam::111111111111:role/models-runner', {
      mutable: false,
      addGrantsToResources: true,
    });
    expect(() => new LambdaInference(stack, 'Iris', { model: s3Model(), modelName: 'iris', role })).toThrow(
      'Invalid LambdaInference Imported/Iris:\n - role arn:aws:iam::111111111111:role/models-runner takes no policy statements (imported with mutable: false and addGrantsToResources: true), and this construct must grant it read on the model, its logs and metrics: import it mutable, or leave role unset for a new least-privilege role',
    );
  });

  test.each([
    [{ modelName: 'iris model' }, 'modelName "iris model" must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'],
    [
      { memorySize: Size.mebibytes(64) },
      'memorySize (64 MiB) must be a whole number of MiB from 128 to 10240',
    ],
    [{ timeout: Duration.minutes(16) }, 'timeout (16 minutes) must be from 1 second to 15 minutes'],
    [{ maxBatchSize: 0 }, 'maxBatchSize (0) must be a positive integer'],
    [{ intraOpThreads: 0 }, 'intraOpThreads (0) must be a whole number from 1 to 16'],
    [
      { environment: { MODEL_NAME: 'x', DEBUG: '1' } },
      'environment may not set MODEL_NAME; use the matching props instead',
    ],
  ])('rejects %j', (props, message) => {
    expect(constructionError(props as object)).toBe(`LambdaInference Models/Iris: ${message}`);
  });

  test.each([
    [
      { model: s3Model({ s3Uri: 's3://models-archive/iris/', isDirectory: true }) },
      'model s3://models-archive/iris/ is a folder; the Lambda runtime serves a single ONNX file: point the artifact at the .onnx file',
    ],
    [
      { model: s3Model({ sha256: undefined }) },
      "model.sha256 is required: the function refuses a model it cannot verify, so give the artifact's SHA-256",
    ],
  ])('rejects the model %j', (props, message) => {
    expect(constructionError(props as object)).toBe(`Invalid LambdaInference Models/Iris:\n - ${message}`);
  });
});

test('rollback alarms get deterministic names from a prefix', () => {
  const { stack } = inferenceStack({ alarmNamePrefix: 'acme-fraud-prod' });
  const names = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties.AlarmName,
  );
  expect(names.sort()).toEqual([
    'acme-fraud-prod-rollback-error-rate',
    'acme-fraud-prod-rollback-internal-errors',
    'acme-fraud-prod-rollback-p99-duration',
  ]);
});

describe('in a VPC', () => {
  /** A LambdaInference serving an S3 model, in a stack that also holds the VPC it is placed in. */
  const inferenceStackIn = (stack: Stack, props: Partial<LambdaInferenceProps>) => ({
    inference: new LambdaInference(stack, 'Iris', { model: s3Model(), modelName: 'iris', ...props }),
  });
  const vpcProps = (stack: Stack) => ({
    vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0abc', availabilityZones: Fn.getAzs() }),
    vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Private', 'subnet-0a')] },
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Https', 'sg-0c', { mutable: false })],
  });

  test('runs the function in the given subnets and security groups', () => {
    const stack = new Stack(assetsInPlaceApp(), 'Net', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const { inference } = inferenceStackIn(stack, vpcProps(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ MODEL_NAME: 'iris' }) },
      VpcConfig: { SubnetIds: ['subnet-0a'], SecurityGroupIds: ['sg-0c'] },
    });
    expect(inference.preTrafficHook).toBeUndefined();
  });

  test('lets a given role manage the function’s network interfaces, which aws-cdk-lib leaves to roles it creates', () => {
    const stack = new Stack(assetsInPlaceApp(), 'Net', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const role = new iam.Role(stack, 'Given', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    inferenceStackIn(stack, { ...vpcProps(stack), role });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
            ],
          ],
        },
      ],
    });
  });

  test('stays outside any VPC without one', () => {
    const { template } = inferenceStack();
    for (const fn of Object.values(template().findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
  });
});
