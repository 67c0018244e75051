/**
 * Synthesis cost as the deployment grows: generates configs with 10, 50 and 200 models across three
 * environments (half on SageMaker, half on Lambda, all serving the example Iris model), synthesizes
 * each in a fresh Node process and prints wall time and peak memory.
 * Usage: npm run bench:synth [-- 10 50]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

const sizes = process.argv.slice(2).map(Number);
const modelCounts = sizes.length > 0 ? sizes : [10, 50, 200];
const root = path.resolve(__dirname, '..', '..');

function configFor(models: number): string {
  const entries = Array.from({ length: models }, (_, i) => [
    `model-${String(i).padStart(3, '0')}`,
    i % 2 === 0
      ? { target: 'sagemaker', artifact: { path: 'models/iris/repository' } }
      : { target: 'lambda', artifact: { path: 'models/iris/repository/iris/1/model.onnx' } },
  ]);
  return stringify({
    project: 'bench',
    environments: {
      dev: {
        modelBucket: { destroyOnDelete: true },
        defaults: { sagemaker: { instanceType: 'ml.t2.medium' } },
      },
      staging: {},
      prod: {
        defaults: {
          sagemaker: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 2 },
          scaling: { enabled: true, minInstances: 2, maxInstances: 6 },
          rollout: { strategy: 'canary' },
        },
      },
    },
    models: Object.fromEntries(entries),
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
console.log(`node ${process.version}, ${os.cpus().length} cpus, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
console.log('models  envs  stacks  wall_s  config_ms  construct_ms  synth_ms  peak_rss_mb');
try {
  for (const models of modelCounts) {
    const configFile = path.join(work, `models-${models}.yaml`);
    fs.writeFileSync(configFile, configFor(models));
    const started = performance.now();
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'synth-app.ts'), configFile, path.join(work, `out-${models}`)],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const result = JSON.parse(output.trim().split('\n').pop()!);
    console.log(
      [
        models,
        3,
        result.stacks,
        wallSeconds.toFixed(1),
        result.configMs,
        result.constructMs,
        result.synthMs,
        result.maxRssMb,
      ]
        .map((v) => String(v).padStart(6))
        .join('  '),
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
