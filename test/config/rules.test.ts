import { errorOf, minimalConfig, parse, rejection } from './fixtures';

describe('cross-field rules', () => {
  test('minInstances must not exceed maxInstances', () => {
    expect(
      rejection((c) => (c.models.churn.scaling = { enabled: true, minInstances: 3, maxInstances: 2 })),
    ).toContain(' - models.churn.scaling.minInstances: 3 must be <= scaling.maxInstances (2)');
  });

  test('with autoscaling, the initial instance count lies within min and max', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { initialInstanceCount: 1 };
      c.models.churn.scaling = { enabled: true, minInstances: 2, maxInstances: 4 };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.initialInstanceCount: 1 must be between scaling.minInstances (2) and scaling.maxInstances (4)',
    );
  });

  test('burstable instances cannot autoscale', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { instanceType: 'ml.t2.medium' };
      c.models.churn.scaling = { enabled: true };
    });
    expect(message).toContain(
      ' - models.churn.scaling.enabled: true is not supported on burstable instance type ml.t2.medium (sagemaker.instanceType); use another instance family or no autoscaling',
    );
  });

  test('serverless provisioned concurrency must not exceed max concurrency', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = {
        variant: 'serverless',
        serverless: { maxConcurrency: 2, provisionedConcurrency: 5 },
      };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.serverless.provisionedConcurrency: 5 must be <= sagemaker.serverless.maxConcurrency (2)',
    );
  });

  test('serverless endpoints reject guarded rollouts, naming where the variant was chosen', () => {
    const message = rejection((c) => {
      c.environments.dev.defaults = { sagemaker: { variant: 'serverless' } };
      c.models.churn.rollout = { strategy: 'canary' };
    });
    expect(message).toContain(
      ' - models.churn.rollout.strategy: "canary" is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce [sagemaker.variant from environments.dev.defaults.sagemaker.variant]',
    );
  });

  test('the same rollout on a Lambda model is fine', () => {
    const config = minimalConfig();
    config.environments.dev.defaults = { sagemaker: { variant: 'serverless' } };
    config.models.churn.sagemaker = {
      image: { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' },
    };
    config.models.fraud.rollout = { strategy: 'canary' };
    expect(() => errorOf(config)).toThrow('expected the config to be rejected');
  });

  test('an artifact needs exactly one source', () => {
    expect(rejection((c) => (c.models.fraud.artifact = {}))).toContain(
      ' - models.fraud.artifact: needs exactly one of path, s3Uri and modelPackage',
    );
    expect(
      rejection(
        (c) => (c.models.fraud.artifact = { path: 'models/iris/repository', s3Uri: 's3://bucket/key' }),
      ),
    ).toContain(' - models.fraud.artifact: set only one of path and s3Uri');
  });

  test('sha256 belongs to S3 artifacts only', () => {
    const sha256 = 'a'.repeat(64);
    expect(rejection((c) => (c.models.fraud.artifact.sha256 = sha256))).toContain(
      ' - models.fraud.artifact.sha256: is the expected digest of an s3Uri artifact; it does not apply to path',
    );
  });

  test('a local artifact must exist', () => {
    expect(rejection((c) => (c.models.fraud.artifact = { path: 'models/nope.onnx' }))).toMatch(
      / - models\.fraud\.artifact\.path: "models\/nope\.onnx" does not exist \(paths are relative to .*\)/,
    );
  });

  test('overrides for an environment that does not exist are rejected', () => {
    expect(rejection((c) => (c.models.fraud.environments = { prd: {} }))).toContain(
      ' - models.fraud.environments.prd: unknown environment; defined environments: dev, prod',
    );
  });

  test('endpoint names must fit SageMaker’s 63 characters', () => {
    const message = rejection((c) => {
      c.models['customer-lifetime-value-predictor'] = c.models.churn;
      c.environments['production-eu'] = {};
      c.project = 'enterprise-ml-team';
    });
    expect(message).toContain(
      ' - models.customer-lifetime-value-predictor: endpoint name "enterprise-ml-team-customer-lifetime-value-predictor-production-eu" (project-model-environment) is 66 characters; SageMaker allows 1–63 letters, digits and hyphens, starting and ending with a letter or digit',
    );
    expect(message).not.toContain('-prod"');
  });
});

describe('SageMaker rules', () => {
  const ecr = { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' };

  test('the Triton image cannot run serverless', () => {
    expect(rejection((c) => (c.models.churn.sagemaker = { variant: 'serverless' }))).toContain(
      ' - models.churn.sagemaker.variant: "serverless" endpoints cannot run the NVIDIA Triton image (sagemaker.image): it is larger than the 10 GB serverless image limit',
    );
  });

  test('an image needs exactly one source', () => {
    expect(rejection((c) => (c.models.churn.sagemaker = { image: {} }))).toContain(
      ' - models.churn.sagemaker.image: needs exactly one of triton, lmi, tgi and ecrUri',
    );
    expect(rejection((c) => (c.models.churn.sagemaker = { image: { triton: '24.09', ...ecr } }))).toContain(
      ' - models.churn.sagemaker.image: set only one of triton and ecrUri',
    );
  });

  test('an unknown Triton release lists the known ones', () => {
    expect(rejection((c) => (c.models.churn.sagemaker = { image: { triton: '22.01' } }))).toContain(
      ' - models.churn.sagemaker.image.triton: "22.01" is not allowed; allowed: 23.12, 24.01, 24.03, 24.05, 24.09',
    );
  });

  test('a model-level image replaces the default image instead of merging with it', () => {
    const config = minimalConfig();
    config.defaults = { sagemaker: { image: { triton: '24.05' } } };
    config.models.churn.sagemaker = { image: ecr };
    expect(() => errorOf(config)).toThrow('expected the config to be rejected');
  });

  test('serverless endpoints take no VPC', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = {
        variant: 'serverless',
        image: ecr,
        vpc: { subnetIds: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] },
      };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.vpc: is not available on serverless endpoints; use an instance variant',
    );
  });

  test('a canary in instances is at most half the fleet', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { initialInstanceCount: 3 };
      c.models.churn.rollout = { strategy: 'canary', canaryInstances: 2 };
    });
    expect(message).toContain(
      ' - models.churn.rollout.canaryInstances: 2 are 67% of the fleet of 3 (sagemaker.initialInstanceCount); allowed: 1% to 50% of the fleet',
    );
  });

  test('rolling updates are for SageMaker instance fleets only', () => {
    expect(rejection((c) => (c.models.fraud.rollout = { strategy: 'rolling' }))).toContain(
      ' - models.fraud.rollout.strategy: "rolling" is not a strategy CodeDeploy offers for Lambda; allowed: allAtOnce, canary, linear',
    );
  });

  test('scheduled ranges keep min <= max', () => {
    const message = rejection((c) => {
      c.models.churn.scaling = {
        enabled: true,
        schedules: [{ name: 'night', schedule: 'cron(0 20 * * ? *)', minInstances: 3, maxInstances: 2 }],
      };
    });
    expect(message).toContain(
      ' - models.churn.scaling.schedules.0.minInstances: 3 must be <= scaling.schedules.0.maxInstances (2)',
    );
  });

  test('a schedule expression must be cron, rate or at', () => {
    expect(
      rejection(
        (c) =>
          (c.models.churn.scaling = {
            schedules: [{ name: 'n', schedule: '0 20 * * *', minInstances: 1, maxInstances: 1 }],
          }),
      ),
    ).toContain(
      ' - models.churn.scaling.schedules.0.schedule: "0 20 * * *" must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)',
    );
  });

  test('serverless provisioned-concurrency scaling stays within max concurrency', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { variant: 'serverless', image: ecr, serverless: { maxConcurrency: 5 } };
      c.models.churn.scaling = { enabled: true, minProvisionedConcurrency: 1, maxProvisionedConcurrency: 8 };
    });
    expect(message).toContain(
      ' - models.churn.scaling.maxProvisionedConcurrency: 8 must be <= sagemaker.serverless.maxConcurrency (5)',
    );
  });
});

describe('data capture and monitoring rules', () => {
  const ecr = { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' };
  const baselineUris = {
    baselineStatisticsUri: 's3://baselines/churn/statistics.json',
    baselineConstraintsUri: 's3://baselines/churn/constraints.json',
  };

  test('serverless endpoints cannot capture data', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { variant: 'serverless', image: ecr, dataCapture: { enabled: true } };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.dataCapture.enabled: true is not available on serverless endpoints; use an instance variant',
    );
  });

  test('monitoring needs data capture', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { monitoring: { enabled: true, ...baselineUris } };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.monitoring.enabled: needs sagemaker.dataCapture.enabled: true (Model Monitor analyzes the captured requests)',
    );
  });

  test('monitoring needs both baseline URIs', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = {
        dataCapture: { enabled: true },
        monitoring: { enabled: true, baselineStatisticsUri: baselineUris.baselineStatisticsUri },
      };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.monitoring.baselineStatisticsUri: monitoring needs a baseline: both baselineStatisticsUri and baselineConstraintsUri (s3:// URIs), or baselinePath',
    );
  });

  test('a baseline comes from a folder or from URIs, not both', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = {
        dataCapture: { enabled: true },
        monitoring: { enabled: true, baselinePath: 'models/iris/baseline', ...baselineUris },
      };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.monitoring.baselinePath: set either baselinePath or baselineStatisticsUri and baselineConstraintsUri, not both',
    );
  });

  test('a baseline folder must hold statistics.json and constraints.json', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = {
        dataCapture: { enabled: true },
        monitoring: { enabled: true, baselinePath: 'models/iris/data' },
      };
    });
    expect(message).toMatch(
      / - models\.churn\.sagemaker\.monitoring\.baselinePath: "models\/iris\/data" must be a folder holding statistics\.json and constraints\.json; missing: statistics\.json, constraints\.json \(paths are relative to .*\)/,
    );
  });

  test('a monitoring schedule must be a cron expression Model Monitor accepts', () => {
    const message = rejection((c) => {
      c.models.churn.sagemaker = { monitoring: { scheduleExpression: 'rate(1 hour)' } };
    });
    expect(message).toContain(
      ' - models.churn.sagemaker.monitoring.scheduleExpression: "rate(1 hour)" must be a cron(…) expression: Model Monitor runs hourly, cron(0 * ? * * *); daily at hour H, cron(0 H ? * * *) with H 0-23; or every N hours from hour H, cron(0 H/N ? * * *) with N 1-24',
    );
  });

  test('sampling is a percentage', () => {
    expect(
      rejection((c) => (c.models.churn.sagemaker = { dataCapture: { samplingPercent: 101 } })),
    ).toContain(' - models.churn.sagemaker.dataCapture.samplingPercent: 101 is too large; must be <= 100');
  });

  test('capture with monitoring on a local baseline resolves with the built-in defaults', () => {
    const config = minimalConfig();
    config.models.churn.sagemaker = {
      dataCapture: { enabled: true },
      monitoring: { enabled: true, baselinePath: 'models/iris/baseline' },
    };
    const [model] = parse(config).environments[0].models;
    expect(model.sagemaker.dataCapture).toEqual({
      enabled: true,
      samplingPercent: 20,
      captureInputs: true,
      captureOutputs: true,
    });
    expect(model.sagemaker.monitoring).toMatchObject({
      scheduleExpression: 'cron(0 * ? * * *)',
      instanceType: 'ml.m5.large',
      maxRuntimeSeconds: 3600,
      baselinePath: expect.stringMatching(/\/models\/iris\/baseline$/),
    });
  });

  test('the capture bucket keeps data 90 days unless the environment says otherwise', () => {
    const config = minimalConfig();
    config.environments.dev.captureBucket = { expirationDays: 7 };
    const [dev, prod] = parse(config).environments;
    expect(dev.captureBucket).toEqual({ expirationDays: 7 });
    expect(prod.captureBucket).toEqual({ expirationDays: 90 });
  });
});

test('an instance variant’s schedule refuses a provisioned-concurrency range and needs its instance range', () => {
  const withSchedule = (schedule: Record<string, unknown>) =>
    rejection((c) => {
      c.models.churn.scaling = {
        enabled: true,
        schedules: [{ name: 'nights', schedule: 'cron(0 20 ? * * *)', ...schedule }],
      };
    });
  expect(withSchedule({ minProvisionedConcurrency: 0, maxProvisionedConcurrency: 1 })).toContain(
    'models.churn.scaling.schedules.0.minProvisionedConcurrency: does not apply to an instance variant (sagemaker.variant): its schedules set minInstances and maxInstances',
  );
  expect(withSchedule({ maxInstances: 2 })).toContain(
    'models.churn.scaling.schedules.0: needs minInstances: the range an instance variant (sagemaker.variant) takes from then on',
  );
});
