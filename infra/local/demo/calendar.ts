/**
 * The month as a grid of 15-minute intervals in the tenant's time zone, and the shape of demand over it: when
 * contacts arrive by channel, hour of day and day of week. Intervals are stepped in real time, so a spring-forward
 * day has 92 of them and a fall-back day 100, as a workforce tool would show.
 */
import type { Channel } from '../../../events/telephony.js';
import { addDays, lastDayOfMonth } from '../../../shared/domain/calendar/calendar-date.js';
import { localMs, toLocal } from '../../../shared/domain/calendar/wall-clock.js';
import { startOfLocalDay } from '../../../shared/domain/calendar/zoned-time.js';
import type { DemoLine, WeeklyHours } from './tenant-model.js';

export const INTERVAL_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** One 15-minute interval of the simulated period. */
export interface Interval {
  start: number;
  /** 0 = Sunday. */
  weekday: number;
  minuteOfDay: number;
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** False for the days after the month that only let queues drain. */
  inMonth: boolean;
}

export interface MonthGrid {
  intervals: Interval[];
  monthStart: number;
  monthEnd: number;
  /** Distinct local dates of the month, in order. */
  dates: string[];
}

/**
 * Intervals from local midnight on the 1st to local midnight on the 1st of the next month, then `tailDays` more
 * (so e-mails received on the last evening are still answered).
 */
export function monthGrid(month: string, timeZone: string, tailDays: number): MonthGrid {
  const monthStart = startOfLocalDay(`${month}-01`, timeZone);
  const monthEnd = startOfLocalDay(addDays(lastDayOfMonth(month), 1), timeZone);
  const intervals: Interval[] = [];
  const dates: string[] = [];
  for (let start = monthStart; start < monthEnd + tailDays * DAY_MS; start += INTERVAL_MS) {
    const local = toLocal(start, timeZone);
    const date = new Date(localMs(local)).toISOString().slice(0, 10);
    const inMonth = start < monthEnd;
    if (inMonth && dates[dates.length - 1] !== date) dates.push(date);
    const weekday = new Date(localMs(local)).getUTCDay();
    intervals.push({ start, weekday, minuteOfDay: local.hour * 60 + local.minute, date, inMonth });
  }
  return { intervals, monthStart, monthEnd, dates };
}

/** Whether a queue is staffed at that local time. */
export function isOpen(hours: WeeklyHours, weekday: number, minuteOfDay: number): boolean {
  const window = hours[weekday];
  return window !== undefined && minuteOfDay >= window[0] && minuteOfDay < window[1];
}

/** Calls and chats wait for an agent in real time; the other channels are answered later. */
export function isSynchronous(channel: Channel): boolean {
  return channel === 'voice' || channel === 'chat';
}

// Relative demand by day of week (Sunday first): the Monday peak, a quieter Friday, a low weekend.
const LIVE_DAYS = [0.45, 1.35, 1.1, 1.0, 1.0, 0.9, 0.6];
const EMAIL_DAYS = [0.4, 1.3, 1.1, 1.0, 1.0, 0.95, 0.5];
const SOCIAL_DAYS = [0.8, 1.1, 1.0, 1.0, 1.0, 1.0, 0.9];

// Relative demand by local hour: a morning peak, a lunch-time peak (when agents take their breaks), an afternoon
// shoulder. E-mail arrives round the clock; social and messaging peak in the evening.
const LIVE_HOURS = [
  0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 0.75, 1.25, 1.45, 1.3, 1.25, 1.2, 1.25, 1.1, 1.0, 0.85, 0.65, 0.45, 0.35,
  0.25, 0.3, 0.3,
];
const EMAIL_HOURS = [
  0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.5, 0.9, 1.2, 1.2, 1.2, 1.0, 1.0, 1.1, 1.1, 1.1, 1.1, 0.7, 0.7, 0.7, 0.35,
  0.35, 0.35,
];
const SOCIAL_HOURS = [
  0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.4, 0.7, 0.9, 0.9, 0.9, 1.1, 1.1, 0.95, 0.95, 0.95, 0.95, 1.3, 1.3, 1.3,
  1.3, 0.6, 0.6,
];

/** Relative arrival rate of a line in an interval (0 when its contacts cannot arrive then). */
export function demandWeight(line: DemoLine, interval: Interval): number {
  const hour = Math.floor(interval.minuteOfDay / 60);
  if (isSynchronous(line.channel)) {
    if (!isOpen(line.hours, interval.weekday, interval.minuteOfDay)) return 0;
    return (LIVE_DAYS[interval.weekday] ?? 0) * (LIVE_HOURS[hour] ?? 0);
  }
  if (line.channel === 'email') return (EMAIL_DAYS[interval.weekday] ?? 0) * (EMAIL_HOURS[hour] ?? 0);
  return (SOCIAL_DAYS[interval.weekday] ?? 0) * (SOCIAL_HOURS[hour] ?? 0);
}
