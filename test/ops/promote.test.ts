import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DescribeModelPackageCommand,
  DescribeModelPackageOutput,
  ListModelPackagesCommand,
} from '@aws-sdk/client-sagemaker';
import { loadDeploymentConfig } from '../../lib/config';
import { mldeploy, mocks, PROJECT_ROOT, resetMocks, stubAwsClients, tempConfig } from './support';

stubAwsClients();

const GROUP = 'iris';
const ARN_3 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/3';
const ARN_4 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/4';
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.09-py3';
const DATA_3 = 's3://mldeploy-registry/iris/3/model.tar.gz';
const DATA_4 = 's3://mldeploy-registry/iris/4/model.tar.gz';

function modelPackage(
  arn: string,
  extra: Partial<DescribeModelPackageOutput> = {},
): DescribeModelPackageOutput {
  const version = Number(arn.split('/').pop());
  return {
    ModelPackageName: GROUP,
    ModelPackageGroupName: GROUP,
    ModelPackageVersion: version,
    ModelPackageArn: arn,
    ModelPackageStatus: 'Completed',
    ModelPackageStatusDetails: { ValidationStatuses: [] },
    ModelApprovalStatus: 'Approved',
    CreationTime: new Date(0),
    InferenceSpecification: {
      Containers: [{ Image: IMAGE, ModelDataUrl: `s3://mldeploy-registry/iris/${version}/model.tar.gz` }],
      SupportedContentTypes: ['application/json'],
      SupportedResponseMIMETypes: ['application/json'],
    },
    ...extra,
  };
}

function givenLatestApproved(arn: string | undefined) {
  mocks.sageMaker.on(ListModelPackagesCommand).resolves({
    ModelPackageSummaryList: arn
      ? [
          {
            ModelPackageArn: arn,
            CreationTime: new Date(0),
            ModelPackageStatus: 'Completed',
            ModelApprovalStatus: 'Approved',
          },
        ]
      : [],
  });
}

function givenPackage(description: DescribeModelPackageOutput) {
  mocks.sageMaker
    .on(DescribeModelPackageCommand, { ModelPackageName: description.ModelPackageArn })
    .resolves(description);
}

const promote = (config: string, ...more: string[]) =>
  mldeploy([
    'promote',
    '--model',
    'iris-sagemaker',
    '--env',
    'prod',
    '--from-group',
    GROUP,
    '--config',
    config,
    ...more,
  ]);

/** Temporary files are outside the project: shown with their absolute path. */
const rel = (file: string) => file;

let config: string;
let original: string;

beforeEach(() => {
  resetMocks();
  config = tempConfig();
  original = fs.readFileSync(config, 'utf8');
});

describe('promote', () => {
  test('writes the latest approved package of the group into the environment’s artifact', async () => {
    givenLatestApproved(ARN_3);
    givenPackage(modelPackage(ARN_3));

    const run = await promote(config);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(mocks.sageMaker.commandCalls(ListModelPackagesCommand)[0].args[0].input).toEqual({
      ModelPackageGroupName: GROUP,
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 1,
    });
    expect(run.stdout).toBe(
      [
        `promoted model package ${ARN_3} (group iris, version 3, Approved) to iris-sagemaker in prod`,
        `${rel(config)}: models.iris-sagemaker.environments.prod.artifact`,
        '  - path: models/iris/repository   (in effect from models.iris-sagemaker.artifact)',
        `  + modelPackage.arn: ${ARN_3}`,
        `  + modelPackage.modelDataUri: ${DATA_3}`,
        `  + modelPackage.image: ${IMAGE}`,
        `next: review and commit the change (git diff ${rel(config)}), then deploy it: npx cdk deploy 'prod/iris-sagemaker'`,
        '',
      ].join('\n'),
    );
    const prod = loadDeploymentConfig(config, { baseDir: PROJECT_ROOT, environments: ['prod'] })
      .environments[0];
    expect(prod.models.find((m) => m.name === 'iris-sagemaker')!.artifact).toEqual({
      kind: 'modelPackage',
      arn: ARN_3,
      modelDataUri: DATA_3,
      image: IMAGE,
    });
  });

  test('keeps every comment and every other line of the file', async () => {
    givenLatestApproved(ARN_3);
    givenPackage(modelPackage(ARN_3));

    await promote(config);

    const written = fs.readFileSync(config, 'utf8');
    const comments = original.split('\n').filter((line) => line.trimStart().startsWith('#'));
    expect(comments.length).toBeGreaterThan(10);
    for (const comment of comments) expect(written).toContain(comment);
    // The only change is the new entry at the end of models.iris-sagemaker.environments.prod.
    const inserted = [
      '        artifact:',
      '          modelPackage:',
      `            arn: ${ARN_3}`,
      `            modelDataUri: ${DATA_3}`,
      `            image: ${IMAGE}`,
      '',
    ].join('\n');
    expect(written.replace(inserted, '')).toBe(original);
    // The model's other environments still use the local artifact.
    const dev = loadDeploymentConfig(config, { baseDir: PROJECT_ROOT, environments: ['dev'] })
      .environments[0];
    expect(dev.models[0].artifact.kind).toBe('local');
  });

  test('replaces a package promoted before, showing the old one', async () => {
    givenLatestApproved(ARN_3);
    givenPackage(modelPackage(ARN_3));
    await promote(config);
    resetMocks();
    givenLatestApproved(ARN_4);
    givenPackage(modelPackage(ARN_4));

    const run = await promote(config);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 8)).toEqual([
      `${rel(config)}: models.iris-sagemaker.environments.prod.artifact`,
      `  - modelPackage.arn: ${ARN_3}`,
      `  - modelPackage.modelDataUri: ${DATA_3}`,
      `  - modelPackage.image: ${IMAGE}`,
      `  + modelPackage.arn: ${ARN_4}`,
      `  + modelPackage.modelDataUri: ${DATA_4}`,
      `  + modelPackage.image: ${IMAGE}`,
    ]);
    expect(fs.readFileSync(config, 'utf8')).toContain(`            arn: ${ARN_4}\n`);
    expect(fs.readFileSync(config, 'utf8')).not.toContain(ARN_3);
  });

  test('leaves the file alone when the package is already promoted', async () => {
    givenLatestApproved(ARN_3);
    givenPackage(modelPackage(ARN_3));
    await promote(config);
    const promoted = fs.readFileSync(config, 'utf8');

    const run = await promote(config);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `model package ${ARN_3} (group iris, version 3, Approved) is already iris-sagemaker's artifact in prod: ${rel(config)} unchanged\n`,
    );
    expect(fs.readFileSync(config, 'utf8')).toBe(promoted);
  });

  test('takes a given approved package, reading its data from ModelDataSource', async () => {
    givenPackage(
      modelPackage(ARN_4, {
        InferenceSpecification: {
          Containers: [
            {
              Image: IMAGE,
              ModelDataSource: {
                S3DataSource: {
                  S3Uri: 's3://mldeploy-registry/iris/4/',
                  S3DataType: 'S3Prefix',
                  CompressionType: 'None',
                },
              },
            },
          ],
        },
      }),
    );

    const run = await promote(config, '--package-arn', ARN_4, '--json');

    expect(run.code).toBe(0);
    expect(mocks.sageMaker.commandCalls(ListModelPackagesCommand)).toHaveLength(0);
    expect(JSON.parse(run.stdout)).toEqual({
      file: rel(config),
      field: 'models.iris-sagemaker.environments.prod.artifact',
      changed: true,
      package: {
        arn: ARN_4,
        group: 'iris',
        version: 4,
        image: IMAGE,
        modelDataUri: 's3://mldeploy-registry/iris/4/',
      },
      old: { field: 'models.iris-sagemaker.artifact', value: { path: 'models/iris/repository' } },
      new: { modelPackage: { arn: ARN_4, modelDataUri: 's3://mldeploy-registry/iris/4/', image: IMAGE } },
    });
  });

  test('refuses a package that is not approved, naming its status', async () => {
    givenPackage(modelPackage(ARN_4, { ModelApprovalStatus: 'PendingManualApproval' }));

    const run = await promote(config, '--package-arn', ARN_4);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: model package ${ARN_4} is PendingManualApproval, not Approved; only approved packages are promoted\n`,
    );
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  test('refuses a group without an approved package', async () => {
    givenLatestApproved(undefined);

    const run = await promote(config);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: model package group iris has no Approved package; approve one in the Model Registry first\n',
    );
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  test('refuses a package of another group', async () => {
    givenPackage(modelPackage(ARN_4, { ModelPackageGroupName: 'churn' }));

    const run = await promote(config, '--package-arn', ARN_4);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: model package ${ARN_4} belongs to group churn, not iris\n`);
  });

  test('refuses a package without model data', async () => {
    givenPackage(modelPackage(ARN_4, { InferenceSpecification: { Containers: [{ Image: IMAGE }] } }));

    const run = await promote(config, '--package-arn', ARN_4);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: model package ${ARN_4} has no model data in its first inference container (neither ModelDataUrl nor ModelDataSource.S3DataSource.S3Uri)\n`,
    );
  });

  test('refuses a package without an inference container', async () => {
    givenPackage(modelPackage(ARN_4, { InferenceSpecification: undefined }));

    const run = await promote(config, '--package-arn', ARN_4);

    expect(run.stderr).toBe(
      `error: model package ${ARN_4} has no inference container (InferenceSpecification.Containers is empty)\n`,
    );
  });

  test('refuses a model served by Lambda, before calling AWS', async () => {
    const run = await mldeploy([
      'promote',
      '--model',
      'iris-lambda',
      '--env',
      'prod',
      '--from-group',
      GROUP,
      '--config',
      config,
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: model iris-lambda is served by lambda; only models with target: sagemaker can serve a Model Registry package\n',
    );
    expect(mocks.sageMaker.calls()).toHaveLength(0);
  });

  test('refuses a model hosted as an inference component, before calling AWS', async () => {
    const run = await mldeploy([
      'promote',
      '--model',
      'iris',
      '--env',
      'prod',
      '--from-group',
      GROUP,
      '--config',
      path.join(PROJECT_ROOT, 'examples/inference-components.yaml'),
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: model iris is an inference component of shared endpoint shared, which serves an artifact and an image, not a Model Registry package; set its artifact.s3Uri to the package's ModelDataUrl and sagemaker.image.ecrUri to its image\n",
    );
    expect(mocks.sageMaker.calls()).toHaveLength(0);
  });

  test('restores the file when the change would make the config invalid', async () => {
    // An image without a tag or digest is refused by the config schema.
    givenPackage(
      modelPackage(ARN_4, {
        InferenceSpecification: {
          Containers: [
            { Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/triton', ModelDataUrl: DATA_4 },
          ],
        },
      }),
    );

    const run = await promote(config, '--package-arn', ARN_4);

    expect(run.code).toBe(1);
    // The line is where promote wrote the image in the refused text, below the prod block of iris-sagemaker.
    const [message, line] = /^(.*) \(line (\d+)\)\n$/s.exec(run.stderr)!.slice(1);
    expect(message).toBe(
      `error: the change would make ${config} invalid, so the file was restored:\n` +
        `Invalid deployment config (${config}):\n` +
        ' - models.iris-sagemaker.environments.prod.artifact.modelPackage.image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/triton" must be an ECR image URI with a tag or digest',
    );
    expect(Number(line)).toBeGreaterThan(
      original.split('\n').findIndex((text) => text === '  iris-sagemaker:'),
    );
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  test('asks the SageMaker client of the environment’s region', async () => {
    const regional = tempConfig((text) =>
      text.replace('  prod:\n    tags:', '  prod:\n    region: eu-west-1\n    tags:'),
    );
    givenLatestApproved(ARN_3);
    givenPackage(modelPackage(ARN_3));

    const run = await promote(regional);

    expect(run.code).toBe(0);
    expect(run.regions).toEqual(['eu-west-1']);
  });

  test.each([
    [
      ['--model', 'churn', '--env', 'prod'],
      /^error: --model churn is not defined in .*; models: iris-sagemaker, iris-lambda\n$/,
    ],
    [
      ['--model', 'iris-sagemaker', '--env', 'qa'],
      /^error: --env: Unknown environment "qa"; .* defines: dev, staging, prod\n$/,
    ],
  ])('refuses %j as a usage error', async (args, message) => {
    const run = await mldeploy(['promote', ...args, '--from-group', GROUP, '--config', config]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(mocks.sageMaker.calls()).toHaveLength(0);
  });

  test('needs --from-group, or --shadow', async () => {
    const run = await mldeploy(['promote', '--model', 'iris-sagemaker', '--env', 'prod', '--config', config]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: promote needs --from-group <group>, or --shadow\n');
  });
});
