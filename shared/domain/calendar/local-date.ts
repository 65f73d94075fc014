/**
 * Calendar arithmetic in a tenant's time zone, with the platform's Intl data (no library): a contact counts on the
 * day of `initiatedAt` in the tenant's time zone (CONTRACT.md §3.2), correct across daylight-saving changes.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  date: string;
  hour: number;
  minute: number;
}

/** The wall-clock date and time of an instant in a time zone. */
export function toLocal(instant: Date | string, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}

/** The tenant-local calendar day (`YYYY-MM-DD`) of an instant. */
export function localDate(instant: Date | string, timeZone: string): string {
  return toLocal(instant, timeZone).date;
}

/** Throws a RangeError for an unknown IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}
