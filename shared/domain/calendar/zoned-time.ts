/**
 * Instants and tenant-local days, with the platform's Intl data (no library). A local day is the span from one
 * local midnight to the next, so it lasts 23, 24 or 25 hours around daylight-saving changes; intervals are counted
 * in elapsed time from that midnight, so the repeated hour of an autumn night gets intervals of its own instead of
 * being folded into the first one.
 */
import { addDays } from './calendar-date.js';
import { localDate, toLocal } from './local-date.js';

const MINUTE = 60_000;
/** Length of an intraday interval: the quarter hour used by workforce planning. */
export const INTERVAL_MS = 15 * MINUTE;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const dayStarts = new Map<string, number>();
const DAY_START_CACHE_LIMIT = 10_000;

/** The zone's offset from UTC at an instant, in minutes (+120 for Paris in summer). */
export function utcOffsetMinutes(instant: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The first instant (epoch ms) of a tenant-local day. Found by bisection on whole minutes, because local midnight
 * may not exist (zones that change clocks at 00:00); results are cached, so recording a contact costs a map lookup.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const cached = dayStarts.get(key);
  if (cached !== undefined) return cached;
  const utcMidnight = Date.parse(`${date}T00:00:00Z`) / MINUTE;
  // Offsets lie within ±14 h; the first minute whose local date is `date` or later is local midnight.
  let lo = utcMidnight - 15 * 60;
  let hi = utcMidnight + 15 * 60;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid * MINUTE), timeZone) >= date) hi = mid;
    else lo = mid + 1;
  }
  if (dayStarts.size >= DAY_START_CACHE_LIMIT) dayStarts.clear();
  dayStarts.set(key, lo * MINUTE);
  return lo * MINUTE;
}

/** Hours in a tenant-local day: 24, or 23 and 25 on the days clocks change. */
export function localDayHours(date: string, timeZone: string): number {
  return (startOfLocalDay(addDays(date, 1), timeZone) - startOfLocalDay(date, timeZone)) / 3_600_000;
}

/** An instant written in ISO 8601 with the zone's offset at that instant, e.g. `2025-10-26T02:15:00+01:00`. */
export function toOffsetIso(instant: number, timeZone: string): string {
  const offset = utcOffsetMinutes(instant, timeZone);
  const local = new Date(instant + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A quarter-hour interval of a tenant-local day. */
export interface LocalInterval {
  /** Tenant-local date `YYYY-MM-DD`. */
  date: string;
  /** Quarter hours elapsed since local midnight: 0…95, up to 99 on a 25-hour day, up to 91 on a 23-hour day. */
  index: number;
  /** First instant of the interval (epoch ms). */
  start: number;
  /** Wall-clock time at its start, `HH:MM`; the same label appears twice on the night clocks go back. */
  localTime: string;
}

/** The quarter-hour interval an instant falls in, in the tenant's time zone. */
export function localInterval(instant: Date | string | number, timeZone: string): LocalInterval {
  const at = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  const date = localDate(new Date(at), timeZone);
  const dayStart = startOfLocalDay(date, timeZone);
  const index = Math.floor((at - dayStart) / INTERVAL_MS);
  return intervalAt(date, index, timeZone, dayStart);
}

/** The interval `index` of a local day (for reading intervals back). */
export function intervalAt(date: string, index: number, timeZone: string, dayStart = startOfLocalDay(date, timeZone)) {
  const start = dayStart + index * INTERVAL_MS;
  const wall = toLocal(new Date(start), timeZone);
  const localTime = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
  return { date, index, start, localTime } satisfies LocalInterval;
}
