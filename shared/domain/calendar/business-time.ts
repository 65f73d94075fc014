/**
 * Business time: the open hours of a tenant's business calendar laid on the real time line, so complaint deadlines
 * in business hours or business days (ISO18295.md P1-CMP-ACK, P1-CMP-RESOLVE) fall where a customer would expect.
 * A local day's opening hours are wall-clock times turned into instants in the tenant's zone, so a span across a
 * spring-forward gap is an hour shorter and one across a fall-back an hour longer. Everything walks day by day,
 * never minute by minute: a deadline is computed per complaint event.
 */
import type { Deadline } from '../agreement/agreement-schema.js';
import { addBusinessDays, type BusinessCalendar, isBusinessDay } from './business-calendar.js';
import { addDays, dayOfWeek } from './calendar-date.js';
import { instantOfLocal, type LocalDateTime, toLocal } from './wall-clock.js';
import { localDate, startOfLocalDay } from './zoned-time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far `addOpenMs` looks for open time before it gives up: a calendar open at all opens within this. */
const SEARCH_DAYS = 5 * 366;

/** An open span as instants: `[start, end)`, `start < end`. */
type OpenSpan = readonly [start: number, end: number];

/** True when `ms` is inside one of the calendar's open spans (a span's close is not inside it). */
export function isOpenAt(ms: number, calendar: BusinessCalendar, timeZone: string): boolean {
  return openSpans(dayOf(ms, timeZone), calendar, timeZone).some(([start, end]) => start <= ms && ms < end);
}

/** Open milliseconds in `[fromMs, toMs)`; 0 when `toMs <= fromMs`. */
export function openMsBetween(fromMs: number, toMs: number, calendar: BusinessCalendar, timeZone: string): number {
  if (toMs <= fromMs) return 0;
  const last = dayOf(toMs, timeZone);
  let total = 0;
  for (let day = dayOf(fromMs, timeZone); day <= last; day++) {
    for (const [start, end] of openSpans(day, calendar, timeZone)) {
      total += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
    }
  }
  return total;
}

/**
 * The earliest instant `t >= startMs` with `openMsBetween(startMs, t) === ms`: for `ms > 0` it lies in an open span
 * or is its very close, never in a closed period; for 0 it is `startMs`.
 *
 * @throws RangeError for a negative `ms`, or when the calendar has no open time within five years.
 */
export function addOpenMs(startMs: number, ms: number, calendar: BusinessCalendar, timeZone: string): number {
  if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`open time to add must be 0 or more, not ${ms}`);
  if (ms === 0) return startMs;
  if (!calendar.openingHours.some((spans) => spans.length > 0)) {
    throw new RangeError('a calendar with no opening hours has no business time');
  }
  let left = ms;
  const first = dayOf(startMs, timeZone);
  for (let day = first; day < first + SEARCH_DAYS; day++) {
    for (const [spanStart, end] of openSpans(day, calendar, timeZone)) {
      const start = Math.max(spanStart, startMs);
      if (end <= start) continue;
      if (left <= end - start) return start + left;
      left -= end - start;
    }
  }
  throw new RangeError(`the calendar has no open time within five years of ${new Date(startMs).toISOString()}`);
}

/**
 * When a step started at `startMs` is due under `deadline`:
 * - `business-hours`: `amount` open hours later (`addOpenMs`);
 * - `business-days`: at the close of the `amount`-th business day after the local date of `startMs` (that date
 *   never counts, open or not), the instant its last open span ends;
 * - `calendar-days`: the same wall-clock time `amount` local days later, whatever the clocks did in between.
 */
export function deadlineAt(startMs: number, deadline: Deadline, calendar: BusinessCalendar, timeZone: string): number {
  switch (deadline.unit) {
    case 'business-hours':
      return addOpenMs(startMs, deadline.amount * HOUR_MS, calendar, timeZone);
    case 'business-days':
      return closeOf(
        addBusinessDays(localDate(new Date(startMs), timeZone), deadline.amount, calendar),
        calendar,
        timeZone,
      );
    case 'calendar-days':
      return sameWallClockLater(startMs, deadline.amount, timeZone);
  }
}

/**
 * The instant a step due at `dueMs` becomes at risk: `share` of the way from `startMs` to `dueMs`, measured in open
 * time for business units (so the alert never lands in a closed night) and in elapsed time for calendar days;
 * rounded down to the millisecond, so `startMs <= result <= dueMs` whenever `startMs <= dueMs`.
 *
 * @throws RangeError for a share outside 0–1.
 */
export function atRiskAt(
  startMs: number,
  dueMs: number,
  share: number,
  unit: Deadline['unit'],
  calendar: BusinessCalendar,
  timeZone: string,
): number {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`the at-risk share must be between 0 and 1, not ${share}`);
  if (unit === 'calendar-days') return startMs + Math.floor(share * Math.max(0, dueMs - startMs));
  const open = openMsBetween(startMs, dueMs, calendar, timeZone);
  return addOpenMs(startMs, Math.floor(share * open), calendar, timeZone);
}

/**
 * The end of a business day: where its last open span closes. A day whose every span a spring-forward gap swallowed
 * (one opening in the missing hour and closing just after it) has no open span; it ends where its hours close on
 * the wall clock.
 */
function closeOf(date: string, calendar: BusinessCalendar, timeZone: string): number {
  const last = openSpans(Date.parse(date) / DAY_MS, calendar, timeZone).at(-1);
  if (last !== undefined) return last[1];
  const closes = (calendar.openingHours[dayOfWeek(date)] ?? []).map((span) => span.closes).sort();
  return instantOfClock(localDay(date, timeZone), closes.at(-1) ?? '24:00');
}

function sameWallClockLater(startMs: number, days: number, timeZone: string): number {
  const wall = toLocal(startMs, timeZone);
  const [year, month, day] = addDays(dateOf(wall), days).split('-').map(Number) as [number, number, number];
  // The wall clock is read to the second; the milliseconds ride along unchanged.
  const millis = ((startMs % 1000) + 1000) % 1000;
  return instantOfLocal({ ...wall, year, month, day }, timeZone) + millis;
}

/**
 * Resolved open spans per calendar object, zone and day: a deadline and its at-risk point walk the same days. Keyed
 * by the calendar's identity, which the readonly type promises will not change; bounded like the day starts.
 */
const spanCache = new WeakMap<BusinessCalendar, Map<string, readonly OpenSpan[]>>();
const SPAN_CACHE_LIMIT = 10_000;

/**
 * The open spans of a local day (a day number: days since 1970-01-01, which makes walking days cheap) as instants,
 * in order, overlaps merged; none on a day that is not a business day.
 */
function openSpans(day: number, calendar: BusinessCalendar, timeZone: string): readonly OpenSpan[] {
  let byDay = spanCache.get(calendar);
  if (byDay === undefined) {
    byDay = new Map();
    spanCache.set(calendar, byDay);
  }
  const key = `${timeZone}|${day}`;
  let spans = byDay.get(key);
  if (spans === undefined) {
    spans = resolveSpans(new Date(day * DAY_MS).toISOString().slice(0, 10), calendar, timeZone);
    if (byDay.size >= SPAN_CACHE_LIMIT) byDay.clear();
    byDay.set(key, spans);
  }
  return spans;
}

function resolveSpans(date: string, calendar: BusinessCalendar, timeZone: string): readonly OpenSpan[] {
  if (!isBusinessDay(date, calendar)) return [];
  const day = localDay(date, timeZone);
  const spans = (calendar.openingHours[dayOfWeek(date)] ?? [])
    .map((span): OpenSpan => [instantOfClock(day, span.opens), instantOfClock(day, span.closes)])
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const previous = merged.at(-1);
    if (previous !== undefined && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** A local date with the instants it starts and ends at. */
interface LocalDay {
  date: string;
  timeZone: string;
  start: number;
  end: number;
}

function localDay(date: string, timeZone: string): LocalDay {
  return { date, timeZone, start: startOfLocalDay(date, timeZone), end: startOfLocalDay(addDays(date, 1), timeZone) };
}

/**
 * The instant of `HH:MM` (`24:00`: the next local midnight) on a local day. On a day of 24 hours the clocks do not
 * change, so it is the day's start plus the time; on the days they change, the wall clock decides, through
 * `instantOfLocal`.
 */
function instantOfClock(day: LocalDay, clock: string): number {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  if (hour === 24) return day.end;
  if (day.end - day.start === DAY_MS) return day.start + (hour * 60 + minute) * MINUTE_MS;
  const [year, month, date] = day.date.split('-').map(Number) as [number, number, number];
  return instantOfLocal({ year, month, day: date, hour, minute, second: 0 }, day.timeZone);
}

/** The local day number of an instant. */
function dayOf(ms: number, timeZone: string): number {
  return Date.parse(localDate(new Date(ms), timeZone)) / DAY_MS;
}

function dateOf(wall: LocalDateTime): string {
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}
