import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDeploymentConfig, ResolvedModel } from '../../lib/config';
import {
  averageCapacity,
  BUNDLED_PRICES,
  bundledPrices,
  CostTarget,
  estimateCosts,
  HOURS_PER_MONTH,
  ModelCost,
  uncoveredRegions,
} from '../../lib/ops/cost';
import { EXAMPLE_CONFIG, PROJECT_ROOT } from './support';

/*
 * Hand computation conventions
 * - A month is 730 hours (AWS's convention: 8760 hours a year / 12), 2,628,000 seconds.
 * - Scheduled ranges are weighed over the calendar year 2027: 8760 hours, 261 weekdays (52 whole weeks and a Friday).
 *   A range held 13 hours every weekday (07:00–20:00 local) holds 261 × 13 = 3393 hours of the year, i.e.
 *   730 × 3393 / 8760 = 282.75 hours of a month. Both ends are local times, so daylight saving (which changes on
 *   Sundays in Europe) moves neither.
 * - us-east-1 prices of the bundled table: ml.t2.medium $0.056/h, ml.m5.large $0.115/h, ml.c5.xlarge $0.204/h;
 *   Lambda arm64 provisioned concurrency $0.0000033334/GB-s, x86_64 $0.0000041667/GB-s; SageMaker Serverless
 *   Inference per second at 2048 MB (below).
 */
const config = loadDeploymentConfig(EXAMPLE_CONFIG, { baseDir: PROJECT_ROOT });
const targets: CostTarget[] = config.environments.flatMap((environment) =>
  environment.models.map((model) => ({ environment: environment.name, region: environment.region, model })),
);
const example = estimateCosts(targets, { pricesFor: bundledPrices, defaultRegion: 'us-east-1' });

function modelOf(environment: string, name: string): ResolvedModel {
  return targets.find((t) => t.environment === environment && t.model.name === name)!.model;
}

function costOf(model: ResolvedModel, region = 'us-east-1'): ModelCost {
  return estimateCosts([{ environment: model.environment, region, model }], {
    pricesFor: bundledPrices,
    defaultRegion: 'us-east-1',
  }).models[0];
}

const figures = (m: ModelCost | undefined) => [m?.monthlyMinUsd, m?.monthlyMaxUsd];
const find = (environment: string, model: string) =>
  example.models.find((m) => m.environment === environment && m.model === model);

describe('the example config (config/deployments.yaml) in us-east-1', () => {
  test('a month is 730 hours', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(example.hoursPerMonth).toBe(730);
  });

  test('dev: one ml.t2.medium all month, 730 h × $0.056 = $40.88', () => {
    const [min, max] = figures(find('dev', 'iris-sagemaker'));
    expect(min).toBeCloseTo(40.88, 6);
    expect(max).toBeCloseTo(40.88, 6);
  });

  test('staging: one ml.m5.large all month, 730 h × $0.115 = $83.95', () => {
    const [min, max] = figures(find('staging', 'iris-sagemaker'));
    expect(min).toBeCloseTo(83.95, 6);
    expect(max).toBeCloseTo(83.95, 6);
  });

  test('prod SageMaker: 2 instances, 3 on weekday business hours, up to 6 (ml.c5.xlarge)', () => {
    // Minimum: 2 × 730 + 1 × 282.75 = 1742.75 instance-hours × $0.204 = $355.521.
    // Maximum: 6 × 730 = 4380 instance-hours × $0.204 = $893.52 (both schedules keep the maximum at 6).
    const [min, max] = figures(find('prod', 'iris-sagemaker'));
    expect(min).toBeCloseTo(355.521, 6);
    expect(max).toBeCloseTo(893.52, 6);
  });

  test('prod Lambda: provisioned concurrency 2–10, 4–20 on weekday business hours, 1 GB arm64', () => {
    // Minimum: (2 × 730 + 2 × 282.75) h = 2025.5 h × 3600 s × 1 GB = 7,291,800 GB-s × $0.0000033334 = $24.30618…
    // Maximum: (10 × 730 + 10 × 282.75) h = 10,127.5 h × 3600 = 36,459,000 GB-s × $0.0000033334 = $121.53…
    const [min, max] = figures(find('prod', 'iris-lambda'));
    expect(min).toBeCloseTo(7_291_800 * 0.0000033334, 6);
    expect(max).toBeCloseTo(36_459_000 * 0.0000033334, 6);
  });

  test('dev and staging Lambda: nothing billed by the hour; requests and duration are usage-based', () => {
    for (const environment of ['dev', 'staging']) {
      const lambda = find(environment, 'iris-lambda')!;
      expect(figures(lambda)).toEqual([0, 0]);
      expect(lambda.lines).toEqual([]);
      expect(lambda.usageBased[0]).toMatch(
        /^requests and duration \(1024 MB, arm64\): billed per invocation/,
      );
    }
  });

  test('environment totals add their models', () => {
    const prod = example.environments.find((e) => e.environment === 'prod')!;
    expect(prod.monthlyMinUsd).toBeCloseTo(355.521 + 7_291_800 * 0.0000033334, 6);
    expect(prod.monthlyMaxUsd).toBeCloseTo(893.52 + 36_459_000 * 0.0000033334, 6);
    expect(example.environments.map((e) => e.environment)).toEqual(['dev', 'staging', 'prod']);
  });

  test('prod data capture and the second fleet of each deploy are listed as usage-based; the missing region is stated', () => {
    const prod = find('prod', 'iris-sagemaker')!;
    expect(prod.usageBased).toEqual([
      'data capture (20% of requests written to the capture bucket): S3 requests and storage grow with traffic',
      'each deploy (blue/green): a second ml.c5.xlarge fleet runs beside the first for the traffic shift, 10 min baking and 0 min termination wait',
    ]);
    expect(prod.notes).toContain('environment prod sets no region: priced in us-east-1');
  });
});

describe('scheduled ranges', () => {
  test('dev at zero outside working hours: 1 instance 08:00–18:00 on weekdays, 0 otherwise', () => {
    // 261 weekdays × 10 h = 2610 h of 8760 at 1 instance: 730 × 2610 / 8760 = 217.5 instance-hours a month.
    // The year starts (Friday 1 January 00:00) at 0: Thursday evening's action is still in force.
    const capacity = averageCapacity({ min: 1, max: 1 }, [
      {
        name: 'day',
        schedule: 'cron(0 8 ? * MON-FRI *)',
        timezone: 'Europe/Paris',
        range: { min: 1, max: 2 },
      },
      {
        name: 'night',
        schedule: 'cron(0 18 ? * MON-FRI *)',
        timezone: 'Europe/Paris',
        range: { min: 0, max: 0 },
      },
    ]);
    expect(capacity.min * 730).toBeCloseTo(217.5, 9);
    expect(capacity.max * 730).toBeCloseTo(435, 9);
  });

  test('a lower count at night: 4 from 06:00 UTC, 1 from 22:00 UTC every day', () => {
    // 16 h at 4 and 8 h at 1 every day: (16 × 4 + 8 × 1) / 24 = 3 instances on average.
    const capacity = averageCapacity({ min: 2, max: 8 }, [
      { name: 'day', schedule: 'cron(0 6 * * ? *)', range: { min: 4, max: 8 } },
      { name: 'night', schedule: 'cron(0 22 * * ? *)', range: { min: 1, max: 2 } },
    ]);
    expect(capacity.min).toBeCloseTo(3, 9);
    expect(capacity.max).toBeCloseTo((16 * 8 + 8 * 2) / 24, 9);
  });

  test('a rate schedule holds its range all the time; a one-time at() action is left out and named', () => {
    const capacity = averageCapacity({ min: 2, max: 4 }, [
      { name: 'steady', schedule: 'rate(6 hours)', range: { min: 3, max: 5 } },
      { name: 'launch', schedule: 'at(2027-03-01T09:00:00)', range: { min: 10, max: 10 } },
    ]);
    expect([capacity.min, capacity.max]).toEqual([3, 5]);
    expect(capacity.oneTimeSchedules).toEqual(['launch']);
  });

  test('the last day of each month (L): 12 days of 24 h at the higher count', () => {
    // From 00:00 on each month's last day to 00:00 on the 1st: 12 × 24 = 288 h of 8760 at 3, the rest at 1.
    const capacity = averageCapacity({ min: 1, max: 1 }, [
      { name: 'month-end', schedule: 'cron(0 0 L * ? *)', range: { min: 3, max: 3 } },
      { name: 'month-start', schedule: 'cron(0 0 1 * ? *)', range: { min: 1, max: 1 } },
    ]);
    expect(capacity.min).toBeCloseTo(1 + (2 * 288) / 8760, 9);
  });

  test('the first Monday of each month (MON#1): 12 days of 24 h at the higher count', () => {
    // From 00:00 on each first Monday to 00:00 the next day: 12 × 24 = 288 h of 8760 at 5, the rest at 1.
    const capacity = averageCapacity({ min: 1, max: 1 }, [
      { name: 'up', schedule: 'cron(0 0 ? * MON#1 *)', range: { min: 5, max: 5 } },
      { name: 'down', schedule: 'cron(0 0 ? * TUE *)', range: { min: 1, max: 1 } },
    ]);
    expect(capacity.min).toBeCloseTo(1 + (4 * 288) / 8760, 9);
  });
});

describe('SageMaker Serverless Inference', () => {
  /*
   * us-east-1, 2048 MB, per second (AWS Price List, product family ML Serverless): on demand $0.00004
   * (ServerlessInf:Mem-2GB), provisioned concurrency $0.00001 (ProvisionedConcurrency:Usage-2GB), inference on
   * provisioned concurrency $0.0000233 (ProvisionedConcurrency:Mem-2GB). A month is 2,628,000 s.
   */
  const prodSageMaker = modelOf('prod', 'iris-sagemaker');
  const serverless = (
    provisionedConcurrency: number,
    options: {
      memorySizeMb?: number;
      maxConcurrency?: number;
      scaling?: Partial<ResolvedModel['scaling']>;
    } = {},
  ): ResolvedModel => ({
    ...prodSageMaker,
    sagemaker: {
      ...prodSageMaker.sagemaker,
      variant: 'serverless',
      serverless: {
        memorySizeMb: options.memorySizeMb ?? 2048,
        maxConcurrency: options.maxConcurrency ?? 10,
        provisionedConcurrency,
      },
    },
    // The example's schedules are instance ranges, which a serverless variant refuses.
    scaling: { ...prodSageMaker.scaling, enabled: false, schedules: [], ...options.scaling },
  });
  const lineFigures = (cost: ModelCost) => cost.lines.map((l) => [l.item, l.minUsd, l.maxUsd]);

  test('without provisioned concurrency: $0 at least, every slot busy all month on demand at most', () => {
    // 10 concurrent × 2,628,000 s × $0.00004/s = $1,051.20.
    const cost = costOf(serverless(0));
    expect(cost.hosting).toBe('sagemaker-serverless');
    expect(figures(cost)).toEqual([0, expect.closeTo(1051.2, 6)]);
    expect(cost.lines.map((l) => l.item)).toEqual(['serverless compute (2048 MB)']);
    expect(cost.missingPrices).toEqual([]);
  });

  test('2 provisioned of 10: the provisioned concurrency is billed all month, the rest is usage', () => {
    // Provisioned concurrency: 2 × 2,628,000 s × $0.00001 = $52.56, minimum and maximum.
    // Served by it, at most: 2 × 2,628,000 s × $0.0000233 = $122.4648.
    // The other 8 slots on demand, at most: 8 × 2,628,000 s × $0.00004 = $840.96.
    // Minimum $52.56; maximum $52.56 + $122.4648 + $840.96 = $1,015.9848.
    const cost = costOf(serverless(2));
    expect(lineFigures(cost)).toEqual([
      ['serverless provisioned concurrency (2048 MB)', expect.closeTo(52.56, 6), expect.closeTo(52.56, 6)],
      ['serverless compute on provisioned concurrency (2048 MB)', 0, expect.closeTo(122.4648, 6)],
      ['serverless compute (2048 MB)', 0, expect.closeTo(840.96, 6)],
    ]);
    expect(figures(cost)).toEqual([expect.closeTo(52.56, 6), expect.closeTo(1015.9848, 6)]);
    expect(cost.lines[0].basis).toBe('2 × 2,628,000 s × $0.00001/s, billed while configured');
    expect(cost.missingPrices).toEqual([]);
  });

  test('autoscaled provisioned concurrency 1–4: the minimum is the range’s low end, the maximum its high end', () => {
    // Provisioned concurrency: 1 × 2,628,000 × $0.00001 = $26.28 … 4 × 2,628,000 × $0.00001 = $105.12.
    // Maximum: $105.12 + 4 × 2,628,000 × $0.0000233 ($244.9296) + 6 × 2,628,000 × $0.00004 ($630.72) = $980.7696.
    const cost = costOf(
      serverless(1, {
        scaling: { enabled: true, minProvisionedConcurrency: 1, maxProvisionedConcurrency: 4 },
      }),
    );
    expect(figures(cost)).toEqual([expect.closeTo(26.28, 6), expect.closeTo(980.7696, 6)]);
    expect(cost.lines[0].basis).toBe('1–4 × 2,628,000 s × $0.00001/s, billed while configured');
  });

  test('every slot provisioned: no on-demand slot, so no on-demand price is needed', () => {
    // 5 × 2,628,000 × $0.00001 = $131.40; at most + 5 × 2,628,000 × $0.0000233 = $306.162 → $437.562.
    const cost = costOf(serverless(5, { maxConcurrency: 5 }));
    expect(figures(cost)).toEqual([expect.closeTo(131.4, 6), expect.closeTo(437.562, 6)]);
    expect(cost.lines[2]).toMatchObject({ item: 'serverless compute (2048 MB)', minUsd: 0, maxUsd: 0 });
  });

  test('a memory size the table has no provisioned-concurrency price for: missing, named, never scaled from another size', () => {
    // 1024 MB has only its on-demand price ($0.00002/s) in the table.
    const cost = costOf(serverless(2, { memorySizeMb: 1024 }));
    expect(figures(cost)).toEqual([null, null]);
    expect(cost.missingPrices).toEqual([
      'SageMaker Serverless Inference provisioned concurrency 1024 MB in us-east-1',
      'SageMaker Serverless Inference on provisioned concurrency 1024 MB in us-east-1',
    ]);
    // 8 on-demand slots × 2,628,000 s × $0.00002 = $420.48: that line is still known.
    expect(cost.lines[2].maxUsd).toBeCloseTo(420.48, 6);
  });

  test('provisioned concurrency on a schedule: each range weighed by the hours it holds', () => {
    // 1–2 provisioned, 3–4 on weekdays 07:00–20:00 Paris time: 282.75 of a month's 730 hours.
    // Provisioned concurrency: minimum 1 × 2,628,000 s + 2 more × 282.75 h × 3600 s = 4,663,800 s × $0.00001
    // = $46.638; maximum 2 × 2,628,000 s + 2 × 1,017,900 s = 7,291,800 s × $0.00001 = $72.918.
    // Served by it, at most: 7,291,800 s × $0.0000233 = $169.89894.
    // On demand, at most: 10 × 2,628,000 s − 7,291,800 s = 18,988,200 s × $0.00004 = $759.528.
    // Minimum $46.638; maximum $72.918 + $169.89894 + $759.528 = $1,002.34494.
    const weekday = (name: string, hour: number, min: number, max: number) => ({
      name,
      schedule: `cron(0 ${hour} ? * MON-FRI *)`,
      timezone: 'Europe/Paris',
      minProvisionedConcurrency: min,
      maxProvisionedConcurrency: max,
    });
    const cost = costOf(
      serverless(1, {
        scaling: {
          enabled: true,
          minProvisionedConcurrency: 1,
          maxProvisionedConcurrency: 2,
          schedules: [weekday('business-hours', 7, 3, 4), weekday('evening', 20, 1, 2)],
        },
      }),
    );
    expect(lineFigures(cost)).toEqual([
      ['serverless provisioned concurrency (2048 MB)', expect.closeTo(46.638, 6), expect.closeTo(72.918, 6)],
      ['serverless compute on provisioned concurrency (2048 MB)', 0, expect.closeTo(169.89894, 6)],
      ['serverless compute (2048 MB)', 0, expect.closeTo(759.528, 6)],
    ]);
    expect(figures(cost)).toEqual([expect.closeTo(46.638, 6), expect.closeTo(1002.34494, 6)]);
    expect(cost.lines[0].basis).toBe(
      '1.77–2.77 × 2,628,000 s × $0.00001/s, billed while configured (average over the schedules)',
    );
  });
});

describe('regions', () => {
  test('a region the bundled table does not cover fails, naming the region and the regions it has', () => {
    expect(() => costOf(modelOf('prod', 'iris-lambda'), 'ap-southeast-2')).toThrow(
      "the bundled price table has no prices for ap-southeast-2; it covers us-east-1, eu-west-1. Run with --live to read the region's prices from the AWS Price List API",
    );
  });

  test('every region the example config and the examples use is in the bundled table', () => {
    const files = [
      EXAMPLE_CONFIG,
      ...fs
        .readdirSync(path.join(PROJECT_ROOT, 'examples'))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => path.join(PROJECT_ROOT, 'examples', name)),
    ];
    const regions = files.flatMap((file) =>
      loadDeploymentConfig(file, { baseDir: PROJECT_ROOT }).environments.map((e) => e.region ?? 'us-east-1'),
    );
    expect(new Set(regions)).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(uncoveredRegions([...new Set(regions)])).toEqual([]);
  });

  test('every figure of the table names its source, and every source its date and page', () => {
    const table = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'lib/ops/cost/prices.json'), 'utf8'));
    const figures: { usd: number; source: string }[] = [];
    const collect = (node: unknown): void => {
      if (node && typeof node === 'object') {
        if ('usd' in node) figures.push(node as { usd: number; source: string });
        else Object.values(node).forEach(collect);
      }
    };
    collect(table.regions);
    expect(figures.length).toBeGreaterThan(10);
    for (const figure of figures) {
      expect(figure.usd).toBeGreaterThan(0);
      expect(Object.keys(BUNDLED_PRICES.sources)).toContain(figure.source);
    }
    for (const source of Object.values(BUNDLED_PRICES.sources)) {
      expect(source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(source.url).toMatch(/^https:\/\//);
    }
  });

  test('eu-west-1 prices come from an older bill, and the source says when', () => {
    expect(bundledPrices('eu-west-1').source).toBe(
      'bundled price table checked 2026-12-01; some prices as of 2023-12',
    );
    expect(bundledPrices('us-east-1').source).toBe('bundled price table checked 2026-12-01');
  });

  test('a type the region’s table lacks is missing there, never priced from another region', () => {
    // ml.c5.xlarge has a us-east-1 price ($0.204/h) but none for eu-west-1.
    const cost = costOf(modelOf('prod', 'iris-sagemaker'), 'eu-west-1');
    expect(figures(cost)).toEqual([null, null]);
    expect(cost.missingPrices).toEqual(['SageMaker hosting ml.c5.xlarge in eu-west-1']);
  });
});

describe('examples/inference-components.yaml in eu-west-1', () => {
  /*
   * Two models share one ml.m5.xlarge endpoint, $0.257/h in eu-west-1. dev: 0–2 instances, 0–1,460 instance-hours,
   * $0–$375.22, half each: $0–$187.61. prod: 1–4 instances, 730–2,920 instance-hours, $187.61–$750.44, half each:
   * $93.805–$375.22.
   */
  const file = path.join(PROJECT_ROOT, 'examples/inference-components.yaml');
  const components = loadDeploymentConfig(file, { baseDir: PROJECT_ROOT });
  const estimate = estimateCosts(
    components.environments.flatMap((environment) =>
      environment.models.map((model) => ({
        environment: environment.name,
        region: environment.region,
        model,
        sharedEndpoint: environment.sharedEndpoints.find((group) => group.models.includes(model.name)),
      })),
    ),
    { pricesFor: bundledPrices, defaultRegion: 'us-east-1' },
  );

  test.each([
    ['dev', 0, 187.61, 0, 375.22],
    ['prod', 93.805, 375.22, 187.61, 750.44],
  ])('%s: each model carries half the instances', (environment, min, max, totalMin, totalMax) => {
    for (const model of estimate.models.filter((m) => m.environment === environment)) {
      expect(model.region).toBe('eu-west-1');
      expect(figures(model)).toEqual([expect.closeTo(min, 6), expect.closeTo(max, 6)]);
    }
    const total = estimate.environments.find((e) => e.environment === environment)!;
    expect([total.monthlyMinUsd, total.monthlyMaxUsd]).toEqual([
      expect.closeTo(totalMin, 6),
      expect.closeTo(totalMax, 6),
    ]);
  });
});

describe('Lambda provisioned concurrency', () => {
  const lambda = modelOf('dev', 'iris-lambda');

  test('a fixed amount is billed all month: 3 × 2 GB × 2,628,000 s × $0.0000041667 (x86_64) = $65.70', () => {
    const model: ResolvedModel = {
      ...lambda,
      lambda: {
        ...lambda.lambda,
        architecture: 'x86_64',
        memoryMb: 2048,
        provisionedConcurrency: {
          ...lambda.lambda.provisionedConcurrency,
          min: 3,
          max: undefined,
          schedules: [],
        },
      },
    };
    const cost = costOf(model);
    expect(figures(cost)).toEqual([expect.closeTo(15_768_000 * 0.0000041667, 6), expect.closeTo(65.7, 2)]);
    expect(cost.lines[0].item).toBe('provisioned concurrency (2048 MB, x86_64)');
  });
});
