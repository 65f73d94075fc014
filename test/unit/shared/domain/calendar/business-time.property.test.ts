import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  isBusinessDay,
  type OpeningSpan,
} from '../../../../../shared/domain/calendar/business-calendar.js';
import {
  addOpenMs,
  atRiskAt,
  deadlineAt,
  isOpenAt,
  openMsBetween,
} from '../../../../../shared/domain/calendar/business-time.js';
import { addDays } from '../../../../../shared/domain/calendar/calendar-date.js';
import { instantsOfLocal, toLocal } from '../../../../../shared/domain/calendar/wall-clock.js';
import { localDate, localDayHours, startOfLocalDay } from '../../../../../shared/domain/calendar/zoned-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 200 };
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2028-12-31T00:00:00Z');

const ALWAYS = [{ opens: '00:00', closes: '24:00' }];
const ROUND_THE_CLOCK: BusinessCalendar = {
  openingHours: [ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS],
  publicHolidays: null,
  closures: [],
};
const NEVER: BusinessCalendar = { openingHours: [[], [], [], [], [], [], []], publicHolidays: null, closures: [] };
const zone = fc.constantFrom('Europe/Paris', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'UTC');
const instant = fc.integer({ min: FROM, max: TO });
const date = instant.map((ms) => new Date(ms).toISOString().slice(0, 10));

const clock = (quarter: number) =>
  `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
/** A span of at least an hour on the quarter hour; quarter 96 is `24:00`. */
const span: fc.Arbitrary<OpeningSpan> = fc
  .tuple(fc.integer({ min: 0, max: 92 }), fc.integer({ min: 4, max: 96 }))
  .map(([opens, length]) => ({ opens: clock(opens), closes: clock(Math.min(96, opens + length)) }))
  .filter((s) => s.opens < s.closes);
const holidays = fc.constantFrom<Pick<BusinessCalendar, 'publicHolidays' | 'region'>>(
  { publicHolidays: 'FR' },
  { publicHolidays: 'FR', region: '67' },
  { publicHolidays: 'GB' },
  { publicHolidays: 'DE' },
  { publicHolidays: null },
);
/** Any calendar that opens at least one weekday, with holidays of a country (or none) and a few closures. */
const calendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    openingHours: fc.array(fc.array(span, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
    holidays,
    closures: fc.array(date, { maxLength: 20 }),
  })
  .filter(({ openingHours }) => openingHours.some((spans) => spans.length > 0))
  .map(({ openingHours, holidays, closures }) => ({ openingHours, ...holidays, closures }));
const businessDeadline = fc.oneof(
  fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit: fc.constant('business-hours' as const) }),
  fc.record({ amount: fc.integer({ min: 1, max: 20 }), unit: fc.constant('business-days' as const) }),
);
const anyDeadline = fc.oneof(
  businessDeadline,
  fc.record({ amount: fc.integer({ min: 1, max: 60 }), unit: fc.constant('calendar-days' as const) }),
);
const openMs = fc.integer({ min: 0, max: 40 * HOUR });

describe('Function: business deadlines (property)', () => {
  it('never fall on a closed day: the deadline is open time or the close of an open span of a business day', () => {
    fc.assert(
      fc.property(calendar, zone, instant, businessDeadline, (cal, tz, start, deadline) => {
        const due = deadlineAt(start, deadline, cal, tz);
        const lastOpen = isOpenAt(due, cal, tz) ? due : due - 1;
        expect(due).toBeGreaterThan(start);
        expect(isOpenAt(lastOpen, cal, tz)).toBe(true);
        expect(isBusinessDay(localDate(new Date(lastOpen), tz), cal)).toBe(true);
      }),
      RUNS,
    );
  });

  it('come later for more business days', () => {
    fc.assert(
      fc.property(calendar, zone, instant, fc.integer({ min: 1, max: 19 }), (cal, tz, start, days) => {
        const sooner = deadlineAt(start, { amount: days, unit: 'business-days' }, cal, tz);
        const later = deadlineAt(start, { amount: days + 1, unit: 'business-days' }, cal, tz);
        expect(later).toBeGreaterThan(sooner);
      }),
      RUNS,
    );
  });

  it('put the at-risk point between the start and the deadline', () => {
    fc.assert(
      fc.property(
        calendar,
        zone,
        instant,
        anyDeadline,
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (cal, tz, start, deadline, share) => {
          const due = deadlineAt(start, deadline, cal, tz);
          const risk = atRiskAt(start, due, share, deadline.unit, cal, tz);
          expect(risk).toBeGreaterThanOrEqual(start);
          expect(risk).toBeLessThanOrEqual(due);
        },
      ),
      RUNS,
    );
  });

  it('keep the wall-clock time in calendar days, unless the clocks skip it that day', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 1, max: 60 }), (tz, start, days) => {
        const due = deadlineAt(start, { amount: days, unit: 'calendar-days' }, NEVER, tz);
        const wall = toLocal(start, tz);
        const [year, month, day] = addDays(localDate(new Date(start), tz), days)
          .split('-')
          .map(Number) as number[];
        const target = { ...wall, year: year as number, month: month as number, day: day as number };
        if (instantsOfLocal(target, tz).length === 0) return;
        expect(toLocal(due, tz)).toEqual(target);
        expect(due % 1000).toBe(((start % 1000) + 1000) % 1000);
      }),
      RUNS,
    );
  });
});

describe('Function: adding and measuring open time (property)', () => {
  it('measures back exactly what was added, and no earlier instant reaches it', () => {
    fc.assert(
      fc.property(calendar, zone, instant, openMs, (cal, tz, start, ms) => {
        const end = addOpenMs(start, ms, cal, tz);
        expect(openMsBetween(start, end, cal, tz)).toBe(ms);
        if (ms > 0) expect(openMsBetween(start, end - 1, cal, tz)).toBe(ms - 1);
      }),
      RUNS,
    );
  });

  it('is additive: the open time from a to c is that from a to b plus that from b to c', () => {
    fc.assert(
      fc.property(
        calendar,
        zone,
        instant,
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        (cal, tz, a, ab, bc) => {
          const b = a + ab;
          const c = b + bc;
          expect(openMsBetween(a, c, cal, tz)).toBe(openMsBetween(a, b, cal, tz) + openMsBetween(b, c, cal, tz));
        },
      ),
      RUNS,
    );
  });

  it('adds more open time no sooner', () => {
    fc.assert(
      fc.property(calendar, zone, instant, openMs, openMs, (cal, tz, start, x, y) => {
        const [less, more] = x <= y ? [x, y] : [y, x];
        expect(addOpenMs(start, less, cal, tz)).toBeLessThanOrEqual(addOpenMs(start, more, cal, tz));
      }),
      RUNS,
    );
  });
});

/** Days the clocks change in 2027 in the zones above (Europe, the United States, Sydney's April and October). */
const CLOCK_CHANGES = fc.constantFrom(
  '2027-03-28',
  '2027-10-31',
  '2027-03-14',
  '2027-11-07',
  '2027-04-04',
  '2027-10-03',
);

describe('Function: business time across daylight saving (property)', () => {
  it('counts a whole local day of a round-the-clock calendar as its 23, 24 or 25 hours', () => {
    fc.assert(
      fc.property(zone, fc.oneof(date, CLOCK_CHANGES), (tz, day) => {
        const open = openMsBetween(startOfLocalDay(day, tz), startOfLocalDay(addDays(day, 1), tz), ROUND_THE_CLOCK, tz);
        expect(open).toBe(localDayHours(day, tz) * HOUR);
      }),
      RUNS,
    );
  });

  it('counts open time in a round-the-clock calendar as elapsed time, clock changes or not', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 0, max: 10 * DAY }), (tz, from, length) => {
        expect(openMsBetween(from, from + length, ROUND_THE_CLOCK, tz)).toBe(length);
        expect(addOpenMs(from, length, ROUND_THE_CLOCK, tz)).toBe(from + length);
      }),
      RUNS,
    );
  });
});
