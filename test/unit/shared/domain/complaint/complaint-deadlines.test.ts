import { describe, expect, it } from 'vitest';
import { ComplaintTerms } from '../../../../../shared/domain/agreement/agreement-schema.js';
import type { BusinessCalendar } from '../../../../../shared/domain/calendar/business-calendar.js';
import { assessComplaint, deadlineClockOf } from '../../../../../shared/domain/complaint/complaint-deadlines.js';
import { foldComplaint } from '../../../../../shared/domain/complaint/complaint-fold.js';
import type { TimelineEntry } from '../../../../../shared/domain/complaint/complaint-state.js';
import { acknowledged, COMPLAINT_ID, received, reopened, resolved } from './timeline.js';

const WEEKDAY = [{ opens: '09:00', closes: '18:00' }];
/** Lyon: Monday to Friday 09:00–18:00, French public holidays (Wednesday 11 November 2026 is one). */
const LYON: BusinessCalendar = {
  openingHours: [[], WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, []],
  publicHolidays: 'FR',
  closures: [],
};
const terms = ComplaintTerms.parse({
  acknowledge: { value: { amount: 8, unit: 'business-hours' } },
  resolve: { value: { amount: 10, unit: 'business-days' } },
});
const clock = deadlineClockOf(terms, LYON, 'Europe/Paris');

/** Received on Monday 9 November 2026 at 10:00 in Lyon. */
const receipt = received('2026-11-09T10:00:00+01:00');
const assess = (now: string, ...rest: TimelineEntry[]) =>
  assessComplaint(foldComplaint(COMPLAINT_ID, [receipt, ...rest]), clock, new Date(now));

describe('deadlineClockOf', () => {
  it("puts the deadlines in the agreement's business time, skipping nights, weekends and public holidays", () => {
    // 8 open hours from Monday 10:00 end at Monday's close; 6 of them (75 %) at 16:00.
    expect(clock('acknowledge', receipt.at)).toEqual({
      dueAt: '2026-11-09T17:00:00.000Z',
      atRiskAt: '2026-11-09T15:00:00.000Z',
    });
    // Ten business days after Monday 9, without Wednesday 11 (Armistice), end at the close of Tuesday 24; 75 % of
    // the 98 open hours in between (73.5) runs out on Friday 20 at 11:30.
    expect(clock('resolve', receipt.at)).toEqual({
      dueAt: '2026-11-24T17:00:00.000Z',
      atRiskAt: '2026-11-20T10:30:00.000Z',
    });
  });

  it('starts a complaint received at night at the next opening', () => {
    // Thursday 22:00: the clock starts on Friday at 09:00, so 8 hours end at 17:00 and 6 at 15:00 (Paris).
    expect(clock('acknowledge', '2026-11-12T22:00:00+01:00')).toEqual({
      dueAt: '2026-11-13T16:00:00.000Z',
      atRiskAt: '2026-11-13T14:00:00.000Z',
    });
  });

  it('keeps the wall-clock time for calendar days across the end of summer time', () => {
    const weekly = ComplaintTerms.parse({
      acknowledge: { value: { amount: 1, unit: 'calendar-days' } },
      resolve: { value: { amount: 7, unit: 'calendar-days' } },
    });
    // Clocks in Paris go back on Sunday 25 October 2026: 10:00 is 08:00 UTC before and 09:00 UTC after.
    expect(deadlineClockOf(weekly, LYON, 'Europe/Paris')('resolve', '2026-10-22T10:00:00+02:00').dueAt).toBe(
      '2026-10-29T09:00:00.000Z',
    );
  });
});

describe('assessComplaint', () => {
  it('is pending until the at-risk point, then at risk, then missed and overdue, saying when it next changes', () => {
    expect(assess('2026-11-09T11:00:00+01:00')).toMatchObject({
      status: 'open',
      deadlines: { acknowledge: { state: 'pending' }, resolve: { state: 'pending' } },
      nextChangeAt: '2026-11-09T15:00:00.000Z',
    });
    expect(assess('2026-11-09T16:30:00+01:00')).toMatchObject({
      status: 'open',
      deadlines: { acknowledge: { state: 'at-risk' } },
      nextChangeAt: '2026-11-09T17:00:00.000Z',
    });
    expect(assess('2026-11-09T18:00:00+01:00')).toMatchObject({
      status: 'overdue',
      deadlines: { acknowledge: { state: 'missed', dueAt: '2026-11-09T17:00:00.000Z' } },
      nextChangeAt: '2026-11-20T10:30:00.000Z',
    });
  });

  it('marks an acknowledgement after the deadline late, and the complaint open again rather than overdue', () => {
    const late = assess('2026-11-10T12:00:00+01:00', acknowledged('2026-11-10T09:30:00+01:00'));
    expect(late.deadlines.acknowledge).toEqual({
      dueAt: '2026-11-09T17:00:00.000Z',
      atRiskAt: '2026-11-09T15:00:00.000Z',
      metAt: '2026-11-10T09:30:00+01:00',
      state: 'late',
    });
    expect(late.status).toBe('open');
  });

  it('takes a resolution for an acknowledgement, and closes the complaint with both deadlines met', () => {
    const closed = assess('2026-12-01T12:00:00Z', resolved('2026-11-09T17:00:00+01:00'));
    expect(closed.status).toBe('closed');
    expect(closed.deadlines.acknowledge).toMatchObject({ state: 'met', metAt: '2026-11-09T17:00:00+01:00' });
    expect(closed.deadlines.resolve).toMatchObject({ state: 'met', metAt: '2026-11-09T17:00:00+01:00' });
    expect(closed).not.toHaveProperty('nextChangeAt');
  });

  it('measures a resolution against its first date: an amended outcome later does not make it late', () => {
    const amended = assess(
      '2026-12-10T12:00:00Z',
      acknowledged('2026-11-09T11:00:00+01:00'),
      resolved('2026-11-20T10:00:00+01:00', 'rejected', 'Charge confirmed'),
      resolved('2026-12-04T10:00:00+01:00', 'upheld', 'Charge refunded after review'),
    );
    expect(amended).toMatchObject({ status: 'closed', outcome: 'upheld' });
    expect(amended.deadlines.resolve).toMatchObject({ state: 'met', metAt: '2026-11-20T10:00:00+01:00' });
  });

  it('runs a new resolution deadline from a reopening, and keeps the acknowledgement as it was', () => {
    const entries = [
      acknowledged('2026-11-09T11:00:00+01:00'),
      resolved('2026-11-20T10:00:00+01:00'),
      // Friday 27 November at 11:00; ten business days later is Friday 11 December at 18:00.
      reopened('2026-11-27T11:00:00+01:00'),
    ];
    const open = assess('2026-12-14T09:00:00+01:00', ...entries);
    expect(open.status).toBe('overdue');
    expect(open.deadlines.acknowledge?.state).toBe('met');
    expect(open.deadlines.resolve).toMatchObject({ state: 'missed', dueAt: '2026-12-11T17:00:00.000Z' });

    const closedLate = assess('2026-12-15T09:00:00+01:00', ...entries, resolved('2026-12-14T16:00:00+01:00'));
    expect(closedLate.status).toBe('closed');
    expect(closedLate.deadlines.resolve).toMatchObject({ state: 'late', metAt: '2026-12-14T16:00:00+01:00' });
  });

  it('gives a complaint not yet received no deadlines', () => {
    const waiting = assessComplaint(
      foldComplaint(COMPLAINT_ID, [acknowledged('2026-11-09T11:00:00+01:00')]),
      clock,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(waiting).toMatchObject({ status: 'pending-receipt', deadlines: {} });
    expect(waiting).not.toHaveProperty('nextChangeAt');
  });
});
