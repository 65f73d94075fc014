import { describe, expect, it } from 'vitest';
import { InvalidTimeZoneError } from '../../../../../shared/domain/calendar/wall-clock.js';
import { nextFireTime } from '../../../../../shared/domain/schedule/next-fire-time.js';

/** The next `count` fire times after `fromIso`, as ISO strings in UTC. */
function fires(expression: string, fromIso: string, timeZone: string, count: number, startAt?: string): string[] {
  const out: string[] = [];
  let after = new Date(fromIso);
  for (let i = 0; i < count; i += 1) {
    const next = nextFireTime(expression, after, timeZone, startAt ? { startAt: new Date(startAt) } : {});
    if (next === undefined) break;
    out.push(next.toISOString());
    after = next;
  }
  return out;
}

describe('Scheduler: nextFireTime', () => {
  describe('daily 02:00 in Europe/Paris across daylight-saving changes', () => {
    it('skips the run on the day 02:00 does not exist (29 March 2026, clocks go 02:00 → 03:00)', () => {
      expect(fires('cron(0 2 * * ? *)', '2026-03-27T12:00:00Z', 'Europe/Paris', 4)).toEqual([
        '2026-03-28T01:00:00.000Z', // 02:00 +01:00
        '2026-03-30T00:00:00.000Z', // 02:00 +02:00; the 29th is skipped
        '2026-03-31T00:00:00.000Z',
        '2026-04-01T00:00:00.000Z',
      ]);
    });

    it('runs once on the day 02:00 happens twice (25 October 2026, clocks go 03:00 → 02:00)', () => {
      expect(fires('cron(0 2 * * ? *)', '2026-10-23T12:00:00Z', 'Europe/Paris', 4)).toEqual([
        '2026-10-24T00:00:00.000Z', // 02:00 +02:00
        '2026-10-25T00:00:00.000Z', // first 02:00 (+02:00) only; not again at 01:00Z
        '2026-10-26T01:00:00.000Z', // 02:00 +01:00
        '2026-10-27T01:00:00.000Z',
      ]);
    });

    it('does not repeat an hourly run in the repeated hour, even when asked from inside it', () => {
      expect(fires('cron(30 * * * ? *)', '2026-10-25T00:00:00Z', 'Europe/Paris', 3)).toEqual([
        '2026-10-25T00:30:00.000Z', // 02:30 +02:00
        '2026-10-25T02:30:00.000Z', // 03:30 +01:00; 02:30 +01:00 (01:30Z) is not run again
        '2026-10-25T03:30:00.000Z',
      ]);
      expect(nextFireTime('cron(30 * * * ? *)', new Date('2026-10-25T01:10:00Z'), 'Europe/Paris')?.toISOString()).toBe(
        '2026-10-25T02:30:00.000Z',
      );
    });
  });

  it('fires at 06:00 on the first day of each month in the zone, whatever its offset', () => {
    expect(fires('cron(0 6 1 * ? *)', '2026-01-15T00:00:00Z', 'Europe/Paris', 4)).toEqual([
      '2026-02-01T05:00:00.000Z',
      '2026-03-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
      '2026-05-01T04:00:00.000Z',
    ]);
  });

  it('is strictly after the given instant', () => {
    const at = new Date('2026-02-01T05:00:00Z');
    expect(nextFireTime('cron(0 6 1 * ? *)', at, 'Europe/Paris')?.toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });

  it.each([
    ['L: the last day of the month', 'cron(0 9 L * ? *)', ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']],
    ['W: the weekday nearest the 1st, without leaving the month', 'cron(0 9 1W * ? *)', ['2026-01-01', '2026-02-02']],
    [
      'W: the weekday nearest the 15th',
      'cron(0 9 15W * ? *)',
      ['2026-01-15', '2026-02-16', '2026-03-16', '2026-04-15'],
    ],
    [
      'LW: the last weekday of the month',
      'cron(0 9 LW * ? *)',
      ['2026-01-30', '2026-02-27', '2026-03-31', '2026-04-30'],
    ],
    ['#: the first Monday of the month', 'cron(0 9 ? * MON#1 *)', ['2026-01-05', '2026-02-02', '2026-03-02']],
    ['#: a fifth Friday exists only some months', 'cron(0 9 ? * 6#5 *)', ['2026-01-30', '2026-05-29', '2026-07-31']],
    ['nL: the last Friday of the month', 'cron(0 9 ? * 6L *)', ['2026-01-30', '2026-02-27', '2026-03-27']],
    ['weekday range MON-FRI', 'cron(0 9 ? * MON-FRI *)', ['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06']],
    ['31 only in months that have it', 'cron(0 9 31 * ? *)', ['2026-01-31', '2026-03-31', '2026-05-31']],
    ['29 February only in leap years', 'cron(0 9 29 FEB ? *)', ['2028-02-29', '2032-02-29']],
  ])('%s', (_, expression, dates) => {
    const got = fires(expression, '2026-01-01T00:00:00Z', 'UTC', dates.length);
    expect(got).toEqual(dates.map((date) => `${date}T09:00:00.000Z`));
  });

  describe('day-of-week numbering and the year field, as EventBridge reads them', () => {
    it.each([
      ['1 is Sunday', 'cron(0 9 ? * 1 *)', ['2026-01-04', '2026-01-11']],
      ['7 is Saturday', 'cron(0 9 ? * 7 *)', ['2026-01-03', '2026-01-10']],
      ['a bare L is Saturday', 'cron(0 9 ? * L *)', ['2026-01-03', '2026-01-10']],
      ['2-6 is Monday to Friday', 'cron(0 9 ? * 2-6 *)', ['2026-01-01', '2026-01-02', '2026-01-05']],
      ['2#1 is the first Monday', 'cron(0 9 ? * 2#1 *)', ['2026-01-05', '2026-02-02']],
    ])('%s', (_, expression, dates) => {
      const got = fires(expression, '2026-01-01T00:00:00Z', 'UTC', dates.length);
      expect(got).toEqual(dates.map((date) => `${date}T09:00:00.000Z`));
    });

    it('fires in each year of a range, then never again', () => {
      expect(fires('cron(0 9 1 1 ? 2027-2028)', '2026-01-01T00:00:00Z', 'UTC', 3)).toEqual([
        '2027-01-01T09:00:00.000Z',
        '2028-01-01T09:00:00.000Z',
      ]);
    });
  });

  describe('daylight-saving changes elsewhere', () => {
    it('skips a time lost to a half-hour spring-forward (Lord Howe, 4 October 2026, 02:00 → 02:30)', () => {
      expect(fires('cron(15 2 * * ? *)', '2026-10-02T00:00:00Z', 'Australia/Lord_Howe', 3)).toEqual([
        '2026-10-02T15:45:00.000Z', // 02:15 +10:30 on the 3rd
        '2026-10-04T15:15:00.000Z', // 02:15 +11:00 on the 5th; the 4th is skipped
        '2026-10-05T15:15:00.000Z',
      ]);
    });

    it('runs a listed time that happens twice once, at the first (New York, 1 November 2026, 02:00 → 01:00)', () => {
      expect(fires('cron(30 1,13 * * ? *)', '2026-11-01T00:00:00Z', 'America/New_York', 3)).toEqual([
        '2026-11-01T05:30:00.000Z', // first 01:30 (-04:00) only; not again at 06:30Z
        '2026-11-01T18:30:00.000Z', // 13:30 -05:00
        '2026-11-02T06:30:00.000Z', // 01:30 -05:00
      ]);
    });

    it('keeps the listed hour that exists on the day another is lost', () => {
      expect(fires('cron(0 2,3 * * ? *)', '2026-03-28T12:00:00Z', 'Europe/Paris', 3)).toEqual([
        '2026-03-29T01:00:00.000Z', // 03:00 +02:00; 02:00 does not exist that day
        '2026-03-30T00:00:00.000Z',
        '2026-03-30T01:00:00.000Z',
      ]);
    });
  });

  it('steps every 15 minutes within the listed hours only', () => {
    expect(fires('cron(0/15 8-9 ? * MON-FRI *)', '2026-01-02T09:40:00Z', 'UTC', 3)).toEqual([
      '2026-01-02T09:45:00.000Z',
      '2026-01-05T08:00:00.000Z', // Friday's hours are over; the weekend is skipped
      '2026-01-05T08:15:00.000Z',
    ]);
  });

  it('stops when the year field runs out', () => {
    expect(nextFireTime('cron(0 9 1 1 ? 2026)', new Date('2026-01-01T10:00:00Z'), 'UTC')).toBeUndefined();
  });

  describe('rate()', () => {
    it('counts fixed periods from the start', () => {
      expect(fires('rate(5 minutes)', '2026-01-01T10:07:30Z', 'UTC', 3, '2026-01-01T10:00:00Z')).toEqual([
        '2026-01-01T10:10:00.000Z',
        '2026-01-01T10:15:00.000Z',
        '2026-01-01T10:20:00.000Z',
      ]);
    });

    it('fires at the start when asked from before it', () => {
      const next = nextFireTime('rate(5 minutes)', new Date('2026-01-01T09:00:00Z'), 'UTC', {
        startAt: new Date('2026-01-01T10:00:00Z'),
      });
      expect(next?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    });

    it('keeps a day at 24 hours across a daylight-saving change', () => {
      expect(fires('rate(1 day)', '2026-03-28T09:00:00Z', 'Europe/Paris', 2, '2026-03-28T09:00:00Z')).toEqual([
        '2026-03-29T09:00:00.000Z', // 11:00 in Paris the day after, not 10:00
        '2026-03-30T09:00:00.000Z',
      ]);
    });
  });

  describe('at()', () => {
    it('fires once, at the wall time in the zone', () => {
      const at = 'at(2026-07-14T10:00:00)';
      expect(nextFireTime(at, new Date('2026-07-01T00:00:00Z'), 'Europe/Paris')?.toISOString()).toBe(
        '2026-07-14T08:00:00.000Z',
      );
      expect(nextFireTime(at, new Date('2026-07-14T08:00:00Z'), 'Europe/Paris')).toBeUndefined();
    });

    it('runs a wall time lost to spring-forward when the clocks have jumped past it', () => {
      const next = nextFireTime('at(2026-03-29T02:30:00)', new Date('2026-03-01T00:00:00Z'), 'Europe/Paris');
      expect(next?.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 +02:00
    });
  });

  it.each(['Mars/Olympus', '+01:00', 'CET+1', ''])('rejects the time zone %j', (zone) => {
    expect(() => nextFireTime('cron(0 2 * * ? *)', new Date(), zone)).toThrow(InvalidTimeZoneError);
  });
});
