import { parseDeploymentConfig } from '../../lib/config';
import { bundledPrices, CostTarget, estimateCosts } from '../../lib/ops/cost';
import { PROJECT_ROOT } from './support';

/*
 * Hand computation: two models share one endpoint of ml.m5.large ($0.115/h in the bundled us-east-1 table), 730 hours
 * a month. dev: 0–2 instances, 0–1,460 instance-hours, $0–$167.90, $0–$83.95 per model. prod: 1–4 instances,
 * 730–2,920 instance-hours, $83.95–$335.80, $41.975–$167.90 per model. The environment total counts the instances once.
 */
const text = [
  'project: acme',
  'environments:',
  '  dev: { region: us-east-1 }',
  '  prod: { region: us-east-1 }',
  'sharedEndpoints:',
  '  shared:',
  '    models: [churn, fraud]',
  '    instanceType: ml.m5.large',
  '    minInstances: 0',
  '    maxInstances: 2',
  '    environments: { prod: { minInstances: 1, maxInstances: 4 } }',
  'defaults:',
  '  sagemaker: { component: { minCopies: 0, maxCopies: 2 } }',
  'models:',
  '  churn: { target: sagemaker, artifact: { path: models/iris/repository } }',
  '  fraud: { target: sagemaker, artifact: { path: models/iris/repository } }',
].join('\n');
const config = parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT });
const targets: CostTarget[] = config.environments.flatMap((environment) =>
  environment.models.map((model) => ({
    environment: environment.name,
    region: environment.region,
    model,
    sharedEndpoint: environment.sharedEndpoints.find((group) => group.models.includes(model.name)),
  })),
);
const estimate = estimateCosts(targets, { pricesFor: bundledPrices, defaultRegion: 'us-east-1' });

test.each([
  ['dev', 0, 83.95, 0, 167.9],
  ['prod', 41.975, 167.9, 83.95, 335.8],
])(
  '%s: each model carries half the shared instances; the environment counts them once',
  (env, min, max, envMin, envMax) => {
    for (const model of ['churn', 'fraud']) {
      const cost = estimate.models.find((m) => m.environment === env && m.model === model)!;
      expect(cost.hosting).toBe('sagemaker-shared');
      expect(cost.monthlyMinUsd).toBeCloseTo(min, 6);
      expect(cost.monthlyMaxUsd).toBeCloseTo(max, 6);
      expect(cost.lines[0].item).toBe('1/2 of shared endpoint shared (ml.m5.large instances)');
    }
    const total = estimate.environments.find((e) => e.environment === env)!;
    expect(total.monthlyMinUsd).toBeCloseTo(envMin, 6);
    expect(total.monthlyMaxUsd).toBeCloseTo(envMax, 6);
  },
);

test('dev may reach zero, but a deploy starts an instance: the note says so', () => {
  const cost = estimate.models.find((m) => m.environment === 'dev' && m.model === 'churn')!;
  expect(cost.notes).toContain(
    'a deploy starts at least 1 instance(s) of shared: every component is created with a copy, and autoscaling reaches zero only afterwards',
  );
});
