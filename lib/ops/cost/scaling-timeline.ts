import { firings } from './cron-calendar';

/** A capacity range: instances, or provisioned concurrency. */
export interface CapacityRange {
  readonly min: number;
  readonly max: number;
}

/** A scheduled action: from each firing on, the range is `range` (Application Auto Scaling PutScheduledAction). */
export interface ScheduledRange {
  readonly name: string;
  readonly schedule: string;
  readonly timezone?: string;
  readonly range: CapacityRange;
}

/** Time-weighted capacity over a month: the lowest and highest the ranges allow, on average. */
export interface AverageCapacity {
  /** Average of the lower bound over time (instances or concurrency). */
  readonly min: number;
  /** Average of the upper bound over time. */
  readonly max: number;
  /** One-time at(…) actions, left out of a recurring month. */
  readonly oneTimeSchedules: readonly string[];
}

// A whole non-leap reference year, after a year of warm-up so that the range in force at its start is the one
// the previous year's last action set. 2027 starts on a Friday; every weekday occurs 52 or 53 times.
const REFERENCE_START = Date.UTC(2027, 0, 1);
const REFERENCE_END = Date.UTC(2028, 0, 1);
const WARM_UP_START = Date.UTC(2026, 0, 1);

/**
 * The average range over a reference year when `schedules` change `base`. Averages over a year rather than one
 * month so that weekly and monthly patterns weigh as they do over time; multiplied by 730 hours it is AWS's
 * monthly figure.
 */
export function averageCapacity(base: CapacityRange, schedules: readonly ScheduledRange[]): AverageCapacity {
  const oneTimeSchedules: string[] = [];
  const events: { at: number; order: number; range: CapacityRange }[] = [];
  schedules.forEach((schedule, order) => {
    const times = firings(schedule.schedule, schedule.timezone, WARM_UP_START, REFERENCE_END);
    if (times === undefined) oneTimeSchedules.push(schedule.name);
    else for (const at of times) events.push({ at, order, range: schedule.range });
  });
  // Two actions at the same instant: the later in the list wins (an arbitrary but stable choice).
  events.sort((a, b) => a.at - b.at || a.order - b.order);

  let current = base;
  let since = REFERENCE_START;
  let minArea = 0;
  let maxArea = 0;
  for (const event of events) {
    if (event.at > since) {
      const span = event.at - since;
      minArea += current.min * span;
      maxArea += current.max * span;
      since = event.at;
    }
    // Warm-up events add no area: only the last range set before the year is in force at its start.
    current = event.range;
  }
  const span = REFERENCE_END - since;
  minArea += current.min * span;
  maxArea += current.max * span;
  const year = REFERENCE_END - REFERENCE_START;
  return { min: minArea / year, max: maxArea / year, oneTimeSchedules };
}
