import { endpointAutoScalingOf } from '../../../lib/config/endpoint-props';
import { errorOf, minimalConfig, parse } from '../fixtures';

/** The churn SageMaker model of the minimal config with these scaling settings. */
function withScaling(scaling: Record<string, unknown>) {
  const config = minimalConfig();
  config.models.churn.scaling = { enabled: true, minInstances: 1, maxInstances: 3, ...scaling };
  return config;
}

const churnIn = (config: Record<string, any>) =>
  parse(config).environments[0].models.find((model) => model.name === 'churn')!;

describe('scaling.targetInvocationsPerInstance', () => {
  test('false turns the invocations policy off when another target drives the scaling', () => {
    const churn = churnIn(
      withScaling({ targetInvocationsPerInstance: false, targetCpuUtilizationPercent: 60 }),
    );
    expect(churn.scaling.targetInvocationsPerInstance).toBe(false);
  });

  test('false with schedules alone is allowed: the schedules set the instance count', () => {
    const schedules = [
      { name: 'day', schedule: 'cron(0 7 ? * MON-FRI *)', minInstances: 3, maxInstances: 3 },
    ];
    expect(
      churnIn(withScaling({ targetInvocationsPerInstance: false, schedules })).scaling.schedules,
    ).toHaveLength(1);
  });

  test('false with no other target and no schedule is refused at its line', () => {
    expect(errorOf(withScaling({ targetInvocationsPerInstance: false }))).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ' - models.churn.scaling.targetInvocationsPerInstance: false turns the invocations policy off, and no other target ' +
        '(targetConcurrentRequestsPerModel, targetCpuUtilizationPercent, targetGpuUtilizationPercent) or schedule is set: ' +
        'nothing would change the instance count; set one, or turn autoscaling off (line 14)',
    );
  });

  test('anything but a whole number >= 1 or false is refused with what is allowed', () => {
    expect(errorOf(withScaling({ targetInvocationsPerInstance: true }))).toContain(
      'models.churn.scaling.targetInvocationsPerInstance: true must be a whole number >= 1, or false for no invocations policy',
    );
    expect(errorOf(withScaling({ targetInvocationsPerInstance: 0 }))).toContain(
      'models.churn.scaling.targetInvocationsPerInstance: 0 is too small; must be >= 1',
    );
  });

  test('stays on at 100 by default on a real-time endpoint', () => {
    const churn = churnIn(withScaling({}));
    expect(churn.scaling.targetInvocationsPerInstance).toBeUndefined();
    expect(endpointAutoScalingOf(churn.scaling, false).targetInvocationsPerInstance).toBe(100);
  });

  test('is left out on an asynchronous endpoint, which publishes no invocations per instance', () => {
    const churn = churnIn(withScaling({}));
    expect(endpointAutoScalingOf(churn.scaling, false, true).targetInvocationsPerInstance).toBeUndefined();
  });
});
