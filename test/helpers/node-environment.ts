import NodeEnvironment from 'jest-environment-node';

/**
 * Jest's node environment, plus a prompt exit for the worker process when jest has no more test files for it.
 *
 * jest-worker ends a worker by asking it to stop listening and waiting up to 500 ms for its event loop to drain;
 * a worker that is still alive then is killed, and jest warns that "a worker process has failed to exit
 * gracefully". Ours drain at once, but a natural exit also disposes the V8 heap, which here holds the modules of
 * every test file the worker ran (1.2–1.6 GB resident at the end of `npm test`), and that takes longer than
 * 500 ms on a busy machine. `process.exit` skips disposing the heap. The environment class is loaded in the
 * worker's own realm, not in a test file's sandbox, so it sees the worker's real `process`.
 */
const END_OF_WORK = 2; // jest-worker's CHILD_MESSAGE_END: the parent has no more work for this worker.
const LISTENING = Symbol.for('ml-deploy-cdk.test.exit-when-done');
const worker = process as NodeJS.Process & { [LISTENING]?: true };

if (worker.send !== undefined && worker[LISTENING] === undefined) {
  worker[LISTENING] = true;
  const onMessage = (message: unknown) => {
    if (!Array.isArray(message) || message[0] !== END_OF_WORK) return;
    worker.off('message', onMessage);
    // After jest-worker's own handler for the same message has run.
    setImmediate(() => worker.exit(0));
  };
  worker.on('message', onMessage);
}

export default NodeEnvironment;
