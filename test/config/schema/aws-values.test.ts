import { ConfigError, parseDeploymentConfig } from '../../../lib/config';
import { PROJECT_ROOT } from '../../helpers/app';
import { minimalConfig, parse, rejection } from '../fixtures';

/** The issues a config file fails with. */
function issuesOf(text: string) {
  try {
    parseDeploymentConfig(text, 'deployments.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    if (error instanceof ConfigError)
      return error.issues.map(({ path, message, line }) => ({ path: path.join('.'), message, line }));
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const SAGEMAKER_FILE = (schedule: string, extra = '') => `project: acme
environments:
  prod: {}
models:
  churn:
    target: sagemaker
    artifact: { path: models/iris/repository }
    scaling:
      schedules:
        - name: mornings
          schedule: ${schedule}
          minInstances: 2
          maxInstances: 4${extra}
`;

describe('schedules fail at their line with the value and the reason', () => {
  test('an hour out of range', () => {
    expect(issuesOf(SAGEMAKER_FILE("'cron(0 25 ? * MON-FRI *)'"))).toEqual([
      {
        path: 'models.churn.scaling.schedules.0.schedule',
        message: '"cron(0 25 ? * MON-FRI *)": hours 25 is out of range 0-23',
        line: 11,
      },
    ]);
  });

  test('a time zone that does not exist, with the closest name', () => {
    expect(
      issuesOf(SAGEMAKER_FILE("'cron(0 7 ? * MON-FRI *)'", '\n          timezone: Europe/Pariss')),
    ).toEqual([
      {
        path: 'models.churn.scaling.schedules.0.timezone',
        message:
          '"Europe/Pariss" is not an IANA time zone such as Europe/Paris or UTC; did you mean Europe/Paris?',
        line: 14,
      },
    ]);
  });

  test('a Lambda provisioned-concurrency schedule with a plural unit for 1', () => {
    expect(
      rejection(
        (c) =>
          (c.models.fraud.lambda = {
            provisionedConcurrency: {
              min: 1,
              schedules: [{ name: 'hourly', schedule: 'rate(1 hours)', min: 1, max: 2 }],
            },
          }),
      ),
    ).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.schedules.0.schedule: "rate(1 hours)": the unit is singular for 1: rate(1 hour)',
    );
  });

  test('a Lambda schedule read in a time zone spelt in the wrong case', () => {
    expect(
      rejection(
        (c) =>
          (c.models.fraud.lambda = {
            provisionedConcurrency: {
              min: 1,
              schedules: [
                { name: 'day', schedule: 'cron(0 7 * * ? *)', timezone: 'europe/paris', min: 1, max: 2 },
              ],
            },
          }),
      ),
    ).toContain(
      ' - models.fraud.lambda.provisionedConcurrency.schedules.0.timezone: "europe/paris" must be spelt Europe/Paris: time zone names are case-sensitive',
    );
  });

  test('a Model Monitor schedule that is not hourly or daily', () => {
    expect(
      rejection(
        (c) => (c.models.churn.sagemaker = { monitoring: { scheduleExpression: 'cron(0 12 ? * MON *)' } }),
      ),
    ).toContain(
      ' - models.churn.sagemaker.monitoring.scheduleExpression: "cron(0 12 ? * MON *)": Model Monitor runs hourly, cron(0 * ? * * *); daily at hour H, cron(0 H ? * * *) with H 0-23; or every N hours from hour H, cron(0 H/N ? * * *) with N 1-24',
    );
  });
});

describe('schedule names are unique per scalable target', () => {
  test('SageMaker instance scaling: the second use of a name fails at its line', () => {
    const file = `${SAGEMAKER_FILE("'cron(0 7 ? * MON-FRI *)'")}        - name: mornings
          schedule: 'cron(0 9 ? * SAT *)'
          minInstances: 1
          maxInstances: 2
`;
    expect(issuesOf(file)).toEqual([
      {
        path: 'models.churn.scaling.schedules.1.name',
        message:
          '"mornings" is already the name of schedule 0; the scheduled actions of one scalable target need distinct names',
        line: 14,
      },
    ]);
  });

  test('Lambda provisioned concurrency', () => {
    const schedule = { name: 'peak', schedule: 'cron(0 7 * * ? *)', min: 1, max: 2 };
    expect(
      rejection(
        (c) =>
          (c.models.fraud.environments = {
            prod: { lambda: { provisionedConcurrency: { min: 1, schedules: [schedule, { ...schedule }] } } },
          }),
      ),
    ).toContain(
      ' - models.fraud.environments.prod.lambda.provisionedConcurrency.schedules.1.name: "peak" is already the name of schedule 0; the scheduled actions of one scalable target need distinct names',
    );
  });

  test('the same name in two different targets is fine', () => {
    const config = minimalConfig();
    config.models.churn.scaling = {
      schedules: [{ name: 'peak', schedule: 'cron(0 7 * * ? *)', minInstances: 1, maxInstances: 2 }],
    };
    config.models.fraud.lambda = {
      provisionedConcurrency: {
        min: 1,
        schedules: [{ name: 'peak', schedule: 'cron(0 7 * * ? *)', min: 1, max: 2 }],
      },
    };
    expect(() => parse(config)).not.toThrow();
  });
});

describe('instance types are SageMaker’s own', () => {
  test('a misspelt endpoint type gets one message naming the closest type', () => {
    const message = rejection((c) => (c.models.churn.sagemaker = { instanceType: 'ml.m5.larg' }));
    expect(message).toBe(
      'Invalid deployment config (test.yaml):\n - models.churn.sagemaker.instanceType: "ml.m5.larg" is not a SageMaker instance type for endpoints; did you mean ml.m5.large? (line 11)',
    );
  });

  test('the monitoring job’s type is checked against the processing list', () => {
    expect(
      rejection((c) => (c.models.churn.sagemaker = { monitoring: { instanceType: 'ml.t2.medium' } })),
    ).toContain(
      ' - models.churn.sagemaker.monitoring.instanceType: "ml.t2.medium" is not a SageMaker instance type for processing jobs such as Model Monitor; did you mean ml.t3.medium?',
    );
  });

  test('a hyphenated family SageMaker offers is accepted', () => {
    const config = minimalConfig();
    config.models.churn.sagemaker = { instanceType: 'ml.p6-b200.48xlarge' };
    expect(() => parse(config)).not.toThrow();
  });
});

describe('tags follow AWS’s rules', () => {
  test('a reserved key and an empty value fail at their own lines', () => {
    expect(
      issuesOf(`project: acme
tags:
  aws:team: ml
  owner: ''
environments:
  prod:
    tags:
      cost|center: '42'
models:
  churn: { target: sagemaker, artifact: { path: models/iris/repository } }
`),
    ).toEqual([
      {
        path: 'tags.aws:team',
        message: 'key "aws:team" starts with aws:, which AWS reserves for its own tags',
        line: 3,
      },
      {
        path: 'tags.owner',
        message: '"" is empty; CloudFormation stack tags need a value of at least one character',
        line: 4,
      },
      {
        path: 'environments.prod.tags.cost|center',
        message:
          'key "cost|center" has characters AWS does not allow in a tag key: "|"; allowed: Unicode letters, digits, spaces and _ . : / = + - @',
        line: 8,
      },
    ]);
  });

  test('more than 50 tags on a stack fail at the environment’s tags, with other problems', () => {
    const message = rejection((c) => {
      c.tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`team${i}`, 'x']));
      c.environments.prod.tags = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`env${i}`, 'y']));
      c.models.churn.target = 'ec2';
    });
    expect(message).toContain(
      ' - environments.prod.tags: gives the model stacks of prod 53 tags (the top-level and environment tags together, with project, environment, model); a CloudFormation stack takes at most 50',
    );
    expect(message).toContain('models.churn.target: "ec2" is not allowed');
    expect(message).not.toContain('environments.dev.tags');
  });

  test('top-level tags alone over the limit are blamed on the top-level tags', () => {
    expect(
      rejection((c) => (c.tags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, 'x'])))),
    ).toContain(' - tags: gives the model stacks of dev 51 tags');
  });
});
