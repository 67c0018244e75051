/**
 * Set-up of each jest-light-runner worker (jest.config.js), once, after the test globals exist. That runner
 * shares one module cache per worker across test files, which is what makes the unit suites fast, and runs test
 * functions as they are: this puts back jest's time limit on every test and hook (a test that never settles
 * fails instead of hanging the run) and `test.failing`.
 */
import { guardedHook, guardedTest } from './runner-guards';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { testTimeout } = require('../../jest.config.js') as { testTimeout: number };

const globals = globalThis as unknown as Record<string, any>;
globals.test = globals.it = guardedTest(globals.test, testTimeout);
for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach']) {
  globals[hook] = guardedHook(globals[hook], hook, testTimeout);
}
