import { customAlarm, minimalConfig, parse } from './fixtures';

/** A resolved model of the config. */
const model = (config: Record<string, any>, environment: string, name: string) =>
  parse(config)
    .environments.find((e) => e.name === environment)!
    .models.find((m) => m.name === name)!;

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
