import { errorOf, minimalConfig, parse } from './fixtures';

/** A resolved model of the config. */
const model = (config: Record<string, any>, environment: string, name: string) =>
  parse(config)
    .environments.find((e) => e.name === environment)!
    .models.find((m) => m.name === name)!;

/** Applies a change to the minimal config and returns the error message it produces. */
function rejection(change: (config: Record<string, any>) => void): string {
  const config = minimalConfig();
  change(config);
  return errorOf(config);
}

/** A valid custom alarm; tests change one field at a time. */
function customAlarm(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'queue-depth',
    namespace: 'Acme/Scoring',
    metricName: 'QueueDepth',
    statistic: 'Maximum',
    periodSeconds: 60,
    threshold: 100,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    treatMissingData: 'notBreaching',
    description: 'Requests wait in the scoring queue.',
    runbook: 'check the consumers of the queue.',
    ...overrides,
  };
}

/** Sets the custom alarms of the SageMaker model `churn`. */
const churnAlarms =
  (...alarms: Record<string, any>[]) =>
  (c: any) =>
    (c.models.churn.customAlarms = alarms);

const ALL_PLACEHOLDERS = '{model}, {environment}, {endpoint}, {variant}, {function}';
const SAGEMAKER_ALARM_KEYS =
  'serverErrorRate, latencyP99, clientErrorRate, latencyP50, overheadLatencyP99, cpuUtilization, memoryUtilization, diskUtilization, gpuUtilization, gpuMemoryUtilization, modelSetupTime, noInvocations, instancesAtMax';
const LAMBDA_ALARM_KEYS =
  'errorRate, durationP99, internalErrors, throttleRate, provisionedConcurrencySpillover, concurrencyNearReserved, invalidRequestRate, modelLoadTime';

describe('alarm settings resolution', () => {
  test('default to no tuning and no custom alarms', () => {
    const config = minimalConfig();
    for (const environment of ['dev', 'prod']) {
      const churn = model(config, environment, 'churn');
      const fraud = model(config, environment, 'fraud');
      expect(churn.sagemaker.alarms).toEqual({});
      expect(fraud.lambda.alarms).toEqual({});
      expect(churn.customAlarms).toEqual([]);
      expect(fraud.customAlarms).toEqual([]);
    }
  });

  test('a per-environment threshold merges field by field with a model-level severity', () => {
    const config = minimalConfig();
    config.models.churn.sagemaker = { alarms: { latencyP50: { severity: 'critical' } } };
    config.models.churn.environments = { prod: { sagemaker: { alarms: { latencyP50: { maxMs: 50 } } } } };
    expect(model(config, 'prod', 'churn').sagemaker.alarms).toEqual({
      latencyP50: { severity: 'critical', maxMs: 50 },
    });
    expect(model(config, 'dev', 'churn').sagemaker.alarms).toEqual({ latencyP50: { severity: 'critical' } });
  });

  test('every layer contributes to the tuning of the same alarms, the most specific winning per field', () => {
    const config = minimalConfig();
    config.defaults = {
      sagemaker: { alarms: { clientErrorRate: { maxPercent: 10, severity: 'warning' } } },
      lambda: { alarms: { modelLoadTime: { maxMs: 8000 }, throttleRate: { maxPercent: 2 } } },
    };
    config.environments.prod.defaults = {
      sagemaker: { alarms: { clientErrorRate: { maxPercent: 8 }, noInvocations: { enabled: true } } },
      lambda: { alarms: { throttleRate: { severity: 'warning' } } },
    };
    config.models.churn.sagemaker = { alarms: { clientErrorRate: { severity: 'critical' } } };
    config.models.fraud.environments = { prod: { lambda: { alarms: { modelLoadTime: { maxMs: 5000 } } } } };

    expect(model(config, 'dev', 'churn').sagemaker.alarms).toEqual({
      clientErrorRate: { maxPercent: 10, severity: 'critical' },
    });
    expect(model(config, 'prod', 'churn').sagemaker.alarms).toEqual({
      clientErrorRate: { maxPercent: 8, severity: 'critical' },
      noInvocations: { enabled: true },
    });
    expect(model(config, 'dev', 'fraud').lambda.alarms).toEqual({
      modelLoadTime: { maxMs: 8000 },
      throttleRate: { maxPercent: 2 },
    });
    expect(model(config, 'prod', 'fraud').lambda.alarms).toEqual({
      modelLoadTime: { maxMs: 5000 },
      throttleRate: { maxPercent: 2, severity: 'warning' },
    });
  });

  test('custom alarms of a more specific layer replace the list instead of merging into it', () => {
    const shared = customAlarm({
      name: 'shared',
      dimensions: { service: '{model}', stage: '{environment}' },
    });
    const ownOfChurn = customAlarm({ name: 'own', dimensions: { EndpointName: '{endpoint}' } });
    const prodOfChurn = customAlarm({ name: 'prod-only', threshold: 5, severity: 'critical' });
    const config = minimalConfig();
    config.defaults = { customAlarms: [shared] };
    config.models.churn.customAlarms = [ownOfChurn];
    config.models.churn.environments = { prod: { customAlarms: [prodOfChurn] } };

    expect(model(config, 'dev', 'churn').customAlarms).toEqual([ownOfChurn]);
    expect(model(config, 'prod', 'churn').customAlarms).toEqual([prodOfChurn]);
    expect(model(config, 'dev', 'fraud').customAlarms).toEqual([shared]);
    expect(model(config, 'prod', 'fraud').customAlarms).toEqual([shared]);
  });

  test('an environment default list is replaced by a model’s, and an empty list removes them all', () => {
    const config = minimalConfig();
    config.environments.prod.defaults = { customAlarms: [customAlarm({ name: 'env-wide' })] };
    config.models.fraud.environments = { prod: { customAlarms: [] } };
    expect(model(config, 'prod', 'churn').customAlarms.map((a) => a.name)).toEqual(['env-wide']);
    expect(model(config, 'prod', 'fraud').customAlarms).toEqual([]);
    expect(model(config, 'dev', 'churn').customAlarms).toEqual([]);
  });

  test('a shared list with target-specific placeholders is valid once the other target replaces it', () => {
    const config = minimalConfig();
    config.defaults = { customAlarms: [customAlarm({ dimensions: { EndpointName: '{endpoint}' } })] };
    config.models.fraud.customAlarms = [customAlarm({ dimensions: { FunctionName: '{function}' } })];
    expect(model(config, 'dev', 'churn').customAlarms[0].dimensions).toEqual({ EndpointName: '{endpoint}' });
    expect(model(config, 'dev', 'fraud').customAlarms[0].dimensions).toEqual({ FunctionName: '{function}' });
  });

  test('a custom alarm resolves as written, optional fields left to the app layer', () => {
    const config = minimalConfig();
    config.models.churn.customAlarms = [customAlarm()];
    const [resolved] = model(config, 'dev', 'churn').customAlarms;
    expect(resolved).toEqual(customAlarm());
    expect(resolved.severity).toBeUndefined();
    expect(resolved.datapointsToAlarm).toBeUndefined();
    expect(resolved.dimensions).toBeUndefined();
  });

  test('accepts every statistic form, high-resolution periods and the longest evaluation window', () => {
    const config = minimalConfig();
    config.models.churn.customAlarms = [
      customAlarm({ name: 'a', statistic: 'p99.9', periodSeconds: 10, evaluationPeriods: 6 }),
      customAlarm({ name: 'b', statistic: 'tm90', periodSeconds: 30 }),
      customAlarm({ name: 'b2', periodSeconds: 20 }),
      customAlarm({ name: 'c', statistic: 'SampleCount', periodSeconds: 60, evaluationPeriods: 1440 }),
      customAlarm({ name: 'd', statistic: 'Sum', periodSeconds: 3600, evaluationPeriods: 168 }),
      customAlarm({ name: 'e', datapointsToAlarm: 3, evaluationPeriods: 3 }),
    ];
    expect(model(config, 'dev', 'churn').customAlarms).toHaveLength(6);
  });

  test('placeholders of the model’s own target are accepted', () => {
    const config = minimalConfig();
    config.models.churn.customAlarms = [
      customAlarm({
        dimensions: {
          EndpointName: '{endpoint}',
          VariantName: '{variant}',
          service: '{model}',
          path: '{environment}/{model}',
        },
      }),
    ];
    config.models.fraud.customAlarms = [
      customAlarm({ dimensions: { FunctionName: '{function}', Resource: '{function}:live' } }),
    ];
    expect(() => parse(config)).not.toThrow();
  });
});

describe('alarm tuning fields', () => {
  test.each([
    [
      'a percentage above 100',
      (c: any) => (c.models.churn.sagemaker = { alarms: { clientErrorRate: { maxPercent: 150 } } }),
      'models.churn.sagemaker.alarms.clientErrorRate.maxPercent: 150 is too large; must be <= 100',
    ],
    [
      'a negative percentage',
      (c: any) => (c.defaults = { sagemaker: { alarms: { cpuUtilization: { maxPercent: -1 } } } }),
      'defaults.sagemaker.alarms.cpuUtilization.maxPercent: -1 is too small; must be >= 0',
    ],
    [
      'a latency of 0 ms',
      (c: any) => (c.models.churn.sagemaker = { alarms: { latencyP50: { maxMs: 0 } } }),
      'models.churn.sagemaker.alarms.latencyP50.maxMs: 0 is too small; must be > 0',
    ],
    [
      'a fractional count per minute',
      (c: any) => (c.models.fraud.lambda = { alarms: { internalErrors: { maxPerMinute: 1.5 } } }),
      'models.fraud.lambda.alarms.internalErrors.maxPerMinute: 1.5 has the wrong type; expected an integer',
    ],
    [
      'a negative count per 5 minutes',
      (c: any) =>
        (c.models.fraud.lambda = { alarms: { provisionedConcurrencySpillover: { maxPer5Minutes: -1 } } }),
      'models.fraud.lambda.alarms.provisionedConcurrencySpillover.maxPer5Minutes: -1 is too small; must be >= 0',
    ],
    [
      'a minimum of 0 invocations (the alarm could never fire)',
      (c: any) => (c.models.churn.sagemaker = { alarms: { noInvocations: { minPer15Minutes: 0 } } }),
      'models.churn.sagemaker.alarms.noInvocations.minPer15Minutes: 0 is too small; must be >= 1',
    ],
    [
      'more than a day at the autoscaling maximum',
      (c: any) => (c.models.churn.sagemaker = { alarms: { instancesAtMax: { minutesAtMax: 2000 } } }),
      'models.churn.sagemaker.alarms.instancesAtMax.minutesAtMax: 2000 is too large; must be <= 1440',
    ],
    [
      '`enabled` on a SageMaker rollback alarm',
      (c: any) => (c.models.churn.sagemaker = { alarms: { serverErrorRate: { enabled: false } } }),
      'models.churn.sagemaker.alarms.serverErrorRate.enabled: unknown key; allowed keys here: maxPercent',
    ],
    [
      '`severity` on a Lambda rollback alarm',
      (c: any) => (c.models.fraud.lambda = { alarms: { durationP99: { severity: 'warning' } } }),
      'models.fraud.lambda.alarms.durationP99.severity: unknown key; allowed keys here: maxMs',
    ],
    [
      'a threshold field in the wrong unit',
      (c: any) => (c.models.churn.sagemaker = { alarms: { latencyP50: { maxPercent: 3 } } }),
      'models.churn.sagemaker.alarms.latencyP50.maxPercent: unknown key; allowed keys here: maxMs, enabled, severity',
    ],
    [
      'an unknown SageMaker alarm',
      (c: any) => (c.models.churn.sagemaker = { alarms: { latencyP95: { maxMs: 3 } } }),
      `models.churn.sagemaker.alarms.latencyP95: unknown key; allowed keys here: ${SAGEMAKER_ALARM_KEYS}`,
    ],
    [
      'a Lambda alarm under sagemaker',
      (c: any) => (c.models.churn.sagemaker = { alarms: { errorRate: { maxPercent: 3 } } }),
      `models.churn.sagemaker.alarms.errorRate: unknown key; allowed keys here: ${SAGEMAKER_ALARM_KEYS}`,
    ],
    [
      'an unknown Lambda alarm, in an environment override',
      (c: any) =>
        (c.models.fraud.environments = { prod: { lambda: { alarms: { coldStarts: { maxMs: 3 } } } } }),
      `models.fraud.environments.prod.lambda.alarms.coldStarts: unknown key; allowed keys here: ${LAMBDA_ALARM_KEYS}`,
    ],
    [
      'an unknown severity',
      (c: any) => (c.models.churn.sagemaker = { alarms: { latencyP50: { severity: 'page' } } }),
      'models.churn.sagemaker.alarms.latencyP50.severity: "page" is not allowed; allowed: critical, warning',
    ],
    [
      '`enabled` that is not a boolean',
      (c: any) => (c.models.churn.sagemaker = { alarms: { noInvocations: { enabled: 'yes' } } }),
      'models.churn.sagemaker.alarms.noInvocations.enabled: "yes" has the wrong type; expected a boolean',
    ],
    [
      'alarms that are not a mapping',
      (c: any) => (c.models.churn.sagemaker = { alarms: 5 }),
      'models.churn.sagemaker.alarms: 5 has the wrong type; expected a object',
    ],
  ])('rejects %s', (_name, change, message) => {
    expect(rejection(change)).toContain(` - ${message}`);
  });
});

describe('custom alarm fields', () => {
  test.each([
    [
      'a name with capitals and underscores',
      churnAlarms(customAlarm({ name: 'Queue_Depth' })),
      'models.churn.customAlarms.0.name: "Queue_Depth" must be lowercase letters, digits and single hyphens, starting with a letter',
    ],
    [
      'a name over 40 characters',
      churnAlarms(customAlarm({ name: 'a'.repeat(41) })),
      `models.churn.customAlarms.0.name: "${'a'.repeat(41)}" is too long; at most 40 characters`,
    ],
    [
      'an unknown statistic',
      churnAlarms(customAlarm({ statistic: 'Median' })),
      'models.churn.customAlarms.0.statistic: "Median" must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
    ],
    [
      'a period CloudWatch does not offer',
      churnAlarms(customAlarm({ periodSeconds: 45 })),
      'models.churn.customAlarms.0.periodSeconds: 45 must be 10, 20, 30 (high resolution) or a multiple of 60',
    ],
    [
      'a fractional period',
      churnAlarms(customAlarm({ periodSeconds: 60.5 })),
      'models.churn.customAlarms.0.periodSeconds: 60.5 has the wrong type; expected an integer',
    ],
    [
      'an unknown comparison',
      churnAlarms(customAlarm({ comparison: 'GreaterThan' })),
      'models.churn.customAlarms.0.comparison: "GreaterThan" is not allowed; allowed: GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold, LessThanOrEqualToThreshold',
    ],
    [
      'a missing treatMissingData',
      (c: any) => {
        const alarm = customAlarm();
        delete alarm.treatMissingData;
        c.models.churn.customAlarms = [alarm];
      },
      'models.churn.customAlarms.0.treatMissingData: is required; allowed: breaching, notBreaching, ignore, missing',
    ],
    [
      'an unknown treatMissingData',
      churnAlarms(customAlarm({ treatMissingData: 'zero' })),
      'models.churn.customAlarms.0.treatMissingData: "zero" is not allowed; allowed: breaching, notBreaching, ignore, missing',
    ],
    [
      'a missing runbook',
      (c: any) => {
        const alarm = customAlarm();
        delete alarm.runbook;
        c.models.churn.customAlarms = [alarm];
      },
      'models.churn.customAlarms.0.runbook: is required (a string)',
    ],
    [
      'a threshold that is not a number',
      churnAlarms(customAlarm({ threshold: 'high' })),
      'models.churn.customAlarms.0.threshold: "high" has the wrong type; expected a number',
    ],
    [
      'no evaluation period',
      churnAlarms(customAlarm({ evaluationPeriods: 0 })),
      'models.churn.customAlarms.0.evaluationPeriods: 0 is too small; must be >= 1',
    ],
    [
      'an unknown severity',
      churnAlarms(customAlarm({ severity: 'page' })),
      'models.churn.customAlarms.0.severity: "page" is not allowed; allowed: critical, warning',
    ],
    [
      'an empty dimension value',
      churnAlarms(customAlarm({ dimensions: { service: '' } })),
      'models.churn.customAlarms.0.dimensions.service: "" is too short; at least 1 characters',
    ],
    [
      'more than 20 custom alarms',
      churnAlarms(...Array.from({ length: 21 }, (_, i) => customAlarm({ name: `alarm${i}` }))),
      'models.churn.customAlarms: a list has too many entries; at most 20',
    ],
    [
      'custom alarms written as a mapping',
      (c: any) => (c.models.churn.customAlarms = { 'queue-depth': customAlarm() }),
      'models.churn.customAlarms: an object has the wrong type; expected a array',
    ],
  ])('rejects %s', (_name, change, message) => {
    expect(rejection(change)).toContain(` - ${message}`);
  });

  test('rejects an unknown key of a custom alarm, at the key', () => {
    // The allowed keys are not listed here: the key lookup of the issue formatter does not walk into lists.
    expect(rejection(churnAlarms(customAlarm({ metric: 'QueueDepth' })))).toMatch(
      /^ - models\.churn\.customAlarms\.0\.metric: unknown key/m,
    );
  });
});

describe('custom alarm rules', () => {
  test('names are unique within the resolved list', () => {
    expect(rejection(churnAlarms(customAlarm(), customAlarm({ threshold: 5 })))).toContain(
      ' - models.churn.customAlarms.1.name: "queue-depth" is used by an earlier custom alarm',
    );
  });

  test('a duplicate in an environment override is blamed on the override', () => {
    const message = rejection(
      (c) => (c.models.churn.environments = { prod: { customAlarms: [customAlarm(), customAlarm()] } }),
    );
    expect(message).toContain(
      ' - models.churn.environments.prod.customAlarms.1.name: "queue-depth" is used by an earlier custom alarm',
    );
  });

  test('datapointsToAlarm must not exceed evaluationPeriods', () => {
    expect(rejection(churnAlarms(customAlarm({ datapointsToAlarm: 4, evaluationPeriods: 3 })))).toContain(
      ' - models.churn.customAlarms.0.datapointsToAlarm: 4 must be <= customAlarms.0.evaluationPeriods (3)',
    );
  });

  test('the evaluation window must not exceed a day of sub-hour periods or 7 days of hourly ones', () => {
    expect(rejection(churnAlarms(customAlarm({ periodSeconds: 60, evaluationPeriods: 1441 })))).toContain(
      ' - models.churn.customAlarms.0.evaluationPeriods: 1441 × periodSeconds (60) = 86460 s, but CloudWatch evaluates at most 86400 s of sub-hour periods',
    );
    expect(rejection(churnAlarms(customAlarm({ periodSeconds: 3600, evaluationPeriods: 169 })))).toContain(
      ' - models.churn.customAlarms.0.evaluationPeriods: 169 × periodSeconds (3600) = 608400 s, but CloudWatch evaluates at most 604800 s of hourly or longer periods',
    );
    expect(rejection(churnAlarms(customAlarm({ periodSeconds: 60, evaluationPeriods: 10081 })))).toContain(
      ' - models.churn.customAlarms.0.evaluationPeriods: 10081 is too large; must be <= 10080',
    );
  });

  test('an unknown placeholder is refused with the list of known ones', () => {
    expect(rejection(churnAlarms(customAlarm({ dimensions: { service: '{nope}' } })))).toContain(
      ` - models.churn.customAlarms.0.dimensions.service: {nope} is not a placeholder; use ${ALL_PLACEHOLDERS}`,
    );
  });

  test('every placeholder of a value is checked, an empty one included', () => {
    const message = rejection(churnAlarms(customAlarm({ dimensions: { path: '{model}/{}/{Model}' } })));
    expect(message).toContain(
      ` - models.churn.customAlarms.0.dimensions.path: {} is not a placeholder; use ${ALL_PLACEHOLDERS}`,
    );
    expect(message).toContain(
      ` - models.churn.customAlarms.0.dimensions.path: {Model} is not a placeholder; use ${ALL_PLACEHOLDERS}`,
    );
  });

  test('{endpoint} and {variant} exist only for SageMaker models', () => {
    const message = rejection((c) => {
      c.models.fraud.customAlarms = [
        customAlarm({ dimensions: { EndpointName: '{endpoint}', VariantName: '{variant}' } }),
      ];
    });
    expect(message).toContain(
      " - models.fraud.customAlarms.0.dimensions.EndpointName: {endpoint} exists only for target sagemaker, and this model's target is lambda",
    );
    expect(message).toContain(
      " - models.fraud.customAlarms.0.dimensions.VariantName: {variant} exists only for target sagemaker, and this model's target is lambda",
    );
  });

  test('{function} exists only for Lambda models', () => {
    expect(rejection(churnAlarms(customAlarm({ dimensions: { FunctionName: '{function}' } })))).toContain(
      " - models.churn.customAlarms.0.dimensions.FunctionName: {function} exists only for target lambda, and this model's target is sagemaker",
    );
  });

  test('a shared layer that breaks one model says which model and environment', () => {
    const message = rejection(
      (c) => (c.defaults = { customAlarms: [customAlarm({ dimensions: { EndpointName: '{endpoint}' } })] }),
    );
    for (const environment of ['dev', 'prod']) {
      expect(message).toContain(
        ` - defaults.customAlarms.0.dimensions.EndpointName: {endpoint} exists only for target sagemaker, and this model's target is lambda (model fraud, environment ${environment})`,
      );
    }
    expect(message).not.toContain('model churn');
  });

  test('every broken rule of every alarm is reported at once', () => {
    const message = rejection(
      churnAlarms(
        customAlarm({ datapointsToAlarm: 5, evaluationPeriods: 4 }),
        customAlarm({ dimensions: { FunctionName: '{function}' } }),
      ),
    );
    expect(message).toContain(
      ' - models.churn.customAlarms.0.datapointsToAlarm: 5 must be <= customAlarms.0.evaluationPeriods (4)',
    );
    expect(message).toContain(
      ' - models.churn.customAlarms.1.name: "queue-depth" is used by an earlier custom alarm',
    );
    expect(message).toContain(
      ' - models.churn.customAlarms.1.dimensions.FunctionName: {function} exists only',
    );
  });
});
