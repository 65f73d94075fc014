import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  lastCompletableDay,
  laterDay,
  utcDay,
} from '../../../../../shared/domain/recording/purge-days.js';

describe('Function: purge days', () => {
  it('steps UTC days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('lists every day from one to the other, both included, and none when reversed', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('finishes at most the day before the run: today is not over', () => {
    expect(lastCompletableDay(new Date('2026-12-02T02:30:00.000Z'))).toBe('2026-12-01');
    expect(utcDay(new Date('2026-12-01T23:30:00-02:00'))).toBe('2026-12-02');
  });

  it('picks the later of two days', () => {
    expect(laterDay('2026-11-30', '2026-12-01')).toBe('2026-12-01');
    expect(laterDay('2026-12-01', '2025-12-31')).toBe('2026-12-01');
  });
});
