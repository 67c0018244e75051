import { pastOneTimeSchedules } from '../../lib/config/schedule-warnings';
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
