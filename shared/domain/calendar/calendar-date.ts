/**
 * Arithmetic on calendar dates written `YYYY-MM-DD`, with no time zone: a tenant-local day is a label, and adding
 * a day to a label never depends on daylight saving. Internally a date is its day number since 1970-01-01 (UTC
 * arithmetic on a date has no DST), which is why these helpers can be exact and cheap.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** A date that is not a real calendar date (`2026-02-30`, `2026-1-5`). */
export class InvalidCalendarDateError extends Error {
  override name = 'InvalidCalendarDateError';
}

/** True for a real calendar date in the form `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new InvalidCalendarDateError(`not a calendar date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (`to − from`); 0 for the same date. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (the convention of `Date#getDay`). */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** Day of the week of a date given by its numbers (month 1–12), 0 = Sunday … 6 = Saturday. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The last date of the month `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included, in order. */
export function datesBetween(from: string, to: string): string[] {
  const first = dayNumber(from);
  const count = dayNumber(to) - first + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => fromDayNumber(first + i));
}
