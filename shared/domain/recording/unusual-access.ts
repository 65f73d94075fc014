/**
 * When an access to a recording is unusual (ISO18295.md §2.8, DP-REC-ACCESS: "flag bulk exports and out-of-hours
 * access"): one person reaching more recordings in an hour than the configured limit, or an access outside the
 * business hours of the agreement in force, in the tenant's time zone (opening hours per weekday, public holidays,
 * closures). Pure: the caller reads the recent accesses and the agreement, and passes the instant.
 *
 * @see ISO 18295-1 4.5
 */
import { type BusinessCalendar, isBusinessDay } from '../calendar/business-calendar.js';
import { dayOfWeek } from '../calendar/calendar-date.js';
import { toLocal } from '../calendar/wall-clock.js';
import { localDate } from '../calendar/zoned-time.js';

/** Why an access is unusual: `bulk` (too many recordings in an hour) or `out-of-hours`. */
export type UnusualAccessReason = 'bulk' | 'out-of-hours';

/** The window over which one person's recordings are counted. */
export const BULK_ACCESS_WINDOW_MS = 3_600_000;

/** What decides whether an access is unusual. */
export interface AccessCircumstances {
  /** When the access is granted. */
  at: Date;
  /** The recording asked for now. */
  contactId: string;
  /** The recordings the same person accessed in the hour before `at` (a recording may appear several times). */
  recentContactIds: readonly string[];
  /** How many distinct recordings one person may reach in an hour before it counts as bulk. */
  hourlyLimit: number;
  /** The tenant's time zone (IANA) and its business calendar, from the agreement in force at `at`. */
  timeZone: string;
  calendar: BusinessCalendar;
}

/** What the decision found: the reasons (none for a usual access) and the distinct recordings counted. */
export interface UnusualAccessDecision {
  unusual: UnusualAccessReason[];
  /** Distinct recordings of this person within the hour, the one asked for now included. */
  recordingsInHour: number;
}

/** `HH:MM` of an instant on the tenant's wall clock. */
function wallTime(at: Date, timeZone: string): string {
  const { hour, minute } = toLocal(at.getTime(), timeZone);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * True when `at` falls within the centre's opening hours: a business day (not closed that weekday, not a public
 * holiday, not a closure) in the tenant's zone, and a span of that weekday with `opens <= time < closes`. The wall
 * clock decides, so opening hours follow daylight-saving changes as the people in the centre do.
 */
export function isWithinBusinessHours(at: Date, timeZone: string, calendar: BusinessCalendar): boolean {
  const date = localDate(at, timeZone);
  if (!isBusinessDay(date, calendar)) return false;
  const time = wallTime(at, timeZone);
  return (calendar.openingHours[dayOfWeek(date)] ?? []).some((span) => span.opens <= time && time < span.closes);
}

/**
 * Decides whether an access is unusual. Bulk counts distinct recordings, so asking again for a recording whose URL
 * expired is not bulk; the access asked for now counts, so with a limit of 10 the eleventh recording is unusual.
 */
export function decideUnusualAccess(circumstances: AccessCircumstances): UnusualAccessDecision {
  const { at, contactId, recentContactIds, hourlyLimit, timeZone, calendar } = circumstances;
  const recordingsInHour = new Set([...recentContactIds, contactId]).size;
  const unusual: UnusualAccessReason[] = [];
  if (recordingsInHour > hourlyLimit) unusual.push('bulk');
  if (!isWithinBusinessHours(at, timeZone, calendar)) unusual.push('out-of-hours');
  return { unusual, recordingsInHour };
}
