import * as path from 'path';
import { PROJECT_ROOT } from '../helpers/app';
import { errorOf, minimalConfig, parse } from './fixtures';

const fraud = (config: Record<string, any>, environment = 'prod') =>
  parse(config)
    .environments.find((e) => e.name === environment)!
    .models.find((m) => m.name === 'fraud')!;

/** Applies a change to the minimal config and returns the error message it produces. */
function rejection(change: (config: Record<string, any>) => void): string {
  const config = minimalConfig();
  change(config);
  return errorOf(config);
}

describe('lambda settings', () => {
  test('default to no provisioned concurrency, no URL, a month of logs and the catalog’s alarm defaults', () => {
    expect(fraud(minimalConfig()).lambda).toEqual({
      architecture: 'arm64',
      memoryMb: 1024,
      timeoutSeconds: 30,
      maxBatchSize: 64,
      provisionedConcurrency: { min: 0, targetUtilization: 0.7, schedules: [] },
      logRetentionDays: 30,
      functionUrl: { enabled: false, authType: 'AWS_IAM', allowPublic: false },
      alarms: {},
      sampleRequest: undefined,
    });
  });

  test('provisioned concurrency merges field by field, schedules are replaced whole', () => {
    const config = minimalConfig();
    config.defaults = {
      lambda: {
        provisionedConcurrency: {
          min: 1,
          max: 4,
          schedules: [{ name: 'day', schedule: 'cron(0 7 * * ? *)', min: 2, max: 8 }],
        },
      },
    };
    config.models.fraud.environments = {
      prod: {
        lambda: {
          provisionedConcurrency: {
            max: 10,
            schedules: [
              { name: 'peak', schedule: 'cron(0 18 * * ? *)', timezone: 'Europe/Paris', min: 5, max: 20 },
            ],
          },
        },
      },
    };
    expect(fraud(config).lambda.provisionedConcurrency).toEqual({
      min: 1,
      max: 10,
      targetUtilization: 0.7,
      schedules: [
        { name: 'peak', schedule: 'cron(0 18 * * ? *)', timezone: 'Europe/Paris', min: 5, max: 20 },
      ],
    });
  });

  test('the sample request resolves to an absolute path under the project', () => {
    const config = minimalConfig();
    config.models.fraud.lambda = { sampleRequest: 'models/iris/sample-request.json' };
    expect(fraud(config).lambda.sampleRequest).toBe(
      path.join(PROJECT_ROOT, 'models/iris/sample-request.json'),
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

describe('lambda cross-field rules', () => {
  test('schedule names that give one scheduled action name are refused', () => {
    const config = minimalConfig();
    const at = (name: string, hour: number) => ({
      name,
      schedule: `cron(0 ${hour} ? * MON-FRI *)`,
      min: 1,
      max: 4,
    });
    config.models.fraud.lambda = {
      provisionedConcurrency: { min: 1, max: 4, schedules: [at('a-1b', 7), at('a1b', 19)] },
    };
    expect(errorOf(config)).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.schedules.1.name: "a1b" gives the same scheduled action name as ' +
        'lambda.provisionedConcurrency.schedules.0.name ("a-1b"), ScheduleA1b; rename one (line',
    );
  });

  test('provisioned concurrency min must not exceed max', () => {
    expect(
      rejection((c) => (c.models.fraud.lambda = { provisionedConcurrency: { min: 5, max: 2 } })),
    ).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.min: 5 must be <= lambda.provisionedConcurrency.max (2)',
    );
  });

  test('autoscaled provisioned concurrency needs a minimum of one', () => {
    expect(
      rejection((c) => (c.models.fraud.lambda = { provisionedConcurrency: { min: 0, max: 4 } })),
    ).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.max: 4 turns on autoscaling, which needs lambda.provisionedConcurrency.min >= 1 (it is 0): target tracking measures the utilization of provisioned concurrency and cannot scale up from none',
    );
  });

  test('schedules alone also need a minimum of one', () => {
    const message = rejection((c) => {
      c.models.fraud.lambda = {
        provisionedConcurrency: {
          schedules: [{ name: 'day', schedule: 'cron(0 7 * * ? *)', min: 1, max: 3 }],
        },
      };
    });
    expect(message).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.schedules: turn on autoscaling, which needs lambda.provisionedConcurrency.min >= 1 (it is 0): target tracking measures the utilization of provisioned concurrency and cannot scale up from none [lambda.provisionedConcurrency.min from (built-in default).lambda.provisionedConcurrency.min]',
    );
  });

  test('a schedule’s min must not exceed its max', () => {
    const message = rejection((c) => {
      c.models.fraud.lambda = {
        provisionedConcurrency: {
          min: 1,
          max: 2,
          schedules: [
            { name: 'day', schedule: 'cron(0 7 * * ? *)', min: 1, max: 3 },
            { name: 'night', schedule: 'cron(0 20 * * ? *)', min: 4, max: 3 },
          ],
        },
      };
    });
    expect(message).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.schedules.1.min: 4 must be <= lambda.provisionedConcurrency.schedules.1.max (3)',
    );
  });

  test('reserved concurrency must hold the largest provisioned concurrency, schedules included', () => {
    const message = rejection((c) => {
      c.models.fraud.lambda = {
        reservedConcurrency: 10,
        provisionedConcurrency: {
          min: 2,
          max: 8,
          schedules: [{ name: 'day', schedule: 'cron(0 7 * * ? *)', min: 4, max: 12 }],
        },
      };
    });
    expect(message).toContain(
      ' - models.fraud.lambda.reservedConcurrency: 10 must be >= lambda.provisionedConcurrency.schedules.0.max (12): provisioned concurrency is taken from the reserved concurrency',
    );
  });

  test('a public Function URL needs an explicit opt-in', () => {
    expect(
      rejection((c) => (c.models.fraud.lambda = { functionUrl: { enabled: true, authType: 'NONE' } })),
    ).toContain(
      ' - models.fraud.lambda.functionUrl.authType: "NONE" lets anyone on the internet call the model; set lambda.functionUrl.allowPublic to true to mean it, or use AWS_IAM',
    );
  });

  test('a public Function URL with the opt-in is accepted', () => {
    const config = minimalConfig();
    config.models.fraud.lambda = { functionUrl: { enabled: true, authType: 'NONE', allowPublic: true } };
    expect(fraud(config).lambda.functionUrl).toEqual({ enabled: true, authType: 'NONE', allowPublic: true });
  });

  test('a Lambda canary needs at least a minute of bake time', () => {
    expect(rejection((c) => (c.models.fraud.rollout = { strategy: 'canary', bakeMinutes: 0 }))).toContain(
      ' - models.fraud.rollout.bakeMinutes: 0 must be whole minutes, at least 1: CodeDeploy shifts Lambda traffic (canary) in minute steps',
    );
  });

  test('the duration alarm must sit below the timeout', () => {
    const message = rejection((c) => {
      c.models.fraud.lambda = { timeoutSeconds: 5, alarms: { durationP99: { maxMs: 5000 } } };
    });
    expect(message).toContain(
      ' - models.fraud.lambda.alarms.durationP99.maxMs: 5000 must be shorter than lambda.timeoutSeconds (5000 ms): no invocation lasts longer, so the alarm could never fire',
    );
  });

  test('lambda rules ignore SageMaker models that inherit the same defaults', () => {
    const config = minimalConfig();
    config.defaults = { lambda: { functionUrl: { enabled: true, authType: 'NONE' } } };
    config.models.fraud.lambda = { functionUrl: { allowPublic: true } };
    expect(() => parse(config)).not.toThrow();
  });
});
