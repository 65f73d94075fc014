/**
 * Business days of a tenant: the weekdays its agreement opens on, less the public holidays of its country (and
 * region) and the closures it lists. Complaint deadlines counted in business days (ISO18295.md P1-CMP-ACK) use this.
 */
import { addDays, dayOfWeek } from './calendar-date.js';
import { isPublicHoliday } from './public-holidays.js';

/** Opening hours of one day: `HH:MM` to `HH:MM`, the end excluded. */
export interface OpeningSpan {
  opens: string;
  closes: string;
}

/** What decides whether a day is a business day. Index 0 of `openingHours` is Sunday. */
export interface BusinessCalendar {
  /** One entry per weekday, Sunday first; an empty list means closed that day. */
  openingHours: readonly (readonly OpeningSpan[])[];
  /** Country (ISO 3166-1 alpha-2) whose public holidays close the centre; `null` for none. */
  publicHolidays: string | null;
  /** Region of that country whose own public holidays close it too (`57`, `67`, `68`: Alsace-Moselle). */
  region?: string | undefined;
  /** Extra closed dates (`YYYY-MM-DD`). */
  closures: readonly string[];
}

/** True when the centre opens on `date` under `calendar`. */
export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  if ((calendar.openingHours[dayOfWeek(date)] ?? []).length === 0) return false;
  if (calendar.publicHolidays !== null && isPublicHoliday(date, calendar.publicHolidays, calendar.region)) return false;
  return !calendar.closures.includes(date);
}

/** The business day `days` business days after `date` (`date` itself does not count). */
export function addBusinessDays(date: string, days: number, calendar: BusinessCalendar): string {
  if (!calendar.openingHours.some((spans) => spans.length > 0)) {
    throw new RangeError('a calendar with no opening day has no business days');
  }
  let current = date;
  for (let left = days; left > 0; ) {
    current = addDays(current, 1);
    if (isBusinessDay(current, calendar)) left--;
  }
  return current;
}
