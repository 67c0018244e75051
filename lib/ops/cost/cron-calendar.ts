/**
 * The instants an Application Auto Scaling cron(…) or rate(…) schedule fires within a period, read in its time
 * zone, so that a cost can weigh each scheduled range by the hours it holds.
 *
 * Fields, ranges and wildcards (, - * / ? L W #; day-of-week 1-7 = SUN-SAT): Amazon EventBridge User Guide,
 * "Cron expressions reference" https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 * Time zones of scheduled actions: Application Auto Scaling User Guide, "Schedule recurring scaling actions using
 * cron expressions"
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 * The expression itself has been validated by the config layer (lib/config/schedule-expression.ts).
 */
import { instantOf, parseScalingSchedule } from '../../config/schedule-expression';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Firing instants (ms since the epoch, ascending) in [fromMs, toMs); undefined for one-time at(…) schedules. */
export function firings(
  expression: string,
  timeZone: string | undefined,
  fromMs: number,
  toMs: number,
): number[] | undefined {
  const parsed = parseScalingSchedule(expression);
  if (!parsed.ok) throw new Error(`schedule ${expression}: ${parsed.problem}`);
  const schedule = parsed.expression;
  if (schedule.kind === 'at') return undefined;
  if (schedule.kind === 'rate') {
    const step = schedule.value * { minute: 1, hour: 60, day: 1440 }[schedule.unit] * MINUTE_MS;
    const out: number[] = [];
    for (let t = fromMs; t < toMs; t += step) out.push(t);
    return out;
  }
  return cronFirings(schedule.fields, timeZone ?? 'UTC', fromMs, toMs);
}

function cronFirings(fields: readonly string[], timeZone: string, fromMs: number, toMs: number): number[] {
  const [minuteField, hourField, dayOfMonthField, monthField, dayOfWeekField, yearField] = fields;
  const minutes = values(minuteField, 0, 59);
  const hours = values(hourField, 0, 23);
  const out: number[] = [];
  // Local calendar days, one day either side so that every zone offset is covered.
  for (let day = fromMs - DAY_MS; day < toMs + DAY_MS; day += DAY_MS) {
    const date = new Date(day);
    const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!values(yearField, 1970, 2199).has(year) || !values(monthField, 1, 12, MONTHS).has(month)) continue;
    const matchesDay =
      dayOfMonthField === '?'
        ? dayOfWeekMatches(dayOfWeekField, year, month, dayOfMonth)
        : dayOfMonthMatches(dayOfMonthField, year, month, dayOfMonth);
    if (!matchesDay) continue;
    for (const hour of hours) {
      // Zone offsets change on the hour in almost every zone: one conversion per hour, minutes added to it.
      const hourStart = instantOf(
        { year, month, day: dayOfMonth, hour, minute: 0, second: 0 },
        timeZone,
      ).getTime();
      for (const minute of minutes) {
        const at = hourStart + minute * MINUTE_MS;
        if (at >= fromMs && at < toMs) out.push(at);
      }
    }
  }
  return out.sort((a, b) => a - b);
}

/** The values a plain field (numbers, names, *, ranges, steps, lists) selects. */
function values(field: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const number = (token: string) => {
    const index = names?.indexOf(token.toUpperCase()) ?? -1;
    return index >= 0 ? index + min : Number(token);
  };
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [base, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] =
      base === '*'
        ? [min, max]
        : base.includes('-')
          ? base.split('-').map(number)
          : [number(base), stepText === undefined ? number(base) : max];
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** AWS day of week: 1 = SUN … 7 = SAT. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function dayOfMonthMatches(field: string, year: number, month: number, day: number): boolean {
  const last = daysIn(year, month);
  if (field === 'L') return day === last;
  const nearest = /^(\d+)W$/.exec(field);
  if (nearest) return day === nearestWeekday(Math.min(Number(nearest[1]), last), year, month, last);
  return values(field, 1, 31).has(day);
}

/** nW: the weekday nearest day n, within the same month. */
function nearestWeekday(n: number, year: number, month: number, last: number): number {
  const dow = weekday(year, month, n);
  if (dow === 7) return n === 1 ? 3 : n - 1; // Saturday → Friday, or Monday the 3rd
  if (dow === 1) return n === last ? n - 2 : n + 1; // Sunday → Monday, or Friday before
  return n;
}

function dayOfWeekMatches(field: string, year: number, month: number, day: number): boolean {
  const dow = weekday(year, month, day);
  const asNumber = (token: string) => {
    const index = DAYS.indexOf(token.toUpperCase());
    return index >= 0 ? index + 1 : Number(token);
  };
  if (field === 'L') return dow === 7;
  const nth = /^(\w+)#(\d)$/.exec(field);
  if (nth) return dow === asNumber(nth[1]) && Math.ceil(day / 7) === Number(nth[2]);
  const lastOf = /^(\w+)L$/.exec(field);
  if (lastOf && !DAYS.includes(field.toUpperCase())) {
    return dow === asNumber(lastOf[1]) && day + 7 > daysIn(year, month);
  }
  return values(field, 1, 7, DAYS).has(dow);
}
