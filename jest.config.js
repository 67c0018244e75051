const WHOLE_APP_SUITES = require('./test/whole-app-suites');
const {
  COMMON,
  LIGHT_RUNNER,
  QUIET_VALIDATION_REPORT,
  RUN_TEMP_DIR,
  SUCRASE_TRANSFORM,
} = require('./test/jest-settings');

// Suites that load a module afresh within the file (jest.isolateModules, jest.resetModules) to see what a cold
// start sees. They need jest's own runner, whose module registry is per test file.
const MODULE_REGISTRY_SUITES = [
  '<rootDir>/test/config/lambda-artifact-check.test.ts',
  '<rootDir>/test/constructs/private/lambda-bundles.test.ts',
  '<rootDir>/test/lambda/inference/index.test.ts',
  '<rootDir>/test/lambda/llm-proxy/lambda-entry.test.ts',
];

/** @type {import('jest').Config} */
module.exports = {
  ...RUN_TEMP_DIR,
  projects: [
    {
      ...COMMON,
      displayName: 'unit',
      ...LIGHT_RUNNER,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // End-to-end suites, `npm run test:e2e`: the packed library installed into fresh apps, whole deployments
      // synthesized with every validator, and the Control Tower validator's suite.
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/package/',
        ...WHOLE_APP_SUITES,
        ...MODULE_REGISTRY_SUITES,
      ],
      setupFiles: [...LIGHT_RUNNER.setupFiles, QUIET_VALIDATION_REPORT],
    },
    {
      ...COMMON,
      displayName: 'module-registry',
      transform: SUCRASE_TRANSFORM,
      testMatch: MODULE_REGISTRY_SUITES,
      setupFiles: [QUIET_VALIDATION_REPORT],
    },
  ],
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
