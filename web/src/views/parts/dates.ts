/** A tenant-local calendar day (`YYYY-MM-DD`) of an instant: the API's day-ranged queries count in tenant days. */
export function localDay(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** The first day of the month a tenant-local day falls in. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The last complete tenant-local month before `today`, as the first and last day: the default audit window. */
export function lastCompleteMonth(today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(year, month - 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** `days` days before an instant, for the "last 30 days" windows (ISO 8601 instants). */
export function daysBefore(instant: Date, days: number): Date {
  return new Date(instant.getTime() - days * 86_400_000);
}
