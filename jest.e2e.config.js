// End-to-end checks, slower than the unit suite: the whole example deployment synthesized with every validator
// (test/whole-app-suites.js), and the library packed, installed into fresh CDK apps on the oldest and the newest
// supported aws-cdk-lib (the newest from the npm cache, the oldest from the registry the first time) and
// synthesized there. CI runs them after `npm test`.
const WHOLE_APP_SUITES = require('./test/whole-app-suites');
const { COMMON, QUIET_VALIDATION_REPORT, SUCRASE_TRANSFORM } = require('./test/jest-settings');

/** @type {import('jest').Config} */
module.exports = {
  ...COMMON,
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/package/**/*.test.ts', ...WHOLE_APP_SUITES],
  transform: SUCRASE_TRANSFORM,
  // One Control Tower guard engine per worker, not one per test file that synthesizes an app.
  setupFiles: ['<rootDir>/test/helpers/shared-guard-engine.ts', QUIET_VALIDATION_REPORT],
  maxWorkers: 2,
  testTimeout: 60000,
};
