import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
} from '@aws-sdk/client-sagemaker';
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand } from '@aws-sdk/client-service-quotas';
import { mocks, resetMocks, stubAwsClients, tempConfig } from './support';
import {
  ENDPOINT_QUOTAS,
  givenHealthyAccount,
  givenQuotas,
  linesOf,
  preflightJson,
  quota,
} from './preflight-support';

stubAwsClients();

const NO_ASSEMBLY = ['--assembly', 'no-such-assembly'];

beforeEach(() => {
  resetMocks();
  givenHealthyAccount();
});

/** The example config with iris-sagemaker rolled out with `rollout` in every environment, and `edit` applied. */
function withRollout(rollout: string, edit: (text: string) => string): string {
  return tempConfig((text) =>
    edit(text).replace(
      '  iris-sagemaker:\n    target: sagemaker\n',
      `  iris-sagemaker:\n    target: sagemaker\n    rollout:\n${rollout}`,
    ),
  );
}

/** dev's single ml.t2.medium as `count` ml.m5.large instances. */
const devOnM5 = (count: number) => (text: string) =>
  text.replace(
    'instanceType: ml.t2.medium\n        initialInstanceCount: 1',
    `instanceType: ml.m5.large\n        initialInstanceCount: ${count}`,
  );

describe('preflight: SageMaker instance quotas', () => {
  test('fails when the quota holds the fleet but not the second fleet of a canary deploy', async () => {
    givenQuotas(quota('ml.c5.xlarge for endpoint usage', 'L-C5XLARGE', 11), ...ENDPOINT_QUOTAS);

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'sagemaker-instances')).toEqual([
      {
        check: 'sagemaker-instances',
        subject: 'ml.c5.xlarge',
        status: 'fail',
        message:
          'ml.c5.xlarge for endpoint usage (L-C5XLARGE) is 11, a deploy needs 12 (iris-sagemaker: up to 6, ×2 while a canary blue/green deploy runs the new fleet beside the old; 0 on other endpoints); ' +
          'request L-C5XLARGE ≥ 12 in Service Quotas (aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-C5XLARGE --desired-value 12), ' +
          'or lower scaling.maxInstances, or choose rollout.strategy rolling',
      },
    ]);
  });

  test('passes at exactly the doubled fleet', async () => {
    givenQuotas(quota('ml.c5.xlarge for endpoint usage', 'L-C5XLARGE', 12), ...ENDPOINT_QUOTAS);

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'sagemaker-instances')[0].status).toBe('pass');
  });

  test.each([
    [
      'allAtOnce',
      '      strategy: allAtOnce\n',
      8,
      '×2 while an all-at-once blue/green deploy runs the new fleet beside the old',
    ],
    [
      'linear',
      '      strategy: linear\n      linearStepPercent: 25\n',
      8,
      '×2 while a linear blue/green deploy runs the new fleet beside the old',
    ],
    [
      'rolling',
      '      strategy: rolling\n      rollingBatchPercent: 25\n',
      5,
      '+1 for the 25 % rolling batch',
    ],
  ])('a %s rollout of 4 instances counts the fleet a deploy adds', async (_strategy, rollout, need, why) => {
    const edited = withRollout(rollout, devOnM5(4));

    const run = await preflightJson(['--env', 'dev', '--config', edited, ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'sagemaker-instances')[0]).toMatchObject({
      subject: 'ml.m5.large',
      status: need <= 10 ? 'pass' : 'fail',
      message: `ml.m5.large for endpoint usage (L-M5LARGE) is 10, a deploy needs ${need} (iris-sagemaker: up to 4, ${why}; 0 on other endpoints)`,
    });
  });

  test("counts the instances of the account's other endpoints, not its own", async () => {
    mocks.sageMaker.on(ListEndpointsCommand).resolves({
      Endpoints: [
        {
          EndpointName: 'mldeploy-iris-sagemaker-prod',
          EndpointArn: 'arn:1',
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
          EndpointStatus: 'InService',
        },
        {
          EndpointName: 'fraud-scorer',
          EndpointArn: 'arn:2',
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
          EndpointStatus: 'InService',
        },
      ],
    });
    mocks.sageMaker.on(DescribeEndpointCommand, { EndpointName: 'fraud-scorer' }).resolves({
      EndpointName: 'fraud-scorer',
      EndpointConfigName: 'fraud-scorer-config',
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 9 }],
    } as any);
    mocks.sageMaker
      .on(DescribeEndpointConfigCommand, { EndpointConfigName: 'fraud-scorer-config' })
      .resolves({
        EndpointConfigName: 'fraud-scorer-config',
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.c5.xlarge', ModelName: 'fraud' }],
      } as any);

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'sagemaker-instances')[0]).toMatchObject({ status: 'fail' });
    expect(linesOf(run.checks, 'sagemaker-instances')[0].message).toMatch(
      /^ml\.c5\.xlarge for endpoint usage \(L-C5XLARGE\) is 20, a deploy needs 21 \(.*; 9 on other endpoints\); request L-C5XLARGE ≥ 21 /,
    );
    // Our own endpoint exists: the update adds no endpoint.
    expect(linesOf(run.checks, 'sagemaker-endpoints')[0].message).toBe(
      'Number of endpoints (L-ENDPOINTS) is 100, the account has 2 + 0 new endpoints = 2',
    );
    expect(
      mocks.sageMaker.commandCalls(DescribeEndpointCommand).map((c) => c.args[0].input.EndpointName),
    ).toEqual(['fraud-scorer']);
  });

  test('reads the default value of a quota the account never changed', async () => {
    mocks.serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: ENDPOINT_QUOTAS });
    mocks.serviceQuotas
      .on(ListAWSDefaultServiceQuotasCommand)
      .resolves({ Quotas: [quota('ml.c5.xlarge for endpoint usage', 'L-C5XLARGE', 0)] });

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'sagemaker-instances')[0]).toMatchObject({ status: 'fail' });
    expect(linesOf(run.checks, 'sagemaker-instances')[0].message).toMatch(
      /^ml\.c5\.xlarge for endpoint usage \(L-C5XLARGE\) is 0, a deploy needs 12/,
    );
  });

  test('warns when Service Quotas has no quota for the instance type', async () => {
    givenQuotas(...ENDPOINT_QUOTAS);

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(run.code).toBe(0);
    expect(linesOf(run.checks, 'sagemaker-instances')).toEqual([
      {
        check: 'sagemaker-instances',
        subject: 'ml.c5.xlarge',
        status: 'warn',
        message:
          'Service Quotas has no quota "ml.c5.xlarge for endpoint usage" in eu-west-1: the instance type may not be offered for endpoints there; check sagemaker.instanceType',
      },
    ]);
  });

  test('fails when the endpoint configs of a deploy exceed their quota', async () => {
    givenQuotas(
      quota('ml.c5.xlarge for endpoint usage', 'L-C5XLARGE', 20),
      ENDPOINT_QUOTAS[0],
      quota('Number of endpoint configurations', 'L-CONFIGS', 3),
    );
    mocks.sageMaker.on(ListEndpointConfigsCommand).resolves({
      EndpointConfigs: ['a', 'b', 'c'].map((n) => ({
        EndpointConfigName: n,
        EndpointConfigArn: `arn:${n}`,
        CreationTime: new Date(0),
      })),
    });

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'sagemaker-endpoints')[1]).toEqual({
      check: 'sagemaker-endpoints',
      subject: 'endpoint configs',
      status: 'fail',
      message:
        'Number of endpoint configurations (L-CONFIGS) is 3, the account has 3 + 1 new configs during the deploy = 4; delete unused endpoint configs or ' +
        'request L-CONFIGS ≥ 4 in Service Quotas (aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-CONFIGS --desired-value 4)',
    });
  });
});

describe('preflight: SageMaker serverless quotas', () => {
  /** dev's iris-sagemaker on a serverless variant (its own image: Triton does not fit serverless). */
  const serverlessDev = (memory: number, concurrency: number) =>
    tempConfig((text) =>
      text
        .replace(
          "image:\n        triton: '24.09'",
          'image:\n        ecrUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/iris:1',
        )
        .replace(
          'variant: instance\n        instanceType: ml.t2.medium\n        initialInstanceCount: 1',
          `variant: serverless\n        serverless: { memorySizeMb: ${memory}, maxConcurrency: ${concurrency} }`,
        ),
    );
  const SERVERLESS_QUOTAS = [
    quota(
      'Maximum total concurrency that can be allocated across all serverless endpoints',
      'L-96300102',
      10,
    ),
    quota('Maximum memory size of a serverless endpoint', 'L-SLMEMORY', 3072),
    ...ENDPOINT_QUOTAS,
  ];

  test('passes concurrency and memory within their quotas', async () => {
    givenQuotas(...SERVERLESS_QUOTAS);

    const run = await preflightJson(['--env', 'dev', '--config', serverlessDev(3072, 10), ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'sagemaker-serverless')).toEqual([
      {
        check: 'sagemaker-serverless',
        subject: 'concurrency',
        status: 'pass',
        message:
          'Maximum total concurrency that can be allocated across all serverless endpoints (L-96300102) is 10, needs 10 (iris-sagemaker: 10; 0 on other endpoints)',
      },
      {
        check: 'sagemaker-serverless',
        subject: 'memory',
        status: 'pass',
        message:
          'Maximum memory size of a serverless endpoint (L-SLMEMORY) is 3072 MB, the largest serverless model asks 3072 MB',
      },
    ]);
    expect(linesOf(run.checks, 'sagemaker-instances')).toEqual([]);
  });

  test('fails a total concurrency and a memory size above their quotas', async () => {
    givenQuotas(...SERVERLESS_QUOTAS);

    const run = await preflightJson(['--env', 'dev', '--config', serverlessDev(4096, 20), ...NO_ASSEMBLY]);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'sagemaker-serverless').map((c) => [c.status, c.message])).toEqual([
      [
        'fail',
        'Maximum total concurrency that can be allocated across all serverless endpoints (L-96300102) is 10, needs 20 (iris-sagemaker: 20; 0 on other endpoints); ' +
          'request L-96300102 ≥ 20 in Service Quotas (aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-96300102 --desired-value 20), or lower sagemaker.serverless.maxConcurrency',
      ],
      [
        'fail',
        'Maximum memory size of a serverless endpoint (L-SLMEMORY) is 3072 MB, the largest serverless model asks 4096 MB (iris-sagemaker); ' +
          'request L-SLMEMORY ≥ 4096 in Service Quotas (aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-SLMEMORY --desired-value 4096), or lower sagemaker.serverless.memorySizeMb',
      ],
    ]);
  });
});
