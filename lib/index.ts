/**
 * ml-deploy-cdk: constructs that ship machine-learning models to AWS safely, and the optional layer that builds
 * whole environments from a validated deployment config.
 *
 * Constructs take typed props and never read files of their own accord or CDK context; use them directly in any
 * CDK app. The config layer (`loadDeploymentConfig`, `addDeploymentStages`) is what `bin/app.ts` uses.
 */

export * from './constructs';

// The optional config layer: a validated YAML file resolved per model and environment, built into stages.
export {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  deploymentConfigSchema,
  endpointName,
  EnvironmentSelectionError,
  loadDeploymentConfig,
  parseDeploymentConfig,
} from './config';
export type {
  ArtifactSource,
  ConfigIssue,
  DataCaptureSettings,
  LambdaConcurrencySchedule,
  LambdaProvisionedConcurrency,
  LambdaSettings,
  LoadOptions,
  ModelPackageSource,
  ModelSettings,
  ModelTarget,
  MonitoringSettings,
  ResolvedConfig,
  ResolvedEnvironment,
  ResolvedModel,
  RolloutSettings,
  SageMakerSettings,
  ScalingSchedule,
  ScalingSettings,
  Severity,
  Subscriptions,
} from './config';
export { addDeploymentStages } from './app/deployment-app';
export { EnvironmentStage } from './app/environment-stage';
export type { EnvironmentStageProps } from './app/environment-stage';
export { PlatformStack } from './app/platform-stack';
export type { PlatformStackProps } from './app/platform-stack';
export { ModelStack } from './app/model-stack';
export type { ModelStackProps } from './app/model-stack';
export { DashboardStack } from './app/dashboard-stack';
export type { DashboardStackProps } from './app/dashboard-stack';
