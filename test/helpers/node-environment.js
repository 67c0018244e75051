// The test environment of every suite: jest's own Node environment, and one change to how a jest worker process
// ends. jest-worker ends a worker by letting its event loop drain, after which Node tears the whole heap down; for
// a worker that ran dozens of suites (0.6–1.5 GB, a module registry per suite) that took 380–780 ms here, past the
// 500 ms jest-worker waits before it kills the worker and reports "a worker process has failed to exit gracefully".
// `process.exit` still frees that heap (about 650 ms at 1.4 GB). When its loop is empty ('beforeExit') the worker
// has reported every result over its IPC channel and written its output (pipes are synchronous on Linux), and has no
// open handle left, so it ends itself the way jest-worker's force exit would, at once. Jest counts a worker that
// ends by a signal after its work as a normal end. This module is loaded once per worker process, outside the
// suites' sandboxes; the main jest process (a single suite, or --runInBand) is left alone.
const { TestEnvironment } = require('jest-environment-node');

const INSTALLED = Symbol.for('ml-deploy-cdk.test.exit-when-idle');
if (typeof process.send === 'function' && !process[INSTALLED]) {
  process[INSTALLED] = true;
  process.once('beforeExit', () => process.kill(process.pid, 'SIGKILL'));
}

module.exports = TestEnvironment;
