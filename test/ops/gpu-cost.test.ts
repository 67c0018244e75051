import * as path from 'path';
import { loadDeploymentConfig } from '../../lib/config';
import { bundledPrices, estimateCosts } from '../../lib/ops/cost';
import { PROJECT_ROOT } from './support';

/*
 * examples/llm.yaml priced as if its environments were in us-east-1, the region the GPU table records:
 * ml.g5.xlarge $1.408/h (Amazon SageMaker AI pricing, real-time inference). dev: 1 × 730 h × $1.408 = $1,027.84;
 * prod: 2 × 730 h × $1.408 = $2,055.68.
 */
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/llm.yaml'), { baseDir: PROJECT_ROOT });
const estimate = estimateCosts(
  config.environments.flatMap((environment) =>
    environment.models.map((model) => ({ environment: environment.name, region: 'us-east-1', model })),
  ),
  { pricesFor: bundledPrices, defaultRegion: 'us-east-1' },
);
const costOf = (environment: string) => estimate.models.find((m) => m.environment === environment)!;

test('dev: one ml.g5.xlarge all month is $1,027.84', () => {
  expect(costOf('dev').monthlyMinUsd).toBeCloseTo(1027.84, 6);
  expect(costOf('dev').monthlyMaxUsd).toBeCloseTo(1027.84, 6);
});

test('prod: two ml.g5.xlarge all month are $2,055.68, and each canary deploy runs a second fleet', () => {
  const prod = costOf('prod');
  expect(prod.monthlyMaxUsd).toBeCloseTo(2055.68, 6);
  expect(JSON.stringify(prod)).toContain('a second ml.g5.xlarge fleet runs beside the first');
});

test('a GPU type without a checked price is reported missing, not free', () => {
  const prices = bundledPrices('us-east-1');
  expect(prices.sagemakerHostingPerHour['ml.g5.xlarge']).toBe(1.408);
  expect(prices.sagemakerHostingPerHour['ml.p5.48xlarge']).toBeUndefined();
  expect(bundledPrices('eu-west-1').sagemakerHostingPerHour['ml.g5.xlarge']).toBeUndefined();
});
