/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compiled library (npm run build:lib) is not tested in place; test/package tests it as installed.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Synthesizing apps is CPU-bound; two workers match this project's CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
};
