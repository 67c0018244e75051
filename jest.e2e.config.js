/** @type {import('jest').Config} */
// End-to-end checks, slower than the unit suite: the library packed, installed into fresh CDK apps on the
// oldest and the newest supported aws-cdk-lib (the newest from the npm cache, the oldest from the registry
// the first time) and synthesized there. CI runs them after `npm test`.
const unit = require('./jest.config');

module.exports = {
  ...unit,
  roots: ['<rootDir>/test/package'],
  testPathIgnorePatterns: ['/node_modules/'],
};
