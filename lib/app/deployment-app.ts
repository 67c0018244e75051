import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ResolvedConfig } from '../config';
import { EnvironmentStage } from './environment-stage';

/** Adds one stage per selected environment to an app and puts the AwsSolutions checks over all of them. */
export function addDeploymentStages(app: App, config: ResolvedConfig): EnvironmentStage[] {
  const stages = config.environments.map(
    (environment) => new EnvironmentStage(app, environment.name, { project: config.project, environment }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stages;
}
