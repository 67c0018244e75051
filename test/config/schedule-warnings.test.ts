import { pastOneTimeCopySchedules, pastOneTimeSchedules } from '../../lib/config/schedule-warnings';
import { minimalConfig, parse } from './fixtures';

describe('one-time schedules in the past', () => {
  const NOW = new Date('2030-06-01T12:00:00Z');
  const modelWith = (schedule: string, timezone?: string) => {
    const config = minimalConfig();
    config.models.churn.scaling = {
      schedules: [{ name: 'launch', schedule, timezone, minInstances: 2, maxInstances: 4 }],
    };
    return parse(config).environments[0].models.find((m) => m.name === 'churn')!;
  };

  test('are a warning naming the schedule, its model and environment', () => {
    expect(pastOneTimeSchedules(modelWith('at(2030-05-31T23:00:00)'), NOW)).toEqual([
      'scaling.schedules.0 (launch) of model churn in dev: at(2030-05-31T23:00:00) (UTC) is in the past, so this one-time scaling action will not run; remove it or set a future time',
    ]);
  });

  test('are read in the schedule’s time zone', () => {
    // 13:00 in Paris (UTC+2 in June) is 11:00 UTC: already past at 12:00 UTC; 15:00 is not.
    expect(pastOneTimeSchedules(modelWith('at(2030-06-01T13:00:00)', 'Europe/Paris'), NOW)).toHaveLength(1);
    expect(pastOneTimeSchedules(modelWith('at(2030-06-01T15:00:00)', 'Europe/Paris'), NOW)).toEqual([]);
  });

  test('recurring schedules and future times are not', () => {
    expect(pastOneTimeSchedules(modelWith('cron(0 7 ? * MON-FRI *)'), NOW)).toEqual([]);
    expect(pastOneTimeSchedules(modelWith('at(2031-01-01T00:00:00)'), NOW)).toEqual([]);
  });
});

describe('one-time copy schedules in the past', () => {
  const NOW = new Date('2030-06-01T12:00:00Z');

  test('are a warning naming the component schedule, its model and environment', () => {
    const config = minimalConfig();
    config.models.churn.sagemaker = {
      ...config.models.churn.sagemaker,
      component: {
        maxCopies: 2,
        schedules: [{ name: 'launch', schedule: 'at(2030-05-31T23:00:00)', minCopies: 1, maxCopies: 2 }],
      },
    };
    config.sharedEndpoints = { shared: { models: ['churn'], instanceType: 'ml.m5.xlarge', maxInstances: 1 } };
    const churn = parse(config).environments[0].models.find((m) => m.name === 'churn')!;
    expect(pastOneTimeCopySchedules(churn, NOW)).toEqual([
      'sagemaker.component.schedules.0 (launch) of model churn in dev: at(2030-05-31T23:00:00) (UTC) is in the past, so this one-time scaling action will not run; remove it or set a future time',
    ]);
  });
});
