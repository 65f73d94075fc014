/**
 * Steps an EventBridge cron expression with croner, behind the parsed `CronExpression`: the parser (cron-fields.ts)
 * decides what EventBridge accepts, croner only finds the next matching wall-clock time in the zone.
 *
 * Two mappings make croner read the fields as EventBridge does: the pattern is croner's 7-part form (a seconds field
 * of 0 in front of EventBridge's six, so its last field is the year), and days of the week are numbered the Quartz
 * way (`alternativeWeekdays`: 1 = SUN … 7 = SAT, as in EventBridge; croner's default is 0 = SUN).
 */
import { Cron } from 'croner';
import { instantsOfLocal, toLocal } from '../calendar/wall-clock.js';
import type { CronExpression, DayOfMonthRule, DayOfWeekRule } from './expression.js';

/**
 * The first instant strictly after `afterMs` at which `cron` fires in `timeZone` (an IANA name already checked), or
 * `undefined` once its years are over.
 *
 * Croner follows Vixie cron at daylight-saving changes, EventBridge Scheduler does not, so croner's answers are
 * filtered: a fixed time lost to spring-forward, which croner moves to just after the gap, is skipped; a wall time
 * that falls back and happens twice, which croner runs twice in an interval job, runs at its first occurrence only.
 */
export function nextCronTime(cron: CronExpression, afterMs: number, timeZone: string): Date | undefined {
  const job = new Cron(cronerPattern(cron), {
    timezone: timeZone,
    mode: '7-part',
    alternativeWeekdays: true,
    // One of the two day fields is always `*` (EventBridge's `?`), so AND is simply the other field.
    domAndDow: true,
  });
  let from = new Date(afterMs);
  // Ends: each answer is later than the last, and the year list stops at 2199.
  for (;;) {
    const next = job.nextRun(from);
    if (next === null) return undefined;
    const local = toLocal(next.getTime(), timeZone);
    const onTimetable = cron.hours.includes(local.hour) && cron.minutes.includes(local.minute);
    if (onTimetable && instantsOfLocal(local, timeZone)[0] === next.getTime()) return next;
    from = next;
  }
}

/** The croner pattern for the parsed fields: `second minute hour day-of-month month day-of-week year`. */
function cronerPattern(cron: CronExpression): string {
  return [
    '0',
    cron.minutes.join(','),
    cron.hours.join(','),
    cron.daysOfMonth === undefined ? '*' : dayOfMonthField(cron.daysOfMonth),
    cron.months.join(','),
    cron.daysOfWeek === undefined ? '*' : dayOfWeekField(cron.daysOfWeek),
    cron.years.join(','),
  ].join(' ');
}

function dayOfMonthField(rule: DayOfMonthRule): string {
  switch (rule.kind) {
    case 'days':
      return rule.days.join(',');
    case 'last':
      return 'L';
    case 'last-weekday':
      return 'LW';
    case 'nearest-weekday':
      return `${rule.day}W`;
  }
}

function dayOfWeekField(rule: DayOfWeekRule): string {
  switch (rule.kind) {
    case 'days':
      return rule.days.join(',');
    case 'nth-of-month':
      return `${rule.weekday}#${rule.nth}`;
    case 'last-of-month':
      return `${rule.weekday}#L`;
  }
}
