import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { CHURN_ECR_IMAGE, churnYaml, yamlErrorOf } from './fixtures';

/** Weighted variants' invalid combinations, as the loader reports them: path, value, what is allowed, line. */

test.each([
  [
    'weights that add up to zero',
    churnYaml('sagemaker:', '  weight: 0', '  variants: [{ name: b, weight: 0 }]'),
    ' - models.churn.sagemaker.variants: weights add up to 0: at least one variant (sagemaker.weight or a variant',
  ],
  [
    'a serverless mix',
    churnYaml(
      'sagemaker:',
      '  variant: serverless',
      `  ${CHURN_ECR_IMAGE}`,
      '  variants: [{ name: b, weight: 1 }]',
    ),
    ' - models.churn.sagemaker.variants: cannot join a serverless variant: a serverless endpoint has exactly one production variant',
  ],
  [
    'rolling deployments',
    churnYaml('sagemaker:', '  variants: [{ name: b, weight: 1 }]', 'rollout: { strategy: rolling }'),
    ' - models.churn.rollout.strategy: "rolling"',
  ],
  [
    'a name taken by the first variant',
    churnYaml('sagemaker:', '  variants: [{ name: AllTraffic, weight: 1 }]'),
    ' - models.churn.sagemaker.variants.0.name: "AllTraffic" is taken by another variant of the endpoint; variant names are unique (line 9)',
  ],
  [
    'a shadow beside them',
    churnYaml(
      'sagemaker:',
      '  variants: [{ name: b, weight: 1 }]',
      "  shadow: { enabled: true, s3Uri: 's3://candidates/churn/2/' }",
    ),
    ' - models.churn.sagemaker.variants: cannot share the endpoint with a shadow variant (sagemaker.shadow.enabled)',
  ],
  [
    'a variant range without autoscaling',
    churnYaml('sagemaker:', '  variants: [{ name: b, weight: 1, maxInstances: 3 }]'),
    ' - models.churn.sagemaker.variants.0.maxInstances: needs scaling.enabled: true (it is the variant’s autoscaling range) [scaling.enabled from (built-in default).scaling.enabled] (line 9)',
  ],
  [
    'a variant range that excludes its initial count',
    churnYaml(
      'sagemaker:',
      '  variants: [{ name: b, weight: 1, initialInstanceCount: 3, maxInstances: 2 }]',
      'scaling: { enabled: true, minInstances: 1, maxInstances: 4 }',
    ),
    " - models.churn.sagemaker.variants.0.initialInstanceCount: 3 must be between the variant's minInstances (1) and maxInstances (2) (line 9)",
  ],
  [
    'a variant range whose minimum is above the model’s maximum',
    churnYaml(
      'sagemaker:',
      '  variants: [{ name: b, weight: 1, minInstances: 5 }]',
      'scaling: { enabled: true, minInstances: 1, maxInstances: 4 }',
    ),
    " - models.churn.sagemaker.variants.0.minInstances: the variant's range 5–4 is empty: minInstances must be <= maxInstances (scaling's where the variant sets none) (line 9)",
  ],
  [
    'more rollback alarms than a deployment watches',
    churnYaml(
      'sagemaker:',
      '  variants:',
      ...['b', 'c', 'd', 'e', 'f'].map((name) => `    - { name: ${name}, weight: 1 }`),
    ),
    ' - models.churn.sagemaker.variants: 5 variants give a deployment 12 rollback alarms (2 per production variant), but SageMaker watches at most 10: keep at most 4, or set rollout.autoRollback: false [rollout.autoRollback from (built-in default).rollout.autoRollback] (line 9)',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('a variant range is applied; four variants with automatic rollback are accepted', () => {
  const text = churnYaml(
    'sagemaker:',
    '  variants:',
    '    - { name: b, weight: 1, minInstances: 2, maxInstances: 2, initialInstanceCount: 2 }',
    ...['c', 'd', 'e'].map((name) => `    - { name: ${name}, weight: 1 }`),
    'scaling: { enabled: true, minInstances: 1, maxInstances: 4 }',
  );
  const [model] = parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT }).environments[0].models;
  expect(model.sagemaker.variants[0]).toMatchObject({ minInstances: 2, maxInstances: 2 });
});

test('a variant with its own data beside a model package is refused at its s3Uri', () => {
  const text = [
    'project: acme',
    'environments:',
    '  dev: {}',
    'models:',
    '  churn:',
    '    target: sagemaker',
    '    artifact:',
    '      modelPackage:',
    '        arn: arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3',
    '        modelDataUri: s3://registry/churn/3/model.tar.gz',
    "        image: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn:2'",
    '    sagemaker:',
    "      variants: [{ name: b, weight: 1, s3Uri: 's3://candidates/churn/4/' }]",
  ].join('\n');
  expect(yamlErrorOf(text)).toContain(
    ' - models.churn.sagemaker.variants.0.s3Uri: "s3://candidates/churn/4/" needs an image, and a model package’s image is not known to run other model data',
  );
});
