import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay } from '../../../../../shared/domain/calendar/business-calendar.js';
import {
  holidayRegions,
  isHolidayCountry,
  isPublicHoliday,
  publicHolidays,
} from '../../../../../shared/domain/calendar/public-holidays.js';

const weekdays = [{ opens: '09:00', closes: '18:00' }];
const openingHours = [[], weekdays, weekdays, weekdays, weekdays, weekdays, []];

describe('Function: public holidays by country and region', () => {
  it('closes France on its national days: 14 July, 11 November, Easter Monday', () => {
    for (const date of ['2026-07-14', '2026-11-11', '2026-04-06']) expect(isPublicHoliday(date, 'FR')).toBe(true);
    expect(isPublicHoliday('2026-07-15', 'FR')).toBe(false);
  });

  it('counts only public holidays: an observance such as Mother’s Day or Pentecost Sunday closes nothing', () => {
    expect(isPublicHoliday('2025-05-25', 'FR')).toBe(false);
    expect(isPublicHoliday('2025-06-08', 'FR')).toBe(false);
    expect(publicHolidays('FR', 2025).size).toBe(11);
  });

  it.each(['57', '67', '68'])(
    'adds Alsace-Moselle’s Good Friday and 26 December in region %s, and not elsewhere in France',
    (region) => {
      expect(isPublicHoliday('2026-04-03', 'FR', region)).toBe(true);
      expect(isPublicHoliday('2026-12-26', 'FR', region)).toBe(true);
      expect(isPublicHoliday('2026-07-14', 'FR', region)).toBe(true);
      expect(isPublicHoliday('2026-04-03', 'FR')).toBe(false);
      expect(isPublicHoliday('2026-12-26', 'FR')).toBe(false);
    },
  );

  it('knows England’s bank holidays for GB-ENG, August’s included, and Scotland’s differ', () => {
    expect([...publicHolidays('GB', 2026, 'ENG')].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26', // Boxing Day, a Saturday: its substitute is Monday 28
      '2026-12-28',
    ]);
    // Scotland: 2 January, and the summer bank holiday on the first Monday of August, no Easter Monday.
    expect(isPublicHoliday('2026-01-02', 'GB', 'SCT')).toBe(true);
    expect(isPublicHoliday('2026-08-03', 'GB', 'SCT')).toBe(true);
    expect(isPublicHoliday('2026-08-31', 'GB', 'SCT')).toBe(false);
  });

  it('reads GB without a region as England and Wales, as it meant before regions could be named', () => {
    expect(publicHolidays('GB', 2026)).toEqual(publicHolidays('GB', 2026, 'ENG'));
  });

  it('refuses a country or region it does not know rather than guessing', () => {
    expect(isHolidayCountry('FR') && isHolidayCountry('MA') && isHolidayCountry('GB')).toBe(true);
    expect(isHolidayCountry('XX') || isHolidayCountry('fr')).toBe(false);
    expect(Object.keys(holidayRegions('FR'))).toEqual(expect.arrayContaining(['57', '67', '68']));
    expect(holidayRegions('XX')).toEqual({});
    expect(() => publicHolidays('FR', 2026, '99')).toThrow(RangeError);
    expect(() => publicHolidays('XX', 2026)).toThrow(RangeError);
  });
});

describe('Function: business days with a region', () => {
  it('counts a Strasbourg deadline past Good Friday, and a Lyon one not', () => {
    const strasbourg = { openingHours, publicHolidays: 'FR', region: '67', closures: [] };
    const lyon = { openingHours, publicHolidays: 'FR', closures: [] };
    expect(isBusinessDay('2026-04-03', strasbourg)).toBe(false);
    expect(isBusinessDay('2026-04-03', lyon)).toBe(true);
    // Thursday 2 April + 2 business days: Strasbourg skips Good Friday and Easter Monday; Lyon skips Easter Monday.
    expect(addBusinessDays('2026-04-02', 2, strasbourg)).toBe('2026-04-08');
    expect(addBusinessDays('2026-04-02', 2, lyon)).toBe('2026-04-07');
  });
});
