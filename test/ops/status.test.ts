import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, GetProvisionedConcurrencyConfigCommand } from '@aws-sdk/client-lambda';
import { DescribeEndpointCommand, DescribeEndpointOutput } from '@aws-sdk/client-sagemaker';
import {
  awsError,
  CONFIG_V1,
  CONFIG_V2,
  ENDPOINT,
  FUNCTION,
  givenLambdaStack,
  givenNoStack,
  givenSageMakerStack,
  givenStack,
  LAMBDA_STACK,
  mldeploy,
  mocks,
  resetMocks,
  SAGEMAKER_STACK,
  stubAwsClients,
} from './support';

stubAwsClients();

const PROD_ENDPOINT: DescribeEndpointOutput = {
  EndpointName: ENDPOINT,
  EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${ENDPOINT}`,
  EndpointConfigName: CONFIG_V2,
  EndpointStatus: 'InService',
  CreationTime: new Date(0),
  LastModifiedTime: new Date(0),
  ProductionVariants: [
    {
      VariantName: 'AllTraffic',
      CurrentInstanceCount: 3,
      DesiredInstanceCount: 3,
      CurrentWeight: 1,
      DesiredWeight: 1,
    },
  ],
  LastDeploymentConfig: {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: {
        Type: 'CANARY',
        WaitIntervalInSeconds: 600,
        CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
      },
      TerminationWaitInSeconds: 0,
    },
    AutoRollbackConfiguration: {
      Alarms: [
        { AlarmName: 'mldeploy-iris-sagemaker-prod-rollback-5xx-rate' },
        { AlarmName: 'mldeploy-iris-sagemaker-prod-rollback-p99-latency' },
      ],
    },
  },
};

const STATUS = ['status', '--env', 'prod'];

beforeEach(() => {
  resetMocks();
  givenSageMakerStack();
  givenLambdaStack();
});

describe('status', () => {
  test('shows the endpoint, its variants and deployment policy, and the live alias with its concurrency', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(PROD_ENDPOINT);
    mocks.lambda.on(GetAliasCommand).resolves({ Name: 'live', FunctionVersion: '7' });
    mocks.lambda.on(GetProvisionedConcurrencyConfigCommand).resolves({
      RequestedProvisionedConcurrentExecutions: 2,
      AvailableProvisionedConcurrentExecutions: 2,
      AllocatedProvisionedConcurrentExecutions: 2,
      Status: 'READY',
    });

    const run = await mldeploy(STATUS);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'prod/iris-sagemaker (sagemaker): InService',
        `  endpoint ${ENDPOINT}, config ${CONFIG_V2}`,
        '  variant AllTraffic: instances 3 (desired 3), weight 1 (desired 1)',
        '  deployment policy: blue/green CANARY 10 % capacity, wait 600 s; auto-rollback on mldeploy-iris-sagemaker-prod-rollback-5xx-rate, mldeploy-iris-sagemaker-prod-rollback-p99-latency',
        'prod/iris-lambda (lambda): live → 7',
        `  function ${FUNCTION}, alias live → version 7`,
        '  routing: all traffic on the alias version',
        '  provisioned concurrency: requested 2, available 2, allocated 2, READY',
        '',
      ].join('\n'),
    );
    expect(mocks.lambda.commandCalls(GetProvisionedConcurrencyConfigCommand)[0].args[0].input).toEqual({
      FunctionName: FUNCTION,
      Qualifier: 'live',
    });
  });

  test('shows a deployment in progress, a rollback and a serverless variant', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves({
      ...PROD_ENDPOINT,
      EndpointStatus: 'Updating',
      EndpointConfigName: CONFIG_V1,
      LastDeploymentConfig: {
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 },
          WaitIntervalInSeconds: 300,
        },
      },
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          CurrentWeight: 1,
          DesiredWeight: 1,
          CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
          DesiredServerlessConfig: { MemorySizeInMB: 4096, MaxConcurrency: 5, ProvisionedConcurrency: 2 },
        },
      ],
      PendingDeploymentSummary: {
        EndpointConfigName: CONFIG_V2,
        StartTime: new Date(Date.UTC(2025, 5, 1, 11, 50)),
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            VariantStatus: [
              { Status: 'Baking', StatusMessage: 'waiting 600 s' },
              { Status: 'ActivatingTraffic' },
            ],
          },
        ],
      },
    });
    mocks.lambda.on(GetAliasCommand).resolves({
      Name: 'live',
      FunctionVersion: '6',
      RoutingConfig: { AdditionalVersionWeights: { '7': 0.25 } },
    });
    mocks.lambda
      .on(GetProvisionedConcurrencyConfigCommand)
      .rejects(
        awsError(
          'ProvisionedConcurrencyConfigNotFoundException',
          'No Provisioned Concurrency Config found',
          404,
        ),
      );

    const run = await mldeploy(STATUS);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'prod/iris-sagemaker (sagemaker): Updating',
        `  endpoint ${ENDPOINT}, config ${CONFIG_V1} (the stack's last deploy put ${CONFIG_V2} in service)`,
        '  variant AllTraffic: serverless 2048 MB, max concurrency 5 (desired 4096 MB, max concurrency 5, provisioned 2), weight 1 (desired 1)',
        '  deployment policy: rolling 1 instance per batch, wait 300 s; no auto-rollback alarms',
        `  pending deployment of config ${CONFIG_V2} since 2025-06-01T11:50:00.000Z: AllTraffic Baking (waiting 600 s), ActivatingTraffic`,
        'prod/iris-lambda (lambda): live → 6',
        `  function ${FUNCTION}, alias live → version 6 (the stack's last deploy put version 7 there)`,
        '  routing: 25 % on version 7',
        '  provisioned concurrency: none',
        '',
      ].join('\n'),
    );
  });

  test('shows the failure reason of a failed endpoint', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves({
      ...PROD_ENDPOINT,
      EndpointStatus: 'Failed',
      FailureReason: 'Image size 12 GB is greater than supported size 10 GB',
    });

    const run = await mldeploy([...STATUS, '--model', 'iris-sagemaker']);

    expect(run.stdout).toContain('  failure reason: Image size 12 GB is greater than supported size 10 GB\n');
  });

  test('prints one JSON document with --json', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(PROD_ENDPOINT);
    mocks.lambda.on(GetAliasCommand).resolves({ Name: 'live', FunctionVersion: '7' });
    mocks.lambda
      .on(GetProvisionedConcurrencyConfigCommand)
      .rejects(awsError('ProvisionedConcurrencyConfigNotFoundException', 'none', 404));

    const run = await mldeploy([...STATUS, '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      models: [
        {
          environment: 'prod',
          model: 'iris-sagemaker',
          target: 'sagemaker',
          stack: SAGEMAKER_STACK,
          stackStatus: 'UPDATE_COMPLETE',
          state: 'InService',
          endpoint: {
            name: ENDPOINT,
            status: 'InService',
            endpointConfigName: CONFIG_V2,
            deployedEndpointConfigName: CONFIG_V2,
            variants: [
              {
                name: 'AllTraffic',
                currentInstanceCount: 3,
                desiredInstanceCount: 3,
                currentWeight: 1,
                desiredWeight: 1,
              },
            ],
            lastDeploymentConfig: PROD_ENDPOINT.LastDeploymentConfig,
          },
        },
        {
          environment: 'prod',
          model: 'iris-lambda',
          target: 'lambda',
          stack: LAMBDA_STACK,
          stackStatus: 'UPDATE_COMPLETE',
          state: 'live → 7',
          alias: {
            functionName: FUNCTION,
            version: '7',
            deployedVersion: '7',
            additionalVersionWeights: {},
            provisionedConcurrency: null,
          },
        },
      ],
    });
  });

  test('covers every environment of the config without --env', async () => {
    mocks.cloudFormation
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', 'Stack with id x does not exist'));

    const run = await mldeploy(['status']);

    expect(run.code).toBe(0);
    expect(
      mocks.cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName),
    ).toEqual([
      'mldeploy-dev-iris-sagemaker',
      'mldeploy-dev-iris-lambda',
      'mldeploy-staging-iris-sagemaker',
      'mldeploy-staging-iris-lambda',
      'mldeploy-prod-iris-sagemaker',
      'mldeploy-prod-iris-lambda',
    ]);
    expect(run.stdout.split('\n')[0]).toBe(
      'dev/iris-sagemaker (sagemaker): not deployed (stack mldeploy-dev-iris-sagemaker does not exist)',
    );
  });

  test('reports a model that is not deployed without failing', async () => {
    givenNoStack(LAMBDA_STACK);

    const run = await mldeploy([...STATUS, '--model', 'iris-lambda', '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).models).toEqual([
      {
        environment: 'prod',
        model: 'iris-lambda',
        target: 'lambda',
        stack: LAMBDA_STACK,
        state: 'not deployed',
      },
    ]);
  });

  test('shows the stack status of a stack still being created', async () => {
    givenStack(LAMBDA_STACK, {}, 'CREATE_IN_PROGRESS');

    const run = await mldeploy([...STATUS, '--model', 'iris-lambda']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('prod/iris-lambda (lambda): CREATE_IN_PROGRESS\n');
    expect(mocks.lambda.commandCalls(GetAliasCommand)).toHaveLength(0);
  });

  test('fails when a model cannot be read, and still shows the others', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(PROD_ENDPOINT);
    mocks.lambda
      .on(GetAliasCommand)
      .rejects(awsError('ResourceNotFoundException', `Function not found: ${FUNCTION}:live`, 404));
    mocks.lambda
      .on(GetProvisionedConcurrencyConfigCommand)
      .rejects(awsError('ProvisionedConcurrencyConfigNotFoundException', 'none', 404));

    const run = await mldeploy(STATUS);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('prod/iris-sagemaker (sagemaker): InService\n');
    expect(run.stderr).toBe(
      `prod/iris-lambda: lambda:GetAlias on alias live of function ${FUNCTION} failed (ResourceNotFoundException: Function not found: ${FUNCTION}:live)\n`,
    );
  });

  test('refuses an unknown environment as a usage error', async () => {
    const run = await mldeploy(['status', '--env', 'qa']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: --env: Unknown environment "qa"; .*deployments\.yaml defines: dev, staging, prod\n$/,
    );
  });

  test('refuses an unknown model as a usage error', async () => {
    const run = await mldeploy(['status', '--model', 'churn']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: --model churn is not defined in config/deployments.yaml; models: iris-sagemaker, iris-lambda\n',
    );
  });
});
