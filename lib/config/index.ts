/**
 * The config layer (`ml-deploy-cdk/config`): a deployment config file loaded, validated with its YAML line in every
 * error and resolved per model and environment into plain typed settings, without CDK constructs.
 */

export * from './types';
export { ConfigError, EnvironmentSelectionError } from './errors';
export type { ConfigIssue } from './errors';
export { DEFAULT_CONFIG_FILE, loadDeploymentConfig, parseDeploymentConfig } from './load';
export type { LoadOptions } from './load';
export { endpointName } from './rules';
export { deploymentConfigSchema } from './schema';
