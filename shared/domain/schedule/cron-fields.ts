/**
 * The six fields of an EventBridge cron expression. Field ranges and the wildcards each field allows follow the
 * EventBridge cron reference; anything it does not describe (wrap-around ranges, `L-3`, `W` in a list) is refused
 * rather than guessed, so a schedule that works here is one AWS accepts.
 */
import { InvalidScheduleExpressionError } from './errors.js';

/** Day-of-month field: a list of days, `L` (last day), `LW` (last weekday) or `nW` (weekday nearest day n). */
export type DayOfMonthRule =
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'last' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

/**
 * Day-of-week field, days numbered 1 = SUN … 7 = SAT as in EventBridge: a list of days, `nL` (the last such day of
 * the month) or `n#k` (the k-th such day of the month). A bare `L` is the last day of the week, Saturday.
 */
export type DayOfWeekRule =
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'last-of-month'; weekday: number }
  | { kind: 'nth-of-month'; weekday: number; nth: number };

/**
 * `cron(minutes hours day-of-month month day-of-week year)`; values are sorted ascending.
 * Exactly one of `daysOfMonth` and `daysOfWeek` is `undefined` (the field given as `?`).
 */
export interface CronExpression {
  kind: 'cron';
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: DayOfMonthRule | undefined;
  months: readonly number[];
  daysOfWeek: DayOfWeekRule | undefined;
  years: readonly number[];
}

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  steps: boolean;
}

const MINUTES: FieldSpec = { label: 'minutes', min: 0, max: 59, steps: true };
const HOURS: FieldSpec = { label: 'hours', min: 0, max: 23, steps: true };
const DAY_OF_MONTH: FieldSpec = { label: 'day-of-month', min: 1, max: 31, steps: true };
const MONTH: FieldSpec = {
  label: 'month',
  min: 1,
  max: 12,
  steps: true,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  min: 1,
  max: 7,
  steps: false,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};
const YEAR: FieldSpec = { label: 'year', min: 1970, max: 2199, steps: true };

type CronFields = Omit<CronExpression, 'kind' | 'expression'>;

/**
 * Parses the inside of `cron(...)`.
 *
 * @throws InvalidScheduleExpressionError
 */
export function parseCronFields(expression: string, body: string): CronFields {
  const fail = (reason: string): never => {
    throw new InvalidScheduleExpressionError(expression, reason);
  };
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    fail(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    fail('exactly one of day-of-month and day-of-week must be "?"');
  }
  return {
    minutes: parseList(minutes, MINUTES, fail),
    hours: parseList(hours, HOURS, fail),
    daysOfMonth: dayOfMonth === '?' ? undefined : parseDayOfMonth(dayOfMonth, fail),
    months: parseList(month, MONTH, fail),
    daysOfWeek: dayOfWeek === '?' ? undefined : parseDayOfWeek(dayOfWeek, fail),
    years: parseList(year, YEAR, fail),
  };
}

function parseDayOfMonth(field: string, fail: (reason: string) => never): DayOfMonthRule {
  const upper = field.toUpperCase();
  if (upper === 'L') return { kind: 'last' };
  if (upper === 'LW') return { kind: 'last-weekday' };
  if (upper.includes('L')) fail(`day-of-month "${field}": L stands alone (L or LW)`);
  if (upper.includes('W')) {
    const match = /^(\d{1,2})W$/.exec(upper);
    if (match === null) fail(`day-of-month "${field}": W follows a single day, as in 15W`);
    const day = Number(match![1]);
    if (day < 1 || day > 31) fail(`day-of-month "${field}": ${day} is out of range 1-31`);
    return { kind: 'nearest-weekday', day };
  }
  return { kind: 'days', days: parseList(field, DAY_OF_MONTH, fail) };
}

function parseDayOfWeek(field: string, fail: (reason: string) => never): DayOfWeekRule {
  const upper = field.toUpperCase();
  if (upper.includes('#')) {
    const match = /^([A-Z0-9]+)#(\d+)$/.exec(upper);
    if (match === null)
      fail(`day-of-week "${field}": # takes one day and an instance, as in 2#1 (one expression only)`);
    const nth = Number(match![2]);
    if (nth < 1 || nth > 5) fail(`day-of-week "${field}": the instance after # must be 1-5`);
    return { kind: 'nth-of-month', weekday: parseValue(match![1]!, DAY_OF_WEEK, fail), nth };
  }
  if (upper === 'L') return { kind: 'days', days: [7] };
  if (upper.includes('L')) {
    const match = /^([A-Z0-9]+)L$/.exec(upper);
    if (match === null) fail(`day-of-week "${field}": L follows a single day, as in 6L`);
    return { kind: 'last-of-month', weekday: parseValue(match![1]!, DAY_OF_WEEK, fail) };
  }
  return { kind: 'days', days: parseList(field, DAY_OF_WEEK, fail) };
}

/** A comma-separated list of `*`, values, ranges `a-b` and increments `start/step` (`*`, `a` or `a-b` as start). */
function parseList(field: string, spec: FieldSpec, fail: (reason: string) => never): number[] {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    if (item === '') fail(`${spec.label} "${field}" has an empty list item`);
    const [rangePart, stepPart, ...rest] = item.split('/');
    if (rest.length > 0) fail(`${spec.label} "${item}" has more than one "/"`);
    let step = 1;
    if (stepPart !== undefined) {
      if (!spec.steps) fail(`${spec.label} does not allow "/"`);
      if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1) fail(`${spec.label} "${item}": the step must be 1 or more`);
      step = Number(stepPart);
    }
    let [from, to] = [spec.min, spec.max];
    if (rangePart === '*') {
      // `*` alone, or `*/n`: the whole range.
    } else if (rangePart!.includes('-')) {
      const [start, end, ...extra] = rangePart!.split('-');
      if (extra.length > 0 || start === '' || end === '') fail(`${spec.label} "${item}" is not a range a-b`);
      from = parseValue(start!, spec, fail);
      to = parseValue(end!, spec, fail);
      if (from > to) fail(`${spec.label} range "${rangePart}" runs backwards (wrap-around ranges are not supported)`);
    } else {
      from = parseValue(rangePart!, spec, fail);
      // `5/15` means from 5 to the end of the range, every 15; a bare `5` is just 5.
      to = stepPart === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(token: string, spec: FieldSpec, fail: (reason: string) => never): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(token)) fail(`${spec.label} value "${token}" is not a number${spec.names ? ' or a name' : ''}`);
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    fail(`${spec.label} value ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}
