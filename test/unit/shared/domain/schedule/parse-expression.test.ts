import { describe, expect, it } from 'vitest';
import { InvalidScheduleExpressionError } from '../../../../../shared/domain/schedule/errors.js';
import { parseScheduleExpression } from '../../../../../shared/domain/schedule/expression.js';

describe('Scheduler: parseScheduleExpression', () => {
  it.each([
    ['rate(1 minute)', { kind: 'rate', value: 1, unit: 'minutes', periodMs: 60_000 }],
    ['rate(5 minutes)', { kind: 'rate', value: 5, unit: 'minutes', periodMs: 300_000 }],
    ['rate(1 hour)', { kind: 'rate', value: 1, unit: 'hours', periodMs: 3_600_000 }],
    ['rate(12 hours)', { kind: 'rate', value: 12, unit: 'hours' }],
    ['rate(1 day)', { kind: 'rate', value: 1, unit: 'days', periodMs: 86_400_000 }],
    ['rate(7 days)', { kind: 'rate', value: 7, unit: 'days' }],
    [
      'at(2026-03-29T02:30:00)',
      { kind: 'at', local: { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 } },
    ],
    ['at(2028-02-29T23:59:59)', { kind: 'at' }],
    ['cron(0 2 * * ? *)', { kind: 'cron', minutes: [0], hours: [2], daysOfWeek: undefined }],
    ['cron(0 6 1 * ? *)', { kind: 'cron', daysOfMonth: { kind: 'days', days: [1] } }],
    ['cron(0/15 * * * ? *)', { kind: 'cron', minutes: [0, 15, 30, 45] }],
    ['cron(5/20 * * * ? *)', { kind: 'cron', minutes: [5, 25, 45] }],
    ['cron(*/30 8-9 * * ? *)', { kind: 'cron', minutes: [0, 30], hours: [8, 9] }],
    ['cron(10-20/5 * * * ? *)', { kind: 'cron', minutes: [10, 15, 20] }],
    ['cron(0 8-18 ? * MON-FRI *)', { kind: 'cron', daysOfWeek: { kind: 'days', days: [2, 3, 4, 5, 6] } }],
    ['cron(0 9 ? * sun,sat *)', { kind: 'cron', daysOfWeek: { kind: 'days', days: [1, 7] } }],
    ['cron(0 0 1 JAN,JUL ? *)', { kind: 'cron', months: [1, 7] }],
    ['cron(0 9 L * ? *)', { kind: 'cron', daysOfMonth: { kind: 'last' } }],
    ['cron(0 9 LW * ? *)', { kind: 'cron', daysOfMonth: { kind: 'last-weekday' } }],
    ['cron(0 9 15W * ? *)', { kind: 'cron', daysOfMonth: { kind: 'nearest-weekday', day: 15 } }],
    ['cron(0 9 ? * L *)', { kind: 'cron', daysOfWeek: { kind: 'days', days: [7] } }],
    ['cron(0 9 ? * 6L *)', { kind: 'cron', daysOfWeek: { kind: 'last-of-month', weekday: 6 } }],
    ['cron(0 9 ? * MON#1 *)', { kind: 'cron', daysOfWeek: { kind: 'nth-of-month', weekday: 2, nth: 1 } }],
    ['cron(15 10 ? * 3#2 2026-2028)', { kind: 'cron', years: [2026, 2027, 2028] }],
    ['  cron(0  2 * *  ? *)  ', { kind: 'cron', hours: [2] }],
  ])('accepts %s', (expression, expected) => {
    expect(parseScheduleExpression(expression)).toMatchObject(expected);
  });

  it.each([
    ['every day at 2', /expected rate/],
    ['cron(0 2 * * ?)', /6 fields/],
    ['cron(0 2 * * ? * *)', /6 fields/],
    ['cron(0 2 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 2 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 2 1 * MON *)', /exactly one of day-of-month and day-of-week/],
    ['cron(60 2 * * ? *)', /minutes value 60 is out of range 0-59/],
    ['cron(0 24 * * ? *)', /hours value 24 is out of range 0-23/],
    ['cron(0 2 32 * ? *)', /day-of-month value 32 is out of range 1-31/],
    ['cron(0 2 0 * ? *)', /day-of-month value 0/],
    ['cron(0 2 * 13 ? *)', /month value 13/],
    ['cron(0 2 * FOO ? *)', /month value "FOO" is not a number or a name/],
    ['cron(0 2 ? * 8 *)', /day-of-week value 8 is out of range 1-7/],
    ['cron(0 2 ? * 0 *)', /day-of-week value 0/],
    ['cron(0 2 * * ? 1969)', /year value 1969 is out of range 1970-2199/],
    ['cron(0 2 * * ? 2200)', /year value 2200/],
    ['cron(*/0 * * * ? *)', /step must be 1 or more/],
    ['cron(0 22-2 * * ? *)', /runs backwards/],
    ['cron(0 2 ? * 1/2 *)', /day-of-week does not allow "\/"/],
    ['cron(0 2 ? * 2#6 *)', /instance after # must be 1-5/],
    ['cron(0 2 ? * 2#1,6#3 *)', /one expression only/],
    ['cron(0 2 1-5W * ? *)', /W follows a single day/],
    ['cron(0 2 32W * ? *)', /32 is out of range/],
    ['cron(0 2 L-3 * ? *)', /L stands alone/],
    ['cron(0 2 ? * 2-6L *)', /L follows a single day/],
    ['cron(0 2 1,,2 * ? *)', /empty list item/],
    ['cron(0 2 1-2-3 * ? *)', /not a range/],
    ['rate(0 minutes)', /positive whole number/],
    ['rate(-5 minutes)', /positive whole number/],
    ['rate(1.5 hours)', /positive whole number/],
    ['rate(1 minutes)', /singular unit for 1 \(rate\(1 minute\)\)/],
    ['rate(5 minute)', /plural unit for 5/],
    ['rate(2 weeks)', /minutes, hours or days/],
    ['rate(5)', /value and a unit/],
    ['at(2026-02-30T10:00:00)', /not a calendar date/],
    ['at(2026-03-01T24:00:00)', /not a calendar date/],
    ['at(2026-03-01 10:00:00)', /yyyy-mm-ddThh:mm:ss/],
    ['at(2026-03-01T10:00)', /yyyy-mm-ddThh:mm:ss/],
    ['at(2026-03-01T10:00:00+01:00)', /no offset/],
  ])('rejects %s', (expression, message) => {
    const act = () => parseScheduleExpression(expression);
    expect(act).toThrow(InvalidScheduleExpressionError);
    expect(act).toThrow(message);
  });

  it('names the expression in the error', () => {
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow('Invalid schedule expression "rate(1 minutes)"');
  });
});
