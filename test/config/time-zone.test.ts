import { timeZoneProblem } from '../../lib/config/time-zone';

describe('time zones Application Auto Scaling accepts', () => {
  // UTC, Etc/* and aliases such as Asia/Kolkata are missing from Intl.supportedValuesOf on Node 20.
  test.each([
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'UTC',
    'Etc/UTC',
    'Etc/GMT+9',
    'Asia/Kolkata',
    'US/Eastern',
  ])('%s', (name) => {
    expect(timeZoneProblem(name)).toBeUndefined();
  });
});

describe('time zones Application Auto Scaling rejects', () => {
  test.each([
    ['Europe/Pariss', 'is not an IANA time zone such as Europe/Paris or UTC; did you mean Europe/Paris?'],
    ['Mars/Olympus', 'is not an IANA time zone such as Europe/Paris or UTC'],
    ['+01:00', 'is not an IANA time zone such as Europe/Paris or UTC'],
    ['CET+1', 'is not an IANA time zone such as Europe/Paris or UTC'],
    ['europe/paris', 'must be spelt Europe/Paris: time zone names are case-sensitive'],
    [
      'us/eastern',
      'must be spelt as in the IANA time zone database, each part starting with a capital letter (e.g. America/New_York): time zone names are case-sensitive',
    ],
  ])('%s: %s', (name, problem) => {
    expect(timeZoneProblem(name)).toBe(problem);
  });
});
