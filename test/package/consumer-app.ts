import * as fs from 'fs';
import * as path from 'path';

/**
 * A fresh CDK app that depends on the packed package, installed without network: `npm ci --offline` from a lock
 * file made of the production part of this repository's, with each package's tarball URL and integrity, so every
 * package comes straight from the tarballs in the npm cache that `npm ci` filled. `npm install <tarball> --offline`
 * cannot be relied on there: without a lock it resolves the version ranges of transitive dependencies from
 * registry metadata, which a cache filled by `npm ci` may not hold (ENOTCACHED).
 */

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly optional?: boolean;
  readonly [field: string]: unknown;
}

interface LockFile {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
  readonly integrity: string;
}

/** The app's TypeScript: the constructs used directly, no config file. Paths are relative to the app. */
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

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Iris');
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
app.synth();
`;

/**
 * Writes the app (package.json, lock file, cdk.json, tsconfig.json, app.ts) into an empty directory. Its cdk.json
 * holds the feature flags of this repository's, as `cdk init` writes the recommended ones for a new app.
 */
export function writeConsumerApp(
  dir: string,
  repoRoot: string,
  packed: PackedPackage,
  registry: string,
): void {
  const repoManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    bin?: Record<string, string>;
  };
  const repoLock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as LockFile;
  const spec = `file:${path.relative(dir, packed.tarball).split(path.sep).join('/')}`;
  const dependencies = {
    [packed.name]: spec,
    'aws-cdk-lib': repoManifest.dependencies['aws-cdk-lib'],
    constructs: repoManifest.dependencies.constructs,
  };
  const manifest = { name: 'consumer-app', version: '1.0.0', private: true, dependencies };

  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies },
    [`node_modules/${packed.name}`]: {
      version: packed.version,
      resolved: spec,
      integrity: packed.integrity,
      dependencies: repoManifest.dependencies,
      // npm ci links the bins its lock file names.
      ...(repoManifest.bin ? { bin: repoManifest.bin } : {}),
    },
  };
  for (const [key, entry] of Object.entries(repoLock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    // An optional dependency of a production package that the dev tree needs too: optional here.
    const { devOptional, ...rest } = entry;
    const name =
      typeof entry.name === 'string' ? entry.name : key.slice(key.lastIndexOf('node_modules/') + 13);
    const resolved = entry.resolved ?? tarballUrl(registry, name, String(entry.version));
    packages[key] = { ...rest, resolved, ...(devOptional ? { optional: true } : {}) };
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
  const { context } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const featureFlags = Object.fromEntries(
    Object.entries(context).filter(([key]) => key.startsWith('@aws-cdk/')),
  );
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', context: featureFlags }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        strict: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['app.ts'],
    }),
  );
  fs.writeFileSync(path.join(dir, 'app.ts'), APP_SOURCE);
}

/** Where a registry serves a version's tarball (this repository's lock file may omit `resolved`). */
function tarballUrl(registry: string, name: string, version: string): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return `${base}${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`;
}
