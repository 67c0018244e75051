import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CodeBuildStep, IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { ResolvedEnvironment } from '../config';
import { acknowledgeWildcardFindings } from '../constructs/private/nag';
import { pipelineVerifyRoleName, roleArn, verifyRoleName } from './pipeline-verify-role';

/** Environment variables of every step that runs `npm ci`: onnxruntime-node's install script would download GPU libraries. */
export const NPM_CI_ENV: Readonly<Record<string, string>> = { ONNXRUNTIME_NODE_INSTALL: 'skip' };

/** The AWS profile the Verify step runs `mldeploy verify` with: the environment's verify role. */
export const VERIFY_PROFILE = 'mldeploy-verify';

interface VerifyStepOptions {
  readonly project: string;
  readonly environment: ResolvedEnvironment;
  /** The repository checkout the step runs `npm ci` and the ops CLI in. */
  readonly input: IFileSetProducer;
  /** The pipeline stack, which holds the step's CodeBuild role. */
  readonly scope: Stack;
  /** Account the environment's stacks (and its verify role) are in. @default the pipeline's account */
  readonly account?: string;
}

/**
 * The step that runs `mldeploy verify` against an environment once its stacks are deployed. It runs
 * in the pipeline's account and verifies as the environment's verify role (EnvironmentVerifyRole), in
 * the environment's account: its own CodeBuild role may do nothing but assume that role.
 */
export function verifyStep(options: VerifyStepOptions): CodeBuildStep {
  const { project, environment, scope } = options;
  const name = environment.name;
  const targetRoleArn = roleArn(scope, verifyRoleName(project, name), options.account);
  const role = new iam.Role(scope, `VerifyRole-${name}`, {
    roleName: pipelineVerifyRoleName(project, name),
    description: `CodeBuild role of the pipeline's Verify-${name} step of ${project}`,
    assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
  });
  acknowledgeWildcardFindings(
    role,
    `Verify step of ${name}: CDK’s read grant (s3:GetObject*, s3:List*, s3:GetBucket*) on the pipeline’s ` +
      'artifact bucket for its input, and the log group /aws/codebuild/<project>:* and report groups ' +
      '<project>-* that CodeBuild creates per build; its only other power is assuming the environment’s ' +
      'verify role, named exactly.',
  );
  return new CodeBuildStep(`Verify-${name}`, {
    input: options.input,
    role,
    env: { ...NPM_CI_ENV, VERIFY_ROLE_ARN: targetRoleArn },
    commands: [
      'npm ci',
      ...verifyProfileCommands(name),
      `AWS_PROFILE=${VERIFY_PROFILE} npm run -s mldeploy -- verify --env ${name}`,
    ],
    rolePolicyStatements: [
      new iam.PolicyStatement({
        sid: 'AssumeEnvironmentVerifyRole',
        actions: ['sts:AssumeRole'],
        resources: [targetRoleArn],
      }),
    ],
  });
}

/**
 * Shell commands that add the profile VERIFY_PROFILE to the AWS config file: the role in
 * $VERIFY_ROLE_ARN, assumed with the CodeBuild project's own credentials, which CodeBuild serves like
 * an ECS container's (`credential_source = EcsContainer`: AWS SDKs and Tools Reference Guide, "Assume
 * role credential provider", https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html).
 * The AWS SDK of `mldeploy` assumes the role and renews the session
 * itself, however long `verify` waits.
 */
export function verifyProfileCommands(environmentName: string): string[] {
  return [
    'mkdir -p ~/.aws',
    `printf '[profile ${VERIFY_PROFILE}]\\nrole_arn = %s\\ncredential_source = EcsContainer\\n` +
      `role_session_name = ${VERIFY_PROFILE}-${environmentName}\\n' "$VERIFY_ROLE_ARN" >> ~/.aws/config`,
  ];
}
