const WHOLE_APP_SUITES = require('./test/whole-app-suites');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // End-to-end suites, `npm run test:e2e`: the packed library installed into fresh apps, whole deployments
  // synthesized with every validator, and the Control Tower validator's suite.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/', ...WHOLE_APP_SUITES],
  // Sucrase strips the types and nothing else: `npm run build` type-checks the tests, and on a clean clone (no
  // transform cache) it transpiles every file in a fraction of the time TypeScript's own transpiler takes.
  transform: {
    '^.+\\.ts$': [
      '@sucrase/jest-plugin',
      { transforms: ['typescript', 'imports', 'jest'], disableESTransforms: true },
    ],
  },
  setupFiles: ['<rootDir>/test/helpers/quiet-validation-report.ts'],
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
