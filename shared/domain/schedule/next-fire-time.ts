/**
 * When a schedule fires next, as EventBridge Scheduler documents it: cron and at() are read on the wall clock of the
 * schedule's time zone; a cron time that does not exist because clocks spring forward is skipped, and a time that
 * happens twice because clocks fall back runs once (at its first occurrence); rate() counts fixed durations from the
 * schedule's start, so `rate(1 day)` is always 24 hours.
 */
import { daysInMonth, weekdayOf } from '../calendar/calendar-date.js';
import {
  assertTimeZone,
  instantOfLocal,
  instantsOfLocal,
  type LocalDateTime,
  toLocal,
} from '../calendar/wall-clock.js';
import type { CronExpression, DayOfMonthRule, DayOfWeekRule, ScheduleExpression } from './expression.js';
import { parseScheduleExpression } from './expression.js';

export interface NextFireTimeOptions {
  /** Start of a rate() schedule (its `StartDate`); it fires at start, start + period, … Defaults to `after`. */
  startAt?: Date;
}

/**
 * The first instant strictly after `after` at which the schedule fires, or `undefined` when it never fires again
 * (an at() in the past, a cron whose years are over).
 *
 * @example nextFireTime('cron(0 2 * * ? *)', new Date('2026-03-28T12:00:00Z'), 'Europe/Paris') // 2026-03-30T00:00Z:
 *   02:00 does not exist in Paris on 29 March 2026, so that day's run is skipped.
 * @throws InvalidScheduleExpressionError, InvalidTimeZoneError
 */
export function nextFireTime(
  expression: string | ScheduleExpression,
  after: Date,
  timeZone: string,
  options: NextFireTimeOptions = {},
): Date | undefined {
  const parsed = typeof expression === 'string' ? parseScheduleExpression(expression) : expression;
  const zone = assertTimeZone(timeZone);
  const afterMs = after.getTime();
  switch (parsed.kind) {
    case 'rate': {
      const start = (options.startAt ?? after).getTime();
      if (afterMs < start) return new Date(start);
      const periods = Math.floor((afterMs - start) / parsed.periodMs) + 1;
      return new Date(start + periods * parsed.periodMs);
    }
    case 'at': {
      // A wall time inside a spring-forward gap is read with the offset in force before the change, so a one-time
      // schedule is never silently lost.
      const at = instantOfLocal(parsed.local, zone);
      return at > afterMs ? new Date(at) : undefined;
    }
    case 'cron':
      return nextCronTime(parsed, afterMs, zone);
  }
}

function nextCronTime(cron: CronExpression, afterMs: number, timeZone: string): Date | undefined {
  const from = toLocal(afterMs, timeZone);
  for (const year of cron.years) {
    if (year < from.year) continue;
    for (const month of cron.months) {
      if (year === from.year && month < from.month) continue;
      for (const day of matchingDays(cron, year, month)) {
        if (year === from.year && month === from.month && day < from.day) continue;
        const sameDay = year === from.year && month === from.month && day === from.day;
        const found = firstTimeOfDay(cron, { year, month, day }, sameDay ? from : undefined, afterMs, timeZone);
        if (found !== undefined) return new Date(found);
      }
    }
  }
  return undefined;
}

function firstTimeOfDay(
  cron: CronExpression,
  date: Pick<LocalDateTime, 'year' | 'month' | 'day'>,
  from: LocalDateTime | undefined,
  afterMs: number,
  timeZone: string,
): number | undefined {
  for (const hour of cron.hours) {
    if (from !== undefined && hour < from.hour) continue;
    for (const minute of cron.minutes) {
      if (from !== undefined && hour === from.hour && minute < from.minute) continue;
      // The first occurrence only: in a fall-back overlap the repeated wall time does not run again.
      const first = instantsOfLocal({ ...date, hour, minute, second: 0 }, timeZone)[0];
      if (first !== undefined && first > afterMs) return first;
    }
  }
  return undefined;
}

/** Days of `month` that match both day fields (one of them is `?`, i.e. undefined), ascending. */
function matchingDays(cron: CronExpression, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  if (cron.daysOfMonth !== undefined) return daysOfMonth(cron.daysOfMonth, year, month, last);
  if (cron.daysOfWeek !== undefined) return daysOfWeek(cron.daysOfWeek, year, month, last);
  return [];
}

function daysOfMonth(rule: DayOfMonthRule, year: number, month: number, last: number): number[] {
  switch (rule.kind) {
    case 'days':
      return rule.days.filter((day) => day <= last);
    case 'last':
      return [last];
    case 'last-weekday':
      return [nearestWeekday(year, month, last, last)];
    case 'nearest-weekday':
      // A day the month does not have (31W in April) does not fire, as a plain 31 would not.
      return rule.day <= last ? [nearestWeekday(year, month, rule.day, last)] : [];
  }
}

/** The weekday (Mon–Fri) nearest `day`, without leaving the month: 1W on a Saturday is Monday the 3rd. */
function nearestWeekday(year: number, month: number, day: number, last: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 6) return day === 1 ? day + 2 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}

function daysOfWeek(rule: DayOfWeekRule, year: number, month: number, last: number): number[] {
  const firstWeekday = weekdayOf(year, month, 1);
  // EventBridge numbers days 1 = SUN … 7 = SAT; JavaScript 0 = Sunday.
  const dayOfFirst = (weekday: number) => 1 + ((weekday - 1 - firstWeekday + 7) % 7);
  switch (rule.kind) {
    case 'days': {
      const wanted = new Set(rule.days.map((day) => day - 1));
      const days: number[] = [];
      for (let day = 1; day <= last; day += 1) if (wanted.has((firstWeekday + day - 1) % 7)) days.push(day);
      return days;
    }
    case 'nth-of-month': {
      const day = dayOfFirst(rule.weekday) + (rule.nth - 1) * 7;
      return day <= last ? [day] : [];
    }
    case 'last-of-month': {
      const first = dayOfFirst(rule.weekday);
      return [first + Math.floor((last - first) / 7) * 7];
    }
  }
}
