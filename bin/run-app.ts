import { App, Errors } from 'aws-cdk-lib';
import { addDeploymentStages } from '../lib/app/deployment-app';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  EnvironmentSelectionError,
  loadDeploymentConfig,
  ResolvedConfig,
} from '../lib/config';
import { ConstructValidationError } from '../lib/constructs/errors/validation';

/**
 * The deployment app's entry, apart from the process so that tests can run it: reads the CDK context
 * (`-c config=PATH` selects the file, `-c env=a,b` the environments), builds every stage and synthesizes.
 * A user's mistake (the config, the selection, a construct's props) is written to `stderr` as its message
 * alone and gives exit code 1; anything else is a bug and keeps its stack trace. `build` adds the stages
 * (tests replace it).
 */
export function runApp(
  app: App,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
  build: (app: App, config: ResolvedConfig) => void = addDeploymentStages,
): number {
  const file = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE;
  try {
    const config = loadDeploymentConfig(file, {
      environments: selectedEnvironments(app.node.tryGetContext('env')),
    });
    build(app, config);
    app.synth();
    return 0;
  } catch (error) {
    const message = userMistake(error);
    if (message === undefined) throw error;
    stderr(`${message}\n`);
    return 1;
  }
}

/** `-c env=dev,prod` → ['dev', 'prod']; `-c env=` (or only commas) → [], which the loader refuses; absent → all. */
export function selectedEnvironments(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return String(value)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** The message of an error the user can fix, or undefined for a bug. */
export function userMistake(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof EnvironmentSelectionError) return error.message;
  // Construct checks name the construct path themselves.
  if (error instanceof ConstructValidationError) return error.message;
  // aws-cdk-lib's own prop checks: the message, after the path of the construct it belongs to.
  if (Errors.isValidationError(error)) {
    return error.constructPath ? `${error.constructPath}: ${error.message}` : error.message;
  }
  return undefined;
}
