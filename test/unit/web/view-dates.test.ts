import { describe, expect, it } from 'vitest';
import { lastCompleteMonth, localDay, monthStart } from '../../../web/src/views/parts/dates.js';

describe('Dashboard: tenant-local days of the views', () => {
  it('counts the day in the tenant time zone, not in UTC', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Paris.
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(localDay(instant, 'Europe/Paris')).toBe('2027-01-01');
    expect(localDay(instant, 'UTC')).toBe('2026-12-31');
    expect(localDay(instant, 'America/Toronto')).toBe('2026-12-31');
  });

  it('starts the complaint figures of the month on its first day', () => {
    expect(monthStart('2026-12-03')).toBe('2026-12-01');
  });

  it("offers the auditor the last complete month, across a year's end and a short February", () => {
    expect(lastCompleteMonth('2026-12-03')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(lastCompleteMonth('2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(lastCompleteMonth('2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
