import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContainerImage, SageMakerEndpoint } from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import { endpointStack, INSTANCE_PROPS } from './support';

describe('SageMakerEndpoint resources', () => {
  const { stack, endpoint } = endpointStack();
  const template = Template.fromStack(stack);

  test('gives the endpoint its deterministic name and never names the model or endpoint config', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'acme-churn-prod' });
    template.hasResourceProperties('AWS::SageMaker::Model', { ModelName: Match.absent() });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { EndpointConfigName: Match.absent() });
  });

  test('resolves the Triton image in the registry of the stack region', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.09-py3',
      },
    });
  });

  test('downloads a folder artifact uncompressed, as a prefix', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataSource: {
          S3DataSource: {
            S3Uri: 's3://models-bucket/churn/abc123/',
            S3DataType: 'S3Prefix',
            CompressionType: 'None',
          },
        },
      },
    });
  });

  test('configures an instance variant', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          InstanceType: 'ml.c5.xlarge',
          InitialInstanceCount: 2,
          InitialVariantWeight: 1,
          ModelName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChurnModel'), 'ModelName'] },
        },
      ],
    });
  });

  test('exposes the endpoint ARN with the lowercase name SageMaker uses', () => {
    expect(stack.resolve(endpoint.endpointArn)).toBe(
      'arn:aws:sagemaker:eu-west-1:111111111111:endpoint/acme-churn-prod',
    );
  });

  test('gives the execution role no managed policies', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('lets the role pull only the Triton repository, write only its own logs and read its rollback alarms', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const resolved = JSON.stringify(stack.resolve(statements));
    expect(resolved).toContain('repository/sagemaker-tritonserver');
    expect(resolved).toContain('/aws/sagemaker/Endpoints/acme-churn-prod:*');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:DescribeAlarms',
        Resource: [
          expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/ErrorRate/), 'Arn'] }),
          expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/Latency/), 'Arn'] }),
        ],
      }),
    );
    expect(resolved).not.toMatch(/AmazonSageMakerFullAccess|"sagemaker:\*"|"s3:\*"/);
  });

  test('grantInvoke allows invoking this endpoint only', () => {
    const { stack, endpoint } = endpointStack();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    endpoint.grantInvoke(caller);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: [
              'sagemaker:InvokeEndpoint',
              'sagemaker:InvokeEndpointAsync',
              'sagemaker:InvokeEndpointWithResponseStream',
            ],
          }),
        ],
      },
    });
  });

  // Names, namespaces and statistics as "Amazon SageMaker AI metrics in Amazon CloudWatch" lists them; defaults
  // as aws-cdk-lib's own metric methods: Sum for counts, Average otherwise, five minutes.
  test.each([
    ['metricInvocations', 'AWS/SageMaker', 'Invocations', 'Sum'],
    ['metricInvocation5XXErrors', 'AWS/SageMaker', 'Invocation5XXErrors', 'Sum'],
    ['metricInvocation4XXErrors', 'AWS/SageMaker', 'Invocation4XXErrors', 'Sum'],
    ['metricModelLatency', 'AWS/SageMaker', 'ModelLatency', 'Average'],
    ['metricOverheadLatency', 'AWS/SageMaker', 'OverheadLatency', 'Average'],
    ['metricModelSetupTime', 'AWS/SageMaker', 'ModelSetupTime', 'Average'],
    [
      'metricServerlessConcurrentExecutionsUtilization',
      'AWS/SageMaker',
      'ServerlessConcurrentExecutionsUtilization',
      'Average',
    ],
    ['metricCpuUtilization', '/aws/sagemaker/Endpoints', 'CPUUtilization', 'Average'],
    ['metricMemoryUtilization', '/aws/sagemaker/Endpoints', 'MemoryUtilization', 'Average'],
    ['metricDiskUtilization', '/aws/sagemaker/Endpoints', 'DiskUtilization', 'Average'],
    ['metricGpuUtilization', '/aws/sagemaker/Endpoints', 'GPUUtilization', 'Average'],
    ['metricGpuMemoryUtilization', '/aws/sagemaker/Endpoints', 'GPUMemoryUtilization', 'Average'],
  ] as const)(
    '%s is %s %s of the variant, %s over five minutes',
    (method, namespace, metricName, statistic) => {
      const metric = endpoint[method]();
      expect(metric).toMatchObject({ namespace, metricName, statistic });
      expect(metric.dimensions).toEqual({
        EndpointName: 'acme-churn-prod',
        VariantName: endpoint.variantName,
      });
      expect(metric.period.toMinutes()).toBe(5);
    },
  );

  test('a metric method takes the statistic, period and label it is given', () => {
    const metric = endpoint.metricModelLatency({
      statistic: cloudwatch.Stats.p(99),
      period: Duration.minutes(1),
      label: 'p99 (µs)',
    });
    expect(metric).toMatchObject({ metricName: 'ModelLatency', statistic: 'p99', label: 'p99 (µs)' });
    expect(metric.period.toSeconds()).toBe(60);
  });
});

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('SageMakerEndpoint options', () => {
  test('a region-agnostic stack looks the Triton registry up in a mapping at deploy time', () => {
    const { stack } = endpointStack({}, null);
    const template = Template.fromStack(stack);
    template.hasMapping('TritonImageRegistries', { 'us-east-1': { account: '763104351884' } });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              { 'Fn::FindInMap': ['TritonImageRegistries', { Ref: 'AWS::Region' }, 'account'] },
            ]),
          ],
        },
      },
    });
  });

  test('a region without a Triton registry is a synth error naming the regions that have one', () => {
    expect(() => endpointStack({}, 'mx-central-1')).toThrow(
      /^Test\/Churn: region "mx-central-1" has no NVIDIA Triton image for SageMaker; regions with one: af-south-1/,
    );
  });

  test('an ECR image is used as is and the role may pull only that repository', () => {
    const uri = '222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/churn:1.4';
    const { stack } = endpointStack({ image: ContainerImage.fromEcrUri(uri) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: { Image: uri } });
    expect(JSON.stringify(template.toJSON())).toContain(
      'arn:aws:ecr:eu-west-1:222222222222:repository/team/churn',
    );
  });

  test('a malformed ECR URI is rejected', () => {
    expect(() => ContainerImage.fromEcrUri('docker.io/library/nginx')).toThrow(
      /Invalid ECR image URI "docker.io\/library\/nginx"/,
    );
  });

  test('encrypts instance volumes with the given key', () => {
    const { stack } = endpointStack({
      volumeEncryptionKey: kms.Key.fromKeyArn(new Stack(), 'Key', KEY_ARN),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: KEY_ARN,
    });
  });

  test('leaves the volume key out for instance types with NVMe instance storage', () => {
    const { stack } = endpointStack({
      instance: { instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 },
      volumeEncryptionKey: kms.Key.fromKeyArn(new Stack(), 'Key', KEY_ARN),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: Match.absent(),
    });
  });

  test('renders the instance timeouts, volume size and routing strategy', () => {
    const { stack } = endpointStack({
      instance: {
        instanceType: 'ml.m5.large',
        initialInstanceCount: 1,
        volumeSizeGb: 30,
        modelDataDownloadTimeout: Duration.minutes(10),
        containerStartupHealthCheckTimeout: Duration.minutes(5),
        routingStrategy: 'LEAST_OUTSTANDING_REQUESTS',
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({
          VolumeSizeInGB: 30,
          ModelDataDownloadTimeoutInSeconds: 600,
          ContainerStartupHealthCheckTimeoutInSeconds: 300,
          RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
        }),
      ],
    });
  });

  test('captures requests and responses when data capture is on', () => {
    const { stack } = endpointStack({
      dataCapture: { destinationS3Uri: 's3://capture/churn/', samplingPercent: 20 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        EnableCapture: true,
        DestinationS3Uri: 's3://capture/churn/',
        InitialSamplingPercentage: 20,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        CaptureContentTypeHeader: { JsonContentTypes: ['application/json'] },
      },
    });
  });

  test('runs in a VPC with network isolation when asked', () => {
    const { stack } = endpointStack({
      vpc: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d'] },
      networkIsolation: true,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: { Subnets: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] },
    });
  });

  test('configures a serverless variant without guardrails', () => {
    const { stack } = endpointStack({
      image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/small:1'),
      instance: undefined,
      serverless: { memorySizeMb: 2048, maxConcurrency: 10, provisionedConcurrency: 2 },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({
          ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10, ProvisionedConcurrency: 2 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { DeploymentConfig: Match.absent() });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('SageMakerEndpoint with a given role', () => {
  const RUNNER_ARN = 'arn:aws:iam::111111111111:role/models-runner';
  const endpointAs = (role: (stack: Stack) => iam.IRole) => {
    const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const given = role(stack);
    return {
      stack,
      given,
      endpoint: new SageMakerEndpoint(stack, 'Churn', { ...INSTANCE_PROPS, role: given }),
    };
  };

  test('an imported role runs the model and takes the grants in a policy of its own', () => {
    const { stack, given, endpoint } = endpointAs((stack) =>
      iam.Role.fromRoleArn(stack, 'Runner', RUNNER_ARN),
    );
    expect(endpoint.role).toBe(given);
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })],
        }),
      },
      0,
    );
    template.hasResourceProperties('AWS::SageMaker::Model', { ExecutionRoleArn: RUNNER_ARN });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['models-runner'],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::models-bucket/churn/abc123/*' }),
          Match.objectLike({ Action: 'cloudwatch:PutMetricData' }),
          Match.objectLike({ Action: 'cloudwatch:DescribeAlarms' }),
        ]),
      },
    });
  });

  test('the model waits for the imported role’s policy, as it waits for a role of its own', () => {
    const { stack } = endpointAs((stack) => iam.Role.fromRoleArn(stack, 'Runner', RUNNER_ARN));
    const [policyId] = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    Template.fromStack(stack).hasResource('AWS::SageMaker::Model', {
      DependsOn: Match.arrayWith([policyId]),
    });
  });

  test('AwsSolutions finds nothing unacknowledged in the imported role’s policy', () => {
    const { stack } = endpointAs((stack) => iam.Role.fromRoleArn(stack, 'Runner', RUNNER_ARN));
    const app = stack.node.root as ReturnType<typeof newApp>;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('an imported role that refuses policy statements is refused, naming the role prop', () => {
    expect(() =>
      endpointAs((stack) =>
        iam.Role.fromRoleArn(stack, 'Runner', RUNNER_ARN, { mutable: false, addGrantsToResources: true }),
      ),
    ).toThrow(
      `Invalid SageMakerEndpoint Test/Churn:\n - role ${RUNNER_ARN} takes no policy statements (imported with mutable: false and addGrantsToResources: true), and this construct must grant it read on the model, its logs and metrics: import it mutable, or leave role unset for a new least-privilege role`,
    );
  });
});

describe('SageMakerEndpoint escape hatches', () => {
  test('the model and endpoint config are the generated L1s, open to overrides', () => {
    const { stack, endpoint } = endpointStack();
    endpoint.model.addPropertyOverride('PrimaryContainer.Mode', 'SingleModel');
    endpoint.endpointConfig.addPropertyOverride('EnableNetworkIsolation', true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({ Mode: 'SingleModel' }),
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { EnableNetworkIsolation: true });
    expect(stack.resolve(endpoint.endpoint.endpointConfigName)).toEqual(
      stack.resolve(endpoint.endpointConfig.attrEndpointConfigName),
    );
  });
});

describe('SageMakerEndpoint rollback alarms added after construction', () => {
  const deploymentConfig = (template: Template) =>
    Object.values(template.findResources('AWS::SageMaker::Endpoint'))[0].Properties.DeploymentConfig;
  const alarms = (stack: Stack, count: number, prefix = 'Extra') =>
    Array.from(
      { length: count },
      (_, index) =>
        new cloudwatch.Alarm(stack, `${prefix}${index}`, {
          alarmName: `acme-extra-${prefix}-${index}`,
          metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }),
          threshold: 1,
          evaluationPeriods: 1,
        }),
    );

  test('join the built-in and given alarms in the deployment, readable by the execution role', () => {
    const { stack, endpoint } = endpointStack();
    const given = alarms(stack, 2, 'Given');
    expect(endpoint.deploymentRollbackAlarms).toHaveLength(2);
    endpoint.addRollbackAlarms(given);
    const names = endpoint.deploymentRollbackAlarms.map((alarm) => alarm.alarmName);
    expect(names).toHaveLength(4);
    const template = Template.fromStack(stack);
    expect(
      deploymentConfig(template).AutoRollbackConfiguration.Alarms.map(
        (a: { AlarmName: unknown }) => a.AlarmName,
      ),
    ).toEqual(stack.resolve(names));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'cloudwatch:DescribeAlarms',
            Resource: Match.arrayWith(given.map((alarm) => stack.resolve(alarm.alarmArn))),
          }),
        ]),
      },
    });
  });

  test('are refused past the 10 alarms a deployment watches, counting the additionalRollbackAlarms', () => {
    const stack = new Stack(newApp(), 'Limit', { env: { account: '111111111111', region: 'eu-west-1' } });
    const endpoint = new SageMakerEndpoint(stack, 'Churn', {
      ...INSTANCE_PROPS,
      additionalRollbackAlarms: alarms(stack, 6, 'Llm'),
    });
    endpoint.addRollbackAlarms(alarms(stack, 2, 'VariantB'));
    expect(() => endpoint.addRollbackAlarms(alarms(stack, 1, 'VariantC'))).toThrow(
      'SageMakerEndpoint Limit/Churn: 11 rollback alarms, but a deployment watches at most 10',
    );
  });

  test('are ignored without auto-rollback, which watches no alarm', () => {
    const { stack, endpoint } = endpointStack({ rollout: { autoRollback: false } });
    endpoint.addRollbackAlarms(alarms(stack, 2));
    expect(endpoint.deploymentRollbackAlarms).toEqual([]);
    expect(deploymentConfig(Template.fromStack(stack))).not.toHaveProperty('AutoRollbackConfiguration');
  });
});
