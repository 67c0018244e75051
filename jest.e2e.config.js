/** @type {import('jest').Config} */
// End-to-end checks, slower than the unit suite: the library packed, installed into a fresh CDK app
// offline and synthesized there. CI runs them after `npm test`.
const unit = require('./jest.config');

module.exports = {
  ...unit,
  roots: ['<rootDir>/test/package'],
  testPathIgnorePatterns: ['/node_modules/'],
};
