import { describe, expect, it } from 'vitest';
import { toOffsetIso } from '../../../../../shared/domain/calendar/wall-clock.js';
import {
  localDate,
  localDayHours,
  localInterval,
  startOfLocalDay,
} from '../../../../../shared/domain/calendar/zoned-time.js';

const PARIS = 'Europe/Paris';

describe('Function: localDayHours', () => {
  it('knows the 23-hour and 25-hour days of Paris in 2025 and 2026', () => {
    expect(localDayHours('2025-03-30', PARIS)).toBe(23);
    expect(localDayHours('2025-10-26', PARIS)).toBe(25);
    expect(localDayHours('2026-03-29', PARIS)).toBe(23);
    expect(localDayHours('2026-10-25', PARIS)).toBe(25);
    expect(localDayHours('2025-06-15', PARIS)).toBe(24);
  });

  it('starts a local day at local midnight, whatever the offset', () => {
    expect(new Date(startOfLocalDay('2025-10-26', PARIS)).toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(new Date(startOfLocalDay('2025-10-27', PARIS)).toISOString()).toBe('2025-10-26T23:00:00.000Z');
    expect(new Date(startOfLocalDay('2025-03-30', PARIS)).toISOString()).toBe('2025-03-29T23:00:00.000Z');
  });
});

describe('Function: localDate across clock changes', () => {
  it.each([
    ['2025-03-29T22:59:59Z', '2025-03-29'],
    ['2025-03-29T23:00:00Z', '2025-03-30'],
    ['2025-03-30T21:59:59Z', '2025-03-30'],
    ['2025-03-30T22:00:00Z', '2025-03-31'],
    ['2025-10-25T21:59:59Z', '2025-10-25'],
    ['2025-10-25T22:00:00Z', '2025-10-26'],
    ['2025-10-26T22:59:59Z', '2025-10-26'],
    ['2025-10-26T23:00:00Z', '2025-10-27'],
  ])('counts %s on the Paris day %s', (instant, day) => {
    expect(localDate(instant, PARIS)).toBe(day);
  });
});

describe('Function: localInterval', () => {
  it('gives the repeated hour of 26 October 2025 intervals of its own', () => {
    // Prepare: 02:30 happens twice that night, first in summer time (+02:00), then in winter time (+01:00)
    const summer = localInterval('2025-10-26T00:30:00Z', PARIS);
    const winter = localInterval('2025-10-26T01:30:00Z', PARIS);

    // Assess
    expect(summer).toMatchObject({ date: '2025-10-26', index: 10, localTime: '02:30' });
    expect(winter).toMatchObject({ date: '2025-10-26', index: 14, localTime: '02:30' });
    expect(toOffsetIso(summer.start, PARIS)).toBe('2025-10-26T02:30:00+02:00');
    expect(toOffsetIso(winter.start, PARIS)).toBe('2025-10-26T02:30:00+01:00');
  });

  it('numbers 100 quarter hours on the 25-hour day and 92 on the 23-hour day', () => {
    expect(localInterval('2025-10-26T22:59:59Z', PARIS)).toMatchObject({ index: 99, localTime: '23:45' });
    expect(localInterval('2025-03-30T21:59:59Z', PARIS)).toMatchObject({ index: 91, localTime: '23:45' });
  });

  it('skips the missing hour of 30 March 2025: 01:59 is followed by 03:00', () => {
    expect(localInterval('2025-03-30T00:59:00Z', PARIS)).toMatchObject({ index: 7, localTime: '01:45' });
    expect(localInterval('2025-03-30T01:00:00Z', PARIS)).toMatchObject({ index: 8, localTime: '03:00' });
  });

  it('files a contact just after local midnight on the new day, not the UTC day', () => {
    expect(localInterval('2026-11-02T23:05:00Z', PARIS)).toMatchObject({
      date: '2026-11-03',
      index: 0,
      localTime: '00:00',
    });
  });
});
