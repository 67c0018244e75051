import * as path from 'path';
import { loadDeploymentConfig } from '../../lib/config';
import { bundledPrices, estimateCosts, ModelCost } from '../../lib/ops/cost';
import { PROJECT_ROOT, stubAwsClients } from './support';

stubAwsClients();

/*
 * The shadow and A/B examples, priced as if their environments were in us-east-1 (the bundled table has ml.m5.large
 * at $0.115/h and ml.c5.xlarge at $0.204/h there); a month is 730 hours. Each variant is billed for its own instances.
 */
function costOf(example: string, environment?: string): ModelCost {
  const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples', example), {
    baseDir: PROJECT_ROOT,
  });
  const targets = config.environments.flatMap((environment) =>
    environment.models.map((model) => ({ environment: environment.name, region: 'us-east-1', model })),
  );
  const { models } = estimateCosts(targets, { pricesFor: bundledPrices, defaultRegion: 'us-east-1' });
  return models.find((m) => environment === undefined || m.environment === environment)!;
}

const lineFigures = (cost: ModelCost) => cost.lines.map((l) => [l.item, l.minUsd, l.maxUsd]);

test('shadow.yaml: 2 production ml.m5.large and 1 shadow ml.c5.xlarge all month', () => {
  // Production: 2 × 730 h = 1,460 h × $0.115 = $167.90. Shadow: 1 × 730 h × $0.204 = $148.92. Total $316.82.
  const cost = costOf('shadow.yaml');
  expect(lineFigures(cost)).toEqual([
    ['ml.m5.large instances', expect.closeTo(167.9, 6), expect.closeTo(167.9, 6)],
    ['shadow variant: ml.c5.xlarge instances', expect.closeTo(148.92, 6), expect.closeTo(148.92, 6)],
  ]);
  expect([cost.monthlyMinUsd, cost.monthlyMaxUsd]).toEqual([
    expect.closeTo(316.82, 6),
    expect.closeTo(316.82, 6),
  ]);
  expect(cost.lines[1].basis).toBe('730–730 instance-hours × $0.204/h (1 instance, no autoscaling)');
});

test('ab-variants.yaml: the first variant autoscales 1–4, ModelB within its own 1–2', () => {
  // First variant: 730–2,920 instance-hours × $0.115 = $83.95–$335.80.
  // ModelB: 730–1,460 instance-hours × $0.115 = $83.95–$167.90. Total $167.90–$503.70.
  const cost = costOf('ab-variants.yaml');
  expect(lineFigures(cost)).toEqual([
    ['ml.m5.large instances', expect.closeTo(83.95, 6), expect.closeTo(335.8, 6)],
    ['variant ModelB: ml.m5.large instances', expect.closeTo(83.95, 6), expect.closeTo(167.9, 6)],
  ]);
  expect([cost.monthlyMinUsd, cost.monthlyMaxUsd]).toEqual([
    expect.closeTo(167.9, 6),
    expect.closeTo(503.7, 6),
  ]);
});

test('a shadow variant without a price of its own makes the total unknown, and names the type once', () => {
  const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/shadow.yaml'), {
    baseDir: PROJECT_ROOT,
  });
  const model = config.environments[0].models[0];
  const cost = estimateCosts(
    [
      {
        environment: 'prod',
        region: 'us-east-1',
        model: {
          ...model,
          sagemaker: {
            ...model.sagemaker,
            shadow: { ...model.sagemaker.shadow, instanceType: 'ml.r5.large' },
          },
        },
      },
    ],
    { pricesFor: bundledPrices, defaultRegion: 'us-east-1' },
  ).models[0];
  expect(cost.lines[0].minUsd).toBeCloseTo(167.9, 6);
  expect([cost.monthlyMinUsd, cost.monthlyMaxUsd]).toEqual([null, null]);
  expect(cost.missingPrices).toEqual(['SageMaker hosting ml.r5.large in us-east-1']);
});

describe('async.yaml: backlog autoscaling down to zero', () => {
  test('dev: 0–4 ml.m5.large, $0 at least, 2,920 instance-hours × $0.115 = $335.80 at most', () => {
    const cost = costOf('async.yaml', 'dev');
    expect([cost.monthlyMinUsd, cost.monthlyMaxUsd]).toEqual([0, expect.closeTo(335.8, 6)]);
    expect(cost.notes).toContain(
      'a deploy starts 1 instance(s) (sagemaker.initialInstanceCount): autoscaling takes the fleet to zero only afterwards',
    );
  });

  test('prod: one instance 07:00–19:00 on weekdays, zero otherwise', () => {
    // 261 weekdays × 12 h = 3,132 h of 8,760: 730 × 3,132 / 8,760 = 261 instance-hours × $0.115 = $30.015.
    const cost = costOf('async.yaml', 'prod');
    expect([cost.monthlyMinUsd, cost.monthlyMaxUsd]).toEqual([
      expect.closeTo(30.015, 6),
      expect.closeTo(335.8, 6),
    ]);
  });
});

test('a fleet that never reaches zero has no such note', () => {
  expect(costOf('ab-variants.yaml').notes).toEqual([]);
});
