import { App, Errors } from 'aws-cdk-lib';
import { addDeploymentStages, DeploymentStagesOptions } from '../lib/app/deployment-app';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  EnvironmentSelectionError,
  loadDeploymentConfig,
  ResolvedConfig,
} from '../lib/config';
import { ConstructValidationError } from '../lib/constructs/errors/validation';

/** The context key that turns aws-cdk-lib's built-in CloudFormation validation off: `-c cfnValidation=false`. */
export const CFN_VALIDATION_CONTEXT = 'cfnValidation';

/** The context key that skips the AWS Control Tower controls' check: `-c controlTowerChecks=false`. */
export const CONTROL_TOWER_CHECKS_CONTEXT = 'controlTowerChecks';

/** A CDK context value the app cannot read. */
export class ContextValueError extends Error {
  override readonly name = 'ContextValueError';
}

/**
 * The deployment app's entry, apart from the process so that tests can run it: reads the CDK context
 * (`-c config=PATH` selects the file, `-c env=a,b` the environments, `-c cfnValidation=false` skips
 * aws-cdk-lib's built-in CloudFormation validation, `-c controlTowerChecks=false` the Control Tower controls),
 * builds every stage and synthesizes.
 * A user's mistake (the config, the selection, a construct's props) is written to `stderr` as its message
 * alone and gives exit code 1; anything else is a bug and keeps its stack trace. `build` adds the stages
 * (tests replace it).
 */
export function runApp(
  app: App,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
  build: (app: App, config: ResolvedConfig, options: DeploymentStagesOptions) => void = addDeploymentStages,
): number {
  const file = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE;
  try {
    const builtinValidation = contextSwitch(app, CFN_VALIDATION_CONTEXT);
    const controlTowerChecks = contextSwitch(app, CONTROL_TOWER_CHECKS_CONTEXT);
    const config = loadDeploymentConfig(file, {
      environments: selectedEnvironments(app.node.tryGetContext('env')),
    });
    build(app, config, { controlTowerChecks });
    synthesize(app, builtinValidation);
    return 0;
  } catch (error) {
    const message = userMistake(error);
    if (message === undefined) throw error;
    stderr(`${message}\n`);
    return 1;
  }
}

/**
 * A check the context may turn off: `-c <key>=false` → false; absent or `true` → true. The checks stay on unless
 * asked: the built-in validation's findings (with `@aws-cdk/core:validateAgainstDefaultRules`) and the Control
 * Tower controls' fail the synth before CloudFormation or the account's controls would fail the deploy, and the
 * CI pipeline synthesizes with the defaults.
 */
export function contextSwitch(app: App, key: string): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ContextValueError(`-c ${key}=${String(value)}: must be true or false`);
}

/**
 * Synthesizes the app once, with aws-cdk-lib's built-in CloudFormation validation off when asked. aws-cdk-lib
 * reads its switch, the `CDK_VALIDATION` variable that `cdk synth --no-validation` sets, when it validates, so
 * it is set for this synthesis alone; the app keeps the assembly, and a later `synth()` returns it as is.
 */
function synthesize(app: App, builtinValidation: boolean): void {
  const previous = process.env.CDK_VALIDATION;
  if (!builtinValidation) process.env.CDK_VALIDATION = 'false';
  try {
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
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
  if (error instanceof ContextValueError) return error.message;
  // Construct checks name the construct path themselves.
  if (error instanceof ConstructValidationError) return error.message;
  // aws-cdk-lib's own prop checks: the message, after the path of the construct it belongs to.
  if (Errors.isValidationError(error)) {
    return error.constructPath ? `${error.constructPath}: ${error.message}` : error.message;
  }
  return undefined;
}
