import * as path from 'path';
import { PROJECT_ROOT } from '../helpers/app';
import { errorOf, minimalConfig, parse, rejection } from './fixtures';

const fraud = (config: Record<string, any>, environment = 'prod') =>
  parse(config)
    .environments.find((e) => e.name === environment)!
    .models.find((m) => m.name === 'fraud')!;

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
      dataCapture: { enabled: false, samplingPercent: 20 },
      sampleRequest: undefined,
    });
  });

  test('capture is off unless enabled, and takes a fractional sampling percentage', () => {
    const config = minimalConfig();
    config.models.fraud.lambda = { dataCapture: { enabled: true, samplingPercent: 2.5 } };
    expect(fraud(config).lambda.dataCapture).toEqual({ enabled: true, samplingPercent: 2.5 });
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
