import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay } from '../../../../../shared/domain/calendar/business-calendar.js';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
} from '../../../../../shared/domain/calendar/calendar-date.js';
import { isPublicHoliday, publicHolidays } from '../../../../../shared/domain/calendar/public-holidays.js';

const weekdays = [{ opens: '09:00', closes: '18:00' }];
const FRANCE_WEEKDAYS = {
  openingHours: [[], weekdays, weekdays, weekdays, weekdays, weekdays, []],
  publicHolidays: 'FR' as const,
  closures: ['2025-12-24'],
};

describe('Function: calendar dates', () => {
  it('rejects dates that do not exist', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-05')).toBe(false);
  });

  it('adds days across months, years and clock changes without drifting', () => {
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2025-01-01', '2025-12-31')).toBe(364);
    expect(dayOfWeek('2025-10-26')).toBe(0);
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });
});

describe('Function: public holidays', () => {
  it('computes Easter: Easter Monday is the day after Easter Sunday', () => {
    expect(isPublicHoliday('2025-04-21', 'FR')).toBe(true);
    expect(isPublicHoliday('2026-04-06', 'FR')).toBe(true);
    expect(isPublicHoliday('2019-04-22', 'FR')).toBe(true);
  });

  it('knows the French holidays of 2025, Easter-based ones included', () => {
    expect([...publicHolidays('FR', 2025)].sort()).toEqual([
      '2025-01-01',
      '2025-04-21',
      '2025-05-01',
      '2025-05-08',
      '2025-05-29',
      '2025-06-09',
      '2025-07-14',
      '2025-08-15',
      '2025-11-01',
      '2025-11-11',
      '2025-12-25',
    ]);
  });

  it('moves English bank holidays that fall on a weekend to the next weekdays', () => {
    expect([...publicHolidays('GB', 2025)].sort()).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
    // 2021: Christmas on a Saturday; 2022: on a Sunday
    expect(isPublicHoliday('2021-12-27', 'GB') && isPublicHoliday('2021-12-28', 'GB')).toBe(true);
    expect(isPublicHoliday('2022-12-26', 'GB') && isPublicHoliday('2022-12-27', 'GB')).toBe(true);
    expect(isPublicHoliday('2023-01-02', 'GB')).toBe(true);
  });
});

describe('Function: business days', () => {
  it('skips weekends, public holidays and closures', () => {
    expect(isBusinessDay('2025-05-01', FRANCE_WEEKDAYS)).toBe(false);
    expect(isBusinessDay('2025-05-03', FRANCE_WEEKDAYS)).toBe(false);
    expect(isBusinessDay('2025-12-24', FRANCE_WEEKDAYS)).toBe(false);
    expect(isBusinessDay('2025-05-02', FRANCE_WEEKDAYS)).toBe(true);
    // Wednesday 30 April + 2 business days: Thursday 1 May is a holiday, so Friday 2, then Monday 5
    expect(addBusinessDays('2025-04-30', 2, FRANCE_WEEKDAYS)).toBe('2025-05-05');
  });
});
