import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetProductsCommand, GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mldeploy, mocks, PROJECT_ROOT, resetMocks, stubAwsClients, tempConfig, tempFile } from './support';

stubAwsClients();

beforeEach(resetMocks);

/** The example with prod in another region. */
const prodIn = (region: string) =>
  tempConfig((text) =>
    text.replace(
      '  prod:\n    tags:\n      cost-center: ml-prod\n',
      `  prod:\n    region: ${region}\n    tags:\n      cost-center: ml-prod\n`,
    ),
  );
/** eu-west-1: in the bundled table, without ml.c5.xlarge or Lambda prices. */
const prodInIreland = () => prodIn('eu-west-1');

/** One serverless model, 2048 MB, 10 concurrent, 2 of them provisioned, in `region`. */
const serverlessConfig = (region: string) =>
  tempFile(
    'deployments.yaml',
    [
      'project: acme',
      'environments:',
      `  prod: { region: ${region} }`,
      'models:',
      '  churn:',
      '    target: sagemaker',
      '    artifact: { path: models/iris/repository }',
      '    sagemaker:',
      '      variant: serverless',
      `      image: { ecrUri: 123456789012.dkr.ecr.${region}.amazonaws.com/churn:1 }`,
      '      serverless: { memorySizeMb: 2048, maxConcurrency: 10, provisionedConcurrency: 2 }',
    ].join('\n'),
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

/** The first ```text block after `heading` in a Markdown file of the repository. */
function textBlockAfter(file: string, heading: string): string {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const from = text.indexOf(heading);
  if (from < 0) throw new Error(`${file}: no "${heading}"`);
  const start = text.indexOf('```text\n', from) + '```text\n'.length;
  return text.slice(start, text.indexOf('```', start));
}

/** The environment of a user who has set no AWS region: environments without one are priced in us-east-1. */
const noRegion = () => {
  const env = { ...process.env };
  delete env.AWS_REGION;
  delete env.AWS_DEFAULT_REGION;
  return env;
};

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

  test('the README shows the summary `mldeploy cost` prints for the example', async () => {
    const run = await mldeploy(['cost'], { env: noRegion() });

    const summary = run.stdout.slice(0, run.stdout.indexOf('\n\n') + 1);
    expect(textBlockAfter('README.md', 'What the example costs a month')).toBe(summary);
  });

  test('docs/operations.md shows what `mldeploy cost --env prod` prints for the example', async () => {
    const run = await mldeploy(['cost', '--env', 'prod'], { env: noRegion() });

    expect(textBlockAfter('docs/operations.md', '## Cost: what the config costs a month')).toBe(run.stdout);
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

  test('a region the bundled table does not cover fails before printing, naming it and the regions the table has', async () => {
    const run = await mldeploy(['cost', '--config', prodIn('ap-southeast-2')]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: the bundled price table has no prices for ap-southeast-2 (environment prod); it covers us-east-1, eu-west-1. ' +
        "Run with --live to read the region's prices from the AWS Price List API\n",
    );
    expect(run.regions).toEqual([]);
  });

  test('environments without a region take AWS_REGION; one the table lacks fails and names them all', async () => {
    const run = await mldeploy(['cost'], { env: { ...process.env, AWS_REGION: 'ca-central-1' } });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: the bundled price table has no prices for ca-central-1 \(environments dev, staging, prod\);/,
    );
  });

  test('a type the table lacks in a covered region: the prices are missing, named, and the exit code is 1', async () => {
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

  test('--live asks for the instance type of every variant, the shadow one included', async () => {
    const asked: string[] = [];
    mocks.pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      const { instanceName } = filtersOf(input);
      asked.push(instanceName);
      return {
        PriceList: [product(instanceName === 'ml.m5.large' ? '0.1280000000' : '0.2300000000', 'Hrs')],
      };
    });

    const config = path.join(PROJECT_ROOT, 'examples/shadow.yaml');
    const run = await mldeploy(['cost', '--config', config, '--live', '--json']);

    expect(asked).toEqual(['ml.m5.large', 'ml.c5.xlarge']);
    // 2 × 730 h × $0.128 = $186.88, plus 1 × 730 h × $0.23 = $167.90: $354.78.
    expect(JSON.parse(run.stdout).models[0].monthlyMaxUsd).toBeCloseTo(354.78, 6);
    expect(run.code).toBe(0);
  });

  test('--live reads SageMaker Serverless Inference prices by group and memory size', async () => {
    const calls: Record<string, string>[] = [];
    const rates: Record<string, string> = {
      ServerlessInf: '0.0000448000',
      'ServerlessProvisionedConcurrency-Usage': '0.0000112000',
      'ServerlessProvisionedConcurrency-Duration': '0.0000261000',
    };
    mocks.pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      const filters = filtersOf(input);
      calls.push({ service: String(input.ServiceCode), ...filters });
      const usd = rates[filters.group];
      return { PriceList: usd ? [product(usd, 'seconds')] : [] };
    });

    const run = await mldeploy(['cost', '--config', serverlessConfig('eu-west-1'), '--live', '--json']);

    expect(calls).toEqual(
      Object.keys(rates).map((group) => ({
        service: 'AmazonSageMaker',
        regionCode: 'eu-west-1',
        group,
        memorygb: '2',
      })),
    );
    const [model] = JSON.parse(run.stdout).models;
    // Provisioned concurrency: 2 × 2,628,000 s × $0.0000112 = $58.8672 (minimum).
    // Maximum: $58.8672 + 2 × 2,628,000 × $0.0000261 ($137.1816) + 8 × 2,628,000 × $0.0000448 ($941.8752) = $1,137.924.
    expect([model.monthlyMinUsd, model.monthlyMaxUsd]).toEqual([
      expect.closeTo(58.8672, 6),
      expect.closeTo(1137.924, 6),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  test('--live: a serverless price the API does not return falls back to the bundled figure, with a warning', async () => {
    mocks.pricing.on(GetProductsCommand).resolves({ PriceList: [] });

    const run = await mldeploy(['cost', '--config', serverlessConfig('us-east-1'), '--live', '--json']);

    // The bundled us-east-1 figures: 2 × 2,628,000 × $0.00001 = $52.56; at most
    // $52.56 + 2 × 2,628,000 × $0.0000233 + 8 × 2,628,000 × $0.00004 = $1,015.9848.
    const [model] = JSON.parse(run.stdout).models;
    expect([model.monthlyMinUsd, model.monthlyMaxUsd]).toEqual([
      expect.closeTo(52.56, 6),
      expect.closeTo(1015.9848, 6),
    ]);
    expect(run.stderr).toBe(
      [
        'warning: the AWS Price List API returned no price for SageMaker Serverless Inference 2048 MB in us-east-1: using $0.00004/s from the bundled price table checked 2026-12-01',
        'warning: the AWS Price List API returned no price for SageMaker Serverless Inference provisioned concurrency 2048 MB in us-east-1: using $0.00001/s from the bundled price table checked 2026-12-01',
        'warning: the AWS Price List API returned no price for SageMaker Serverless Inference on provisioned concurrency 2048 MB in us-east-1: using $0.0000233/s from the bundled price table checked 2026-12-01',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
  });

  test('--live: a serverless price neither the API nor the table has is missing, exit 1', async () => {
    mocks.pricing.on(GetProductsCommand).resolves({ PriceList: [] });

    const run = await mldeploy(['cost', '--config', serverlessConfig('ap-southeast-2'), '--live']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      [
        'price missing: SageMaker Serverless Inference provisioned concurrency 2048 MB in ap-southeast-2',
        'price missing: SageMaker Serverless Inference on provisioned concurrency 2048 MB in ap-southeast-2',
        'price missing: SageMaker Serverless Inference 2048 MB in ap-southeast-2',
        '',
      ].join('\n'),
    );
  });

  test('an unknown environment is a usage error', async () => {
    const run = await mldeploy(['cost', '--env', 'qa']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --env: /);
  });
});
