import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

/** A shadow variant's invalid combinations, as the loader reports them: path, value, what is allowed, line. */

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
const SHADOW = "shadow: { enabled: true, s3Uri: 's3://candidates/churn/2/' }";

function messageOf(text: string): string {
  try {
    parseDeploymentConfig(text, 'shadow.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}

test.each([
  [
    'a shadow beside a serverless variant',
    churn('sagemaker:', '  variant: serverless', `  ${ECR}`, `  ${SHADOW}`),
    ' - models.churn.sagemaker.shadow.enabled: true cannot join a serverless variant: SageMaker runs no shadow variant beside it (shadow test exclusions); drop one of the two',
  ],
  [
    'a shadow on an asynchronous endpoint',
    churn('sagemaker:', '  async: { enabled: true }', `  ${SHADOW}`),
    ' - models.churn.sagemaker.shadow.enabled: true cannot join an asynchronous endpoint (sagemaker.async.enabled)',
  ],
  [
    'a shadow without model data',
    churn('sagemaker:', '  shadow: { enabled: true }'),
    ' - models.churn.sagemaker.shadow.enabled: true needs the challenger’s model data: set sagemaker.shadow.s3Uri (line 9)',
  ],
  [
    'a sampling share above 100',
    churn(
      'sagemaker:',
      "  shadow: { enabled: true, s3Uri: 's3://candidates/churn/2/', samplingPercent: 150 }",
    ),
    ' - models.churn.sagemaker.shadow.samplingPercent',
  ],
])('%s', (_name, text, expected) => {
  expect(messageOf(text)).toContain(expected);
});

test('a shadow on an instance variant loads, on the production instance type unless it names one', () => {
  const config = parseDeploymentConfig(churn('sagemaker:', `  ${SHADOW}`), 'shadow.yaml', {
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
