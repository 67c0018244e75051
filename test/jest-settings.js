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

/** What every project of both configs has. */
const COMMON = {
  testEnvironment: 'node',
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** Hides aws-cdk-lib's printed validation reports; the suites read the same findings from the assembly. */
const QUIET_VALIDATION_REPORT = '<rootDir>/test/helpers/quiet-validation-report.ts';

module.exports = { SUCRASE_TRANSFORM, COMMON, QUIET_VALIDATION_REPORT };
