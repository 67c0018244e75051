import { stringify } from 'yaml';
import { parseDeploymentConfig, LoadOptions } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

/** A small valid config; tests change one thing at a time. */
export function minimalConfig(): Record<string, any> {
  return {
    project: 'acme',
    environments: { dev: {}, prod: {} },
    models: {
      churn: { target: 'sagemaker', artifact: { path: 'models/iris/repository' } },
      fraud: { target: 'lambda', artifact: { path: 'models/iris/repository/iris/1/model.onnx' } },
    },
  };
}

export function parse(config: unknown, options: LoadOptions = {}) {
  return parseDeploymentConfig(stringify(config), 'test.yaml', { baseDir: PROJECT_ROOT, ...options });
}

/** The message a config fails with; fails the test if it loads. */
export function errorOf(config: unknown, options: LoadOptions = {}): string {
  try {
    parse(config, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

/** Applies a change to the minimal config and returns the error message it produces. */
export function rejection(change: (config: Record<string, any>) => void): string {
  const config = minimalConfig();
  change(config);
  return errorOf(config);
}

/** A valid custom alarm; tests change one field at a time. */
export function customAlarm(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'queue-depth',
    namespace: 'Acme/Scoring',
    metricName: 'QueueDepth',
    statistic: 'Maximum',
    periodSeconds: 60,
    threshold: 100,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    treatMissingData: 'notBreaching',
    description: 'Requests wait in the scoring queue.',
    runbook: 'check the consumers of the queue.',
    ...overrides,
  };
}

/** Sets the custom alarms of the SageMaker model `churn`. */
export const churnAlarms =
  (...alarms: Record<string, any>[]) =>
  (c: any) =>
    (c.models.churn.customAlarms = alarms);

/** The placeholders a custom alarm's dimension values may use, as messages list them. */
export const ALL_PLACEHOLDERS = '{model}, {environment}, {endpoint}, {variant}, {function}';

/**
 * A config with one SageMaker model `churn` on lines 5–7, written as YAML text so that errors name their lines;
 * the given lines are the model's settings, from line 8.
 */
export function churnYaml(...lines: string[]): string {
  return [
    'project: acme',
    'environments:',
    '  dev: {}',
    'models:',
    '  churn:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    ...lines.map((line) => `    ${line}`),
  ].join('\n');
}

/** An image from the account's own ECR repository, as a `sagemaker:` setting line. */
export const CHURN_ECR_IMAGE = "image: { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' }";

/** The message a YAML config text fails with; fails the test if it loads. */
export function yamlErrorOf(text: string): string {
  try {
    parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}
