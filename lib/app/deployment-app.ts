import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ResolvedConfig } from '../config';
import { addControlTowerChecks } from './control-tower';
import { EnvironmentStage } from './environment-stage';
import { PipelineStack } from './pipeline-stack';

export interface DeploymentStagesOptions {
  /**
   * Run the AWS Control Tower proactive controls over the environment stages' templates at synth. Off, the
   * templates are the same (the changes the controls need are made either way); only the check is skipped.
   * @default true
   */
  readonly controlTowerChecks?: boolean;
}

/**
 * Adds one stage per selected environment to an app, and the CI pipeline stack `<project>-pipeline`
 * when the config enables one. The cdk-nag AwsSolutions checks run over all of them, and the AWS Control Tower
 * proactive controls (cfn-guard) over the environment stages unless turned off.
 */
export function addDeploymentStages(
  app: App,
  config: ResolvedConfig,
  options: DeploymentStagesOptions = {},
): EnvironmentStage[] {
  // With a pipeline, every copy of an environment holds the pipeline's verify role, so a terminal
  // deploy of '<env>/*' keeps it.
  const pipelineVerify = config.pipeline ? { pipelineAccount: config.pipeline.account } : undefined;
  const stages = config.environments.map(
    (environment) =>
      new EnvironmentStage(app, environment.name, { project: config.project, environment, pipelineVerify }),
  );
  // The pipeline deploys the same stages again, inside its own stack; the top-level stages stay for
  // terminal deploys. It needs every environment: `-c env=…` selecting fewer leaves it out rather
  // than synthesizing a pipeline that would stop deploying the others.
  if (config.pipeline && config.environments.length === config.environmentNames.length) {
    new PipelineStack(app, `${config.project}-pipeline`, {
      project: config.project,
      pipeline: config.pipeline,
      environments: config.environments,
      description: `CI pipeline of ${config.project}: deploys ${config.environmentNames.join(', ')} in order`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  addControlTowerChecks(app, { check: options.controlTowerChecks ?? true });
  return stages;
}
