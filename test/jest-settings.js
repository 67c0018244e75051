// Settings both jest configs share (jest.config.js for `npm test`, jest.e2e.config.js for `npm run test:e2e`).

/**
 * Sucrase strips the types and nothing else: `npm run build` type-checks the tests, and on a clean clone (no
 * transform cache) it transpiles every file in a fraction of the time TypeScript's own transpiler takes.
 */
const SUCRASE_TRANSFORM = {
  '^.+\\.ts$': [
    '@sucrase/jest-plugin',
    { transforms: ['typescript', 'imports', 'jest'], disableESTransforms: true },
  ],
};

/** Every temporary file of a run goes under one folder, removed at the end (global settings of both configs). */
const RUN_TEMP_DIR = {
  globalSetup: '<rootDir>/test/helpers/temp-dir-setup.js',
  globalTeardown: '<rootDir>/test/helpers/temp-dir-teardown.js',
};

/** What every project of both configs has. */
const COMMON = {
  testEnvironment: 'node',
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/**
 * jest-light-runner: one module cache per worker, shared by its test files, so aws-cdk-lib, the AWS SDK clients and
 * this project's modules load once per worker instead of once per file, most of a file's time under jest's own
 * runner. The suites therefore leave no state behind them (stubs come off after their file). Workers are threads:
 * each gets its configuration with it, where the runner's child processes ask for it over one channel that all of them
 * share, and a worker that asks while another is still starting can wait forever. TypeScript loads through tsx's
 * loaders, which the first setup file registers in each worker.
 */
const LIGHT_RUNNER = {
  runner: 'jest-light-runner',
  transform: {},
  setupFiles: ['<rootDir>/test/helpers/load-typescript.mjs'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/shared-runner-setup.ts'],
};

/** Hides aws-cdk-lib's printed validation reports; the suites read the same findings from the assembly. */
const QUIET_VALIDATION_REPORT = '<rootDir>/test/helpers/quiet-validation-report.ts';

module.exports = { SUCRASE_TRANSFORM, COMMON, LIGHT_RUNNER, QUIET_VALIDATION_REPORT, RUN_TEMP_DIR };
