import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { PolicyValidationPluginReport, PolicyValidationStack } from 'aws-cdk-lib';

/** What the main thread asks of the thread: build the engine with these rules, or evaluate these templates. */
export type ControlTowerJob =
  | { readonly id: number; readonly kind: 'prepare'; readonly ruleFiles: readonly string[] }
  | {
      readonly id: number;
      readonly kind: 'evaluate';
      readonly stackTemplates: readonly PolicyValidationStack[];
    };

/**
 * What the thread answers, on the results port, for each evaluation. Id 0 answers every job: the thread could not
 * start.
 */
export type ControlTowerReply =
  | { readonly id: number; readonly report: PolicyValidationPluginReport }
  | { readonly id: number; readonly error: string };

/** What the thread is started with: the port it answers on and the counter it bumps after each answer. */
export interface ControlTowerThreadData {
  readonly results: MessagePort;
  readonly answered: Int32Array;
}

/**
 * How long a synth waits for the controls' answer before it gives up. Evaluating the 627 templates of 200 models
 * takes under a minute on two cores; the limit only turns a thread that died (out of memory, say) into an error
 * instead of a synth that never ends.
 */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;
/** The id of the answer a thread that could not start gives for every job. */
const STARTUP_FAILURE = 0;

/**
 * The Control Tower controls' engine, on a thread of its own, one per process. A synth hands it each environment
 * stage's templates as soon as they are written, and it evaluates them while the main thread goes on synthesizing
 * and runs aws-cdk-lib's own validation; the validation plugin then waits for the answers it has not yet got.
 * Building the engine (every CloudFormation resource schema, then the rules) starts as soon as the app knows its
 * resource types, so that it too is paid beside the synth rather than inside it.
 *
 * Validation plugins are synchronous, so waiting blocks: on a counter the thread bumps after each answer
 * (`Atomics.wait`), then reading the answer off its port without the event loop (`receiveMessageOnPort`).
 * The thread does not keep the process alive.
 */
export class ControlTowerThread {
  private thread?: { readonly worker: Worker; readonly results: MessagePort; readonly answered: Int32Array };
  private nextId = STARTUP_FAILURE + 1;
  /** Answers read off the port while waiting for another job, kept until asked for. */
  private readonly early = new Map<number, ControlTowerReply>();

  /** @param entry the module the thread runs, control-tower-worker beside this file by default */
  constructor(
    private readonly entry = path.join(__dirname, `control-tower-worker${path.extname(__filename)}`),
  ) {}

  /** Starts building the engine with these rules (the thread keeps any it already has); nothing is answered. */
  prepare(ruleFiles: readonly string[]): void {
    this.post({ id: this.nextId++, kind: 'prepare', ruleFiles });
  }

  /** Starts evaluating these templates; `answer` returns the findings. */
  evaluate(stackTemplates: readonly PolicyValidationStack[]): number {
    return this.post({ id: this.nextId++, kind: 'evaluate', stackTemplates });
  }

  /** Waits for the answer to a job, and throws what the thread threw. */
  answer(id: number): PolicyValidationPluginReport {
    const thread = this.thread;
    if (thread === undefined)
      throw new ControlTowerThreadError(`the Control Tower controls' thread was never asked job ${id}`);
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(thread.answered, 0);
      for (
        let message = receiveMessageOnPort(thread.results);
        message;
        message = receiveMessageOnPort(thread.results)
      ) {
        const reply = message.message as ControlTowerReply;
        this.early.set(reply.id, reply);
      }
      const reply = this.early.get(id) ?? this.early.get(STARTUP_FAILURE);
      if (reply !== undefined) {
        this.early.delete(id);
        if ('error' in reply)
          throw new ControlTowerThreadError(`the Control Tower controls failed: ${reply.error}`);
        return reply.report;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ControlTowerThreadError(
          `the Control Tower controls did not answer within ${ANSWER_TIMEOUT_MS / 60000} minutes`,
        );
      }
      Atomics.wait(thread.answered, 0, seen, Math.min(left, 1000));
    }
  }

  private post(job: ControlTowerJob): number {
    this.start().worker.postMessage(job);
    return job.id;
  }

  private start(): NonNullable<ControlTowerThread['thread']> {
    if (this.thread !== undefined) return this.thread;
    const { port1, port2 } = new MessageChannel();
    const answered = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const workerData: ControlTowerThreadData = { results: port2, answered };
    const worker = new Worker(workerSource(this.entry), { eval: true, workerData, transferList: [port2] });
    // Anything the thread throws is answered on the port; an 'error' event without a listener would end the process.
    worker.on('error', () => undefined);
    worker.unref();
    port1.unref();
    this.thread = { worker, results: port1, answered };
    return this.thread;
  }
}

/**
 * The thread's code: it loads the entry module. Built as JavaScript, the package's entry is
 * `control-tower-worker.js`; from the TypeScript sources (tests, `npx tsx`), the thread first registers tsx, which a
 * new thread does not inherit. A thread that cannot load its entry answers every job with the reason, rather than
 * leave a synth waiting.
 */
function workerSource(entry: string): string {
  const typescript =
    path.extname(entry) === '.ts'
      ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`
      : '';
  return [
    `try { ${typescript} require(${JSON.stringify(entry)}); } catch (error) {`,
    `  const { results, answered } = require('worker_threads').workerData;`,
    `  results.postMessage({ id: ${STARTUP_FAILURE}, error: String((error && error.stack) || error) });`,
    '  Atomics.add(answered, 0, 1);',
    '  Atomics.notify(answered, 0);',
    '}',
  ].join('\n');
}

/** The controls' thread failed, could not start, or did not answer: the synth cannot tell what they find. */
export class ControlTowerThreadError extends Error {
  override readonly name = 'ControlTowerThreadError';
}

/** The process's thread. */
export const controlTowerThread = new ControlTowerThread();
