import * as fs from 'fs';
import * as path from 'path';

/**
 * A fresh CDK app that depends on the packed package and on one aws-cdk-lib version. Its lock file is made of
 * the part of this repository's that the package needs (its dependencies and peers, with everything they need in
 * turn), with each package's tarball URL and integrity: at the aws-cdk-lib version pinned here, `npm ci --offline`
 * installs it straight from the tarballs in the npm cache that this repository's `npm ci` filled. At another
 * version, the lock leaves out aws-cdk-lib and what only it needs, and `npm install` resolves those alone (a lock
 * that still holds the other version's tree makes npm drop a dependency the new one needs). (`npm install <tarball>`
 * without a lock cannot be relied on offline: it resolves the ranges of every transitive dependency from registry
 * metadata, which a cache filled by `npm ci` may not hold: ENOTCACHED.)
 */

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [field: string]: unknown;
}

interface LockFile {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

export interface Manifest {
  readonly name: string;
  readonly bin?: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
  readonly integrity: string;
}

/** Flags that place a package in this repository's tree (dev, peer-only), not in the app's. */
const TREE_FLAGS = new Set(['dev', 'peer', 'devOptional']);

/** How the app's TypeScript finds the package's entry points. */
export type ModuleResolution = 'node16' | 'node10';

export interface ConsumerAppOptions {
  /** The aws-cdk-lib version the app installs. */
  readonly awsCdkLib: string;
  /**
   * `node16` reads the package's `exports` map; `node10`, still the choice of many apps, ignores it and finds
   * `ml-deploy-cdk/app` through `typesVersions`.
   */
  readonly moduleResolution: ModuleResolution;
}

/** The stack the constructs are used in directly, without a config file. */
export const CONSTRUCTS_STACK = 'Iris';
/** The environment of the app's deployment config, built by the app layer as a stage of that name. */
export const CONFIG_ENVIRONMENT = 'dev';

/**
 * The app's TypeScript: the constructs used directly from the package root, and one environment built by the app
 * layer from a small deployment config read by the config layer. Paths are relative to the app.
 */
export const APP_SOURCE = `
import { App, Duration, Stack } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AlarmTopic,
  ContainerImage,
  LambdaAlarmPack,
  LambdaInference,
  ModelArtifact,
  ModelBucket,
  ModelDashboard,
  ModelHealthAlarm,
  SageMakerEndpoint,
  lambdaInferencePanel,
} from 'ml-deploy-cdk';
import { addDeploymentStages, EnvironmentStage } from 'ml-deploy-cdk/app';
import { loadDeploymentConfig, ResolvedConfig } from 'ml-deploy-cdk/config';

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, '${CONSTRUCTS_STACK}');
const modelBucket = new ModelBucket(stack, 'Models', { noncurrentVersionExpiration: Duration.days(30) });
const artifact = new ModelArtifact(stack, 'Artifact', { modelName: 'iris', modelBucket, localPath: 'model.onnx' });
const inference = new LambdaInference(stack, 'Lambda', {
  model: artifact,
  modelName: 'iris',
  alarmNamePrefix: 'iris-lambda',
});
const topic = new AlarmTopic(stack, 'Critical');
const pack = LambdaAlarmPack.ofInference(stack, 'LambdaAlarms', inference, { alarmNamePrefix: 'iris-lambda' });
new ModelHealthAlarm(stack, 'Health', {
  alarmName: 'iris-lambda-health',
  modelName: 'iris',
  criticalAlarms: pack.criticalAlarms,
  actions: [new SnsAction(topic.topic)],
});
new SageMakerEndpoint(stack, 'Endpoint', {
  endpointName: 'iris-sagemaker',
  image: ContainerImage.triton('24.09'),
  modelData: artifact,
  instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1 },
});
new ModelDashboard(stack, 'Dashboard', {
  dashboardName: 'iris-models',
  header: '# Iris',
  panels: [lambdaInferencePanel(inference)],
});

const config: ResolvedConfig = loadDeploymentConfig('deployments.yaml');
const stages: EnvironmentStage[] = addDeploymentStages(app, config);
if (stages.map((stage) => stage.stageName).join() !== '${CONFIG_ENVIRONMENT}') throw new Error('unexpected stages');
app.synth();
`;

/** The app's deployment config: one environment, one model served from Lambda. */
export const CONFIG_SOURCE = `project: consumer
environments:
  ${CONFIG_ENVIRONMENT}:
    modelBucket:
      destroyOnDelete: true
models:
  iris:
    target: lambda
    artifact:
      path: model.onnx
`;

/**
 * Writes the app (package.json, lock file, cdk.json, tsconfig.json, app.ts, deployments.yaml) into an empty
 * directory. Its cdk.json holds the feature flags of this repository's, as `cdk init` writes the recommended ones
 * for a new app.
 */
export function writeConsumerApp(
  dir: string,
  repoRoot: string,
  packed: PackedPackage,
  registry: string,
  options: ConsumerAppOptions,
): void {
  const repoManifest = readJson<Manifest>(path.join(repoRoot, 'package.json'));
  const repoLock = readJson<LockFile>(path.join(repoRoot, 'package-lock.json'));
  const spec = `file:${path.relative(dir, packed.tarball).split(path.sep).join('/')}`;
  const dependencies = {
    [packed.name]: spec,
    'aws-cdk-lib': options.awsCdkLib,
    constructs: repoManifest.devDependencies.constructs,
  };
  const manifest = { name: 'consumer-app', version: '1.0.0', private: true, dependencies };

  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies },
    [`node_modules/${packed.name}`]: {
      version: packed.version,
      resolved: spec,
      integrity: packed.integrity,
      dependencies: repoManifest.dependencies,
      peerDependencies: repoManifest.peerDependencies,
      // npm ci links the bins its lock file names.
      ...(repoManifest.bin ? { bin: repoManifest.bin } : {}),
    },
  };
  const unlocked = new Set(
    options.awsCdkLib === repoManifest.devDependencies['aws-cdk-lib'] ? [] : ['aws-cdk-lib'],
  );
  const needed = installedClosure(
    repoLock,
    [...Object.keys(repoManifest.dependencies), ...Object.keys(repoManifest.peerDependencies)],
    unlocked,
  );
  for (const key of needed) {
    const entry = repoLock.packages[key];
    // Flags of this repository's tree (a dev tool needs it too) mean nothing here; optional stays optional.
    const rest = Object.fromEntries(Object.entries(entry).filter(([field]) => !TREE_FLAGS.has(field)));
    const name =
      typeof entry.name === 'string' ? entry.name : key.slice(key.lastIndexOf('node_modules/') + 13);
    const resolved = entry.resolved ?? tarballUrl(registry, name, String(entry.version));
    packages[key] = { ...rest, resolved, ...(entry.devOptional ? { optional: true } : {}) };
  }

  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify(
      { ...manifest, lockfileVersion: repoLock.lockfileVersion, requires: true, packages },
      null,
      2,
    ),
  );
  const { context } = readJson<{ context: Record<string, unknown> }>(path.join(repoRoot, 'cdk.json'));
  const featureFlags = Object.fromEntries(
    Object.entries(context).filter(([key]) => key.startsWith('@aws-cdk/')),
  );
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', context: featureFlags }));
  const module = options.moduleResolution === 'node16' ? 'node16' : 'commonjs';
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module,
        moduleResolution: options.moduleResolution,
        strict: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['app.ts'],
    }),
  );
  fs.writeFileSync(path.join(dir, 'app.ts'), APP_SOURCE);
  fs.writeFileSync(path.join(dir, 'deployments.yaml'), CONFIG_SOURCE);
}

/**
 * The lock keys of the packages that the named top-level packages need, following dependencies, optional
 * dependencies and peers the way Node finds them: in the dependent's own node_modules first, then in each
 * enclosing one. A name found nowhere is an optional package this tree does not install (another platform's
 * binary, an optional peer). Packages named in `unlocked` are left out with what only they need.
 */
function installedClosure(
  lock: LockFile,
  names: readonly string[],
  unlocked: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, name: string): void => {
    if (unlocked.has(name)) return;
    for (let base = from; ;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock.packages[key]) {
        if (!found.has(key)) {
          found.add(key);
          const entry = lock.packages[key];
          const needs = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
          for (const dependency of Object.keys(needs)) visit(key, dependency);
        }
        return;
      }
      if (!base) return;
      const parent = base.lastIndexOf('/node_modules/');
      base = parent < 0 ? '' : base.slice(0, parent);
    }
  };
  for (const name of names) visit('', name);
  return found;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Where a registry serves a version's tarball (this repository's lock file may omit `resolved`). */
function tarballUrl(registry: string, name: string, version: string): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return `${base}${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`;
}
