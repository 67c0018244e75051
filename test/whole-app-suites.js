// Suites that synthesize the whole example deployment (every model in every environment, directly or as the
// CDK pipeline) with every validator on: end-to-end checks of the config file through to the cloud assembly,
// a minute or more of CPU together. `npm run test:e2e` runs them, with the packed-library tests; `npm test`
// runs everything else.
module.exports = [
  '<rootDir>/test/app/example-app.test.ts',
  '<rootDir>/test/app/pipeline.test.ts',
  '<rootDir>/test/access/example-app-access.test.ts',
  '<rootDir>/test/access/pipeline-access.test.ts',
];
