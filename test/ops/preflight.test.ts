import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { ListServiceQuotasCommand } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsError, mldeploy, mocks, resetMocks, stubAwsClients, tempConfig } from './support';
import {
  ACCOUNT,
  CALLER,
  givenAssembly,
  givenHealthyAccount,
  linesOf,
  preflightJson,
} from './preflight-support';

stubAwsClients();

const PROD = ['--env', 'prod', '--assembly', 'no-such-assembly'];

beforeEach(() => {
  resetMocks();
  givenHealthyAccount();
});

describe('preflight', () => {
  test('passes every check of prod in a healthy account, one line per check', async () => {
    const run = await mldeploy(['preflight', ...PROD]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`preflight of prod in account ${ACCOUNT}, eu-west-1`);
    expect(lines[1]).toMatch(/^STATUS +CHECK +SUBJECT +DETAIL$/);
    expect(lines.slice(2, -1).map((line) => line.split(/ {2,}/).slice(0, 3))).toEqual([
      ['PASS', 'identity', 'account'],
      ['PASS', 'bootstrap', 'qualifier hnb659fds'],
      ['PASS', 'sagemaker-instances', 'ml.c5.xlarge'],
      ['PASS', 'sagemaker-endpoints', 'endpoints'],
      ['PASS', 'sagemaker-endpoints', 'endpoint configs'],
      ['PASS', 'lambda-concurrency', 'account'],
      ['PASS', 'lambda-concurrency', 'iris-lambda'],
      ['PASS', 'image', 'iris-sagemaker'],
      ['PASS', 'service-linked-role', 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint'],
      ['PASS', 'service-linked-role', 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency'],
    ]);
    expect(lines.at(-1)).toBe('10 passed, 0 warnings, 0 failed: prod is ready to deploy');
  });

  test('prints one JSON document with the numbers it compared', async () => {
    const run = await preflightJson(PROD);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      environment: 'prod',
      account: ACCOUNT,
      region: 'eu-west-1',
      ok: true,
      summary: { pass: 10, warn: 0, fail: 0 },
    });
    expect(linesOf(run.checks, 'identity')[0].message).toBe(
      `${CALLER} in account ${ACCOUNT}, region eu-west-1 (the environment sets no account: it deploys where the credentials are)`,
    );
    expect(linesOf(run.checks, 'sagemaker-instances')[0].message).toBe(
      'ml.c5.xlarge for endpoint usage (L-C5XLARGE) is 20, a deploy needs 12 (iris-sagemaker: up to 6, ×2 while a canary blue/green deploy runs the new fleet beside the old; 0 on other endpoints)',
    );
  });

  describe('identity', () => {
    test('fails without credentials and checks nothing else', async () => {
      mocks.sts
        .on(GetCallerIdentityCommand)
        .rejects(
          awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
        );

      const run = await preflightJson(PROD);

      expect(run.code).toBe(1);
      expect(run.checks).toEqual([
        {
          check: 'identity',
          subject: 'credentials',
          status: 'fail',
          message:
            'no usable AWS credentials in eu-west-1 (sts:GetCallerIdentity on the caller failed (InvalidClientTokenId: The security token included in the request is invalid.)); set AWS_PROFILE, or log in (aws sso login) and retry',
        },
      ]);
      expect(mocks.ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
    });

    test("fails when the credentials are for another account than the environment's", async () => {
      const config = tempConfig((text) =>
        text.replace('cost-center: ml-prod', 'cost-center: ml-prod\n    account: "210987654321"'),
      );

      const run = await preflightJson(['--env', 'prod', '--config', config]);

      expect(run.code).toBe(1);
      expect(run.checks).toHaveLength(1);
      expect(run.checks[0]).toMatchObject({ check: 'identity', subject: 'account', status: 'fail' });
      expect(run.checks[0].message).toMatch(
        /^credentials are for account 123456789012 \(.*\), environments\.prod\.account is 210987654321; use credentials of 210987654321 or correct environments\.prod\.account in /,
      );
    });
  });

  describe('bootstrap', () => {
    test('fails in an account that is not bootstrapped, with the command that bootstraps it', async () => {
      mocks.ssm.on(GetParameterCommand).rejects(awsError('ParameterNotFound', 'Parameter not found'));

      const run = await preflightJson(PROD);

      expect(run.code).toBe(1);
      expect(linesOf(run.checks, 'bootstrap')).toEqual([
        {
          check: 'bootstrap',
          subject: 'qualifier hnb659fds',
          status: 'fail',
          message: `aws://${ACCOUNT}/eu-west-1 is not bootstrapped (no SSM parameter /cdk-bootstrap/hnb659fds/version); run npx cdk bootstrap aws://${ACCOUNT}/eu-west-1`,
        },
      ]);
    });

    test('fails when the assembly needs a newer bootstrap stack, naming the stacks', async () => {
      mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '20' } });
      const assembly = givenAssembly([
        { stackName: 'mldeploy-prod-platform', requires: 21 },
        { stackName: 'mldeploy-prod-iris-lambda', requires: 6 },
        { stackName: 'mldeploy-dev-platform', requires: 99 },
      ]);

      const run = await preflightJson(['--env', 'prod', '--assembly', assembly]);

      expect(run.code).toBe(1);
      expect(linesOf(run.checks, 'bootstrap')[0].message).toBe(
        `bootstrap version 20 in aws://${ACCOUNT}/eu-west-1, the stacks need 21 (mldeploy-prod-platform); run npx cdk bootstrap aws://${ACCOUNT}/eu-west-1`,
      );
    });

    test("reads a pipeline's nested assembly and each qualifier's own parameter", async () => {
      mocks.ssm
        .on(GetParameterCommand, { Name: '/cdk-bootstrap/custom1/version' })
        .resolves({ Parameter: { Value: '25' } });
      const assembly = givenAssembly(
        [
          { stackName: 'mldeploy-prod-platform', requires: 21, parameter: '/cdk-bootstrap/custom1/version' },
          {
            stackName: 'mldeploy-prod-iris-sagemaker',
            requires: 21,
            parameter: '/cdk-bootstrap/custom1/version',
          },
        ],
        true,
      );

      const run = await preflightJson(['--env', 'prod', '--assembly', assembly]);

      expect(linesOf(run.checks, 'bootstrap')).toEqual([
        {
          check: 'bootstrap',
          subject: 'qualifier custom1',
          status: 'pass',
          message: `bootstrap version 25 ≥ 21 required by 2 stacks in aws://${ACCOUNT}/eu-west-1`,
        },
      ]);
    });

    test('without an assembly, checks that the bootstrap stack exists and says it compared nothing', async () => {
      const run = await preflightJson(PROD);

      expect(linesOf(run.checks, 'bootstrap')[0]).toMatchObject({ status: 'pass' });
      expect(linesOf(run.checks, 'bootstrap')[0].message).toMatch(
        new RegExp(
          `^bootstrap version 30 in aws://${ACCOUNT}/eu-west-1; no synthesized assembly in .*no-such-assembly to compare with \\(run npx cdk synth first\\)$`,
        ),
      );
    });
  });

  describe('AWS errors', () => {
    test('a denied call is a warning that names the IAM action, not a crash', async () => {
      mocks.lambda
        .on(GetAccountSettingsCommand)
        .rejects(awsError('AccessDeniedException', 'not authorized', 403));

      const run = await preflightJson(PROD);

      expect(run.code).toBe(0);
      expect(linesOf(run.checks, 'lambda-concurrency')).toEqual([
        {
          check: 'lambda-concurrency',
          subject: 'account',
          status: 'warn',
          message:
            'not checked: lambda:GetAccountSettings on the account was denied; grant lambda:GetAccountSettings to the role that runs preflight',
        },
      ]);
    });

    test('throttling and 5xx answers are retried like every other command', async () => {
      mocks.serviceQuotas
        .on(ListServiceQuotasCommand)
        .rejectsOnce(awsError('TooManyRequestsException', 'Rate exceeded', 429))
        .rejectsOnce(awsError('ServiceException', 'internal error', 500))
        .resolves({
          Quotas: [{ QuotaName: 'ml.c5.xlarge for endpoint usage', QuotaCode: 'L-C5XLARGE', Value: 20 }],
        });

      const run = await preflightJson(PROD);

      expect(linesOf(run.checks, 'sagemaker-instances')[0].status).toBe('pass');
      expect(run.sleeps).toEqual([100, 200]);
    });

    test('an error that retrying cannot fix fails the check with its reason', async () => {
      mocks.lambda.on(GetAccountSettingsCommand).rejects(awsError('ServiceException', 'internal error', 500));

      const run = await preflightJson(PROD);

      expect(run.code).toBe(1);
      expect(linesOf(run.checks, 'lambda-concurrency')[0]).toEqual({
        check: 'lambda-concurrency',
        subject: 'account',
        status: 'fail',
        message:
          'could not be checked: lambda:GetAccountSettings on the account still failed after 5 attempts (ServiceException: internal error)',
      });
    });
  });

  test('an unknown environment is a usage error', async () => {
    const run = await mldeploy(['preflight', '--env', 'qa']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --env: Unknown environment "qa"; /);
  });
});
