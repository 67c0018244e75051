import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../helpers/app';
import { PackedPackage, writeConsumerApp } from './consumer-app';

/**
 * The package as an app gets it: `npm pack` (prepack compiles lib/ into dist/), installed into a fresh CDK app
 * without network, which synthesizes the constructs without Docker or AWS credentials.
 */

/** Packing compiles the library; installing unpacks about 550 MB from the npm cache; synth bundles the handler. */
const SETUP_TIMEOUT_MS = 5 * 60_000;

interface PackOutput {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly integrity: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 ** 2,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
}

const npmEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // onnxruntime-node's install script would download GPU libraries; the CPU binaries ship in the package.
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  npm_config_update_notifier: 'false',
});

let root: string;
let packed: PackOutput;
let appDir: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-deploy-pack-'));
  const packDir = path.join(root, 'pack');
  appDir = path.join(root, 'app');
  fs.mkdirSync(packDir);
  fs.mkdirSync(appDir);

  // GIVEN the package as npm publishes it
  const output = run('npm', ['pack', '--json', '--pack-destination', packDir], PROJECT_ROOT, npmEnv());
  [packed] = JSON.parse(output) as PackOutput[];
  const tarball: PackedPackage = { ...packed, tarball: path.join(packDir, packed.filename) };

  // WHEN a fresh app installs it from the npm cache and synthesizes
  const registry = run('npm', ['config', 'get', 'registry'], PROJECT_ROOT, npmEnv()).trim();
  writeConsumerApp(appDir, PROJECT_ROOT, tarball, registry);
  fs.copyFileSync(
    path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx'),
    path.join(appDir, 'model.onnx'),
  );
  run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], appDir, npmEnv());
  run(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], appDir, {});
  const { context } = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')) as {
    context: object;
  };
  run(process.execPath, ['app.js'], appDir, {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // What `cdk synth` passes the app: the context of cdk.json.
    CDK_CONTEXT_JSON: JSON.stringify(context),
    // Any attempt to run Docker fails the synth.
    CDK_DOCKER: 'false',
  });
}, SETUP_TIMEOUT_MS);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('the packed package', () => {
  const files = () => packed.files.map((file) => file.path);

  test('ships the compiled library with its type declarations', () => {
    expect(files()).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/constructs/private/lambda-bundles.js',
      ]),
    );
    expect(files().filter((file) => file.startsWith('lib/'))).toEqual([]);
  });

  test('ships every file its package.json points at', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      bin?: Record<string, string>;
    };
    const entryPoints = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
    expect(files()).toEqual(expect.arrayContaining(entryPoints.map((file) => path.posix.normalize(file))));
  });

  test('ships the Lambda sources the constructs bundle at synth, without tests', () => {
    expect(files()).toEqual(
      expect.arrayContaining([
        'lambda/inference/index.ts',
        'lambda/pre-traffic-hook/index.ts',
        'lambda/scaling-guard/index.ts',
        // Shared with lib/: TypeScript for the bundles, compiled for the library.
        'contract/infer-request.ts',
        'dist/contract/infer-request.js',
        'dist/contract/infer-request.d.ts',
      ]),
    );
    expect(files().filter((file) => file.endsWith('.test.ts'))).toEqual([]);
  });

  test('leaves out tests, benchmarks, models, config, build output and the lock file', () => {
    const unwanted = /^(test|bench|models|config|cdk\.out|node_modules|docs|\.ci)\/|^package-lock\.json$/;
    expect(files().filter((file) => unwanted.test(file))).toEqual([]);
  });

  test('is small: under 1 MB packed', () => {
    expect(packed.size).toBeLessThan(1024 ** 2);
  });
});

describe('a fresh CDK app that installs the tarball', () => {
  test('gets the ops CLI on its path: `npx mldeploy --help` lists the commands', () => {
    const help = run('npx', ['--no-install', 'mldeploy', '--help'], appDir, npmEnv());
    for (const command of ['status', 'verify', 'invoke', 'promote']) {
      expect(help).toMatch(new RegExp(`^  ${command} \\[options\\]`, 'm'));
    }
  });

  const template = () =>
    Template.fromJSON(
      JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out', 'Iris.template.json'), 'utf8')),
    );

  test('resolves the package to its compiled entry point', () => {
    const installed = path.join(appDir, 'node_modules', packed.name);
    const script = `process.stdout.write(require.resolve(${JSON.stringify(packed.name)}))`;
    expect(run(process.execPath, ['-e', script], appDir, {})).toBe(path.join(installed, 'dist/lib/index.js'));
  });

  test('synthesizes the Lambda-served model with its rollout and alarms', () => {
    const t = template();
    t.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Environment: { Variables: { MODEL_NAME: 'iris' } },
    });
    t.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'iris-lambda-rollback-error-rate' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'iris-lambda-throttle-rate' });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'iris-lambda-health' });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('synthesizes the SageMaker endpoint on the Triton image', () => {
    const t = template();
    t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'iris-sagemaker' });
    t.resourceCountIs('AWS::SageMaker::Model', 1);
    t.hasMapping('TritonImageRegistries', {});
  });

  test('bundles the handler with the Linux arm64 ONNX Runtime from the app’s node_modules', () => {
    const cache = path.join(appDir, 'node_modules', '.cache', 'ml-deploy-lambda');
    // Beside each bundle directory the cache keeps a record of the files esbuild read (`….inputs.json`).
    const bundles = fs
      .readdirSync(cache, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('inference-arm64-'))
      .map((entry) => entry.name);
    expect(bundles).toHaveLength(1);
    const runtime = path.join(cache, bundles[0], 'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64');
    expect(fs.readdirSync(runtime).sort()).toEqual(['libonnxruntime.so.1', 'onnxruntime_binding.node']);
  });
});
