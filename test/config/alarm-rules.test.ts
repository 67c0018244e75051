import { ALL_PLACEHOLDERS, churnAlarms, customAlarm, rejection } from './fixtures';

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
