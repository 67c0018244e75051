import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/** One cfn-guard run: these rule files over these templates. */
export interface GuardJob {
  readonly rules: readonly string[];
  readonly templatePaths: readonly string[];
}

const PLUGIN_ENTRY = path.join(
  path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'lib',
);

/**
 * Plain JavaScript, so that a worker needs neither a TypeScript loader nor the compiled package: it runs its
 * share of the jobs with the plugin, posts each report, then counts itself done on the shared counter.
 */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { CfnGuardValidator } = require(workerData.pluginEntry);
for (const { index, rules, templatePaths } of workerData.jobs) {
  let message;
  try {
    const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate({ templatePaths });
    message = { index, report };
  } catch (error) {
    message = { index, error: String((error && error.stack) || error) };
  }
  workerData.port.postMessage(message);
}
workerData.port.close();
Atomics.add(workerData.done, 0, 1);
Atomics.notify(workerData.done, 0);
`;

/** cfn-guard failed to run, or its output could not be read: a broken install or a bug, not a finding. */
export class GuardRunError extends Error {
  override readonly name = 'GuardRunError';
}

interface JobResult {
  readonly index: number;
  readonly report?: PolicyValidationPluginReportBeta1;
  readonly error?: string;
}

/**
 * Runs cfn-guard jobs on every core and returns their reports in the order of the jobs, so the findings come
 * out exactly as from one job after the other. cfn-guard is a separate process that takes seconds per
 * hundred templates while Node waits; validation plugins are synchronous, so the workers are waited for
 * with `Atomics.wait` and their reports read with `receiveMessageOnPort`.
 */
export function runGuardJobs(
  jobs: readonly GuardJob[],
  parallelism = os.availableParallelism(),
): PolicyValidationPluginReportBeta1[] {
  const workers = Math.min(jobs.length, parallelism);
  if (workers <= 1) return jobs.map(runJob);
  const done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  for (let w = 0; w < workers; w++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const share = jobs.flatMap((job, index) => (index % workers === w ? [{ ...job, index }] : []));
    threads.push(
      new Worker(WORKER_SOURCE, {
        eval: true,
        // No loader hooks (tsx) in the workers: the source above is plain JavaScript.
        execArgv: [],
        workerData: { jobs: share, port: port2, done, pluginEntry: PLUGIN_ENTRY },
        transferList: [port2],
      }),
    );
  }
  for (let finished = Atomics.load(done, 0); finished < workers; finished = Atomics.load(done, 0)) {
    Atomics.wait(done, 0, finished);
  }
  const reports: PolicyValidationPluginReportBeta1[] = [];
  for (const port of ports) {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const result = message.message as JobResult;
      if (result.error !== undefined) throw new GuardRunError(result.error);
      reports[result.index] = result.report!;
    }
    port.close();
  }
  // Every worker has counted itself done and ends on its own; none may keep the process up meanwhile.
  for (const thread of threads) thread.unref();
  return reports;
}

function runJob(job: GuardJob): PolicyValidationPluginReportBeta1 {
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [...job.rules] }).validate({
    templatePaths: [...job.templatePaths],
  } as Parameters<CfnGuardValidator['validate']>[0]);
}
