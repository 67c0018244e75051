// Suites that synthesize whole deployments (every model in every environment of the example deployment, directly
// or as the CDK pipeline, and every config of examples/) with every validator on: end-to-end checks of the config
// file through to the cloud assembly, a minute or more of CPU together; and the Control Tower controls' own
// suites, whose engine loads every CloudFormation resource schema (built once per worker there); and the app's entry
// as the CDK CLI runs it: in a process of its own, and with aws-cdk-lib's built-in CloudFormation validation.
// `npm run test:e2e` runs them, with the packed-library tests; `npm test` runs everything else.
module.exports = [
  '<rootDir>/test/app/example-app.test.ts',
  '<rootDir>/test/app/pipeline.test.ts',
  '<rootDir>/test/access/example-app-access.test.ts',
  '<rootDir>/test/access/pipeline-access.test.ts',
  '<rootDir>/test/examples/every-example.test.ts',
  '<rootDir>/test/app/control-tower-rules.test.ts',
  '<rootDir>/test/app/control-tower-thread.test.ts',
  '<rootDir>/test/app/control-tower-validator.test.ts',
  '<rootDir>/test/bin/app-process.test.ts',
  '<rootDir>/test/bin/run-app-validation.test.ts',
];
