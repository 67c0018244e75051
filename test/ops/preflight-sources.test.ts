import { BatchGetImageCommand } from '@aws-sdk/client-ecr';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, ListMonitoringSchedulesCommand } from '@aws-sdk/client-sagemaker';
import { awsError, mocks, resetMocks, stubAwsClients, tempConfig } from './support';
import { ACCOUNT, givenHealthyAccount, linesOf, preflightJson } from './preflight-support';

stubAwsClients();

const NO_ASSEMBLY = ['--assembly', 'no-such-assembly'];
const TRITON = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.09-py3';
const PACKAGE = `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:model-package/iris/7`;
const PACKAGE_DATA = `s3://ml-registry-${ACCOUNT}/iris/7/model.tar.gz`;
const PACKAGE_IMAGE = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/iris-triton:24.09-py3`;

beforeEach(() => {
  resetMocks();
  givenHealthyAccount();
});

/** iris-sagemaker served in staging from a Model Registry package. */
const packagedStaging = () =>
  tempConfig((text) =>
    text.replace(
      '    environments:\n      prod:\n        sagemaker:\n',
      `    environments:\n      staging:\n        artifact:\n          modelPackage:\n            arn: ${PACKAGE}\n            modelDataUri: ${PACKAGE_DATA}\n            image: ${PACKAGE_IMAGE}\n      prod:\n        sagemaker:\n`,
    ),
  );

describe('preflight: images', () => {
  test("looks the Triton image up in the region's registry account", async () => {
    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'image')).toEqual([
      { check: 'image', subject: 'iris-sagemaker', status: 'pass', message: `${TRITON} exists` },
    ]);
    expect(mocks.ecr.commandCalls(BatchGetImageCommand)[0].args[0].input).toEqual({
      registryId: '763104351884',
      repositoryName: 'sagemaker-tritonserver',
      imageIds: [{ imageTag: '24.09-py3' }],
    });
  });

  test('fails an image the registry does not have', async () => {
    mocks.ecr.on(BatchGetImageCommand).resolves({
      images: [],
      failures: [
        {
          imageId: { imageTag: '24.09-py3' },
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found',
        },
      ],
    });

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'image')[0]).toMatchObject({
      status: 'fail',
      message: `${TRITON}: ImageNotFound; push the image or change sagemaker.image.triton`,
    });
  });

  test('fails an image in another region without asking ECR', async () => {
    const config = tempConfig((text) =>
      text.replace("triton: '24.09'", `ecrUri: ${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/iris:3`),
    );

    const run = await preflightJson(['--env', 'prod', '--config', config, ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'image')[0]).toEqual({
      check: 'image',
      subject: 'iris-sagemaker',
      status: 'fail',
      message: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/iris:3 is in us-east-1, the endpoint in eu-west-1: SageMaker pulls images from its own region; copy the image to eu-west-1 and change sagemaker.image.ecrUri`,
    });
    expect(mocks.ecr.commandCalls(BatchGetImageCommand)).toHaveLength(0);
  });

  test("looks an LLM image up in its own repository of the region's registry account", async () => {
    const config = tempConfig((text) =>
      text
        .replace("triton: '24.09'", "lmi: '0.30.0'")
        .replace(/instanceType: ml\.\w+\.\w+/g, 'instanceType: ml.g5.xlarge'),
    );

    const run = await preflightJson(['--env', 'prod', '--config', config, ...NO_ASSEMBLY]);

    expect(run.stderr).toBe('');
    expect(linesOf(run.checks, 'image')[0]).toMatchObject({
      status: 'pass',
      message: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/djl-inference:0.30.0-lmi12.0.0-cu124 exists',
    });
    expect(mocks.ecr.commandCalls(BatchGetImageCommand)[0].args[0].input).toEqual({
      registryId: '763104351884',
      repositoryName: 'djl-inference',
      imageIds: [{ imageTag: '0.30.0-lmi12.0.0-cu124' }],
    });
  });

  test('fails an image whose repository does not exist, and looks a digest up by digest', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const config = tempConfig((text) =>
      text.replace(
        "triton: '24.09'",
        `ecrUri: ${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/iris@${digest}`,
      ),
    );
    mocks.ecr
      .on(BatchGetImageCommand)
      .rejects(
        awsError('RepositoryNotFoundException', "The repository with name 'team/iris' does not exist"),
      );

    const run = await preflightJson(['--env', 'prod', '--config', config, ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'image')[0].message).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/iris@${digest}: RepositoryNotFound; push the image or change sagemaker.image.ecrUri`,
    );
    expect(mocks.ecr.commandCalls(BatchGetImageCommand)[0].args[0].input.imageIds).toEqual([
      { imageDigest: digest },
    ]);
  });
});

describe('preflight: artifacts', () => {
  test('passes an Approved package whose model data exists, and checks its image', async () => {
    mocks.sageMaker
      .on(DescribeModelPackageCommand)
      .resolves({ ModelPackageArn: PACKAGE, ModelApprovalStatus: 'Approved' } as any);
    mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 1024 });

    const run = await preflightJson(['--env', 'staging', '--config', packagedStaging(), ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'artifact')).toEqual([
      {
        check: 'artifact',
        subject: 'iris-sagemaker',
        status: 'pass',
        message: `model package ${PACKAGE} is Approved`,
      },
      { check: 'artifact', subject: 'iris-sagemaker', status: 'pass', message: `${PACKAGE_DATA} exists` },
    ]);
    expect(mocks.s3.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({
      Bucket: `ml-registry-${ACCOUNT}`,
      Key: 'iris/7/model.tar.gz',
    });
    expect(mocks.ecr.commandCalls(BatchGetImageCommand)[0].args[0].input).toMatchObject({
      registryId: ACCOUNT,
      repositoryName: 'iris-triton',
    });
  });

  test('fails a package that is not Approved and model data that does not exist', async () => {
    mocks.sageMaker
      .on(DescribeModelPackageCommand)
      .resolves({ ModelPackageArn: PACKAGE, ModelApprovalStatus: 'PendingManualApproval' } as any);
    mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'UnknownError', 404));

    const run = await preflightJson(['--env', 'staging', '--config', packagedStaging(), ...NO_ASSEMBLY]);

    expect(run.code).toBe(1);
    expect(linesOf(run.checks, 'artifact').map((c) => [c.status, c.message])).toEqual([
      [
        'fail',
        `model package ${PACKAGE} is PendingManualApproval, not Approved; approve it in the Model Registry or point artifact.modelPackage at an approved one (mldeploy promote)`,
      ],
      ['fail', `${PACKAGE_DATA} does not exist; upload it or change artifact.modelPackage.modelDataUri`],
    ]);
  });

  test('warns when S3 refuses to say whether the object exists', async () => {
    mocks.sageMaker.on(DescribeModelPackageCommand).resolves({ ModelApprovalStatus: 'Approved' } as any);
    mocks.s3.on(HeadObjectCommand).rejects(awsError('Forbidden', 'UnknownError', 403));

    const run = await preflightJson(['--env', 'staging', '--config', packagedStaging(), ...NO_ASSEMBLY]);

    expect(run.code).toBe(0);
    expect(linesOf(run.checks, 'artifact')[1]).toMatchObject({ status: 'warn' });
    expect(linesOf(run.checks, 'artifact')[1].message).toBe(
      `not checked: s3:GetObject on arn:aws:s3:::ml-registry-${ACCOUNT}/iris/7/model.tar.gz was denied (or the object is missing and s3:ListBucket is not granted); grant s3:GetObject to the role that runs preflight`,
    );
  });

  test('checks that an s3Uri folder holds objects', async () => {
    const config = tempConfig((text) =>
      text.replace(
        '      path: models/iris/repository\n',
        '      s3Uri: s3://team-models/iris/repository/\n',
      ),
    );
    mocks.s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });

    const run = await preflightJson(['--env', 'prod', '--config', config, ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'artifact')).toEqual([
      {
        check: 'artifact',
        subject: 'iris-sagemaker',
        status: 'fail',
        message: 's3://team-models/iris/repository/ does not exist; upload it or change artifact.s3Uri',
      },
    ]);
    expect(mocks.s3.commandCalls(ListObjectsV2Command)[0].args[0].input).toEqual({
      Bucket: 'team-models',
      Prefix: 'iris/repository/',
      MaxKeys: 1,
    });
  });
});

describe('preflight: Model Monitor', () => {
  const monitoredProd = () =>
    tempConfig((text) =>
      text.replace(
        '          dataCapture:\n            enabled: true\n',
        '          monitoring: { enabled: true, baselinePath: models/iris/baseline }\n          dataCapture:\n            enabled: true\n',
      ),
    );

  test('says it is closed to new customers and passes an account that already runs schedules', async () => {
    mocks.sageMaker.on(ListMonitoringSchedulesCommand).resolves({
      MonitoringScheduleSummaries: [
        {
          MonitoringScheduleName: 'churn-drift',
          MonitoringScheduleArn: 'arn:m',
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
          MonitoringScheduleStatus: 'Scheduled',
        },
      ],
    });

    const run = await preflightJson(['--env', 'prod', '--config', monitoredProd(), ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'model-monitor')).toEqual([
      {
        check: 'model-monitor',
        subject: 'iris-sagemaker',
        status: 'pass',
        message:
          'Model Monitor is closed to new customers; this account has monitoring schedules in eu-west-1, so it uses Model Monitor',
      },
    ]);
  });

  test('warns in an account without a schedule, naming the field to turn off', async () => {
    mocks.sageMaker.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [] });

    const run = await preflightJson(['--env', 'prod', '--config', monitoredProd(), ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'model-monitor')[0].status).toBe('warn');
    expect(linesOf(run.checks, 'model-monitor')[0].message).toBe(
      'Model Monitor is closed to new customers; this account has no monitoring schedule in eu-west-1. If it never used Model Monitor, creating the schedule fails and the stack rollback deletes the endpoint: ' +
        'set sagemaker.monitoring.enabled: false for iris-sagemaker in prod unless the account is an existing Model Monitor customer (data capture works without it)',
    );
  });

  test('is not checked for models that do not opt in', async () => {
    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'model-monitor')).toEqual([]);
    expect(mocks.sageMaker.commandCalls(ListMonitoringSchedulesCommand)).toHaveLength(0);
  });
});

describe('preflight: service-linked roles', () => {
  test('warns when a role autoscaling needs does not exist yet, with the command that creates it', async () => {
    mocks.iam
      .on(GetRoleCommand, { RoleName: 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency' })
      .rejects(
        awsError(
          'NoSuchEntity',
          'The role with name AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency cannot be found.',
          404,
        ),
      );

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(run.code).toBe(0);
    expect(linesOf(run.checks, 'service-linked-role')[1]).toEqual({
      check: 'service-linked-role',
      subject: 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
      status: 'warn',
      message:
        "does not exist yet: Application Auto Scaling creates it on the first deploy of iris-lambda if the deploying role (the CDK bootstrap's CloudFormation execution role) may call iam:CreateServiceLinkedRole for lambda.application-autoscaling.amazonaws.com; " +
        'or create it now: aws iam create-service-linked-role --aws-service-name lambda.application-autoscaling.amazonaws.com',
    });
  });

  test('a role preflight may not read is a warning naming iam:GetRole', async () => {
    mocks.iam
      .on(GetRoleCommand)
      .rejects(awsError('AccessDenied', 'not authorized to perform: iam:GetRole', 403));

    const run = await preflightJson(['--env', 'prod', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'service-linked-role')[0]).toEqual({
      check: 'service-linked-role',
      subject: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      status: 'warn',
      message: `not checked: iam:GetRole on arn:aws:iam::${ACCOUNT}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint was denied; grant iam:GetRole to the role that runs preflight`,
    });
  });

  test('checks no role where nothing is autoscaled', async () => {
    const run = await preflightJson(['--env', 'dev', ...NO_ASSEMBLY]);

    expect(linesOf(run.checks, 'service-linked-role')).toEqual([]);
    expect(mocks.iam.commandCalls(GetRoleCommand)).toHaveLength(0);
  });
});
