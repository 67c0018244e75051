import { rejection } from '../fixtures';

describe('field rules', () => {
  test.each([
    [
      'an unknown target',
      (c: any) => (c.models.churn.target = 'ec2'),
      'models.churn.target: "ec2" is not allowed; allowed: sagemaker, lambda',
    ],
    [
      'a serverless memory size that is not a multiple of 1024',
      (c: any) => (c.models.churn.sagemaker = { serverless: { memorySizeMb: 1500 } }),
      'models.churn.sagemaker.serverless.memorySizeMb: 1500 must be a multiple of 1024',
    ],
    [
      'serverless memory above 6144 MB',
      (c: any) => (c.models.churn.sagemaker = { serverless: { memorySizeMb: 7168 } }),
      'models.churn.sagemaker.serverless.memorySizeMb: 7168 is too large; must be <= 6144',
    ],
    [
      'a serverless max concurrency above 200',
      (c: any) => (c.models.churn.sagemaker = { serverless: { maxConcurrency: 500 } }),
      'models.churn.sagemaker.serverless.maxConcurrency: 500 is too large; must be <= 200',
    ],
    [
      'an instance type without the ml. prefix',
      (c: any) => (c.models.churn.sagemaker = { instanceType: 'm5.large' }),
      'models.churn.sagemaker.instanceType: "m5.large" is not a SageMaker instance type for endpoints: types look like ml.<family>.<size>, e.g. ml.m5.large',
    ],
    [
      'a canary above 50 %',
      (c: any) => (c.defaults = { rollout: { canaryPercent: 60 } }),
      'defaults.rollout.canaryPercent: 60 is too large; must be <= 50',
    ],
    [
      'a linear step below 10 %',
      (c: any) => (c.models.fraud.rollout = { linearStepPercent: 5 }),
      'models.fraud.rollout.linearStepPercent: 5 is too small; must be >= 10',
    ],
    [
      'a fractional count',
      (c: any) => (c.models.churn.scaling = { maxInstances: 2.5 }),
      'models.churn.scaling.maxInstances: 2.5 has the wrong type; expected an integer',
    ],
    [
      'a string where a number belongs',
      (c: any) => (c.models.fraud.lambda = { memoryMb: '1 GB' }),
      'models.fraud.lambda.memoryMb: "1 GB" has the wrong type; expected a number',
    ],
    [
      'a Lambda timeout over 15 minutes',
      (c: any) => (c.models.fraud.lambda = { timeoutSeconds: 901 }),
      'models.fraud.lambda.timeoutSeconds: 901 is too large; must be <= 900',
    ],
    [
      'an account id that is not 12 digits',
      (c: any) => (c.environments.prod.account = '1234'),
      'environments.prod.account: "1234" must be a 12-digit AWS account id',
    ],
    [
      'a malformed region',
      (c: any) => (c.environments.prod.region = 'europe'),
      'environments.prod.region: "europe" must be an AWS region such as eu-west-1',
    ],
    [
      'a non-https notification URL',
      (c: any) =>
        (c.environments.prod.notifications = { critical: { httpsUrls: ['http://hooks.example.com/x'] } }),
      'environments.prod.notifications.critical.httpsUrls.0: "http://hooks.example.com/x" must be an https:// URL',
    ],
    [
      'a malformed S3 URI',
      (c: any) => (c.models.fraud.artifact = { s3Uri: 'https://bucket/key' }),
      'models.fraud.artifact.s3Uri: "https://bucket/key" must be an S3 URI like s3://bucket/key',
    ],
    [
      'an environment name with capitals',
      (c: any) => (c.environments.Prod = {}),
      'environments.Prod: "Prod" is not a valid name: must be lowercase letters, digits and single hyphens',
    ],
    [
      'a missing target',
      (c: any) => delete c.models.churn.target,
      'models.churn.target: is required; allowed: sagemaker, lambda',
    ],
    ['a missing project', (c: any) => delete c.project, 'project: is required (a string)'],
    [
      'no environments',
      (c: any) => (c.environments = {}),
      'environments: must define at least one environment',
    ],
    [
      'a model name over 40 characters',
      (c: any) => (c.models['m'.repeat(41)] = c.models.churn),
      `models.${'m'.repeat(41)}: "${'m'.repeat(41)}" is not a valid name: is too long; at most 40 characters`,
    ],
  ])('rejects %s', (_name, change, message) => {
    expect(rejection(change)).toContain(` - ${message}`);
  });
});
