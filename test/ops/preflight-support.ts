import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { BatchGetImageCommand } from '@aws-sdk/client-ecr';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { ListEndpointConfigsCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsError, mldeploy, mocks, Run, RunOptions, tempFile } from './support';

export const ACCOUNT = '123456789012';
export const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/preflight`;

/** A SageMaker quota as Service Quotas lists it. */
export function quota(QuotaName: string, QuotaCode: string, Value: number) {
  return { ServiceCode: 'sagemaker', QuotaName, QuotaCode, Value };
}

/** The applied SageMaker quotas of the account (ListServiceQuotas); the defaults list is empty. */
export function givenQuotas(...quotas: ReturnType<typeof quota>[]) {
  mocks.serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: quotas });
  mocks.serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
}

export const ENDPOINT_QUOTAS = [
  quota('Number of endpoints', 'L-ENDPOINTS', 100),
  quota('Number of endpoint configurations', 'L-CONFIGS', 1000),
];

/**
 * An account where the example's prod deploys: bootstrapped, quotas to spare, the Triton image in its
 * registry, the service-linked roles in place, nothing else deployed.
 */
export function givenHealthyAccount() {
  mocks.sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AROAEXAMPLE:preflight' });
  mocks.ssm
    .on(GetParameterCommand)
    .resolves({ Parameter: { Name: '/cdk-bootstrap/hnb659fds/version', Value: '30' } });
  givenQuotas(
    quota('ml.c5.xlarge for endpoint usage', 'L-C5XLARGE', 20),
    quota('ml.t2.medium for endpoint usage', 'L-T2MEDIUM', 4),
    quota('ml.m5.large for endpoint usage', 'L-M5LARGE', 10),
    ...ENDPOINT_QUOTAS,
  );
  mocks.sageMaker.on(ListEndpointsCommand).resolves({ Endpoints: [] });
  mocks.sageMaker.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [] });
  mocks.cloudFormation
    .on(DescribeStacksCommand)
    .rejects(awsError('ValidationError', 'Stack with id mldeploy-prod-iris-lambda does not exist'));
  mocks.lambda
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  mocks.ecr
    .on(BatchGetImageCommand)
    .resolves({ images: [{ imageId: { imageTag: '24.09-py3' } }], failures: [] });
  mocks.iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }) => ({
    Role: {
      RoleName: input.RoleName,
      Path: '/aws-service-role/',
      Arn: `arn:aws:iam::${ACCOUNT}:role/${input.RoleName}`,
    },
  }));
}

interface ManifestStack {
  readonly stackName: string;
  readonly requires: number;
  readonly parameter?: string;
}

/** A cloud assembly (cdk.out) with these stacks, in a nested assembly as a pipeline's stage writes it. */
export function givenAssembly(stacks: readonly ManifestStack[], nested = false): string {
  const stackArtifacts = Object.fromEntries(
    stacks.map((s) => [
      s.stackName,
      {
        type: 'aws:cloudformation:stack',
        environment: 'aws://unknown-account/unknown-region',
        properties: {
          templateFile: `${s.stackName}.template.json`,
          stackName: s.stackName,
          requiresBootstrapStackVersion: s.requires,
          bootstrapStackVersionSsmParameter: s.parameter ?? '/cdk-bootstrap/hnb659fds/version',
        },
      },
    ]),
  );
  const root = path.dirname(tempFile('manifest.json', '{}'));
  if (nested) {
    fs.mkdirSync(path.join(root, 'assembly-prod'));
    fs.writeFileSync(
      path.join(root, 'assembly-prod', 'manifest.json'),
      JSON.stringify({ version: '48.0.0', artifacts: stackArtifacts }),
    );
    fs.writeFileSync(
      path.join(root, 'manifest.json'),
      JSON.stringify({
        version: '48.0.0',
        artifacts: {
          'assembly-prod': {
            type: 'cdk:cloud-assembly',
            properties: { directoryName: 'assembly-prod', displayName: 'prod' },
          },
        },
      }),
    );
  } else {
    fs.writeFileSync(
      path.join(root, 'manifest.json'),
      JSON.stringify({ version: '48.0.0', artifacts: stackArtifacts }),
    );
  }
  return root;
}

export interface CheckLine {
  readonly check: string;
  readonly subject: string;
  readonly status: string;
  readonly message: string;
}

/** Runs `mldeploy preflight --json` and returns the exit code and the checks. */
export async function preflightJson(
  args: readonly string[],
  options: RunOptions = {},
): Promise<Run & { checks: CheckLine[] }> {
  const run = await mldeploy(['preflight', ...args, '--json'], options);
  const checks = run.stdout ? (JSON.parse(run.stdout).checks as CheckLine[]) : [];
  return { ...run, checks };
}

/** The check lines of one check. */
export const linesOf = (checks: readonly CheckLine[], check: string) =>
  checks.filter((c) => c.check === check);
