import * as fs from 'fs';
import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { CodePipeline, ManualApprovalStep, ShellStep, Step } from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../config';
import { PipelineSettings } from '../config/schema/pipeline';
import { EnvironmentStage } from './environment-stage';
import { hardenPipeline } from './pipeline-nag';
import { preflightStep } from './pipeline-preflight';
import { pipelineSource } from './pipeline-source';
import { NPM_CI_ENV, verifyStep } from './pipeline-verify';
import { ConstructValidationError } from '../constructs/errors/validation';

interface PipelineStackProps extends Omit<StackProps, 'env'> {
  readonly project: string;
  readonly pipeline: PipelineSettings;
  /** Environments the pipeline deploys, in this order. */
  readonly environments: readonly ResolvedEnvironment[];
}

/**
 * A CDK Pipeline (CodePipeline) that builds and tests the app on every push to the configured branch,
 * updates itself, then deploys each environment in turn: an approval first where the environment
 * requires one, then `mldeploy preflight` (a failing check stops the environment), `mldeploy verify` after its
 * stacks are deployed.
 */
export class PipelineStack extends Stack {
  readonly pipeline: CodePipeline;
  /** The pipeline's stages, one per environment, in deployment order. */
  readonly stages: readonly EnvironmentStage[];

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    const { project, pipeline: settings, environments, ...stackProps } = props;
    checkPipelineEnvironment(settings, environments);
    super(scope, id, {
      ...stackProps,
      env:
        settings.account || settings.region
          ? { account: settings.account, region: settings.region }
          : undefined,
    });

    Tags.of(this).add('project', project);

    const source = pipelineSource(this, settings.source);
    const synth = new ShellStep('Synth', {
      input: source,
      env: { ...NPM_CI_ENV },
      commands: ['npm ci', 'npm test', 'npx cdk synth'],
      primaryOutputDirectory: 'cdk.out',
    });
    // Deployment to another account needs a customer-managed key on the artifact bucket that the
    // target accounts' deploy roles are allowed to use.
    const crossAccount = environments.some(
      (environment) => environment.account !== undefined && environment.account !== settings.account,
    );
    this.pipeline = new CodePipeline(this, 'Pipeline', {
      pipelineName: id,
      // The pipeline updates itself with the CDK CLI this app is built and tested with, not the latest one.
      cliVersion: installedCdkCliVersion(),
      crossAccountKeys: crossAccount,
      enableKeyRotation: crossAccount ? true : undefined,
      // Lambda bundles are built with esbuild in-process and nothing else uses Docker.
      dockerEnabledForSynth: false,
      synth,
      codeBuildDefaults: {
        // The app and its tests run on Node.js 22, as in the GitHub workflows. The Ubuntu standard:7.0
        // image offers `nodejs: 22` in runtime-versions (CodeBuild, "Available runtimes",
        // https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html).
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
        partialBuildSpec: codebuild.BuildSpec.fromObject({
          phases: { install: { 'runtime-versions': { nodejs: 22 } } },
        }),
      },
      // Tests and synthesis bundle and synthesize every stack of every environment.
      synthCodeBuildDefaults: { buildEnvironment: { computeType: codebuild.ComputeType.MEDIUM } },
    });

    this.stages = environments.map((environment) => {
      const env = {
        // Environment-agnostic environments deploy where the pipeline runs.
        account: environment.account ?? settings.account,
        region: environment.region ?? settings.region,
      };
      const stage = new EnvironmentStage(this, environment.name, {
        project,
        environment,
        env,
        pipelineVerify: { pipelineAccount: settings.account },
      });
      this.pipeline.addStage(stage, {
        // Preflight after the approval, right before the deploy: an approval may wait for days.
        pre: Step.sequence([
          ...(environment.requiresApproval
            ? [
                new ManualApprovalStep(`Approve-${environment.name}`, {
                  comment: `Deploy ${project} to ${environment.name}?`,
                }),
              ]
            : []),
          preflightStep({
            project,
            environment,
            input: source,
            assembly: synth,
            scope: this,
            account: env.account,
            region: env.region,
          }),
        ]),
        post: [verifyStep({ project, environment, input: source, scope: this, account: env.account })],
      });
      return stage;
    });

    // Build the pipeline now so that its generated resources exist and can be hardened.
    this.pipeline.buildPipeline();
    hardenPipeline(this.pipeline);
  }
}

/** The version of the `aws-cdk` CLI installed next to the app; undefined (latest) where it is not installed. */
function installedCdkCliVersion(): string | undefined {
  try {
    const manifest = fs.readFileSync(require.resolve('aws-cdk/package.json'), 'utf8');
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * CodePipeline deploys to another account or region only from a stack with an explicit account and
 * region, so any environment with its own account or region needs them on the pipeline too.
 */
function checkPipelineEnvironment(
  settings: PipelineSettings,
  environments: readonly ResolvedEnvironment[],
): void {
  const pinned = environments.filter((e) => e.account !== undefined || e.region !== undefined);
  if (pinned.length === 0 || (settings.account !== undefined && settings.region !== undefined)) return;
  const missing = ['account', 'region'].filter(
    (field) => settings[field as 'account' | 'region'] === undefined,
  );
  throw new ConstructValidationError(
    `pipeline.${missing.join(' and pipeline.')} must be set: ` +
      `${pinned.length > 1 ? 'environments' : 'environment'} ${pinned.map((e) => e.name).join(', ')} ` +
      `${pinned.length > 1 ? 'set' : 'sets'} account or region, and CodePipeline deploys across ` +
      'accounts and regions only from a pipeline stack with an explicit account and region ' +
      '(add pipeline.account and pipeline.region to the config, or remove account and region from every environment)',
  );
}
