import { parseDeploymentConfig } from '../../lib/config';
import { instanceDemand } from '../../lib/ops/preflight/demand';
import { PROJECT_ROOT } from './support';

// Two models on one shared endpoint of 1–3 ml.m5.xlarge beside a model with its own 2 ml.m5.xlarge (all at once).
const text = [
  'project: acme',
  'environments:',
  '  prod: { region: eu-west-1 }',
  'sharedEndpoints:',
  '  shared: { models: [churn, fraud], instanceType: ml.m5.xlarge, maxInstances: 3 }',
  'models:',
  '  churn: { target: sagemaker, artifact: { path: models/iris/repository } }',
  '  fraud: { target: sagemaker, artifact: { path: models/iris/repository } }',
  '  iris:',
  '    target: sagemaker',
  '    artifact: { path: models/iris/repository }',
  '    sagemaker: { instanceType: ml.m5.xlarge, initialInstanceCount: 2 }',
].join('\n');
const [environment] = parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT }).environments;

test('a shared endpoint asks for its maximum once, and its models ask for nothing of their own', () => {
  expect(instanceDemand(environment.models, environment.sharedEndpoints)).toEqual([
    {
      instanceType: 'ml.m5.xlarge',
      // iris: 2 instances doubled by its blue/green deploy; the shared endpoint: up to 3.
      instances: 4 + 3,
      models: [
        {
          model: 'iris',
          peak: 2,
          why: '×2 while an all-at-once blue/green deploy runs the new fleet beside the old',
        },
        {
          model: 'shared endpoint shared',
          peak: 3,
          why: "managed instance scaling's maximum for churn, fraud",
        },
      ],
    },
  ]);
});
