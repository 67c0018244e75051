import * as path from 'path';
import {
  ConfigError,
  EnvironmentSelectionError,
  loadDeploymentConfig,
  parseDeploymentConfig,
} from '../../lib/config';
import { BUILT_IN_MODEL_DEFAULTS } from '../../lib/config/defaults';
import { PROJECT_ROOT } from '../helpers/app';
import { errorOf, minimalConfig, parse } from './fixtures';

const model = (config: ReturnType<typeof parse>, environment: string, name: string) =>
  config.environments.find((e) => e.name === environment)!.models.find((m) => m.name === name)!;

describe('the example config', () => {
  const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'config/deployments.yaml'), {
    baseDir: PROJECT_ROOT,
  });

  test('defines dev, staging and prod in order, each with a SageMaker and a Lambda model', () => {
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    for (const environment of config.environments) {
      expect(environment.models.map((m) => m.target).sort()).toEqual(['lambda', 'sagemaker']);
    }
  });

  test('runs SageMaker on one small instance in dev and a scaled fleet with canary rollout in prod', () => {
    expect(model(config, 'dev', 'iris-sagemaker').sagemaker).toMatchObject({
      variant: 'instance',
      instanceType: 'ml.t2.medium',
      initialInstanceCount: 1,
    });
    expect(model(config, 'dev', 'iris-sagemaker').scaling.enabled).toBe(false);
    const prod = model(config, 'prod', 'iris-sagemaker');
    expect(prod.sagemaker).toMatchObject({
      variant: 'instance',
      instanceType: 'ml.c5.xlarge',
      initialInstanceCount: 2,
    });
    expect(prod.scaling).toMatchObject({ enabled: true, minInstances: 2, maxInstances: 6 });
    expect(prod.rollout).toMatchObject({ strategy: 'canary', canaryPercent: 10, bakeMinutes: 10 });
  });

  test('resolves local artifacts to absolute paths under the project', () => {
    expect(model(config, 'prod', 'iris-lambda').artifact).toEqual({
      kind: 'local',
      path: path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx'),
    });
  });
});

describe('resolution order', () => {
  test('built-in defaults apply when nothing is set', () => {
    const resolved = model(parse(minimalConfig()), 'dev', 'churn');
    expect(resolved.sagemaker).toEqual(BUILT_IN_MODEL_DEFAULTS.sagemaker);
    expect(resolved.rollout).toEqual(BUILT_IN_MODEL_DEFAULTS.rollout);
  });

  test('each layer overrides the one before it, field by field', () => {
    const config = minimalConfig();
    config.defaults = { lambda: { memoryMb: 256, timeoutSeconds: 5, maxBatchSize: 8 } };
    config.environments.prod.defaults = { lambda: { memoryMb: 512, timeoutSeconds: 6 } };
    config.models.fraud.lambda = { memoryMb: 1024 };
    config.models.fraud.environments = { prod: { lambda: { memoryMb: 2048 } } };

    const resolved = parse(config);
    expect(model(resolved, 'dev', 'fraud').lambda).toMatchObject({
      memoryMb: 1024,
      timeoutSeconds: 5,
      maxBatchSize: 8,
    });
    expect(model(resolved, 'prod', 'fraud').lambda).toMatchObject({
      memoryMb: 2048,
      timeoutSeconds: 6,
      maxBatchSize: 8,
    });
    expect(model(resolved, 'prod', 'fraud').lambda.architecture).toBe('arm64');
  });

  test('an environment override replaces the artifact whole instead of merging path and s3Uri', () => {
    const config = minimalConfig();
    config.models.fraud.environments = {
      prod: { artifact: { s3Uri: 's3://models-archive/fraud/v7/model.onnx', sha256: 'a'.repeat(64) } },
    };
    expect(model(parse(config), 'prod', 'fraud').artifact).toEqual({
      kind: 's3',
      uri: 's3://models-archive/fraud/v7/model.onnx',
      sha256: 'a'.repeat(64),
    });
  });

  test('environment tags extend and override project tags', () => {
    const config = minimalConfig();
    config.tags = { owner: 'ml', tier: 'shared' };
    config.environments.prod.tags = { tier: 'critical' };
    expect(parse(config).environments[1].tags).toEqual({ owner: 'ml', tier: 'critical' });
  });

  test('the model bucket is retained unless an environment opts in to destroy it', () => {
    const config = minimalConfig();
    config.environments.dev.modelBucket = { destroyOnDelete: true, noncurrentVersionExpirationDays: 3 };
    const [dev, prod] = parse(config).environments;
    expect(dev.modelBucket).toMatchObject({ destroyOnDelete: true, noncurrentVersionExpirationDays: 3 });
    expect(prod.modelBucket).toMatchObject({ destroyOnDelete: false, noncurrentVersionExpirationDays: 90 });
  });
});

describe('environment selection', () => {
  test('no selection resolves every environment', () => {
    expect(parse(minimalConfig()).environments.map((e) => e.name)).toEqual(['dev', 'prod']);
  });

  test('a selection resolves only the named environments, in file order', () => {
    expect(parse(minimalConfig(), { environments: ['prod'] }).environments.map((e) => e.name)).toEqual([
      'prod',
    ]);
  });

  test('an unknown environment is rejected with the list of known ones', () => {
    expect(() => parse(minimalConfig(), { environments: ['qa'] })).toThrow(EnvironmentSelectionError);
    expect(() => parse(minimalConfig(), { environments: ['qa'] })).toThrow(
      'Unknown environment "qa"; test.yaml defines: dev, prod',
    );
  });
});

describe('reporting', () => {
  test('a typo, a negative count and min > max are reported together, each with its path', () => {
    const config = minimalConfig();
    config.models.churn.scalng = { enabled: true };
    config.models.churn.sagemaker = { initialInstanceCount: -1 };
    config.models.churn.environments = {
      prod: { scaling: { enabled: true, minInstances: 3, maxInstances: 2 } },
    };

    const message = errorOf(config);
    expect(message).toMatch(/^Invalid deployment config \(test\.yaml\):\n/);
    expect(message).toContain(' - models.churn.scalng: unknown key; allowed keys here: ');
    expect(message).toContain(
      ' - models.churn.sagemaker.initialInstanceCount: -1 is too small; must be >= 1',
    );
    expect(message).toContain(
      ' - models.churn.environments.prod.scaling.minInstances: 3 must be <= scaling.maxInstances (2)',
    );
  });

  test('issues carry the line they are on', () => {
    const text = ['project: acme', 'environments:', '  dev:', '    regoin: eu-west-1', 'models: {}', ''].join(
      '\n',
    );
    const error = catchConfigError(() => parseDeploymentConfig(text, 'x.yaml'));
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: ['environments', 'dev', 'regoin'], line: 4 }),
    );
    expect(error.message).toContain(
      'environments.dev.regoin: unknown key; allowed keys here: account, region, ',
    );
    expect(error.message).toContain('models: must define at least one model (line 5)');
  });

  test('YAML syntax errors name their line', () => {
    const error = catchConfigError(() =>
      parseDeploymentConfig('project: acme\nmodels: [unclosed\n', 'x.yaml'),
    );
    expect(error.issues[0].line).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/YAML/);
  });

  test('duplicate keys are rejected rather than silently overwritten', () => {
    expect(() => parseDeploymentConfig('project: a\nproject: b\n', 'x.yaml')).toThrow(
      ' - project: duplicate key "project" (first at line 1): a key may appear once per mapping; merge the two entries (line 2)',
    );
  });

  test('a value from a shared layer that breaks one model names the model and environment', () => {
    const config = minimalConfig();
    config.environments.prod.defaults = { scaling: { enabled: true, minInstances: 4 } };
    expect(errorOf(config)).toContain(
      ' - environments.prod.defaults.scaling.minInstances: 4 must be <= scaling.maxInstances (1) [scaling.maxInstances from (built-in default).scaling.maxInstances] (model churn, environment prod)',
    );
  });

  test('a missing file is reported with its name', () => {
    expect(() => loadDeploymentConfig('does/not/exist.yaml')).toThrow(
      /does\/not\/exist\.yaml[\s\S]*cannot read the file/,
    );
  });
});

function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
