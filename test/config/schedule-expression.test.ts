import {
  instantOf,
  monitoringIntervalSeconds,
  monitoringScheduleProblem,
  parseScalingSchedule,
  scalingScheduleProblem,
} from '../../lib/config/schedule-expression';

describe('Application Auto Scaling schedules that AWS accepts', () => {
  test.each([
    'cron(0 7 ? * MON-FRI *)',
    'cron(0 7 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(30 6 ? JAN,jul MON 2030)',
    'cron(0 8 L * ? *)',
    'cron(0 8 15W * ? *)',
    'cron(0 8 ? * L *)',
    'cron(0 8 ? * 6L *)',
    'cron(0 8 ? * 3#2 *)',
    'cron(0 8 ? * FRI#1 *)',
    'cron(0 8 ? * MON-FRI 2026-2030)',
    'cron(0 8 ? * 2,4,6 *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'at(2030-01-31T18:00:00)',
    'at(2028-02-29T00:00:00)',
  ])('%s', (expression) => {
    expect(scalingScheduleProblem(expression)).toBeUndefined();
  });
});

describe('Application Auto Scaling schedules that AWS rejects', () => {
  test.each([
    ['cron(0 25 ? * MON-FRI *)', 'hours 25 is out of range 0-23'],
    ['cron(60 8 ? * * *)', 'minutes 60 is out of range 0-59'],
    ['cron(0 8 32 * ? *)', 'day-of-month 32 is out of range 1-31'],
    ['cron(0 8 ? 13 * *)', 'month 13 is out of range 1-12'],
    ['cron(0 8 ? * 8 *)', 'day-of-week 8 is out of range 1-7'],
    ['cron(0 8 ? * * 2300)', 'year 2300 is out of range 1970-2199'],
    ['cron(0 8 ? * * 1969)', 'year 1969 is out of range 1970-2199'],
    ['cron(0 8 ? * MONDAY *)', 'day-of-week MONDAY is not a number 1-7 or a name SUN-SAT'],
    ['cron(0 8 ? JANUARY * *)', 'month JANUARY is not a number 1-12 or a name JAN-DEC'],
    ['cron(a 8 ? * * *)', 'minutes a is not a number 0-59'],
    [
      'cron(0 7 * * *)',
      'has 5 fields; AWS cron expressions have six: minutes hours day-of-month month day-of-week year',
    ],
    [
      'cron(0 7 * * ? * *)',
      'has 7 fields; AWS cron expressions have six: minutes hours day-of-month month day-of-week year',
    ],
    [
      'cron(0 7 * * MON *)',
      'one of day-of-month (*) and day-of-week (MON) must be ?: AWS does not combine the two',
    ],
    [
      'cron(0 7 1 * * *)',
      'one of day-of-month (1) and day-of-week (*) must be ?: AWS does not combine the two',
    ],
    ['cron(0 7 ? * ? *)', 'day-of-month and day-of-week are both ?; set one of them (* for every day)'],
    [
      'cron(0 ? * * ? *)',
      'hours does not accept ?; ? belongs to day-of-month and day-of-week (allowed here: 0-23 and , - * /)',
    ],
    [
      'cron(0 8 ? * 15W *)',
      'day-of-week does not accept W; W belongs to day-of-month (allowed here: 1-7 or SUN-SAT and , - * / ? L #)',
    ],
    [
      'cron(0 8 3#2 * ? *)',
      'day-of-month does not accept #; # belongs to day-of-week (allowed here: 1-31 and , - * / ? L W)',
    ],
    ['cron(0 8 32W * ? *)', 'day-of-month 32 is out of range 1-31'],
    ['cron(0 8 ? * 3#6 *)', 'day-of-week 3#6: occurrence 6 is out of range 1-5'],
    [
      'cron(0 8 ? * MON#2,FRI *)',
      'day-of-week MON#2,FRI: MON#2 must stand alone in the field, not in a list',
    ],
    ['cron(0 8 1,L * ? *)', 'day-of-month 1,L: L must stand alone in the field, not in a list'],
    ['cron(*/0 8 ? * * *)', 'minutes step 0 in */0 is out of range 1-60'],
    ['cron(0 0/25 ? * * *)', 'hours step 25 in 0/25 is out of range 1-24'],
    ['cron(0 8-25 ? * * *)', 'hours 25 is out of range 0-23'],
    [
      'cron(0 8 ? * MON-FRI-SAT *)',
      'day-of-week MON-FRI-SAT is not valid; allowed: 1-7 or SUN-SAT and , - * / ? L #',
    ],
    ['rate(1 hours)', 'the unit is singular for 1: rate(1 hour)'],
    ['rate(5 hour)', 'the unit is plural for 5: rate(5 hours)'],
    ['rate(0 minutes)', 'value 0 must be a whole number >= 1'],
    ['rate(1.5 hours)', 'value 1.5 must be a whole number >= 1'],
    ['rate(2 weeks)', 'unit weeks is not allowed; allowed: minute, minutes, hour, hours, day, days'],
    ['rate(5)', 'must be rate(value unit), e.g. rate(5 minutes) or rate(1 day)'],
    ['at(2030-02-30T18:00:00)', 'day 30 is out of range 1-28 in 2030-02'],
    ['at(2030-13-01T18:00:00)', 'month 13 is out of range 1-12'],
    ['at(2030-01-01T24:00:00)', 'hour 24 is out of range 0-23'],
    ['at(2030-01-01T18:60:00)', 'minute 60 is out of range 0-59'],
    ['at(2030-01-01 18:00)', 'must be at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T18:00:00)'],
    [
      '0 7 * * *',
      'must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)',
    ],
  ])('%s: %s', (expression, problem) => {
    expect(scalingScheduleProblem(expression)).toBe(problem);
  });
});

test('a parsed at() keeps its wall-clock time and a rate its singular unit', () => {
  expect(parseScalingSchedule('at(2030-01-31T18:05:09)')).toEqual({
    ok: true,
    expression: { kind: 'at', time: { year: 2030, month: 1, day: 31, hour: 18, minute: 5, second: 9 } },
  });
  expect(parseScalingSchedule('rate(3 days)')).toEqual({
    ok: true,
    expression: { kind: 'rate', value: 3, unit: 'day' },
  });
});

describe('instantOf reads a wall-clock time in its time zone', () => {
  const time = { year: 2030, month: 7, day: 1, hour: 9, minute: 30, second: 0 };

  test('UTC by default', () => {
    expect(instantOf(time).toISOString()).toBe('2030-07-01T09:30:00.000Z');
  });

  test('summer time in Paris is two hours ahead of UTC, winter time one', () => {
    expect(instantOf(time, 'Europe/Paris').toISOString()).toBe('2030-07-01T07:30:00.000Z');
    expect(instantOf({ ...time, month: 1 }, 'Europe/Paris').toISOString()).toBe('2030-01-01T08:30:00.000Z');
  });

  test('Etc/GMT+9 is nine hours behind UTC (POSIX signs)', () => {
    expect(instantOf(time, 'Etc/GMT+9').toISOString()).toBe('2030-07-01T18:30:00.000Z');
  });
});

describe('Model Monitor schedules', () => {
  test.each([
    'cron(0 * ? * * *)',
    'cron(0 12 ? * * *)',
    'cron(0 0 ? * * *)',
    'cron(0 17/12 ? * * *)',
    'cron(0 0/2 ? * * *)',
  ])('%s is accepted', (expression) => {
    expect(monitoringScheduleProblem(expression)).toBeUndefined();
  });

  const forms =
    'Model Monitor runs hourly, cron(0 * ? * * *); daily at hour H, cron(0 H ? * * *) with H 0-23; or every N hours from hour H, cron(0 H/N ? * * *) with N 1-24';

  test.each([
    ['cron(0 12 * * ? *)', forms],
    ['cron(30 * ? * * *)', forms],
    ['cron(0 12 ? * MON *)', forms],
    ['cron(0 12 ? * * 2030)', forms],
    ['cron(0 25 ? * * *)', 'hours 25 is out of range 0-23'],
    ['rate(1 hour)', `must be a cron(…) expression: ${forms}`],
    [
      'NOW',
      'NOW (one run, at once) needs a data analysis window that this config does not set; use an hourly or daily schedule such as cron(0 * ? * * *)',
    ],
  ])('%s is rejected', (expression, problem) => {
    expect(monitoringScheduleProblem(expression)).toBe(problem);
  });
});

describe('the interval of a Model Monitor schedule', () => {
  test.each([
    ['cron(0 * ? * * *)', 3600],
    ['cron(0 3/6 ? * * *)', 21600],
    ['cron(0 4 ? * * *)', 86400],
  ])('%s runs every %i seconds', (schedule, seconds) => {
    expect(monitoringIntervalSeconds(schedule)).toBe(seconds);
  });

  test('a schedule Model Monitor refuses has no interval', () => {
    expect(monitoringIntervalSeconds('rate(1 hour)')).toBeUndefined();
  });
});
