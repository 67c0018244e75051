import { execFile, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../helpers/app';
import {
  CONFIG_ENVIRONMENT,
  CONSTRUCTS_STACK,
  Manifest,
  ModuleResolution,
  PackedPackage,
  writeConsumerApp,
} from './consumer-app';

/**
 * The package as an app gets it: `npm pack` (prepack compiles lib/ into dist/), installed into a fresh CDK app
 * with the oldest and with the newest aws-cdk-lib it supports, each of which compiles an app that imports the
 * three entry points and synthesizes it without Docker or AWS credentials.
 */

/** Packing compiles the library; each install unpacks about 550 MB; each synth bundles and checks two stages. */
const SETUP_TIMEOUT_MS = 10 * 60_000;
/** Type-checking the whole library against another aws-cdk-lib. */
const COMPILE_TIMEOUT_MS = 5 * 60_000;

const runAsync = promisify(execFile);

interface PackOutput {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly integrity: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

interface ConsumerApp {
  readonly awsCdkLib: string;
  readonly moduleResolution: ModuleResolution;
  /** The aws-cdk-lib pinned here comes from the npm cache; another one may need the registry once. */
  readonly install: readonly string[];
  readonly dir: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest & {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  typesVersions: Record<string, Record<string, string[]>>;
};

/** The floor of the supported range, `>=X <3.0.0`. */
const OLDEST_AWS_CDK_LIB = /^>=(\d+\.\d+\.\d+) <3\.0\.0$/.exec(manifest.peerDependencies['aws-cdk-lib'])?.[1];
/** The version this repository builds with and pins. */
const NEWEST_AWS_CDK_LIB = manifest.devDependencies['aws-cdk-lib'];

/** What the root entry must not load: the config layer's parsers and the ops CLI's dependencies. */
const NOT_AT_ROOT = [
  'zod',
  'yaml',
  'commander',
  'nanospinner',
  ...Object.keys(manifest.dependencies).filter((name) => name.startsWith('@aws-sdk/')),
];

const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund'];

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
    throw failure(command, args, cwd, error);
  }
}

function failure(command: string, args: readonly string[], cwd: string, error: unknown): Error {
  const { stdout, stderr } = error as { stdout?: string; stderr?: string };
  return new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}\n${stdout ?? ''}`);
}

const npmEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // onnxruntime-node's install script would download GPU libraries; the CPU binaries ship in the package.
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  npm_config_update_notifier: 'false',
});

const tsc = path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
let root: string;
let packed: PackOutput;
let apps: ConsumerApp[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-deploy-pack-'));
  const packDir = path.join(root, 'pack');
  fs.mkdirSync(packDir);

  // GIVEN the package as npm publishes it
  const output = run('npm', ['pack', '--json', '--pack-destination', packDir], PROJECT_ROOT, npmEnv());
  [packed] = JSON.parse(output) as PackOutput[];
  const tarball: PackedPackage = { ...packed, tarball: path.join(packDir, packed.filename) };

  // WHEN fresh apps install it with the newest and the oldest supported aws-cdk-lib, side by side
  expect(OLDEST_AWS_CDK_LIB).toBeDefined();
  apps = [
    {
      awsCdkLib: NEWEST_AWS_CDK_LIB,
      moduleResolution: 'node10',
      install: ['ci', '--offline', ...npmFlags],
      dir: path.join(root, 'newest'),
    },
    {
      awsCdkLib: OLDEST_AWS_CDK_LIB!,
      moduleResolution: 'node16',
      install: ['install', '--prefer-offline', ...npmFlags],
      dir: path.join(root, 'oldest'),
    },
  ];
  const registry = run('npm', ['config', 'get', 'registry'], PROJECT_ROOT, npmEnv()).trim();
  await Promise.all(
    apps.map(async (app) => {
      fs.mkdirSync(app.dir);
      writeConsumerApp(app.dir, PROJECT_ROOT, tarball, registry, app);
      fs.copyFileSync(
        path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx'),
        path.join(app.dir, 'model.onnx'),
      );
      await runAsync('npm', [...app.install], {
        cwd: app.dir,
        env: npmEnv(),
        maxBuffer: 64 * 1024 ** 2,
      }).catch((error: unknown) => {
        throw failure('npm', app.install, app.dir, error);
      });
    }),
  );

  // AND each compiles and synthesizes its app (CPU-bound: one after the other)
  for (const app of apps) {
    run(process.execPath, [tsc, '-p', '.'], app.dir, {});
    const { context } = JSON.parse(fs.readFileSync(path.join(app.dir, 'cdk.json'), 'utf8')) as {
      context: object;
    };
    run(process.execPath, ['app.js'], app.dir, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // What `cdk synth` passes the app: the context of cdk.json.
      CDK_CONTEXT_JSON: JSON.stringify(context),
      // Any attempt to run Docker fails the synth.
      CDK_DOCKER: 'false',
    });
  }
}, SETUP_TIMEOUT_MS);

afterAll(() => {
  // Two installed apps are about 1.1 GB in small files, whose removal takes about two minutes on a slow disk:
  // it goes on after the tests, in a process of its own.
  if (!root) return;
  const remove = `require('fs').rmSync(${JSON.stringify(root)}, { recursive: true, force: true })`;
  spawn(process.execPath, ['-e', remove], { detached: true, stdio: 'ignore' }).unref();
});

const newest = () => apps[0];
const installedPackage = (app: ConsumerApp) => path.join(app.dir, 'node_modules', packed.name);

describe('the packed package', () => {
  const files = () => packed.files.map((file) => file.path);

  test('ships the compiled entry points with their type declarations, the licence and the changelog', () => {
    expect(files()).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        ...['constructs', 'app', 'config'].flatMap((entry) => [
          `dist/lib/${entry}/index.js`,
          `dist/lib/${entry}/index.d.ts`,
        ]),
        'dist/lib/constructs/private/lambda-bundles.js',
      ]),
    );
    expect(files().filter((file) => file.startsWith('lib/'))).toEqual([]);
  });

  test('ships every file its package.json points at', () => {
    const targets = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Object.values(value as object).flatMap(targets);
    const entryPoints = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin ?? {}),
      ...targets(manifest.exports),
      ...targets(manifest.typesVersions),
    ];
    expect(entryPoints.length).toBeGreaterThan(10);
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

  test('declares the constructs with aws-cdk-lib, constructs and its own types only: no zod, no config layer', () => {
    const constructsDir = path.join(installedPackage(newest()), 'dist/lib/constructs');
    const contractDir = path.join(installedPackage(newest()), 'dist/contract');
    const declarations = fs
      .readdirSync(constructsDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => path.join(constructsDir, file));
    expect(declarations.length).toBeGreaterThan(20);
    const outside = declarations.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map(
        (match) => match[1],
      );
      return specifiers
        .filter((specifier) => {
          if (/^(aws-cdk-lib(\/.*)?|constructs)$/.test(specifier)) return false;
          if (!specifier.startsWith('.')) return true;
          const target = path.resolve(path.dirname(file), specifier);
          return !(target.startsWith(constructsDir + path.sep) || target.startsWith(contractDir + path.sep));
        })
        .map((specifier) => `${path.relative(constructsDir, file)}: ${specifier}`)
        .concat(/\bzod\b/.test(text) ? [`${path.relative(constructsDir, file)}: mentions zod`] : []);
    });
    expect(outside).toEqual([]);
  });
});

describe('an app that installs the tarball', () => {
  const resolve = (specifier: string) =>
    run(
      process.execPath,
      ['-e', `process.stdout.write(require.resolve(${JSON.stringify(specifier)}))`],
      newest().dir,
      {},
    );

  test.each([
    ['ml-deploy-cdk', 'dist/lib/constructs/index.js'],
    ['ml-deploy-cdk/app', 'dist/lib/app/index.js'],
    ['ml-deploy-cdk/config', 'dist/lib/config/index.js'],
    ['ml-deploy-cdk/package.json', 'package.json'],
  ])('resolves %s to %s', (specifier, file) => {
    expect(resolve(specifier)).toBe(path.join(installedPackage(newest()), file));
  });

  test('cannot reach into the package past its entry points', () => {
    expect(() => resolve('ml-deploy-cdk/dist/lib/app/model-stack')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  test('loads no config parser, CLI dependency or AWS SDK client with the constructs', () => {
    // Every module request and every file loaded while the root entry loads, then (as a check that the
    // detection works) while the config layer loads.
    const script = `
      const Module = require('module');
      const path = require('path');
      const requests = [];
      const load = Module._load;
      Module._load = function (request, ...rest) {
        requests.push(request);
        return load.call(this, request, ...rest);
      };
      const snapshot = () => ({ requests: [...requests], files: Object.keys(require.cache) });
      require('ml-deploy-cdk');
      const root = snapshot();
      require('ml-deploy-cdk/config');
      const config = snapshot();
      const from = path.dirname(require.resolve('ml-deploy-cdk/package.json'));
      const dirs = Object.fromEntries(${JSON.stringify(NOT_AT_ROOT)}.map((name) => {
        const main = require.resolve(name, { paths: [from] });
        const marker = path.sep + path.join('node_modules', name) + path.sep;
        return [name, main.slice(0, main.lastIndexOf(marker) + marker.length)];
      }));
      process.stdout.write(JSON.stringify({ root, config, dirs }));
    `;
    interface Loaded {
      readonly requests: string[];
      readonly files: string[];
    }
    const {
      root: atRoot,
      config,
      dirs,
    } = JSON.parse(run(process.execPath, ['-e', script], newest().dir, {})) as {
      root: Loaded;
      config: Loaded;
      dirs: Record<string, string>;
    };
    const forbidden = (loaded: Loaded) => [
      ...loaded.requests.filter((request) =>
        NOT_AT_ROOT.some((name) => request === name || request.startsWith(`${name}/`)),
      ),
      ...loaded.requests.filter((request) => request.startsWith('@aws-sdk/')),
      ...loaded.files.filter((file) => Object.values(dirs).some((dir) => file.startsWith(dir))),
    ];

    expect(atRoot.files).toEqual(
      expect.arrayContaining([path.join(installedPackage(newest()), 'dist/lib/constructs/index.js')]),
    );
    expect(atRoot.requests).toContain('aws-cdk-lib');
    expect(forbidden(atRoot)).toEqual([]);
    expect(forbidden(config)).toEqual(expect.arrayContaining(['zod', 'yaml']));
  });

  test('gets the ops CLI on its path: `npx mldeploy --help` lists the commands', () => {
    const help = run('npx', ['--no-install', 'mldeploy', '--help'], newest().dir, npmEnv());
    for (const command of ['status', 'verify', 'invoke', 'promote']) {
      expect(help).toMatch(new RegExp(`^  ${command} \\[options\\]`, 'm'));
    }
  });
});

describe.each([
  ['newest', 0],
  ['oldest', 1],
])('the %s supported aws-cdk-lib', (_label, index) => {
  const app = () => apps[index];
  const template = (...file: string[]) =>
    Template.fromJSON(JSON.parse(fs.readFileSync(path.join(app().dir, 'cdk.out', ...file), 'utf8')));
  const constructsStack = () => template(`${CONSTRUCTS_STACK}.template.json`);

  test('is the one the app runs on', () => {
    const script = "process.stdout.write(require('aws-cdk-lib/package.json').version)";
    expect(run(process.execPath, ['-e', script], app().dir, {})).toBe(app().awsCdkLib);
  });

  test('synthesizes the Lambda-served model with its rollout and alarms', () => {
    const t = constructsStack();
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
    const t = constructsStack();
    t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'iris-sagemaker' });
    t.resourceCountIs('AWS::SageMaker::Model', 1);
    t.hasMapping('TritonImageRegistries', {});
  });

  test('builds the environment of the deployment config: platform, model and dashboard stacks', () => {
    const assembly = `assembly-${CONFIG_ENVIRONMENT}`;
    const templates = fs
      .readdirSync(path.join(app().dir, 'cdk.out', assembly))
      .filter((file) => file.endsWith('.template.json'));
    expect(templates).toHaveLength(3);
    const model = templates.find((file) => /iris/.test(file));
    expect(model).toBeDefined();
    const t = template(assembly, model!);
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { MODEL_NAME: 'iris' } } });
    t.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
  });

  test('bundles the handler with the Linux arm64 ONNX Runtime from the app’s node_modules, once', () => {
    const cache = path.join(app().dir, 'node_modules', '.cache', 'ml-deploy-lambda');
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

test(
  'the library’s sources type-check against the oldest supported aws-cdk-lib',
  () => {
    // The build configuration, with every package resolved from the oldest app's node_modules first.
    const dir = path.join(root, 'oldest-build');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(PROJECT_ROOT, 'tsconfig.build.json'),
        compilerOptions: {
          noEmit: true,
          baseUrl: path.join(apps[1].dir, 'node_modules'),
          paths: { '*': ['*'] },
          typeRoots: [path.join(PROJECT_ROOT, 'node_modules/@types')],
        },
      }),
    );
    run(process.execPath, [tsc, '-p', dir], dir, {});
    const probe = "process.stdout.write(require('aws-cdk-lib/package.json').version)";
    expect(run(process.execPath, ['-e', probe], apps[1].dir, {})).toBe(OLDEST_AWS_CDK_LIB);
  },
  COMPILE_TIMEOUT_MS,
);
