import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_MISSED_DAYS,
  missedDays,
  surveillanceDay,
  surveillanceInstant,
} from '../../../../shared/app/surveillance-days.js';
import { addDays } from '../../../../shared/domain/calendar/calendar-date.js';

describe('Surveillance days', () => {
  it('surveils the tenant-local date of 04:00 UTC, on both sides of the date line', () => {
    const at = new Date('2026-12-03T04:00:00.000Z');
    expect(surveillanceDay(at, 'Pacific/Kiritimati')).toBe('2026-12-03'); // UTC+14: 18:00
    expect(surveillanceDay(at, 'Europe/Paris')).toBe('2026-12-03');
    expect(surveillanceDay(at, 'America/New_York')).toBe('2026-12-02'); // 23:00 the day before
    expect(surveillanceDay(at, 'Etc/GMT+12')).toBe('2026-12-02'); // UTC−12: 16:00 the day before
  });

  it('gives every local date exactly one 04:00 UTC run, through daylight-saving changes', () => {
    const zones = ['Pacific/Kiritimati', 'Etc/GMT+12', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 700 }), (zone, offset) => {
        const run = (n: number) => surveillanceDay(new Date(Date.UTC(2026, 0, 1 + n, 4)), zone);
        expect(run(offset + 1)).toBe(addDays(run(offset), 1));
      }),
    );
  });

  it('names the days between the last completed one and today, oldest first, at most a month of them', () => {
    expect(missedDays(undefined, '2026-12-03')).toEqual([]);
    expect(missedDays('2026-12-02', '2026-12-03')).toEqual([]);
    expect(missedDays('2026-12-03', '2026-12-03')).toEqual([]);
    expect(missedDays('2026-11-29', '2026-12-02')).toEqual(['2026-11-30', '2026-12-01']);
    const long = missedDays('2026-01-01', '2026-12-03');
    expect(long).toHaveLength(MAX_MISSED_DAYS);
    expect([long[0], long.at(-1)]).toEqual(['2026-11-02', '2026-12-02']);
  });

  it("evaluates as of now, but never after the surveilled day's end", () => {
    const now = new Date('2026-12-03T04:00:05.000Z');
    expect(surveillanceInstant('2026-12-03', 'Europe/Paris', now)).toEqual(now);
    // A delivery late enough to be on the next local day evaluates as of the day's last instant.
    expect(surveillanceInstant('2026-12-02', 'Europe/Paris', now).toISOString()).toBe('2026-12-02T22:59:59.999Z');
  });
});
