/**
 * The days of the daily surveillance (issue 13 item 1, DESIGN.md §6): a tenant's surveillance day is its local date
 * at the schedule's instant, and the days it missed are those after its last completed day and before this one.
 */
import { addDays } from '../domain/calendar/calendar-date.js';
import { localDate, startOfLocalDay } from '../domain/calendar/zoned-time.js';

/** The most missed days one run records as caught up: a month, which is as far back as a report can be owed. */
export const MAX_MISSED_DAYS = 31;

/** The tenant-local date of the scheduled instant: the day this run surveils. */
export function surveillanceDay(scheduledTime: Date, timeZone: string): string {
  return localDate(scheduledTime, timeZone);
}

/**
 * The days strictly between the last completed day and `day`, oldest first, at most {@link MAX_MISSED_DAYS} (the
 * latest ones). None for a tenant never surveilled: it has nothing to catch up on.
 */
export function missedDays(lastCompleted: string | undefined, day: string): string[] {
  if (lastCompleted === undefined || lastCompleted >= day) return [];
  const days: string[] = [];
  for (let d = addDays(day, -1); d > lastCompleted && days.length < MAX_MISSED_DAYS; d = addDays(d, -1)) days.push(d);
  return days.reverse();
}

/** The instant the controls are evaluated as of: now, but never after the surveilled day's last instant. */
export function surveillanceInstant(day: string, timeZone: string, now: Date): Date {
  const dayEnd = startOfLocalDay(addDays(day, 1), timeZone) - 1;
  return new Date(Math.min(now.getTime(), dayEnd));
}
