import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LambdaInference } from '../../../lib/constructs/lambda/inference';
import {
  bundlesBuilt,
  inferenceBundle,
  INFERENCE_ENTRY,
  PACKAGE_ROOT,
  preTrafficHookBundle,
} from '../../../lib/constructs/private/lambda-bundles';
import { PROJECT_ROOT } from '../../helpers/app';
import { assetsInPlaceApp, IRIS_MODEL, s3Model, SAMPLE_REQUEST } from '../lambda/support';

/** Files under a directory, as sorted POSIX paths relative to it. */
function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

const nativeFiles = (dir: string) => filesIn(dir).filter((file) => file.includes('/bin/'));

describe('the inference code bundle', () => {
  test('ships the arm64 ONNX Runtime library only', () => {
    expect(nativeFiles(inferenceBundle(lambda.Architecture.ARM_64).dir)).toEqual([
      'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/libonnxruntime.so.1',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node',
    ]);
  });

  test('ships the x64 ONNX Runtime library only for x86_64', () => {
    expect(nativeFiles(inferenceBundle(lambda.Architecture.X86_64).dir)).toEqual([
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    ]);
  });

  test('is one minified file under 100 kB beside the ONNX Runtime packages, well under Lambda’s 250 MB', () => {
    const bundle = inferenceBundle(lambda.Architecture.X86_64);
    const topLevel = fs.readdirSync(bundle.dir).sort();
    expect(topLevel).toEqual(['index.js', 'node_modules']);
    expect(fs.readdirSync(path.join(bundle.dir, 'node_modules')).sort()).toEqual([
      'onnxruntime-common',
      'onnxruntime-node',
    ]);
    expect(bundle.codeBytes).toBeLessThan(100 * 1024);
    expect(bundle.totalBytes).toBeLessThan(60 * 1024 ** 2);
  });

  test('serves the Iris model when run by Node.js with nothing but the bundle', () => {
    const arch = process.arch === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64;
    const { dir } = inferenceBundle(arch);
    const script =
      `require(${JSON.stringify(path.join(dir, 'index.js'))}).handler(JSON.parse(process.argv[1]))` +
      '.then((answer) => process.stdout.write(JSON.stringify(answer)))';
    const output = execFileSync(process.execPath, ['-e', script, fs.readFileSync(SAMPLE_REQUEST, 'utf8')], {
      cwd: os.tmpdir(),
      env: {
        PATH: process.env.PATH,
        MODEL_NAME: 'iris',
        MODEL_PATH: IRIS_MODEL,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    const answer = JSON.parse(output) as { outputs: { name: string; data: number[] }[] };
    expect(answer.outputs.find((o) => o.name === 'label')?.data).toEqual([0, 2]);
  });

  test('is built into a fresh cache once, and found there afterwards by a new process', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-bundles-'));
    try {
      const before = bundlesBuilt();
      const first = preTrafficHookBundle({ cacheDir });
      expect(bundlesBuilt() - before).toBe(1);
      expect(preTrafficHookBundle({ cacheDir })).toBe(first);
      await jest.isolateModulesAsync(async () => {
        const fresh = await import('../../../lib/constructs/private/lambda-bundles');
        expect(fresh.preTrafficHookBundle({ cacheDir }).dir).toBe(first.dir);
        expect(fresh.bundlesBuilt()).toBe(0);
      });
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('is built from the Lambda sources at the package root', () => {
    expect(PACKAGE_ROOT).toBe(PROJECT_ROOT);
    expect(path.dirname(INFERENCE_ENTRY)).toBe(path.join(PROJECT_ROOT, 'lambda', 'inference'));
  });

  test('is keyed by the handler sources', () => {
    const { hash } = inferenceBundle(lambda.Architecture.ARM_64);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(inferenceBundle(lambda.Architecture.X86_64).hash).not.toBe(hash);
  });
});

describe('the bundle hash', () => {
  let sources: string;
  let cacheDir: string;
  const write = (file: string, text: string) => fs.writeFileSync(path.join(sources, file), text);
  beforeEach(() => {
    sources = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-sources-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-bundles-'));
    write('index.ts', "import { answer } from './answer';\nexport const handler = async () => answer;\n");
    write('answer.ts', 'export const answer = 42;\n');
    write('README.md', '# Probe\n');
    write('unused.ts', 'export const unused = 1;\n');
  });
  afterEach(() => {
    fs.rmSync(sources, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  /** The bundle as a new process (a later synth) finds it, and how many bundles that process built. */
  async function probe(): Promise<{ hash: string; dir: string; built: number }> {
    let result = { hash: '', dir: '', built: -1 };
    await jest.isolateModulesAsync(async () => {
      const fresh = await import('../../../lib/constructs/private/lambda-bundles');
      const { hash, dir } = fresh.javaScriptBundle('probe', path.join(sources, 'index.ts'), { cacheDir });
      result = { hash, dir, built: fresh.bundlesBuilt() };
    });
    return result;
  }

  test('ignores files the entry does not import: a README edit or a new file publishes no new version', async () => {
    const first = await probe();
    expect(first.built).toBe(1);
    write('README.md', '# Probe\n\nHow to call it.\n');
    write('unused.ts', 'export const unused = 2;\n');
    write('handler.test.ts', "import { handler } from './index';\nvoid handler;\n");
    expect(await probe()).toEqual({ ...first, built: 0 });
  });

  test('covers every imported source, comments included', async () => {
    const first = await probe();
    write('answer.ts', '// The answer.\nexport const answer = 42;\n');
    const second = await probe();
    expect(second.hash).not.toBe(first.hash);
    expect(second.built).toBe(1);
  });
});

describe('many models in many environments', () => {
  const app = assetsInPlaceApp();
  const before = bundlesBuilt();
  const stacks = ['dev', 'staging', 'prod'].flatMap((environment) => {
    const stage = new Stage(app, environment);
    return Array.from({ length: 4 }, (_, i) => {
      const stack = new Stack(stage, `model-${i}`);
      new LambdaInference(stack, 'Inference', {
        model: s3Model(),
        modelName: `model-${i}`,
        sampleRequestFile: SAMPLE_REQUEST,
      });
      return stack;
    });
  });
  // Counted now: the tests above, which run later, build other bundles on a cold cache.
  const builtForStacks = bundlesBuilt() - before;

  test('share one bundle per function kind, built at most once', () => {
    expect(builtForStacks).toBeLessThanOrEqual(2);
    const codeKeys = new Set(
      stacks.flatMap((stack) =>
        Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(
          (fn) => (fn.Properties.Code as { S3Key: string }).S3Key,
        ),
      ),
    );
    expect(codeKeys.size).toBe(2);
  });
});

test('the staged code asset holds one architecture’s ONNX Runtime', () => {
  const app = assetsInPlaceApp({ stageAssets: true });
  const stack = new Stack(app, 'Models');
  const inference = new LambdaInference(stack, 'Iris', { model: s3Model(), modelName: 'iris' });
  const assembly = app.synth();
  const staged = fs
    .readdirSync(assembly.directory)
    .filter((entry) => entry.startsWith('asset.'))
    .map((entry) => path.join(assembly.directory, entry))
    .filter((dir) => fs.existsSync(path.join(dir, 'node_modules')));
  expect(inference.function.architecture).toBe(lambda.Architecture.ARM_64);
  expect(staged).toHaveLength(1);
  expect(nativeFiles(staged[0])).toEqual([
    'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/libonnxruntime.so.1',
    'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node',
  ]);
  fs.rmSync(assembly.directory, { recursive: true, force: true });
});
