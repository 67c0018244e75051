export * from './types';
export { ConfigError, EnvironmentSelectionError } from './errors';
export type { ConfigIssue } from './errors';
export { DEFAULT_CONFIG_FILE, loadDeploymentConfig, parseDeploymentConfig } from './load';
export type { LoadOptions } from './load';
export { endpointName } from './rules';
export { deploymentConfigSchema } from './schema';
