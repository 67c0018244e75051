/**
 * The inputs and outputs of an ONNX model file as the Lambda runtime's ONNX Runtime (onnxruntime-node) reports
 * them, read at synth. Config loading is synchronous and ONNX Runtime's API is not, so a worker thread opens the
 * models while this thread waits on a shared flag; it ends once the load has returned. Each distinct file (by SHA-256) is opened
 * once per process, however many models and environments point at it.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { ValueMetadata } from '../../contract/model-contract';
import { digestArtifact } from '../constructs/storage/artifact-digest';

type OnnxMetadata =
  | { readonly ok: true; readonly inputs: ValueMetadata[]; readonly outputs: ValueMetadata[] }
  | { readonly ok: false; readonly error: string };

/** Longest wait for one model to open; a model that big would not start in Lambda's init phase either. */
const OPEN_TIMEOUT_MS = 120_000;

/** Runs in the worker: opens the model the main thread names, answers on its port, then raises the flag. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
parentPort.on('message', async ({ file, port, flag }) => {
  let answer;
  try {
    const { InferenceSession } = require(workerData.onnxRuntime);
    const session = await InferenceSession.create(file, { executionProviders: ['cpu'] });
    answer = { ok: true, inputs: session.inputMetadata, outputs: session.outputMetadata };
    await session.release();
  } catch (error) {
    answer = { ok: false, error: String((error && error.message) || error) };
  }
  port.postMessage(answer);
  port.close();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

let worker: Worker | undefined;
let retire: NodeJS.Timeout | undefined;
let opened = 0;
const bySha256 = new Map<string, OnnxMetadata>();

/** The metadata of a model file, or why ONNX Runtime cannot open it. */
export function onnxMetadata(file: string): OnnxMetadata {
  // The same digest the artifact is published under, computed once per file per process.
  const sha256 = digestArtifact(file).sha256;
  let metadata = bySha256.get(sha256);
  if (metadata === undefined) {
    metadata = open(file);
    bySha256.set(sha256, metadata);
  }
  return metadata;
}

/** Whether the worker that opens models is running: only while a load that opens models has not returned. */
export function onnxWorkerRunning(): boolean {
  return worker !== undefined;
}

/** How many model files this process has opened with ONNX Runtime. */
export function onnxModelsOpened(): number {
  return opened;
}

function open(file: string): OnnxMetadata {
  worker ??= startWorker();
  retireWhenIdle(worker);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ file, port: port2, flag }, [port2]);
  const waited = Atomics.wait(flag, 0, 0, OPEN_TIMEOUT_MS);
  const answer = receiveMessageOnPort(port1)?.message as OnnxMetadata | undefined;
  port1.close();
  opened++;
  if (answer === undefined) {
    return {
      ok: false,
      error:
        waited === 'timed-out'
          ? `ONNX Runtime did not open it within ${OPEN_TIMEOUT_MS / 1000} s`
          : 'ONNX Runtime did not answer',
    };
  }
  return answer;
}

/**
 * Ends the worker once the synchronous work that opens models (a config load) has returned: the next turn of the
 * event loop. A worker left running holds ONNX Runtime and its thread pool until the process ends, and a process
 * that loads configs in many module scopes (a test runner) would otherwise collect one per scope, all of which
 * must be torn down before it can exit. A later load starts a new one, a tenth of a second.
 */
function retireWhenIdle(current: Worker): void {
  if (retire !== undefined) clearTimeout(retire);
  retire = setTimeout(() => {
    retire = undefined;
    if (worker === current) worker = undefined;
    void current.terminate();
  });
  retire.unref();
}

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { onnxRuntime: require.resolve('onnxruntime-node') },
  });
  // The worker never keeps a synth (or a test run) alive.
  started.unref();
  return started;
}
