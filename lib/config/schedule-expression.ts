/**
 * Schedule expressions parsed as AWS parses them, so that a mistake fails synthesis at its YAML line
 * instead of a deploy. Each problem reads as a sentence after the expression, e.g.
 * `hours 25 is out of range 0-23`.
 *
 * Application Auto Scaling scheduled actions take at(…), rate(…) and six-field cron(…) expressions:
 * Application Auto Scaling API Reference, "PutScheduledAction" (Schedule)
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
 * Their cron dialect, fields, ranges and wildcards: Amazon EventBridge User Guide, "Cron expressions
 * reference" https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 * Rate units, singular for 1 and plural otherwise: Amazon EventBridge User Guide, "Rate expressions
 * reference" https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html
 */

/** A wall-clock time as written in at(…), read in the schedule's time zone. */
interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

type ScheduleExpression =
  | { readonly kind: 'cron'; readonly fields: readonly string[] }
  | { readonly kind: 'rate'; readonly value: number; readonly unit: 'minute' | 'hour' | 'day' }
  | { readonly kind: 'at'; readonly time: LocalDateTime };

type ScheduleParse =
  | { readonly ok: true; readonly expression: ScheduleExpression }
  | { readonly ok: false; readonly problem: string };

const FORMS =
  'cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)';

/** Parses an Application Auto Scaling schedule: cron(…), rate(…) or at(…). */
export function parseScalingSchedule(text: string): ScheduleParse {
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(text);
  if (!match) return { ok: false, problem: `must be ${FORMS}` };
  const [, kind, body] = match;
  if (kind === 'cron') {
    const fields = cronFields(body);
    const problem = cronProblem(fields);
    return problem ? { ok: false, problem } : { ok: true, expression: { kind, fields } };
  }
  return kind === 'rate' ? parseRate(body) : parseAt(body);
}

/** The problem with an Application Auto Scaling schedule, or undefined when AWS accepts it. */
export function scalingScheduleProblem(text: string): string | undefined {
  const parsed = parseScalingSchedule(text);
  return parsed.ok ? undefined : parsed.problem;
}

const MONITOR_FORMS =
  'Model Monitor runs hourly, cron(0 * ? * * *); daily at hour H, cron(0 H ? * * *) with H 0-23; or every N hours from hour H, cron(0 H/N ? * * *) with N 1-24';

/**
 * The problem with a Model Monitor schedule, or undefined when SageMaker accepts it. Model Monitor takes
 * only hourly, daily and every-N-hours cron expressions, and NOW: Amazon SageMaker API Reference,
 * "ScheduleConfig" https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ScheduleConfig.html
 * NOW also needs a data analysis window (DataAnalysisStartTime/EndTime), which this project does not
 * set: AWS CloudFormation, "AWS::SageMaker::MonitoringSchedule ScheduleConfig".
 */
export function monitoringScheduleProblem(text: string): string | undefined {
  if (text === 'NOW') {
    return 'NOW (one run, at once) needs a data analysis window that this config does not set; use an hourly or daily schedule such as cron(0 * ? * * *)';
  }
  const match = /^cron\((.*)\)$/s.exec(text);
  if (!match) return `must be a cron(…) expression: ${MONITOR_FORMS}`;
  const fields = cronFields(match[1]);
  const problem = cronProblem(fields);
  if (problem) return problem;
  const [minutes, hours, ...rest] = fields;
  const hourly = hours === '*';
  const daily = /^\d{1,2}$/.test(hours);
  const every = /^\d{1,2}\/(\d{1,2})$/.exec(hours);
  const hoursAllowed = hourly || daily || (every !== null && Number(every[1]) >= 1 && Number(every[1]) <= 24);
  if (minutes === '0' && hoursAllowed && rest.join(' ') === '? * * *') return undefined;
  return MONITOR_FORMS;
}

/**
 * Seconds between two runs of a Model Monitor schedule that SageMaker accepts (hourly 3600, every N hours
 * N × 3600, daily 86400), or undefined for any other text.
 */
export function monitoringIntervalSeconds(text: string): number | undefined {
  if (monitoringScheduleProblem(text) !== undefined) return undefined;
  const hours = cronFields(/^cron\((.*)\)$/s.exec(text)![1])[1];
  if (hours === '*') return 3600;
  const every = /^\d{1,2}\/(\d{1,2})$/.exec(hours);
  return every ? Number(every[1]) * 3600 : 86400;
}

// ---------------------------------------------------------------------------------------------- cron

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names of the values from `min` on, accepted in any case (JAN-DEC, SUN-SAT). */
  readonly names?: readonly string[];
  /** Wildcards beyond , - * / that the field accepts. */
  readonly special: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '? L W' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '? L #' },
  { name: 'year', min: 1970, max: 2199, special: '' },
];

function cronFields(body: string): string[] {
  return body.trim().split(/\s+/).filter(Boolean);
}

function cronProblem(fields: readonly string[]): string | undefined {
  if (fields.length !== CRON_FIELDS.length) {
    return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; AWS cron expressions have six: minutes hours day-of-month month day-of-week year`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = fieldProblem(fields[index], field);
    if (problem) return problem;
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    return 'day-of-month and day-of-week are both ?; set one of them (* for every day)';
  }
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    return `one of day-of-month (${dayOfMonth}) and day-of-week (${dayOfWeek}) must be ?: AWS does not combine the two`;
  }
  return undefined;
}

function allowed(field: CronField): string {
  const values = field.names
    ? `${field.min}-${field.max} or ${field.names[0]}-${field.names[field.names.length - 1]}`
    : `${field.min}-${field.max}`;
  return `${values} and , - * /${field.special ? ` ${field.special}` : ''}`;
}

/** ?, L, nW, dL and d#n stand alone in their field. */
function standaloneProblem(text: string, field: CronField): string | undefined | null {
  const accepts = (char: string) => field.special.split(' ').includes(char);
  const onlyIn = (char: string) =>
    `${field.name} does not accept ${char}; ${char} belongs to ${CRON_FIELDS.filter((f) =>
      f.special.includes(char),
    )
      .map((f) => f.name)
      .join(' and ')} (allowed here: ${allowed(field)})`;
  if (text === '?') return accepts('?') ? undefined : onlyIn('?');
  if (text === 'L') return accepts('L') ? undefined : onlyIn('L');
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) return accepts('W') ? valueProblem(weekday[1], field) : onlyIn('W');
  const nth = /^(\w+)#(\d+)$/.exec(text);
  if (nth) {
    if (!accepts('#')) return onlyIn('#');
    const n = Number(nth[2]);
    return (
      valueProblem(nth[1], field) ??
      (n >= 1 && n <= 5 ? undefined : `day-of-week ${text}: occurrence ${n} is out of range 1-5`)
    );
  }
  const last = field.names === DAYS ? /^(\w+)L$/.exec(text) : null;
  if (last && !DAYS.includes(text.toUpperCase())) return valueProblem(last[1], field);
  return null;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  const alone = standaloneProblem(text, field);
  if (alone !== null) return alone;
  const items = text.split(',');
  for (const item of items) {
    if (items.length > 1 && standaloneProblem(item, field) !== null) {
      return `${field.name} ${text}: ${item} must stand alone in the field, not in a list`;
    }
    const match = /^(\*|[^/-]+(?:-[^/-]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return `${field.name} ${item} is not valid; allowed: ${allowed(field)}`;
    const [, base, step] = match;
    if (base !== '*') {
      for (const value of base.split('-')) {
        const problem = valueProblem(value, field);
        if (problem) return problem;
      }
    }
    const span = field.max - field.min + 1;
    if (step !== undefined && (Number(step) < 1 || Number(step) > span)) {
      return `${field.name} step ${step} in ${item} is out of range 1-${span}`;
    }
  }
  return undefined;
}

function valueProblem(token: string, field: CronField): string | undefined {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    return value >= field.min && value <= field.max
      ? undefined
      : `${field.name} ${value} is out of range ${field.min}-${field.max}`;
  }
  if (field.names?.includes(token.toUpperCase())) return undefined;
  const names = field.names ? ` or a name ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  return `${field.name} ${token} is not a number ${field.min}-${field.max}${names}`;
}

// ---------------------------------------------------------------------------------------------- rate

const RATE_UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days'];

function parseRate(body: string): ScheduleParse {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  const fail = (problem: string): ScheduleParse => ({ ok: false, problem });
  if (!match) return fail('must be rate(value unit), e.g. rate(5 minutes) or rate(1 day)');
  const [, valueText, unit] = match;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) {
    return fail(`value ${valueText} must be a whole number >= 1`);
  }
  if (!RATE_UNITS.includes(unit))
    return fail(`unit ${unit} is not allowed; allowed: ${RATE_UNITS.join(', ')}`);
  const value = Number(valueText);
  const singular = unit.replace(/s$/, '') as 'minute' | 'hour' | 'day';
  if (value === 1 && unit !== singular) return fail(`the unit is singular for 1: rate(1 ${singular})`);
  if (value > 1 && unit === singular) return fail(`the unit is plural for ${value}: rate(${value} ${unit}s)`);
  return { ok: true, expression: { kind: 'rate', value, unit: singular } };
}

// ------------------------------------------------------------------------------------------------ at

function parseAt(body: string): ScheduleParse {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  const fail = (problem: string): ScheduleParse => ({ ok: false, problem });
  if (!match) return fail('must be at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T18:00:00)');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const ranges: [string, number, number, number][] = [
    ['month', month, 1, 12],
    ['day', day, 1, daysInMonth(year, month)],
    ['hour', hour, 0, 23],
    ['minute', minute, 0, 59],
    ['second', second, 0, 59],
  ];
  for (const [name, value, min, max] of ranges) {
    if (value < min || value > max) {
      const where = name === 'day' ? ` in ${match[1]}-${match[2]}` : '';
      return fail(`${name} ${value} is out of range ${min}-${max}${where}`);
    }
  }
  return { ok: true, expression: { kind: 'at', time: { year, month, day, hour, minute, second } } };
}

function daysInMonth(year: number, month: number): number {
  return month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 31;
}

/** The instant a wall-clock time names in an IANA time zone (UTC when absent). */
export function instantOf(time: LocalDateTime, timeZone = 'UTC'): Date {
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  // The zone's offset at the guessed instant, then again at the corrected one (daylight-saving edges).
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

/** One formatter per time zone: building one costs about a millisecond, formatting with it microseconds. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}
