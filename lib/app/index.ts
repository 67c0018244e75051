/**
 * The app layer (`ml-deploy-cdk/app`): whole environments built from a resolved deployment config, one Stage per
 * environment with its platform stack, a stack per model and its dashboards. Pair it with `ml-deploy-cdk/config`:
 * `addDeploymentStages(app, loadDeploymentConfig(file))`.
 */

export { addDeploymentStages } from './deployment-app';
export type { DeploymentStagesOptions } from './deployment-app';
export { EnvironmentStage } from './environment-stage';
export type { EnvironmentStageProps } from './environment-stage';
export { PlatformStack } from './platform-stack';
export type { PlatformStackProps } from './platform-stack';
export { ModelStack } from './model-stack';
export type { ModelStackProps } from './model-stack';
export { DashboardStack } from './dashboard-stack';
export type { DashboardModel, DashboardStackProps } from './dashboard-stack';
