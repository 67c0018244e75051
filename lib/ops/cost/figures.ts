import type { AverageCapacity } from './scaling-timeline';

/** $0.204: a unit price as the table or the Price List API gives it. */
export const usd = (value: number) => `$${value}`;
export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
/** "2" when both ends agree, "1–4" otherwise. */
export const span = (min: number, max: number) => (min === max ? `${min}` : `${min}–${max}`);
/** 1,742.75: thousands separated, at most two decimals. */
export const quantity = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

export function oneTimeNotes(capacity: AverageCapacity): string[] {
  return capacity.oneTimeSchedules.map(
    (name) => `one-time scheduled action ${name} (at(…)) is not part of a recurring month and is left out`,
  );
}
