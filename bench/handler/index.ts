/**
 * The Lambda inference handler against bare ONNX Runtime, on the same model and inputs, in one run:
 *
 *   npm run bench:handler [-- --quick]      (ORT_INTRA_OP_THREADS=N to change ONNX Runtime's threads)
 *
 * - cold start: a fresh Node.js process requires the deployed bundle (import) and answers its first request
 *   (model load from a local file + first run); against `require('onnxruntime-node')` + session + first run;
 * - warm latency p50/p99 and sequential requests per second: `handler(request)` (validation, tensor building,
 *   run, answer building, embedded-metric flush) against `session.run(feeds)` with prebuilt feeds;
 * - the same with every answer captured (CAPTURE_SAMPLING_PERCENT=100, lambda/inference/capture.ts): the capture
 *   overhead is the difference of the two paired p50 overheads;
 * - the size of the bundled code and of the code asset per architecture.
 *
 * Models: the Iris example, and a heavier generated MLP (bench/handler/heavy-model.ts) whose bare run takes
 * over a millisecond. Each measurement runs in its own Node.js process whose stdout (the embedded-metric lines
 * the handler prints) is a pipe drained by this process, as in Lambda, where the runtime's stdout is a pipe read
 * by the log agent. The pipe matters: right after a multi-millisecond inference a write to a pipe costs several
 * times a write to /dev/null (the write wakes the reader, and runs with cold caches).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { inferenceBundle, type LambdaBundle } from '../../lib/constructs/private/lambda-bundles';
import { HEAVY_INPUT_WIDTH, writeHeavyModel } from './heavy-model';

const root = path.resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const hostArch = process.arch === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64;
/** ONNX Runtime threads of both paths: what LambdaInference sets up to 3,537 MB, unless overridden. */
const threads = process.env.ORT_INTRA_OP_THREADS ?? '1';

interface Case {
  readonly name: string;
  readonly file: string;
  /** The v2 infer request, as a direct invoke passes it (already parsed). */
  readonly request: { inputs: { name: string; shape: number[]; datatype: string; data: number[] }[] };
  readonly iterations: number;
}

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

interface Warm {
  readonly bare: Latency;
  readonly handler: Latency;
  /** Median of (handler − bare) over paired calls, in milliseconds. */
  readonly overheadMs: number;
  readonly overheadPercent: number;
}

const TARGETS = {
  irisOverheadMs: 0.2,
  heavyOverheadPercent: 5,
  coldStartMs: 300,
  codeBytes: 100 * 1024,
  captureOverheadMs: 0.02,
};

function main(): void {
  const bundle = inferenceBundle(hostArch);
  const heavyRows = 4;
  const cases: Case[] = [
    {
      name: 'iris',
      file: path.join(root, 'models/iris/repository/iris/1/model.onnx'),
      request: JSON.parse(fs.readFileSync(path.join(root, 'models/iris/sample-request.json'), 'utf8')),
      iterations: quick ? 2000 : 20000,
    },
    {
      name: 'heavy-mlp',
      file: writeHeavyModel(path.join(root, 'bench/.out/heavy-mlp.onnx')),
      request: {
        inputs: [
          {
            name: 'input',
            shape: [heavyRows, HEAVY_INPUT_WIDTH],
            datatype: 'FP32',
            data: Array.from(
              { length: heavyRows * HEAVY_INPUT_WIDTH },
              (_, i) => Math.round(Math.sin(i) * 1000) / 1000,
            ),
          },
        ],
      },
      iterations: quick ? 300 : 2000,
    },
  ];

  console.log(
    `node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'}), ${process.arch}, ` +
      `load average ${os.loadavg()[0].toFixed(2)}, ONNX Runtime intra-op threads ${threads}`,
  );
  console.log(`bundle ${path.relative(root, bundle.dir)}\n`);

  const results = cases.map((c) => ({
    c,
    cold: coldStart(bundle, c, quick ? 3 : 7),
    warm: warmLatency(bundle, c),
    // The same, without the embedded-metric line the handler prints after every request.
    warmQuiet: warmLatency(bundle, c, { POWERTOOLS_METRICS_DISABLED: 'true' }),
    // Every answer captured (the worst case; a sampling percentage p costs p % of this on average).
    warmCapture: warmLatency(bundle, c, { CAPTURE_SAMPLING_PERCENT: '100' }),
    // One answer in five captured, as the example's prod.
    warmCapture20: warmLatency(bundle, c, { CAPTURE_SAMPLING_PERCENT: '20' }),
  }));

  console.log(
    'model      path               cold_import_ms  cold_first_answer_ms  p50_ms   p99_ms  req_per_s  overhead_p50',
  );
  for (const { c, cold, warm, warmQuiet, warmCapture, warmCapture20 } of results) {
    const rows = [
      ['bare session.run', cold.bare, warm.bare, ''],
      ['handler', cold.handler, warm.handler, overhead(warm)],
      ['handler, no metrics', undefined, warmQuiet.handler, overhead(warmQuiet)],
      ['handler, capture 100 %', undefined, warmCapture.handler, overhead(warmCapture)],
      ['handler, capture 20 %', undefined, warmCapture20.handler, overhead(warmCapture20)],
    ] as const;
    for (const [label, coldRow, latency, extra] of rows) {
      console.log(
        [
          c.name.padEnd(10),
          label.padEnd(19),
          (coldRow ? coldRow.importMs.toFixed(1) : '').padStart(14),
          (coldRow ? coldRow.totalMs.toFixed(1) : '').padStart(21),
          latency.p50.toFixed(3).padStart(7),
          latency.p99.toFixed(3).padStart(8),
          latency.perSecond.toFixed(0).padStart(10),
          extra.padStart(20),
        ].join(' '),
      );
    }
  }

  const captureCost = captureCallCost(cases[0].request);
  console.log(
    `\ncapture call alone, Iris sample request (2 rows), stdout a pipe: p50 ${captureCost.p50.toFixed(1)} µs, ` +
      `p99 ${captureCost.p99.toFixed(1)} µs per captured request; ${captureCost.off.toFixed(2)} µs p50 when not sampled`,
  );

  console.log('\nsizes (unzipped / deflated estimate of the zip)');
  for (const arch of [lambda.Architecture.ARM_64, lambda.Architecture.X86_64]) {
    const b = inferenceBundle(arch);
    console.log(
      `  ${arch.name.padEnd(7)} code ${(b.codeBytes / 1024).toFixed(1)} kB, asset ${mb(b.totalBytes)} / ${mb(deflatedBytes(b.dir))}`,
    );
  }

  const [iris, heavy] = results;
  console.log('\ntargets');
  report(
    'iris handler overhead (p50 of paired differences)',
    `${(iris.warm.overheadMs * 1000).toFixed(0)} µs`,
    iris.warm.overheadMs <= TARGETS.irisOverheadMs,
    '<= 200 µs',
  );
  const captureOverheadMs = iris.warmCapture20.overheadMs - iris.warm.overheadMs;
  report(
    'iris capture overhead at 20 % sampling (p50 overhead on − off)',
    `${(captureOverheadMs * 1000).toFixed(1)} µs`,
    captureOverheadMs <= TARGETS.captureOverheadMs,
    '<= 20 µs',
  );
  console.log(
    `       iris capture overhead with every answer captured (2 rows, one write): ` +
      `${((iris.warmCapture.overheadMs - iris.warm.overheadMs) * 1000).toFixed(1)} µs`,
  );
  report(
    'heavy-mlp bare p50 >= 1 ms',
    `${heavy.warm.bare.p50.toFixed(3)} ms`,
    heavy.warm.bare.p50 >= 1,
    '>= 1 ms',
  );
  report(
    'heavy-mlp handler overhead',
    overhead(heavy.warm),
    heavy.warm.overheadPercent <= TARGETS.heavyOverheadPercent,
    '<= 5 %',
  );
  report(
    'cold start, iris (import + load + first answer)',
    `${iris.cold.handler.totalMs.toFixed(0)} ms`,
    iris.cold.handler.totalMs <= TARGETS.coldStartMs,
    '<= 300 ms',
  );
  report(
    'code bundle',
    `${(bundle.codeBytes / 1024).toFixed(1)} kB`,
    bundle.codeBytes <= TARGETS.codeBytes,
    '<= 100 kB',
  );
}

/**
 * The capture function alone (lambda/inference/capture.ts), timed call by call in a child process whose stdout is a
 * pipe drained by this one: what a captured request adds to an answer, without the run-to-run noise of comparing
 * two handler processes (about ±20 µs on a loaded 2-core machine).
 */
function captureCallCost(request: { inputs: { name: string; shape: number[]; data: number[] }[] }): {
  p50: number;
  p99: number;
  off: number;
} {
  const script = `
    const { createCapture } = require(${JSON.stringify(path.join(root, 'lambda/inference/capture.ts'))});
    const request = JSON.parse(process.env.BENCH_REQUEST);
    const input = { dims: request.inputs[0].shape, data: Float32Array.from(request.inputs[0].data) };
    const feeds = { [request.inputs[0].name]: input };
    const inputs = [{ name: request.inputs[0].name }];
    const response = { model_name: 'iris', model_version: 'abc123', id: 'req', outputs: [{ name: 'label', shape: [input.dims[0]], datatype: 'INT64', data: new Array(input.dims[0]).fill(1) }] };
    const time = (capture) => {
      const samples = [];
      for (let i = 0; i < 22000; i++) {
        const t = performance.now();
        capture(feeds, inputs, response, 'lambda-request-id');
        if (i >= 2000) samples.push((performance.now() - t) * 1000);
      }
      return samples.sort((a, b) => a - b);
    };
    const on = time(createCapture({ samplingPercent: 100 }));
    const off = time(createCapture({ samplingPercent: 0 }));
    process.stderr.write(JSON.stringify({ p50: on[on.length >> 1], p99: on[Math.floor(on.length * 0.99)], off: off[off.length >> 1] }));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH, BENCH_REQUEST: JSON.stringify(request) },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`capture bench failed: ${result.stderr}`);
  return JSON.parse(result.stderr) as { p50: number; p99: number; off: number };
}

function overhead(warm: Warm): string {
  return `${(warm.overheadMs * 1000).toFixed(0)} µs (${warm.overheadPercent.toFixed(1)} %)`;
}

interface ColdStart {
  readonly importMs: number;
  readonly totalMs: number;
}

/** Median over fresh processes of: require time, and require-to-first-answer time. */
function coldStart(bundle: LambdaBundle, c: Case, runs: number): { bare: ColdStart; handler: ColdStart } {
  const request = JSON.stringify(c.request);
  const handlerScript = `
    const started = performance.now();
    const { handler } = require(${JSON.stringify(path.join(bundle.dir, 'index.js'))});
    const imported = performance.now();
    handler(JSON.parse(process.env.BENCH_REQUEST)).then((answer) => {
      if (!answer.outputs) throw new Error(JSON.stringify(answer));
      process.stderr.write(JSON.stringify({ importMs: imported - started, totalMs: performance.now() - started }));
    });`;
  const bareScript = `
    const started = performance.now();
    const ort = require(${JSON.stringify(path.join(bundle.dir, 'node_modules', 'onnxruntime-node'))});
    const imported = performance.now();
    const request = JSON.parse(process.env.BENCH_REQUEST);
    ort.InferenceSession.create(process.env.MODEL_PATH, sessionOptions())
      .then((session) => session.run(feeds(ort, request)))
      .then(() => process.stderr.write(JSON.stringify({ importMs: imported - started, totalMs: performance.now() - started })));
    ${feedsSource}`;
  const run = (script: string): ColdStart => JSON.parse(child(script, c, request).stderr);
  const median = (samples: ColdStart[]): ColdStart => ({
    importMs: percentile(
      samples.map((s) => s.importMs),
      50,
    ),
    totalMs: percentile(
      samples.map((s) => s.totalMs),
      50,
    ),
  });
  const bare: ColdStart[] = [];
  const handler: ColdStart[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(run(bareScript));
    handler.push(run(handlerScript));
  }
  return { bare: median(bare), handler: median(handler) };
}

/**
 * Warm latency of both paths in one process, alternating bare and handler calls so that drift (CPU frequency,
 * neighbours) hits both alike; the overhead is the median of the paired differences.
 */
function warmLatency(bundle: LambdaBundle, c: Case, env: Record<string, string> = {}): Warm {
  const script = `
    const ort = require(${JSON.stringify(path.join(bundle.dir, 'node_modules', 'onnxruntime-node'))});
    const { handler } = require(${JSON.stringify(path.join(bundle.dir, 'index.js'))});
    ${feedsSource}
    const request = JSON.parse(process.env.BENCH_REQUEST);
    const iterations = Number(process.env.BENCH_ITERATIONS);
    (async () => {
      const session = await ort.InferenceSession.create(process.env.MODEL_PATH, sessionOptions());
      const prebuilt = feeds(ort, request);
      const out = { bare: [], handler: [] };
      for (let i = 0; i < iterations + Math.max(50, iterations / 10); i++) {
        let t = performance.now();
        await session.run(prebuilt);
        const bare = performance.now() - t;
        t = performance.now();
        await handler(request);
        const viaHandler = performance.now() - t;
        if (i >= iterations / 10) { out.bare.push(bare); out.handler.push(viaHandler); }
      }
      process.stderr.write(JSON.stringify(out));
    })();`;
  const { stderr, stdout } = child(script, c, JSON.stringify(c.request), env);
  const samples = JSON.parse(stderr) as { bare: number[]; handler: number[] };
  // Every request prints one embedded-metric line with its latency, unless metrics are disabled.
  const calls = c.iterations + Math.max(50, c.iterations / 10);
  const lines = stdout.split('\n').filter((line) => line.includes('"InferenceLatency"')).length;
  const expected = env.POWERTOOLS_METRICS_DISABLED === 'true' ? 0 : calls;
  if (lines !== expected) throw new Error(`expected ${expected} metric lines from ${c.name}, got ${lines}`);
  const summary = (values: number[]): Latency => ({
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    perSecond: 1000 / (values.reduce((sum, v) => sum + v, 0) / values.length),
  });
  const bare = summary(samples.bare);
  const overheadMs = percentile(
    samples.handler.map((h, i) => h - samples.bare[i]),
    50,
  );
  return {
    bare,
    handler: summary(samples.handler),
    overheadMs,
    overheadPercent: (100 * overheadMs) / bare.p50,
  };
}

/**
 * Builds ONNX Runtime feeds from a v2 request, as the bare path's caller would (outside the timed loop), and
 * the session options the handler uses (lambda/inference/model-session.ts), thread count included.
 */
const feedsSource = `
  function feeds(ort, request) {
    return Object.fromEntries(request.inputs.map((input) =>
      [input.name, new ort.Tensor('float32', Float32Array.from(input.data), input.shape)]));
  }
  function sessionOptions() {
    const threads = Number(process.env.ORT_INTRA_OP_THREADS);
    return { executionProviders: ['cpu'], graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads } : {}) };
  }`;

function child(
  script: string,
  c: Case,
  request: string,
  env: Record<string, string> = {},
): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: os.tmpdir(),
    env: {
      PATH: process.env.PATH,
      MODEL_NAME: c.name,
      MODEL_PATH: c.file,
      BENCH_REQUEST: request,
      BENCH_ITERATIONS: String(c.iterations),
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ORT_INTRA_OP_THREADS: threads,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`benchmark process failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function deflatedBytes(dir: string): number {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((file) => path.join(dir, file))
    .filter((file) => fs.statSync(file).isFile())
    .reduce((sum, file) => sum + deflateRawSync(fs.readFileSync(file)).length, 0);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function report(what: string, value: string, met: boolean, target: string): void {
  console.log(`  ${met ? 'met   ' : 'MISSED'} ${what}: ${value} (target ${target})`);
}

main();
