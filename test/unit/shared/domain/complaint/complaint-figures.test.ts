import { describe, expect, it } from 'vitest';
import { assessComplaint } from '../../../../../shared/domain/complaint/complaint-deadlines.js';
import { ComplaintFiguresSchema, complaintFigures } from '../../../../../shared/domain/complaint/complaint-figures.js';
import { foldComplaint } from '../../../../../shared/domain/complaint/complaint-fold.js';
import type { DeadlineClock, TimelineEntry } from '../../../../../shared/domain/complaint/complaint-state.js';
import { acknowledged, escalated, received, resolved } from './timeline.js';

const DAY = 86_400_000;
/** Acknowledge within a day and resolve within five, at risk halfway: round numbers to read the cases by. */
const clock: DeadlineClock = (name, from) => {
  const start = Date.parse(from);
  const span = (name === 'acknowledge' ? 1 : 5) * DAY;
  return { dueAt: new Date(start + span).toISOString(), atRiskAt: new Date(start + span / 2).toISOString() };
};
const timeZone = 'Europe/Paris';
const now = new Date('2026-12-01T12:00:00+01:00');
const november = { from: '2026-11-01', to: '2026-11-30', timeZone, now };

let ids = 0;
function complaint(receivedAt: string, category: string, ...rest: TimelineEntry[]) {
  const facts = foldComplaint(`cmp-${++ids}`, [received(receivedAt, { category }), ...rest]);
  return assessComplaint(facts, clock, now);
}

describe('complaintFigures', () => {
  const complaints = [
    // 00:30 on 1 November in Paris: in November. Acknowledged in time, resolved late.
    complaint(
      '2026-10-31T23:30:00Z',
      'billing',
      acknowledged('2026-11-01T10:00:00+01:00'),
      resolved('2026-11-08T10:00:00+01:00'),
    ),
    // Acknowledged late, never resolved, escalated to a dispute body: overdue.
    complaint(
      '2026-11-10T10:00:00+01:00',
      'billing',
      acknowledged('2026-11-12T10:00:00+01:00'),
      escalated('2026-11-20T10:00:00+01:00', 'external', 'Médiateur national de l’énergie'),
    ),
    // Received yesterday: nothing is due yet.
    complaint('2026-11-30T15:00:00+01:00', 'delay'),
    // 00:30 on 1 December in Paris, and 23:30 on 31 October: outside November, but open now.
    complaint('2026-11-30T23:30:00Z', 'delay'),
    complaint('2026-10-31T22:30:00Z', 'delay'),
  ];

  it('counts the complaints received on the tenant-local days of the period, as they stand now', () => {
    const figures = complaintFigures({ ...november, complaints, contacts: 1_500 });
    expect(figures).toMatchObject({
      received: 3,
      open: 1,
      overdue: 1,
      closed: 1,
      escalatedExternal: 1,
      per1000Contacts: 2,
      previousPeriod: { from: '2026-10-02', to: '2026-10-31' },
    });
  });

  it('measures on time over the deadlines that are settled, not those still running', () => {
    const figures = complaintFigures({ ...november, complaints, contacts: 1_500 });
    expect(figures.acknowledgedOnTime).toEqual({ onTime: 1, due: 2, share: 0.5 });
    expect(figures.resolvedOnTime).toEqual({ onTime: 0, due: 2, share: 0 });
  });

  it('ages every complaint open now, whenever it was received, in calendar days since its receipt', () => {
    const figures = complaintFigures({ ...november, complaints, contacts: 1_500 });
    expect(figures.ageing).toEqual({ '0-2': 2, '3-5': 0, '6-10': 0, '11-20': 0, '21+': 2 });
  });

  it('puts each age in its bucket at the edges', () => {
    const aged = [2, 3, 5, 6, 10, 11, 20, 21].map((days) =>
      complaint(new Date(now.getTime() - days * DAY).toISOString(), 'billing', acknowledged(now.toISOString())),
    );
    const figures = complaintFigures({ ...november, complaints: aged, contacts: null });
    expect(figures.ageing).toEqual({ '0-2': 1, '3-5': 2, '6-10': 2, '11-20': 2, '21+': 1 });
  });

  it('gives no share and no rate when there is nothing to divide by, never NaN', () => {
    const none = complaintFigures({ ...november, complaints: [], contacts: 0 });
    expect(none).toMatchObject({
      received: 0,
      acknowledgedOnTime: { onTime: 0, due: 0, share: null },
      resolvedOnTime: { onTime: 0, due: 0, share: null },
      per1000Contacts: null,
      topCategories: [],
    });
    expect(complaintFigures({ ...november, complaints, contacts: null }).per1000Contacts).toBeNull();
    expect(ComplaintFiguresSchema.safeParse(none).success).toBe(true);
  });

  it('names the five most frequent categories with their count in the previous period of equal length', () => {
    const inNovember = (category: string, times: number) =>
      Array.from({ length: times }, (_, i) =>
        complaint(`2026-11-${String(3 + i).padStart(2, '0')}T10:00:00+01:00`, category),
      );
    const inOctober = (day: string, category: string) => complaint(`2026-10-${day}T10:00:00+02:00`, category);
    const figures = complaintFigures({
      ...november,
      contacts: 10_000,
      complaints: [
        ...inNovember('billing', 4),
        ...inNovember('delay', 3),
        ...inNovember('agent-conduct', 3),
        ...inNovember('outage', 2),
        ...inNovember('meter', 1),
        ...inNovember('contract', 1),
        ...['02', '10', '20', '25', '31'].map((day) => inOctober(day, 'delay')),
        inOctober('15', 'billing'),
        // 1 October is 31 days before 1 November: outside the 30-day previous period.
        inOctober('01', 'billing'),
      ],
    });
    expect(figures.topCategories).toEqual([
      { category: 'billing', count: 4, previous: 1 },
      { category: 'agent-conduct', count: 3, previous: 0 },
      { category: 'delay', count: 3, previous: 5 },
      { category: 'outage', count: 2, previous: 0 },
      { category: 'contract', count: 1, previous: 0 },
    ]);
    expect(figures.per1000Contacts).toBe(1.4);
    expect(ComplaintFiguresSchema.parse(figures)).toEqual(figures);
  });
});
