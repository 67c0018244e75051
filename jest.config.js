/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Packing the library and installing it into a fresh app takes a minute: `npm run test:e2e` runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
