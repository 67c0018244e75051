/**
 * Synthesis cost as the deployment grows, against its floor: generates configs with N models across three
 * environments (half on SageMaker, half on Lambda, all serving the example Iris model), synthesizes each in a
 * fresh Node process, then rebuilds the synthesized templates as raw L1 resources in a bare app with the same
 * built-in CloudFormation validation setting (floor-app.ts) and synthesizes that, right after, in another
 * fresh process. Each size runs `--runs` times (app and floor back to back) and the lower figure of each is
 * kept, since other work on the machine only ever adds time. Prints one row per size: the app's and the
 * floor's time (config load, construction and synthesis, inside the process), their ratio, the process wall
 * times and peak memory.
 * Usage: npm run bench:synth [-- 10 50 200] [--runs 2] [--validation on|off]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

interface Measure {
  readonly stacks: number;
  readonly resources: number;
  readonly workMs: number;
  readonly maxRssMb: number;
  readonly wallMs: number;
}

const { modelCounts, runs, validation } = parseArgs(process.argv.slice(2));
const root = path.resolve(__dirname, '..', '..');

function parseArgs(args: string[]): { modelCounts: number[]; runs: number; validation: 'on' | 'off' } {
  let runs = 2;
  let validation: 'on' | 'off' = 'on';
  const sizes: number[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--validation') validation = args[++i] === 'off' ? 'off' : 'on';
    else sizes.push(Number(args[i]));
  }
  if (!(runs >= 1) || sizes.some((n) => !(n >= 1))) {
    throw new Error('usage: bench:synth [-- N ...] [--runs R] [--validation on|off]');
  }
  return { modelCounts: sizes.length > 0 ? sizes : [10, 50, 200], runs, validation };
}

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

/** Runs one bench script in a fresh Node process and reads the JSON line it prints last. */
function measure(script: string, args: string[]): Measure {
  const started = performance.now();
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  return { ...(JSON.parse(output.trim().split('\n').pop()!) as Omit<Measure, 'wallMs'>), wallMs };
}

function lowest(measures: Measure[]): Measure {
  return measures.reduce((a, b) => (b.workMs < a.workMs ? b : a));
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
console.log(`node ${process.version}, ${os.cpus().length} cpus, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
console.log(
  `built-in CloudFormation validation ${validation}, lower of ${runs} run(s); app and floor back to back`,
);
const header = ['models', 'stacks', 'resources', 'app_s', 'floor_s', 'ratio', 'app_wall_s', 'floor_wall_s'];
console.log([...header, 'app_peak_mb', 'floor_peak_mb'].map((h) => h.padStart(9)).join(' '));
try {
  for (const models of modelCounts) {
    const configFile = path.join(work, `models-${models}.yaml`);
    fs.writeFileSync(configFile, configFor(models));
    const apps: Measure[] = [];
    const floors: Measure[] = [];
    for (let run = 0; run < runs; run++) {
      const appOut = path.join(work, `app-${models}`);
      const floorOut = path.join(work, `floor-${models}`);
      apps.push(measure('synth-app.ts', [configFile, appOut, validation]));
      floors.push(measure('floor-app.ts', [appOut, floorOut, validation]));
      fs.rmSync(appOut, { recursive: true, force: true });
      fs.rmSync(floorOut, { recursive: true, force: true });
    }
    const app = lowest(apps);
    const floor = lowest(floors);
    if (floor.resources !== app.resources || floor.stacks !== app.stacks) {
      throw new Error(
        `the floor declares ${floor.resources} resources in ${floor.stacks} stacks, the app ${app.resources} in ${app.stacks}`,
      );
    }
    const row = [
      models,
      app.stacks,
      app.resources,
      seconds(app.workMs),
      seconds(floor.workMs),
      (app.workMs / floor.workMs).toFixed(2),
      seconds(Math.min(...apps.map((m) => m.wallMs))),
      seconds(Math.min(...floors.map((m) => m.wallMs))),
      Math.max(...apps.map((m) => m.maxRssMb)),
      Math.max(...floors.map((m) => m.maxRssMb)),
    ];
    console.log(row.map((v) => String(v).padStart(9)).join(' '));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
