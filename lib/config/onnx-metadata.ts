/**
 * The inputs and outputs of an ONNX model file as the Lambda runtime's ONNX Runtime (onnxruntime-node) reports
 * them, read at synth. Config loading is synchronous and ONNX Runtime's API is not, so one worker thread per
 * process opens the models while this thread waits on a shared flag. Each distinct file (by SHA-256) is opened
 * once per process, however many models and environments point at it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { ValueMetadata } from '../../contract/model-contract';

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
let opened = 0;
const bySha256 = new Map<string, OnnxMetadata>();
const digests = new Map<string, { readonly stamp: string; readonly sha256: string }>();

/** The metadata of a model file, or why ONNX Runtime cannot open it. */
export function onnxMetadata(file: string): OnnxMetadata {
  const sha256 = fileSha256(file);
  let metadata = bySha256.get(sha256);
  if (metadata === undefined) {
    metadata = open(file);
    bySha256.set(sha256, metadata);
  }
  return metadata;
}

/** How many model files this process has opened with ONNX Runtime. */
export function onnxModelsOpened(): number {
  return opened;
}

function open(file: string): OnnxMetadata {
  worker ??= startWorker();
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

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { onnxRuntime: require.resolve('onnxruntime-node') },
  });
  // The worker never keeps a synth (or a test run) alive.
  started.unref();
  return started;
}

/** SHA-256 of a file, recomputed only when its size or modification time changes. */
function fileSha256(file: string): string {
  const stat = fs.statSync(file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const known = digests.get(file);
  if (known?.stamp === stamp) return known.sha256;
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
  const sha256 = hash.digest('hex');
  digests.set(file, { stamp, sha256 });
  return sha256;
}
