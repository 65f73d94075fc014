import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, OpeningSpan } from '../../../../../shared/domain/calendar/business-calendar.js';
import {
  addOpenMs,
  atRiskAt,
  deadlineAt,
  isOpenAt,
  openMsBetween,
} from '../../../../../shared/domain/calendar/business-time.js';

const PARIS = 'Europe/Paris';
const HOUR = 3_600_000;

function weekdaysOnly(spans: readonly OpeningSpan[], extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    openingHours: [[], spans, spans, spans, spans, spans, []],
    publicHolidays: 'FR',
    closures: [],
    ...extra,
  };
}

const OFFICE = weekdaysOnly([{ opens: '09:00', closes: '18:00' }]);
const LUNCH_BREAK = weekdaysOnly([
  { opens: '09:00', closes: '12:00' },
  { opens: '14:00', closes: '18:00' },
]);
const ALWAYS = [{ opens: '00:00', closes: '24:00' }];
const ROUND_THE_CLOCK: BusinessCalendar = {
  openingHours: [ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS, ALWAYS],
  publicHolidays: null,
  closures: [],
};

/** An instant from a Paris wall-clock time written with its offset (`+01:00` in winter, `+02:00` in summer). */
const at = (text: string) => Date.parse(text);
/** Instants compared as ISO strings, so a failure reads as a time. */
const iso = (ms: number) => new Date(ms).toISOString();

describe('Function: deadlineAt in business hours', () => {
  it('carries a complaint received Friday 17:00 with 2 business hours over the weekend to Monday 10:00', () => {
    // Prepare: Friday 11 June 2027, an ordinary week in France.
    const received = at('2027-06-11T17:00:00+02:00');

    // Act
    const due = deadlineAt(received, { amount: 2, unit: 'business-hours' }, OFFICE, PARIS);

    // Assess
    expect(iso(due)).toBe(iso(at('2027-06-14T10:00:00+02:00')));
  });

  it('skips Whit Monday (17 May 2027, a French public holiday): Friday 17:00 plus 2 hours is Tuesday 10:00', () => {
    const due = deadlineAt(at('2027-05-14T17:00:00+02:00'), { amount: 2, unit: 'business-hours' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-05-18T10:00:00+02:00')));
  });

  it('starts counting at Monday opening for a complaint received on Saturday night', () => {
    const received = at('2027-06-12T23:00:00+02:00');
    expect(openMsBetween(received, at('2027-06-14T09:00:00+02:00'), OFFICE, PARIS)).toBe(0);
    const due = deadlineAt(received, { amount: 2, unit: 'business-hours' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-14T11:00:00+02:00')));
  });

  it('falls due exactly at closing time when the hours run out then, not at the next opening', () => {
    const due = deadlineAt(at('2027-06-14T09:00:00+02:00'), { amount: 9, unit: 'business-hours' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-14T18:00:00+02:00')));
  });

  it('stops the clock over a lunch break: Monday 11:00 plus 3 hours is Monday 16:00', () => {
    const due = deadlineAt(at('2027-06-14T11:00:00+02:00'), { amount: 3, unit: 'business-hours' }, LUNCH_BREAK, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-14T16:00:00+02:00')));
  });

  it('closes the centre in Alsace-Moselle (region 67) on Good Friday, 3 April 2026, and not elsewhere in France', () => {
    const received = at('2026-04-02T17:00:00+02:00');
    const twoHours = { amount: 2, unit: 'business-hours' } as const;
    expect(iso(deadlineAt(received, twoHours, OFFICE, PARIS))).toBe(iso(at('2026-04-03T10:00:00+02:00')));
    // Easter Monday, 6 April 2026, is a holiday throughout France.
    const alsace = weekdaysOnly([{ opens: '09:00', closes: '18:00' }], { region: '67' });
    expect(iso(deadlineAt(received, twoHours, alsace, PARIS))).toBe(iso(at('2026-04-07T10:00:00+02:00')));
  });
});

describe('Function: deadlineAt in business days', () => {
  it('skips Ascension Thursday (6 May 2027): received Wednesday, 2 business days are due Monday at closing', () => {
    const due = deadlineAt(at('2027-05-05T15:00:00+02:00'), { amount: 2, unit: 'business-days' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-05-10T18:00:00+02:00')));
  });

  it('does not count the day of receipt, even when received before opening', () => {
    const due = deadlineAt(at('2027-06-14T07:00:00+02:00'), { amount: 1, unit: 'business-days' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-15T18:00:00+02:00')));
  });

  it('counts from a Saturday (1 May 2027, Labour Day, falls on it) to Monday 3 May, due at closing', () => {
    const due = deadlineAt(at('2027-05-01T10:00:00+02:00'), { amount: 1, unit: 'business-days' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-05-03T18:00:00+02:00')));
  });

  it('closes Alsace-Moselle (region 67) on 26 December 2025, a Friday, so 1 business day from the 24th is Monday', () => {
    const received = at('2025-12-24T10:00:00+01:00');
    const oneDay = { amount: 1, unit: 'business-days' } as const;
    expect(iso(deadlineAt(received, oneDay, OFFICE, PARIS))).toBe(iso(at('2025-12-26T18:00:00+01:00')));
    const alsace = weekdaysOnly([{ opens: '09:00', closes: '18:00' }], { region: '67' });
    expect(iso(deadlineAt(received, oneDay, alsace, PARIS))).toBe(iso(at('2025-12-29T18:00:00+01:00')));
  });

  it('is due when the last span of a lunch-break day closes', () => {
    const due = deadlineAt(at('2027-06-14T11:00:00+02:00'), { amount: 1, unit: 'business-days' }, LUNCH_BREAK, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-15T18:00:00+02:00')));
  });

  it('honours a closure the agreement lists', () => {
    const closed = weekdaysOnly([{ opens: '09:00', closes: '18:00' }], { closures: ['2027-06-15'] });
    const due = deadlineAt(at('2027-06-14T11:00:00+02:00'), { amount: 1, unit: 'business-days' }, closed, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-16T18:00:00+02:00')));
  });
});

describe('Function: deadlineAt in calendar days', () => {
  it('keeps the wall-clock time across the spring clock change (28 March 2027)', () => {
    const due = deadlineAt(at('2027-03-22T10:00:00+01:00'), { amount: 14, unit: 'calendar-days' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-04-05T10:00:00+02:00')));
  });

  it('keeps the wall-clock time across the autumn clock change: a day of 25 hours (31 October 2027)', () => {
    const received = at('2027-10-30T12:00:00+02:00');
    const due = deadlineAt(received, { amount: 1, unit: 'calendar-days' }, OFFICE, PARIS);
    expect(iso(due)).toBe(iso(at('2027-10-31T12:00:00+01:00')));
    expect(due - received).toBe(25 * HOUR);
  });
});

describe('Function: business time across daylight saving, round the clock', () => {
  it('measures 23 open hours on the last Sunday of March and 25 on the last Sunday of October 2027 in Paris', () => {
    expect(
      openMsBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'), ROUND_THE_CLOCK, PARIS),
    ).toBe(23 * HOUR);
    expect(
      openMsBetween(at('2027-10-31T00:00:00+02:00'), at('2027-11-01T00:00:00+01:00'), ROUND_THE_CLOCK, PARIS),
    ).toBe(25 * HOUR);
  });

  it('counts 24 business hours as 24 elapsed hours, so Saturday noon plus 24 hours is Sunday 13:00 after the change', () => {
    const due = deadlineAt(
      at('2027-03-27T12:00:00+01:00'),
      { amount: 24, unit: 'business-hours' },
      ROUND_THE_CLOCK,
      PARIS,
    );
    expect(iso(due)).toBe(iso(at('2027-03-28T13:00:00+02:00')));
  });

  it('opens at 09:00 local time on the Sundays the clocks change, for the usual 9 hours', () => {
    const days = [{ opens: '09:00', closes: '18:00' }];
    const sundays: BusinessCalendar = {
      openingHours: [days, [], [], [], [], [], []],
      publicHolidays: null,
      closures: [],
    };
    for (const [midnight, nineAm] of [
      ['2027-03-28T00:00:00+01:00', '2027-03-28T09:00:00+02:00'],
      ['2027-10-31T00:00:00+02:00', '2027-10-31T09:00:00+01:00'],
    ] as const) {
      expect(openMsBetween(at(midnight), at(midnight) + 26 * HOUR, sundays, PARIS)).toBe(9 * HOUR);
      expect(isOpenAt(at(nineAm), sundays, PARIS)).toBe(true);
      expect(isOpenAt(at(nineAm) - 1, sundays, PARIS)).toBe(false);
    }
  });

  it('ends a business day whose only hours the spring-forward gap swallows where they close on the wall clock', () => {
    // 02:30 does not exist on 28 March 2027 in Paris: the span opens at 03:30, the moment it closes.
    const swallowed = [{ opens: '02:30', closes: '03:30' }];
    const sundays: BusinessCalendar = {
      openingHours: [swallowed, [], [], [], [], [], []],
      publicHolidays: null,
      closures: [],
    };
    const due = deadlineAt(at('2027-03-27T12:00:00+01:00'), { amount: 1, unit: 'business-days' }, sundays, PARIS);
    expect(iso(due)).toBe(iso(at('2027-03-28T03:30:00+02:00')));
    expect(openMsBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'), sundays, PARIS)).toBe(0);
  });

  it('shortens a span across the spring-forward gap by an hour and lengthens one across the fall-back by an hour', () => {
    const nights = [{ opens: '01:00', closes: '04:00' }];
    const sundayNights: BusinessCalendar = {
      openingHours: [nights, [], [], [], [], [], []],
      publicHolidays: null,
      closures: [],
    };
    const spring = openMsBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-28T12:00:00+02:00'), sundayNights, PARIS);
    const autumn = openMsBetween(at('2027-10-31T00:00:00+02:00'), at('2027-10-31T12:00:00+01:00'), sundayNights, PARIS);
    expect([spring, autumn]).toEqual([2 * HOUR, 4 * HOUR]);
  });
});

describe('Function: openMsBetween and isOpenAt', () => {
  it('counts a lunch-break day as 7 open hours and knows the centre is shut at 13:00 and at closing time', () => {
    expect(openMsBetween(at('2027-06-14T08:00:00+02:00'), at('2027-06-14T20:00:00+02:00'), LUNCH_BREAK, PARIS)).toBe(
      7 * HOUR,
    );
    expect(isOpenAt(at('2027-06-14T09:00:00+02:00'), LUNCH_BREAK, PARIS)).toBe(true);
    expect(isOpenAt(at('2027-06-14T13:00:00+02:00'), LUNCH_BREAK, PARIS)).toBe(false);
    expect(isOpenAt(at('2027-06-14T18:00:00+02:00'), LUNCH_BREAK, PARIS)).toBe(false);
    expect(isOpenAt(at('2027-05-06T10:00:00+02:00'), LUNCH_BREAK, PARIS)).toBe(false);
  });

  it('counts overlapping spans of a day once', () => {
    const overlapping = weekdaysOnly([
      { opens: '09:00', closes: '13:00' },
      { opens: '12:00', closes: '15:00' },
    ]);
    expect(openMsBetween(at('2027-06-14T00:00:00+02:00'), at('2027-06-15T00:00:00+02:00'), overlapping, PARIS)).toBe(
      6 * HOUR,
    );
  });

  it('measures nothing backwards', () => {
    expect(openMsBetween(at('2027-06-14T12:00:00+02:00'), at('2027-06-14T10:00:00+02:00'), OFFICE, PARIS)).toBe(0);
  });
});

describe('Function: atRiskAt', () => {
  it('puts the 75 % point of a lunch-break deadline in open time: Wednesday 10:45 for Monday 09:00 to Wednesday 18:00', () => {
    const received = at('2027-06-14T09:00:00+02:00');
    const due = deadlineAt(received, { amount: 2, unit: 'business-days' }, LUNCH_BREAK, PARIS);
    expect(iso(due)).toBe(iso(at('2027-06-16T18:00:00+02:00')));
    const risk = atRiskAt(received, due, 0.75, 'business-days', LUNCH_BREAK, PARIS);
    expect(iso(risk)).toBe(iso(at('2027-06-16T10:45:00+02:00')));
  });

  it('takes the share of elapsed time for calendar days', () => {
    const received = at('2027-06-14T09:00:00+02:00');
    const due = deadlineAt(received, { amount: 4, unit: 'calendar-days' }, OFFICE, PARIS);
    expect(iso(atRiskAt(received, due, 0.75, 'calendar-days', OFFICE, PARIS))).toBe(
      iso(at('2027-06-17T09:00:00+02:00')),
    );
  });

  it('refuses a share outside 0–1', () => {
    expect(() => atRiskAt(0, HOUR, 1.5, 'business-hours', OFFICE, PARIS)).toThrow(RangeError);
  });
});

describe('Function: a calendar that never opens', () => {
  const never: BusinessCalendar = { openingHours: [[], [], [], [], [], [], []], publicHolidays: 'FR', closures: [] };

  it('throws a RangeError for business deadlines instead of searching forever', () => {
    const received = at('2027-06-14T09:00:00+02:00');
    expect(() => deadlineAt(received, { amount: 2, unit: 'business-hours' }, never, PARIS)).toThrow(RangeError);
    expect(() => deadlineAt(received, { amount: 2, unit: 'business-days' }, never, PARIS)).toThrow(RangeError);
    expect(() => addOpenMs(received, HOUR, never, PARIS)).toThrow(/no opening hours/);
  });

  it('still gives calendar-day deadlines and measures no open time', () => {
    const received = at('2027-06-14T09:00:00+02:00');
    expect(openMsBetween(received, received + 30 * 24 * HOUR, never, PARIS)).toBe(0);
    expect(iso(deadlineAt(received, { amount: 1, unit: 'calendar-days' }, never, PARIS))).toBe(
      iso(at('2027-06-15T09:00:00+02:00')),
    );
  });

  it('throws when the only opening day is closed for more than five years of listed closures', () => {
    const mondays = [{ opens: '09:00', closes: '18:00' }];
    const closures = Array.from({ length: 5 * 53 + 2 }, (_, week) =>
      new Date(Date.UTC(2027, 5, 14 + 7 * week)).toISOString().slice(0, 10),
    );
    const shut: BusinessCalendar = { openingHours: [[], mondays, [], [], [], [], []], publicHolidays: null, closures };
    expect(() => addOpenMs(at('2027-06-14T08:00:00+02:00'), HOUR, shut, PARIS)).toThrow(/within five years/);
  });
});
