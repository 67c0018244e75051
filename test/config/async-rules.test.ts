import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { CHURN_ECR_IMAGE, churnYaml, yamlErrorOf } from './fixtures';

/** Asynchronous inference's invalid combinations, as the loader reports them: path, value, what is allowed, line. */

test.each([
  [
    'asynchronous inference on a serverless variant',
    churnYaml('sagemaker:', '  variant: serverless', `  ${CHURN_ECR_IMAGE}`, '  async: { enabled: true }'),
    ' - models.churn.sagemaker.async.enabled: true needs instances (sagemaker.variant): asynchronous requests queue for instances, and a serverless variant has none; drop serverless or asynchronous inference (line 11)',
  ],
  [
    'zero instances on a real-time endpoint',
    churnYaml('scaling: { enabled: true, minInstances: 0, maxInstances: 2 }'),
    ' - models.churn.scaling.minInstances: 0 must be a whole number >= 1: only asynchronous endpoints (sagemaker.async.enabled) scale an instance variant to zero [sagemaker.async.enabled from (built-in default).sagemaker.async.enabled] (line 8)',
  ],
  [
    'an invocations target on an asynchronous endpoint',
    churnYaml(
      'sagemaker: { async: { enabled: true } }',
      'scaling: { enabled: true, minInstances: 0, maxInstances: 2, targetInvocationsPerInstance: 50 }',
    ),
    ' - models.churn.scaling.targetInvocationsPerInstance: 50 cannot drive an asynchronous endpoint: it publishes no InvocationsPerInstance; use targetBacklogPerInstance (line 9)',
  ],
  [
    'a backlog target on a real-time endpoint',
    churnYaml('scaling: { enabled: true, minInstances: 1, maxInstances: 2, targetBacklogPerInstance: 5 }'),
    ' - models.churn.scaling.targetBacklogPerInstance: 5 applies to asynchronous endpoints only (sagemaker.async.enabled); real-time endpoints have no backlog [sagemaker.async.enabled from (built-in default).sagemaker.async.enabled] (line 8)',
  ],
  [
    'a per-instance concurrency above 1000',
    churnYaml('sagemaker: { async: { enabled: true, maxConcurrentInvocationsPerInstance: 2000 } }'),
    ' - models.churn.sagemaker.async.maxConcurrentInvocationsPerInstance',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('an asynchronous endpoint may scale to zero', () => {
  const config = parseDeploymentConfig(
    churnYaml(
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
