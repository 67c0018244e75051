/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Packing the library and installing it into a fresh app takes a minute: `npm run test:e2e` runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  // cfn-guard's reports kept by content: every synth runs the Control Tower rules, mostly over templates seen before.
  setupFiles: ['<rootDir>/test/helpers/cfn-guard-cache.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
