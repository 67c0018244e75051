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
