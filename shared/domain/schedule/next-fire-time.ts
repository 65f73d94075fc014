/**
 * When a schedule fires next, as EventBridge Scheduler documents it: cron and at() are read on the wall clock of the
 * schedule's time zone; a cron time that does not exist because clocks spring forward is skipped, and a time that
 * happens twice because clocks fall back runs once (at its first occurrence); rate() counts fixed durations from the
 * schedule's start, so `rate(1 day)` is always 24 hours. rate() and at() are stepped here; cron by croner, through
 * cron-schedule.ts.
 */
import { assertTimeZone, instantOfLocal } from '../calendar/wall-clock.js';
import { nextCronTime } from './cron-schedule.js';
import type { ScheduleExpression } from './expression.js';
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
