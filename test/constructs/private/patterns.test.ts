import {
  CONNECTION_ARN_PATTERN,
  ECR_IMAGE_URI_PATTERN,
  ecrImageParts,
  MODEL_PACKAGE_ARN_PATTERN,
  PINNED_ECR_IMAGE_URI_PATTERN,
  RESOURCE_NAME_PATTERN,
  S3_URI_PATTERN,
  s3UriParts,
  SAGEMAKER_INSTANCE_TYPE_PATTERN,
  TAG_CHARACTERS_PATTERN,
  TIME_ZONE_NAME_SHAPE,
} from '../../../lib/constructs/private/patterns';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/serving';
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('ECR image URIs', () => {
  test.each([
    IMAGE,
    `${IMAGE}:1.2`,
    `${IMAGE}@${DIGEST}`,
    '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/repo:tag',
  ])('accepts %s', (uri) => expect(ECR_IMAGE_URI_PATTERN.test(uri)).toBe(true));

  test.each([
    ['a public registry', 'public.ecr.aws/team/serving:1'],
    ['an 11-digit account', '12345678901.dkr.ecr.eu-west-1.amazonaws.com/repo:1'],
    ['an uppercase repository', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/Repo:1'],
    ['a short digest', `${IMAGE}@sha256:abc`],
  ])('rejects %s', (_what, uri) => expect(ECR_IMAGE_URI_PATTERN.test(uri)).toBe(false));

  test('a pinned image needs a tag or a digest', () => {
    expect(PINNED_ECR_IMAGE_URI_PATTERN.test(IMAGE)).toBe(false);
    expect(PINNED_ECR_IMAGE_URI_PATTERN.test(`${IMAGE}:1.2`)).toBe(true);
    expect(PINNED_ECR_IMAGE_URI_PATTERN.test(`${IMAGE}@${DIGEST}`)).toBe(true);
  });

  test('the parts of an image are its account, Region and repository, without tag or digest', () => {
    expect(ecrImageParts(`${IMAGE}@${DIGEST}`)).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
      repository: 'team/serving',
    });
    expect(ecrImageParts('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/repo:tag')).toEqual({
      account: '123456789012',
      region: 'cn-north-1',
      repository: 'repo',
    });
    expect(ecrImageParts('public.ecr.aws/team/serving:1')).toBeUndefined();
  });
});

describe('S3 URIs', () => {
  test('name a bucket by S3’s naming rules and a key that is not empty', () => {
    expect(S3_URI_PATTERN.test('s3://my.bucket-1/models/a.onnx')).toBe(true);
    expect(S3_URI_PATTERN.test('s3://my-bucket/')).toBe(false);
    expect(S3_URI_PATTERN.test('s3://ab/key')).toBe(false);
    expect(S3_URI_PATTERN.test('s3://My-Bucket/key')).toBe(false);
    expect(S3_URI_PATTERN.test(`s3://${'b'.repeat(64)}/key`)).toBe(false);
  });

  test('split into bucket and key', () => {
    expect(s3UriParts('s3://my-bucket/models/iris/')).toEqual({ bucket: 'my-bucket', key: 'models/iris/' });
    expect(s3UriParts('https://my-bucket/key')).toBeUndefined();
  });
});

test('SageMaker instance types look like ml.<family>.<size>, hyphenated families included', () => {
  for (const type of ['ml.m5.large', 'ml.g5.2xlarge', 'ml.p6-b200.48xlarge'])
    expect(SAGEMAKER_INSTANCE_TYPE_PATTERN.test(type)).toBe(true);
  for (const type of ['m5.large', 'ml.m5', 'ml.M5.large', 'ml.m5.large.x'])
    expect(SAGEMAKER_INSTANCE_TYPE_PATTERN.test(type)).toBe(false);
});

test('project, environment and model names are lowercase words joined by single hyphens', () => {
  for (const name of ['acme', 'iris-v2', 'a1-b2-c3']) expect(RESOURCE_NAME_PATTERN.test(name)).toBe(true);
  for (const name of ['Acme', '1acme', 'iris--v2', 'iris-', 'iris_v2'])
    expect(RESOURCE_NAME_PATTERN.test(name)).toBe(false);
});

test('a model package ARN is versioned, in any partition', () => {
  expect(
    MODEL_PACKAGE_ARN_PATTERN.test('arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn/3'),
  ).toBe(true);
  expect(
    MODEL_PACKAGE_ARN_PATTERN.test('arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/churn/3'),
  ).toBe(true);
  expect(MODEL_PACKAGE_ARN_PATTERN.test('arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn')).toBe(
    false,
  );
});

test('a connection ARN has the codeconnections or the older codestar-connections service', () => {
  const id = '0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';
  expect(CONNECTION_ARN_PATTERN.test(`arn:aws:codeconnections:eu-west-1:111111111111:connection/${id}`)).toBe(
    true,
  );
  expect(
    CONNECTION_ARN_PATTERN.test(
      `arn:aws-us-gov:codestar-connections:us-gov-west-1:111111111111:connection/${id}`,
    ),
  ).toBe(true);
  expect(CONNECTION_ARN_PATTERN.test(`arn:aws:codecommit:eu-west-1:111111111111:connection/${id}`)).toBe(
    false,
  );
});

test('a time zone is a name, never an offset', () => {
  for (const zone of ['UTC', 'Europe/Paris', 'Etc/GMT+9', 'America/Argentina/Buenos_Aires'])
    expect(TIME_ZONE_NAME_SHAPE.test(zone)).toBe(true);
  for (const zone of ['+01:00', 'Europe/', '/Paris']) expect(TIME_ZONE_NAME_SHAPE.test(zone)).toBe(false);
});

test('tags take Unicode letters, digits, spaces and _ . : / = + - @', () => {
  expect(TAG_CHARACTERS_PATTERN.test('Équipe data/ml = a+b @ 2026_x.y:z-1')).toBe(true);
  expect(TAG_CHARACTERS_PATTERN.test('cost#center')).toBe(false);
});
