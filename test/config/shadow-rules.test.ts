import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { CHURN_ECR_IMAGE, churnYaml, yamlErrorOf } from './fixtures';

/** A shadow variant's invalid combinations, as the loader reports them: path, value, what is allowed, line. */

const SHADOW = "shadow: { enabled: true, s3Uri: 's3://candidates/churn/2/' }";

test.each([
  [
    'a shadow beside a serverless variant',
    churnYaml('sagemaker:', '  variant: serverless', `  ${CHURN_ECR_IMAGE}`, `  ${SHADOW}`),
    ' - models.churn.sagemaker.shadow.enabled: true cannot join a serverless variant: SageMaker runs no shadow variant beside it (shadow test exclusions); drop one of the two',
  ],
  [
    'a shadow on an asynchronous endpoint',
    churnYaml('sagemaker:', '  async: { enabled: true }', `  ${SHADOW}`),
    ' - models.churn.sagemaker.shadow.enabled: true cannot join an asynchronous endpoint (sagemaker.async.enabled)',
  ],
  [
    'a shadow without model data',
    churnYaml('sagemaker:', '  shadow: { enabled: true }'),
    ' - models.churn.sagemaker.shadow.enabled: true needs the challenger’s model data: set sagemaker.shadow.s3Uri (line 9)',
  ],
  [
    'a sampling share above 100',
    churnYaml(
      'sagemaker:',
      "  shadow: { enabled: true, s3Uri: 's3://candidates/churn/2/', samplingPercent: 150 }",
    ),
    ' - models.churn.sagemaker.shadow.samplingPercent',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('a shadow on an instance variant loads, on the production instance type unless it names one', () => {
  const config = parseDeploymentConfig(churnYaml('sagemaker:', `  ${SHADOW}`), 'shadow.yaml', {
    baseDir: PROJECT_ROOT,
  });
  const [model] = config.environments[0].models;
  expect(model.sagemaker.shadow).toEqual({
    enabled: true,
    s3Uri: 's3://candidates/churn/2/',
    initialInstanceCount: 1,
    samplingPercent: 10,
  });
});
