// The test environment of every suite: jest's own Node environment, and one change to how a jest worker process
// ends. jest-worker ends a worker by letting its event loop drain, after which Node tears the whole heap down; for
// a worker that ran dozens of suites (hundreds of MB, a module registry per suite) that took 380–780 ms here, past
// the 500 ms jest-worker waits before it kills the worker and reports "a worker process has failed to exit
// gracefully". The worker has no open handle left at that point (only its IPC channel, closed by then), so it
// exits as soon as its loop is empty ('beforeExit'), with the exit code it would have had, and skips the teardown.
// This module is loaded once per worker process, outside the suites' sandboxes.
const { TestEnvironment } = require('jest-environment-node');

const INSTALLED = Symbol.for('ml-deploy-cdk.test.exit-when-idle');
if (typeof process.send === 'function' && !process[INSTALLED]) {
  process[INSTALLED] = true;
  process.once('beforeExit', (code) => process.exit(code));
}

module.exports = TestEnvironment;
