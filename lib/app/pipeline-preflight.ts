import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CodeBuildStep, IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { ResolvedEnvironment } from '../config';
import { acknowledgeWildcardFindings } from '../constructs/private/nag';
import { preflightPermissions } from '../ops/preflight/permissions';
import { NPM_CI_ENV } from './pipeline-verify';
import { roleArn } from './pipeline-verify-role';

/** The AWS profile the Preflight step runs `mldeploy preflight` with in another account: its CDK lookup role. */
export const PREFLIGHT_PROFILE = 'mldeploy-preflight';

/**
 * Name of the pipeline's CodeBuild role that runs the Preflight-<env> step: `<project>-pipeline-preflight-<env>`
 * (at most 60 characters: project and environment names have at most 20 each; IAM allows 64).
 */
export function pipelinePreflightRoleName(project: string, environmentName: string): string {
  return `${project}-pipeline-preflight-${environmentName}`;
}

/**
 * The CDK bootstrap's lookup role of an account and region, `cdk-<qualifier>-lookup-role-<account>-<region>`:
 * read-only (AWS managed ReadOnlyAccess, kms:Decrypt denied) and trusted by the accounts given to
 * `cdk bootstrap --trust`, which CDK Pipelines needs anyway to deploy there (the bootstrap template's
 * LookupRole; "Bootstrapping your environment", https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html).
 */
function lookupRoleName(account: string, region: string): string {
  return `cdk-hnb659fds-lookup-role-${account}-${region}`;
}

interface PreflightStepOptions {
  readonly project: string;
  readonly environment: ResolvedEnvironment;
  /** The repository checkout the step runs `npm ci` and the ops CLI in. */
  readonly input: IFileSetProducer;
  /** The synthesized cloud assembly, for the bootstrap version each stack needs. */
  readonly assembly: IFileSetProducer;
  /** The pipeline stack, which holds the step's CodeBuild role. */
  readonly scope: Stack;
  /** Account and region the environment deploys to. @default the pipeline's */
  readonly account?: string;
  readonly region?: string;
}

/**
 * The step that runs `mldeploy preflight` against an environment before its stacks deploy; a failing check
 * fails the step, and CodePipeline then deploys nothing of the environment. Its role may call exactly what
 * preflight calls for the environment's models (lib/ops/preflight/permissions.ts), read-only. In another
 * account, where an identity policy of the pipeline's account cannot reach, it runs as that account's CDK
 * lookup role instead, and its own role may only assume that role.
 */
export function preflightStep(options: PreflightStepOptions): CodeBuildStep {
  const { project, environment, scope } = options;
  const name = environment.name;
  const crossAccount =
    options.account !== undefined &&
    !Token.isUnresolved(options.account) &&
    options.account !== scope.account;
  const role = new iam.Role(scope, `PreflightRole-${name}`, {
    roleName: pipelinePreflightRoleName(project, name),
    description: `CodeBuild role of the pipeline's Preflight-${name} step of ${project}`,
    assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
  });
  acknowledgeWildcardFindings(
    role,
    `Preflight step of ${name}: CDK’s read grant on the pipeline’s artifact bucket for its inputs and the log and ` +
      'report groups CodeBuild creates per build; read-only calls that take no resource (the List* calls of Service ' +
      'Quotas and SageMaker, lambda:GetAccountSettings), DescribeEndpoint/DescribeEndpointConfig on every endpoint ' +
      'of the account (all count against the instance quotas), GetFunctionConcurrency on functions whose names ' +
      'CloudFormation generates, the version parameter of any bootstrap qualifier, and the environment’s stacks.',
  );
  const lookupRoleArn = crossAccount
    ? roleArn(scope, lookupRoleName(options.account!, options.region ?? scope.region), options.account)
    : undefined;
  return new CodeBuildStep(`Preflight-${name}`, {
    input: options.input,
    additionalInputs: { 'cdk.out': options.assembly },
    role,
    env: { ...NPM_CI_ENV, ...(lookupRoleArn ? { PREFLIGHT_ROLE_ARN: lookupRoleArn } : {}) },
    commands: [
      'npm ci',
      ...(lookupRoleArn ? preflightProfileCommands(name) : []),
      `${lookupRoleArn ? `AWS_PROFILE=${PREFLIGHT_PROFILE} ` : ''}npm run -s mldeploy -- preflight --env ${name} --assembly cdk.out`,
    ],
    rolePolicyStatements: lookupRoleArn
      ? [
          new iam.PolicyStatement({
            sid: 'AssumeLookupRole',
            actions: ['sts:AssumeRole'],
            resources: [lookupRoleArn],
          }),
        ]
      : preflightStatements(scope, project, environment, options.region),
  });
}

/** What preflight calls, as statements on the ARNs of the pipeline's account and the environment's region. */
function preflightStatements(
  scope: Stack,
  project: string,
  environment: ResolvedEnvironment,
  region: string | undefined,
): iam.PolicyStatement[] {
  const literalRegion = region !== undefined && !Token.isUnresolved(region) ? region : undefined;
  const fill = (resource: string) =>
    resource
      .replace(/\{partition\}/g, scope.partition)
      .replace(/\{region\}/g, literalRegion ?? scope.region)
      .replace(/\{account\}/g, scope.account);
  return preflightPermissions(project, environment, literalRegion).map(
    (permission) =>
      new iam.PolicyStatement({
        sid: permission.sid,
        actions: [...permission.actions],
        resources: permission.resources.map(fill),
      }),
  );
}

/**
 * Shell commands that add the profile PREFLIGHT_PROFILE to the AWS config file: the role in
 * $PREFLIGHT_ROLE_ARN, assumed with the CodeBuild project's own credentials (as verifyProfileCommands does).
 */
export function preflightProfileCommands(environmentName: string): string[] {
  return [
    'mkdir -p ~/.aws',
    `printf '[profile ${PREFLIGHT_PROFILE}]\\nrole_arn = %s\\ncredential_source = EcsContainer\\n` +
      `role_session_name = ${PREFLIGHT_PROFILE}-${environmentName}\\n' "$PREFLIGHT_ROLE_ARN" >> ~/.aws/config`,
  ];
}
