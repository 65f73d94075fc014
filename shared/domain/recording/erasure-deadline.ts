/**
 * The deadline of a data subject's request (GDPR Art. 12(3): "within one month of receipt of the request";
 * DP-DSR-TIMELY in ISO18295.md §2.8). A period of months is counted as Regulation (EEC, Euratom) No 1182/71
 * Art. 3(2)(c) counts it: it ends with the last hour of the day in the next month that has the same date as the day
 * of receipt, or, when that month has no such date, of its last day (31 January → 28 or 29 February). Days are UTC
 * days, the zone the product stores instants in.
 */

/** The last day of `month` (0-based) of `year`, UTC. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The end (the last millisecond, UTC) of the day one calendar month after `receivedAt`'s day. */
export function erasureDueBy(receivedAt: Date): Date {
  const year = receivedAt.getUTCFullYear();
  const next = receivedAt.getUTCMonth() + 1;
  const nextYear = year + Math.floor(next / 12);
  const nextMonth = next % 12;
  const day = Math.min(receivedAt.getUTCDate(), daysInMonth(nextYear, nextMonth));
  return new Date(Date.UTC(nextYear, nextMonth, day, 23, 59, 59, 999));
}

/**
 * Whether a request was (or can still be) answered in time: `true` when completed by its deadline, `false` when
 * completed after it or still open after it, `null` while it is open and not yet due.
 */
export function answeredOnTime(dueBy: string, completedAt: string | undefined, now: Date): boolean | null {
  if (completedAt !== undefined) return Date.parse(completedAt) <= Date.parse(dueBy);
  return now.getTime() > Date.parse(dueBy) ? false : null;
}
