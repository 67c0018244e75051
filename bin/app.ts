#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addDeploymentStages } from '../lib/app/deployment-app';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  EnvironmentSelectionError,
  loadDeploymentConfig,
} from '../lib/config';

// The only place that reads CDK context: -c config=PATH selects the file, -c env=a,b the environments.
const app = new App();
const file = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE;
const selection = app.node.tryGetContext('env') as string | undefined;

try {
  const config = loadDeploymentConfig(file, {
    environments: selection ? selection.split(',').map((name) => name.trim()) : undefined,
  });
  addDeploymentStages(app, config);
} catch (error) {
  // A config mistake is the user's to fix: show the message, not a stack trace.
  if (!(error instanceof ConfigError || error instanceof EnvironmentSelectionError)) throw error;
  console.error((error as Error).message);
  process.exit(1);
}
