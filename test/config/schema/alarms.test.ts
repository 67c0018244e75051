import { churnAlarms, customAlarm, rejection } from '../fixtures';

const SAGEMAKER_ALARM_KEYS =
  'serverErrorRate, latencyP99, clientErrorRate, latencyP50, overheadLatencyP99, cpuUtilization, memoryUtilization, diskUtilization, gpuUtilization, gpuMemoryUtilization, modelSetupTime, noInvocations, instancesAtMax';
const LAMBDA_ALARM_KEYS =
  'errorRate, durationP99, internalErrors, throttleRate, provisionedConcurrencySpillover, concurrencyNearReserved, invalidRequestRate, modelLoadTime';

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
