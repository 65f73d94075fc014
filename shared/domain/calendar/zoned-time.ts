/**
 * Instants and tenant-local days, on the wall clock of `wall-clock.ts`. A contact counts on the day of `initiatedAt`
 * in the tenant's time zone (CONTRACT.md §3.2). A local day is the span from one local midnight to the next, so it
 * lasts 23, 24 or 25 hours around daylight-saving changes; intervals are counted in elapsed time from that midnight,
 * so the repeated hour of an autumn night gets intervals of its own instead of being folded into the first one.
 */
import { addDays } from './calendar-date.js';
import { instantOfLocal, toLocal } from './wall-clock.js';

const MINUTE = 60_000;
/** Length of an intraday interval: the quarter hour used by workforce planning. */
export const INTERVAL_MS = 15 * MINUTE;

const dayStarts = new Map<string, number>();
const DAY_START_CACHE_LIMIT = 10_000;

/** The tenant-local calendar day (`YYYY-MM-DD`) of an instant. */
export function localDate(instant: Date | string, timeZone: string): string {
  const { year, month, day } = toLocal(typeof instant === 'string' ? Date.parse(instant) : instant.getTime(), timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The first instant (epoch ms) of a tenant-local day: local midnight (the first of two where clocks went back across
 * it), or the moment clocks jump past it in zones that change them at 00:00. Results are cached, so recording a
 * contact costs a map lookup.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const cached = dayStarts.get(key);
  if (cached !== undefined) return cached;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start = instantOfLocal({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone);
  if (dayStarts.size >= DAY_START_CACHE_LIMIT) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}

/** Hours in a tenant-local day: 24, or 23 and 25 on the days clocks change. */
export function localDayHours(date: string, timeZone: string): number {
  return (startOfLocalDay(addDays(date, 1), timeZone) - startOfLocalDay(date, timeZone)) / 3_600_000;
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
  const wall = toLocal(start, timeZone);
  const localTime = `${pad(wall.hour)}:${pad(wall.minute)}`;
  return { date, index, start, localTime } satisfies LocalInterval;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
