const WHOLE_APP_SUITES = require('./test/whole-app-suites');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // End-to-end suites, `npm run test:e2e`: the packed library installed into fresh apps, and the whole example
  // deployment synthesized.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/', ...WHOLE_APP_SUITES],
  // cfn-guard's reports kept by content: every synth runs the Control Tower rules, mostly over templates seen before.
  setupFiles: ['<rootDir>/test/helpers/cfn-guard-cache.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
