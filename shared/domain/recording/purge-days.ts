/**
 * The UTC days the retention purge looks at (DP-REC-RETENTION, ISO18295.md §2.8): recordings are filed by the UTC
 * day of their `deleteAfter` (shared/store/recording-items.ts), so a run reads day partitions, oldest first.
 */

const DAY_MS = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) an instant falls on. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The UTC day `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** Every UTC day from `from` to `to`, both included, oldest first (none when `from` is after `to`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The last day a run at `now` can finish: every recording due on it or before has a `deleteAfter` before `now`
 * only once the day is over, so it is the day before `now`'s. Today's partition is still read (what is already due
 * is deleted) but stays open for the next run.
 */
export function lastCompletableDay(now: Date): string {
  return addDays(utcDay(now), -1);
}

/** The later of two UTC days. */
export function laterDay(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}
