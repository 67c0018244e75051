import { GetProductsCommand, GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mldeploy, mocks, resetMocks, stubAwsClients, tempConfig } from './support';

stubAwsClients();

beforeEach(resetMocks);

/** The example with prod in eu-west-1, a region the bundled price table does not cover. */
const prodInIreland = () =>
  tempConfig((text) =>
    text.replace(
      '  prod:\n    tags:\n      cost-center: ml-prod\n',
      '  prod:\n    region: eu-west-1\n    tags:\n      cost-center: ml-prod\n',
    ),
  );

/** One Price List product document with one On-Demand price dimension, as GetProducts returns it. */
function product(usd: string, unit: string): string {
  return JSON.stringify({
    product: { attributes: {} },
    terms: {
      OnDemand: {
        'SKU.TERM': {
          priceDimensions: {
            'SKU.TERM.DIM': { unit, beginRange: '0', endRange: 'Inf', pricePerUnit: { USD: usd } },
          },
        },
      },
    },
  });
}

const filtersOf = (input: GetProductsCommandInput) =>
  Object.fromEntries((input.Filters ?? []).map((f) => [f.Field, f.Value]));

describe('mldeploy cost', () => {
  test('prints every environment of the example from the bundled table, without calling AWS', async () => {
    const run = await mldeploy(['cost']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.regions).toEqual([]);
    expect(run.stdout).toMatch(/^prod +\(total\) +\$379\.83 +\$1,015\.05/m);
    expect(run.stdout).toMatch(/^dev +iris-sagemaker +sagemaker-instance +us-east-1 +\$40\.88 +\$40\.88/m);
    expect(run.stdout).toContain('1,742.75–4,380 instance-hours × $0.204/h');
    expect(run.stdout).toContain('A month is 730 hours');
  });

  test('--json prints one document: currency, hours a month, models with lines, environment totals', async () => {
    const run = await mldeploy(['cost', '--env', 'prod', '--json']);

    expect(run.code).toBe(0);
    const estimate = JSON.parse(run.stdout);
    expect(Object.keys(estimate)).toEqual(['currency', 'hoursPerMonth', 'models', 'environments']);
    expect(estimate.currency).toBe('USD');
    expect(estimate.hoursPerMonth).toBe(730);
    expect(estimate.models.map((m: { model: string }) => m.model)).toEqual(['iris-sagemaker', 'iris-lambda']);
    expect(Object.keys(estimate.models[0])).toEqual([
      'environment',
      'model',
      'hosting',
      'region',
      'priceSource',
      'monthlyMinUsd',
      'monthlyMaxUsd',
      'lines',
      'usageBased',
      'missingPrices',
      'notes',
    ]);
    expect(estimate.models[0].lines[0]).toEqual({
      item: 'ml.c5.xlarge instances',
      basis: expect.stringContaining('× $0.204/h'),
      minUsd: expect.closeTo(355.521, 6),
      maxUsd: expect.closeTo(893.52, 6),
    });
    expect(estimate.environments).toEqual([
      {
        environment: 'prod',
        monthlyMinUsd: expect.closeTo(379.83, 2),
        monthlyMaxUsd: expect.closeTo(1015.05, 2),
      },
    ]);
  });

  test('a region the bundled table does not cover: the prices are missing, named, and the exit code is 1', async () => {
    const run = await mldeploy(['cost', '--env', 'prod', '--config', prodInIreland()]);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^prod +iris-sagemaker +sagemaker-instance +eu-west-1 +price missing +price missing/m,
    );
    expect(run.stderr).toBe(
      'price missing: SageMaker hosting ml.c5.xlarge in eu-west-1 (not in the bundled table; try --live)\n' +
        'price missing: Lambda provisioned concurrency (arm64) in eu-west-1 (not in the bundled table; try --live)\n',
    );
  });

  test('--live reads the region’s prices from the Price List API in us-east-1', async () => {
    const calls: Record<string, string>[] = [];
    mocks.pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      const filters = filtersOf(input);
      calls.push({ service: String(input.ServiceCode), ...filters });
      if (input.ServiceCode === 'AmazonSageMaker' && filters.instanceName === 'ml.c5.xlarge') {
        return { PriceList: [product('0.2380000000', 'Hrs')] };
      }
      if (filters.group === 'AWS-Lambda-Provisioned-Concurrency-ARM') {
        return { PriceList: [product('0.0000037200', 'Lambda-GB-Second')] };
      }
      return { PriceList: [] };
    });

    const run = await mldeploy(['cost', '--env', 'prod', '--config', prodInIreland(), '--live', '--json']);

    expect(run.regions).toEqual(['us-east-1']);
    expect(calls).toEqual(
      expect.arrayContaining([
        {
          service: 'AmazonSageMaker',
          regionCode: 'eu-west-1',
          component: 'Hosting',
          instanceName: 'ml.c5.xlarge',
        },
        { service: 'AWSLambda', regionCode: 'eu-west-1', group: 'AWS-Lambda-Provisioned-Concurrency-ARM' },
      ]),
    );
    const [sagemaker, lambda] = JSON.parse(run.stdout).models;
    // 1742.75 instance-hours × $0.238 = $414.7745; 4380 × $0.238 = $1042.44.
    expect([sagemaker.monthlyMinUsd, sagemaker.monthlyMaxUsd]).toEqual([
      expect.closeTo(414.7745, 6),
      expect.closeTo(1042.44, 6),
    ]);
    expect(sagemaker.priceSource).toBe('AWS Price List API');
    // 7,291,800 GB-s × $0.00000372 = $27.125496.
    expect(lambda.monthlyMinUsd).toBeCloseTo(27.125496, 6);
    expect(run.code).toBe(0);
  });

  test('--live: a price the Price List API does not return is reported missing, exit 1', async () => {
    mocks.pricing.on(GetProductsCommand).resolves({ PriceList: [] });

    const run = await mldeploy(['cost', '--env', 'prod', '--live']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('price missing: SageMaker hosting ml.c5.xlarge in us-east-1\n');
    expect(run.stderr).not.toContain('try --live');
  });

  test('--live: products that disagree on the price give no price rather than one of them', async () => {
    mocks.pricing.on(GetProductsCommand).resolves({
      PriceList: [product('0.2040000000', 'Hrs'), product('0.3000000000', 'Hrs')],
    });

    const run = await mldeploy(['cost', '--env', 'prod', '--live', '--json']);

    expect(JSON.parse(run.stdout).models[0].monthlyMinUsd).toBeNull();
    expect(run.code).toBe(1);
  });

  test('an unknown environment is a usage error', async () => {
    const run = await mldeploy(['cost', '--env', 'qa']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --env: /);
  });
});
