import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../../../shared/domain/calendar/business-calendar.js';
import { decideUnusualAccess, isWithinBusinessHours } from '../../../../../shared/domain/recording/unusual-access.js';

const weekday = [{ opens: '08:00', closes: '20:00' }];
/** Monday to Friday 08:00–20:00, Saturday morning, French public holidays, one closure. */
const PARIS: BusinessCalendar = {
  openingHours: [[], weekday, weekday, weekday, weekday, weekday, [{ opens: '09:00', closes: '12:00' }]],
  publicHolidays: 'FR',
  closures: ['2026-12-24'],
};
const ZONE = 'Europe/Paris';
const within = (iso: string, calendar = PARIS, zone = ZONE) => isWithinBusinessHours(new Date(iso), zone, calendar);

const decide = (at: string, recentContactIds: string[], contactId = 'c-new', hourlyLimit = 10) =>
  decideUnusualAccess({
    at: new Date(at),
    contactId,
    recentContactIds,
    hourlyLimit,
    timeZone: ZONE,
    calendar: PARIS,
  });

describe('Function: isWithinBusinessHours', () => {
  it('reads opening hours on the tenant wall clock, opening included and closing excluded', () => {
    // Tuesday 3 November 2026, Paris is UTC+1.
    expect(within('2026-11-03T07:00:00Z')).toBe(true); // 08:00 local
    expect(within('2026-11-03T06:59:00Z')).toBe(false); // 07:59 local
    expect(within('2026-11-03T18:59:00Z')).toBe(true); // 19:59 local
    expect(within('2026-11-03T19:00:00Z')).toBe(false); // 20:00 local
  });

  it('follows daylight saving: the same UTC instant is in hours in summer and not in winter', () => {
    // 06:30 UTC is 08:30 in summer (UTC+2) and 07:30 in winter (UTC+1).
    expect(within('2026-10-23T06:30:00Z')).toBe(true); // Friday before the change
    expect(within('2026-10-26T06:30:00Z')).toBe(false); // Monday after the change
    // The Monday after the spring change: 06:30 UTC is 08:30 again.
    expect(within('2026-03-30T06:30:00Z')).toBe(true);
    expect(within('2026-03-27T06:30:00Z')).toBe(false);
  });

  it('is out of hours on closed weekdays, public holidays and closures', () => {
    expect(within('2026-11-08T10:00:00Z')).toBe(false); // Sunday
    expect(within('2026-11-07T09:00:00Z')).toBe(true); // Saturday 10:00
    expect(within('2026-11-07T11:30:00Z')).toBe(false); // Saturday 12:30
    expect(within('2026-11-11T10:00:00Z')).toBe(false); // Armistice, a Wednesday
    expect(within('2026-12-24T10:00:00Z')).toBe(false); // the agreement's closure
    expect(within('2026-12-23T10:00:00Z')).toBe(true);
  });

  it('takes the local day, not the UTC day, near midnight', () => {
    const night: BusinessCalendar = {
      openingHours: [[], [{ opens: '00:00', closes: '24:00' }], [], [], [], [], []],
      publicHolidays: null,
      closures: [],
    };
    // Sunday 23:30 UTC is Monday 01:30 in Paris (summer) and Monday 08:30 in Tokyo.
    expect(within('2026-06-07T23:30:00Z', night)).toBe(true);
    expect(within('2026-06-07T21:30:00Z', night)).toBe(false); // Sunday 23:30 in Paris
    expect(within('2026-06-07T23:30:00Z', night, 'Asia/Tokyo')).toBe(true);
    expect(within('2026-06-08T15:30:00Z', night, 'Asia/Tokyo')).toBe(false); // Tuesday 00:30 in Tokyo
  });

  it('never opens with a calendar that opens on no day', () => {
    const closed: BusinessCalendar = { openingHours: [[], [], [], [], [], [], []], publicHolidays: null, closures: [] };
    expect(within('2026-11-03T10:00:00Z', closed)).toBe(false);
  });
});

describe('Function: decideUnusualAccess', () => {
  const inHours = '2026-11-03T10:00:00Z';
  const ten = Array.from({ length: 10 }, (_, i) => `c-${i}`);

  it('finds nothing unusual in an ordinary access in business hours', () => {
    expect(decide(inHours, [])).toEqual({ unusual: [], recordingsInHour: 1 });
  });

  it('flags the eleventh distinct recording in an hour as bulk with a limit of 10', () => {
    expect(decide(inHours, ten.slice(0, 9))).toEqual({ unusual: [], recordingsInHour: 10 });
    expect(decide(inHours, ten)).toEqual({ unusual: ['bulk'], recordingsInHour: 11 });
  });

  it('counts a recording asked for again once (an expired URL renewed is not bulk)', () => {
    const again = [...ten.slice(0, 9), 'c-0', 'c-1', 'c-2'];
    expect(decide(inHours, again, 'c-3')).toEqual({ unusual: [], recordingsInHour: 9 });
  });

  it('flags an access outside business hours, and both reasons together', () => {
    expect(decide('2026-11-03T21:00:00Z', [])).toEqual({ unusual: ['out-of-hours'], recordingsInHour: 1 });
    expect(decide('2026-11-11T10:00:00Z', ten).unusual).toEqual(['bulk', 'out-of-hours']);
  });
});
