import { minimalConfig, parse, rejection } from '../fixtures';

const PACKAGE = {
  arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3',
  modelDataUri: 's3://registry-artifacts/churn/3/model.tar.gz',
  image: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn-serving:2',
};

describe('a Model Registry package as the model source', () => {
  test('resolves to a modelPackage artifact for the environment that names it', () => {
    const config = minimalConfig();
    config.models.churn.environments = { prod: { artifact: { modelPackage: PACKAGE } } };
    const resolved = parse(config);
    const churn = (env: string) =>
      resolved.environments.find((e) => e.name === env)!.models.find((m) => m.name === 'churn')!;
    expect(churn('prod').artifact).toEqual({ kind: 'modelPackage', ...PACKAGE });
    // The artifact is replaced whole: dev keeps the repository folder.
    expect(churn('dev').artifact).toEqual({
      kind: 'local',
      path: expect.stringMatching(/models\/iris\/repository$/),
    });
  });

  test('is served by SageMaker only', () => {
    expect(rejection((c) => (c.models.fraud.artifact = { modelPackage: PACKAGE }))).toContain(
      " - models.fraud.artifact.modelPackage: a model package is served by SageMaker (its container runs it); this model's target is lambda",
    );
  });

  test('is one source among path, s3Uri and modelPackage', () => {
    expect(
      rejection((c) => (c.models.churn.artifact = { path: 'models/iris/repository', modelPackage: PACKAGE })),
    ).toContain(' - models.churn.artifact: set only one of path and modelPackage');
  });

  test('takes no sha256', () => {
    expect(
      rejection((c) => (c.models.churn.artifact = { modelPackage: PACKAGE, sha256: 'a'.repeat(64) })),
    ).toContain(
      ' - models.churn.artifact.sha256: is the expected digest of an s3Uri artifact; it does not apply to modelPackage',
    );
  });

  test.each([
    [
      'an unversioned package ARN',
      { ...PACKAGE, arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn' },
      'models.churn.artifact.modelPackage.arn: "arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn" must be a versioned model package ARN like arn:aws:sagemaker:eu-west-1:123456789012:model-package/group/3',
    ],
    [
      'model data outside S3',
      { ...PACKAGE, modelDataUri: 'https://example.com/model.tar.gz' },
      'models.churn.artifact.modelPackage.modelDataUri: "https://example.com/model.tar.gz" must be an S3 URI like s3://bucket/key',
    ],
    [
      'an image without a tag or digest',
      { ...PACKAGE, image: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn-serving' },
      'models.churn.artifact.modelPackage.image: "222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn-serving" must be an ECR image URI with a tag or digest',
    ],
  ])('rejects %s', (_name, modelPackage, message) => {
    expect(rejection((c) => (c.models.churn.artifact = { modelPackage }))).toContain(` - ${message}`);
  });

  test('a missing field is named', () => {
    const withoutImage = { arn: PACKAGE.arn, modelDataUri: PACKAGE.modelDataUri };
    expect(rejection((c) => (c.models.churn.artifact = { modelPackage: withoutImage }))).toContain(
      ' - models.churn.artifact.modelPackage.image: is required',
    );
  });
});
