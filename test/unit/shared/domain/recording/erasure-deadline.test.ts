import { describe, expect, it } from 'vitest';
import { answeredOnTime, erasureDueBy } from '../../../../../shared/domain/recording/erasure-deadline.js';

const due = (receivedAt: string) => erasureDueBy(new Date(receivedAt)).toISOString();

describe('Function: erasureDueBy', () => {
  it('ends with the same date of the next month, at the end of that day', () => {
    expect(due('2026-11-15T09:30:00.000Z')).toBe('2026-12-15T23:59:59.999Z');
  });

  it('ends on the last day of February for a request of 31 January (28 days, or 29 in a leap year)', () => {
    expect(due('2027-01-31T10:00:00.000Z')).toBe('2027-02-28T23:59:59.999Z');
    expect(due('2028-01-31T10:00:00.000Z')).toBe('2028-02-29T23:59:59.999Z');
    expect(due('2027-01-29T10:00:00.000Z')).toBe('2027-02-28T23:59:59.999Z');
  });

  it('ends on the 30th of a 30-day month after the 31st, and crosses the year', () => {
    expect(due('2026-03-31T00:00:00.000Z')).toBe('2026-04-30T23:59:59.999Z');
    expect(due('2026-12-31T23:59:59.000Z')).toBe('2027-01-31T23:59:59.999Z');
  });

  it('counts the UTC day of the receipt, whatever offset it was given with', () => {
    expect(erasureDueBy(new Date('2026-02-01T00:30:00+02:00')).toISOString()).toBe('2026-02-28T23:59:59.999Z');
  });
});

describe('Function: answeredOnTime', () => {
  const dueBy = '2026-12-15T23:59:59.999Z';

  it('is true when completed by the deadline, false when completed after it', () => {
    expect(answeredOnTime(dueBy, '2026-12-15T23:59:59.999Z', new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(answeredOnTime(dueBy, '2026-12-16T00:00:00.000Z', new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('is null while open and not due, false once open past the deadline', () => {
    expect(answeredOnTime(dueBy, undefined, new Date('2026-12-01T00:00:00Z'))).toBeNull();
    expect(answeredOnTime(dueBy, undefined, new Date('2026-12-16T00:00:00Z'))).toBe(false);
  });
});
