/**
 * The periods a KPI series is cut into: each day, each calendar month (clipped to the range), or the whole range.
 */
import { addDays, datesBetween, lastDayOfMonth, monthOf } from '../calendar/calendar-date.js';

export type Granularity = 'day' | 'month' | 'total';

/**
 * The tenant-local days a KPI query may name: well before any contact the table can hold (contacts are accepted
 * at most 5 years after they happen) and well after any it will, so that no query reaches dates the calendar and
 * time-zone arithmetic cannot represent (year 10000).
 */
export const KPI_DATE_WINDOW = { first: '2000-01-01', last: '2099-12-31' } as const;

/** Whether a `YYYY-MM-DD` date lies within {@link KPI_DATE_WINDOW}. */
export function isWithinKpiDateWindow(date: string): boolean {
  return date >= KPI_DATE_WINDOW.first && date <= KPI_DATE_WINDOW.last;
}

export interface Period {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month, `<from>/<to>` (ISO 8601 interval) for the total. */
  label: string;
  firstDay: string;
  lastDay: string;
}

/** The periods of `from`…`to` (inclusive tenant-local dates), in order. */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  if (granularity === 'total') return [{ label: `${from}/${to}`, firstDay: from, lastDay: to }];
  if (granularity === 'day') return datesBetween(from, to).map((d) => ({ label: d, firstDay: d, lastDay: d }));
  const periods: Period[] = [];
  for (let first = from; first <= to; ) {
    const month = monthOf(first);
    const end = lastDayOfMonth(month);
    const last = end < to ? end : to;
    periods.push({ label: month, firstDay: first, lastDay: last });
    first = addDays(end, 1);
  }
  return periods;
}

/** The label of the period a date belongs to. */
export function periodLabelOf(date: string, granularity: Granularity, from: string, to: string): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return monthOf(date);
  return `${from}/${to}`;
}
