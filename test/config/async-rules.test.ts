import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

/** Asynchronous inference's invalid combinations, as the loader reports them: path, value, what is allowed, line. */

/** A SageMaker model `churn` on lines 5–7; its settings follow from line 8. */
const churn = (...lines: string[]) =>
  [
    'project: acme',
    'environments:',
    '  dev: {}',
    'models:',
    '  churn:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    ...lines.map((line) => `    ${line}`),
  ].join('\n');

const ECR = "image: { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' }";

function messageOf(text: string): string {
  try {
    parseDeploymentConfig(text, 'async.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}

test.each([
  [
    'asynchronous inference on a serverless variant',
    churn('sagemaker:', '  variant: serverless', `  ${ECR}`, '  async: { enabled: true }'),
    ' - models.churn.sagemaker.async.enabled: true needs instances (sagemaker.variant): asynchronous requests queue for instances, and a serverless variant has none; drop serverless or asynchronous inference (line 11)',
  ],
  [
    'zero instances on a real-time endpoint',
    churn('scaling: { enabled: true, minInstances: 0, maxInstances: 2 }'),
    ' - models.churn.scaling.minInstances: 0 must be a whole number >= 1: only asynchronous endpoints (sagemaker.async.enabled) scale an instance variant to zero [sagemaker.async.enabled from (built-in default).sagemaker.async.enabled] (line 8)',
  ],
  [
    'an invocations target on an asynchronous endpoint',
    churn(
      'sagemaker: { async: { enabled: true } }',
      'scaling: { enabled: true, minInstances: 0, maxInstances: 2, targetInvocationsPerInstance: 50 }',
    ),
    ' - models.churn.scaling.targetInvocationsPerInstance: 50 cannot drive an asynchronous endpoint: it publishes no InvocationsPerInstance; use targetBacklogPerInstance (line 9)',
  ],
  [
    'a backlog target on a real-time endpoint',
    churn('scaling: { enabled: true, minInstances: 1, maxInstances: 2, targetBacklogPerInstance: 5 }'),
    ' - models.churn.scaling.targetBacklogPerInstance: 5 applies to asynchronous endpoints only (sagemaker.async.enabled); real-time endpoints have no backlog [sagemaker.async.enabled from (built-in default).sagemaker.async.enabled] (line 8)',
  ],
  [
    'a per-instance concurrency above 1000',
    churn('sagemaker: { async: { enabled: true, maxConcurrentInvocationsPerInstance: 2000 } }'),
    ' - models.churn.sagemaker.async.maxConcurrentInvocationsPerInstance',
  ],
])('%s', (_name, text, expected) => {
  expect(messageOf(text)).toContain(expected);
});

test('an asynchronous endpoint may scale to zero', () => {
  const config = parseDeploymentConfig(
    churn(
      'sagemaker: { async: { enabled: true } }',
      'scaling: { enabled: true, minInstances: 0, maxInstances: 2 }',
    ),
    'async.yaml',
    { baseDir: PROJECT_ROOT },
  );
  const [model] = config.environments[0].models;
  expect(model.sagemaker.async.enabled).toBe(true);
  expect(model.scaling.minInstances).toBe(0);
});
