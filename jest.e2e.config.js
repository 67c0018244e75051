// End-to-end checks, slower than the unit suite: the whole example deployment synthesized with every validator
// (test/whole-app-suites.js), and the library packed, installed into fresh CDK apps on the oldest and the newest
// supported aws-cdk-lib (the newest from the npm cache, the oldest from the registry the first time) and
// synthesized there. CI runs them after `npm test`.
const WHOLE_APP_SUITES = require('./test/whole-app-suites');
const { COMMON, LIGHT_RUNNER, QUIET_VALIDATION_REPORT, RUN_TEMP_DIR } = require('./test/jest-settings');

/** @type {import('jest').Config} */
module.exports = {
  ...RUN_TEMP_DIR,
  ...COMMON,
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/package/**/*.test.ts', ...WHOLE_APP_SUITES],
  ...LIGHT_RUNNER,
  setupFiles: [
    ...LIGHT_RUNNER.setupFiles,
    // One Control Tower guard engine per worker, with every rule the project's stacks need.
    '<rootDir>/test/helpers/shared-guard-engine.ts',
    QUIET_VALIDATION_REPORT,
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
