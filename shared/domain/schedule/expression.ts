/**
 * The three EventBridge Scheduler expression types as data, and the parser that accepts exactly what the service
 * documents ("Schedule types on EventBridge Scheduler"): `rate(value unit)`, `cron(6 fields)` and
 * `at(yyyy-mm-ddThh:mm:ss)`.
 */

import { daysInMonth } from '../calendar/calendar-date.js';
import type { LocalDateTime } from '../calendar/wall-clock.js';
import { type CronExpression, parseCronFields } from './cron-fields.js';
import { InvalidScheduleExpressionError } from './errors.js';

export type RateUnit = 'minutes' | 'hours' | 'days';

/** `rate(5 minutes)`: a fixed duration counted from the schedule's start; `days` are 24 hours, whatever DST does. */
export interface RateExpression {
  kind: 'rate';
  expression: string;
  value: number;
  unit: RateUnit;
  periodMs: number;
}

/** `at(2026-03-11T10:21:00)`: one wall-clock time, read in the schedule's time zone. */
export interface AtExpression {
  kind: 'at';
  expression: string;
  local: LocalDateTime;
}

export type { CronExpression, DayOfMonthRule, DayOfWeekRule } from './cron-fields.js';

export type ScheduleExpression = RateExpression | AtExpression | CronExpression;

const UNIT_MS: Record<RateUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const SINGULAR: Record<string, RateUnit> = { minute: 'minutes', hour: 'hours', day: 'days' };

/**
 * Parses a schedule expression the way EventBridge Scheduler validates it.
 *
 * @example parseScheduleExpression('cron(0 6 1 * ? *)') // 06:00 on the first day of every month
 * @throws InvalidScheduleExpressionError with the reason, e.g. `rate(1 minutes)` → "use the singular unit …"
 */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const match = /^(rate|cron|at)\((.*)\)$/.exec(expression.trim());
  if (match === null) {
    throw new InvalidScheduleExpressionError(expression, 'expected rate(value unit), cron(fields) or at(date-time)');
  }
  const [, kind, body] = match as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (kind === 'rate') return parseRate(expression, body);
  if (kind === 'at') return parseAt(expression, body);
  return { kind: 'cron', expression, ...parseCronFields(expression, body) };
}

function parseRate(expression: string, body: string): RateExpression {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  if (match === null) throw new InvalidScheduleExpressionError(expression, 'rate needs a value and a unit');
  const [, rawValue, rawUnit] = match as unknown as [string, string, string];
  if (!/^[0-9]+$/.test(rawValue) || Number(rawValue) < 1) {
    throw new InvalidScheduleExpressionError(expression, `rate value "${rawValue}" must be a positive whole number`);
  }
  const value = Number(rawValue);
  const singular = SINGULAR[rawUnit];
  const unit = singular ?? (rawUnit in UNIT_MS ? (rawUnit as RateUnit) : undefined);
  if (unit === undefined) {
    throw new InvalidScheduleExpressionError(expression, `rate unit "${rawUnit}" must be minutes, hours or days`);
  }
  if (value === 1 && singular === undefined) {
    throw new InvalidScheduleExpressionError(expression, `use the singular unit for 1 (rate(1 ${unit.slice(0, -1)}))`);
  }
  if (value !== 1 && singular !== undefined) {
    throw new InvalidScheduleExpressionError(expression, `use the plural unit for ${value} (rate(${value} ${unit}))`);
  }
  return { kind: 'rate', expression, value, unit, periodMs: value * UNIT_MS[unit] };
}

function parseAt(expression: string, body: string): AtExpression {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (match === null) {
    throw new InvalidScheduleExpressionError(expression, 'at() takes yyyy-mm-ddThh:mm:ss, with no offset');
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) throw new InvalidScheduleExpressionError(expression, `"${body}" is not a calendar date and time`);
  return { kind: 'at', expression, local: { year, month, day, hour, minute, second } };
}
