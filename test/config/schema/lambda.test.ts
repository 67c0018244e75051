import { errorOf, minimalConfig, parse, rejection } from '../fixtures';

describe('lambda.vpc', () => {
  const vpc = { vpcId: 'vpc-0abc', subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0c'] };

  test('is passed to the model as written, in the environments that set it', () => {
    const config = minimalConfig();
    config.models.fraud.environments = { prod: { lambda: { vpc } } };
    const [dev, prod] = parse(config).environments;
    expect(dev.models.find((m) => m.name === 'fraud')!.lambda.vpc).toBeUndefined();
    expect(prod.models.find((m) => m.name === 'fraud')!.lambda.vpc).toEqual(vpc);
  });

  test('ids must be VPC, subnet and security group ids, and none may be missing', () => {
    const config = minimalConfig();
    config.models.fraud.lambda = { vpc: { subnetIds: ['sg-0a'], securityGroupIds: [] } };
    const message = errorOf(config);
    expect(message).toContain(' - models.fraud.lambda.vpc.vpcId: is required (a string)');
    expect(message).toContain(
      ' - models.fraud.lambda.vpc.subnetIds.0: "sg-0a" must be a subnet id (subnet-…)',
    );
    expect(message).toContain(
      ' - models.fraud.lambda.vpc.securityGroupIds: a list has too few entries; at least 1',
    );
  });
});

describe('lambda field rules', () => {
  test.each([
    [
      'a provisioned concurrency written as a number',
      (c: any) => (c.models.fraud.lambda = { provisionedConcurrency: 2 }),
      'models.fraud.lambda.provisionedConcurrency: 2 has the wrong type; expected a object',
    ],
    [
      'a target utilization above 0.9',
      (c: any) => (c.models.fraud.lambda = { provisionedConcurrency: { targetUtilization: 0.95 } }),
      'models.fraud.lambda.provisionedConcurrency.targetUtilization: 0.95 is too large; must be <= 0.9',
    ],
    [
      'a schedule that is not an Application Auto Scaling expression',
      (c: any) =>
        (c.models.fraud.lambda = {
          provisionedConcurrency: { schedules: [{ name: 'day', schedule: '0 7 * * *', min: 1, max: 2 }] },
        }),
      'models.fraud.lambda.provisionedConcurrency.schedules.0.schedule: "0 7 * * *" must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)',
    ],
    [
      'a log retention CloudWatch does not offer',
      (c: any) => (c.models.fraud.lambda = { logRetentionDays: 10 }),
      'models.fraud.lambda.logRetentionDays: 10 is not allowed; allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [
      'an unknown Function URL auth type',
      (c: any) => (c.models.fraud.lambda = { functionUrl: { enabled: true, authType: 'IAM' } }),
      'models.fraud.lambda.functionUrl.authType: "IAM" is not allowed; allowed: AWS_IAM, NONE',
    ],
    [
      'ephemeral storage below 512 MB',
      (c: any) => (c.models.fraud.lambda = { ephemeralStorageMb: 256 }),
      'models.fraud.lambda.ephemeralStorageMb: 256 is too small; must be >= 512',
    ],
    [
      'an error rate above 100 %',
      (c: any) => (c.models.fraud.lambda = { alarms: { errorRate: { maxPercent: 150 } } }),
      'models.fraud.lambda.alarms.errorRate.maxPercent: 150 is too large; must be <= 100',
    ],
  ])('rejects %s', (_name, change, message) => {
    expect(rejection(change)).toContain(` - ${message}`);
  });

  test('a sample request file must exist', () => {
    expect(rejection((c) => (c.models.fraud.lambda = { sampleRequest: 'models/nope.json' }))).toMatch(
      / - models\.fraud\.lambda\.sampleRequest: "models\/nope\.json" does not exist \(paths are relative to .*\)/,
    );
  });
});
