import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldComplaint } from '../../../../../shared/domain/complaint/complaint-fold.js';
import type { TimelineEntry } from '../../../../../shared/domain/complaint/complaint-state.js';
import { acknowledged, COMPLAINT_ID, escalated, received, reopened, resolved } from './timeline.js';

const fold = (...timeline: TimelineEntry[]) => foldComplaint(COMPLAINT_ID, timeline);

describe('foldComplaint', () => {
  it('keeps the receipt, what the timeline entry keeps of it, and closes on a resolution', () => {
    const receipt = received('2026-11-09T10:00:00+01:00', { customerRef: 'cust-7f3a9c', ownerId: 'agent-042' });
    expect(receipt).toEqual({
      type: 'complaint.received',
      at: '2026-11-09T10:00:00+01:00',
      key: `complaint.received#${COMPLAINT_ID}#${Date.parse('2026-11-09T09:00:00Z')}`,
      fields: {
        centerId: 'lyon-1',
        occurredAt: '2026-11-09T10:00:00+01:00',
        channel: 'voice',
        category: 'billing',
        severity: 'medium',
        remedySought: 'Correct the October invoice',
        customerRef: 'cust-7f3a9c',
        ownerId: 'agent-042',
      },
    });

    const facts = fold(
      receipt,
      acknowledged('2026-11-09T14:00:00+01:00'),
      resolved('2026-11-12T16:00:00+01:00', 'partially-upheld', 'Late fee waived'),
    );

    expect(facts).toEqual({
      complaintId: COMPLAINT_ID,
      lifecycle: 'closed',
      receivedAt: '2026-11-09T10:00:00+01:00',
      centerId: 'lyon-1',
      channel: 'voice',
      category: 'billing',
      severity: 'medium',
      remedySought: 'Correct the October invoice',
      customerRef: 'cust-7f3a9c',
      ownerId: 'agent-042',
      acknowledgedAt: '2026-11-09T14:00:00+01:00',
      firstResolvedAt: '2026-11-12T16:00:00+01:00',
      resolvedAt: '2026-11-12T16:00:00+01:00',
      outcome: 'partially-upheld',
      remedy: 'Late fee waived',
      resolveClockFrom: '2026-11-09T10:00:00+01:00',
      escalations: [],
      reopenings: 0,
    });
  });

  it('keeps a resolution that arrives before its receipt, and applies it once the receipt comes', () => {
    const resolution = resolved('2026-11-12T16:00:00+01:00');
    const waiting = fold(resolution);
    expect(waiting).toMatchObject({ lifecycle: 'pending-receipt', centerId: 'lyon-1', resolvedAt: resolution.at });
    expect(waiting.receivedAt).toBeUndefined();

    const complete = fold(resolution, received('2026-11-09T10:00:00+01:00'));
    expect(complete).toMatchObject({ lifecycle: 'closed', firstResolvedAt: resolution.at, outcome: 'upheld' });
  });

  it('counts a reopening only when the complaint is closed at that instant, and restarts the resolution clock', () => {
    const receipt = received('2026-11-09T10:00:00+01:00');
    const tooEarly = reopened('2026-11-10T09:00:00+01:00');
    const first = resolved('2026-11-12T16:00:00+01:00', 'rejected', 'Charge confirmed');
    const again = reopened('2026-11-17T11:00:00+01:00');

    const open = fold(receipt, tooEarly, first, again);
    expect(open).toMatchObject({
      lifecycle: 'open',
      reopenings: 1,
      resolveClockFrom: again.at,
      firstResolvedAt: first.at,
    });
    expect(open).not.toHaveProperty('resolvedAt');
    expect(open).not.toHaveProperty('outcome');

    const second = resolved('2026-11-20T10:00:00+01:00', 'upheld', 'Charge refunded');
    expect(fold(receipt, tooEarly, first, again, second)).toMatchObject({
      lifecycle: 'closed',
      firstResolvedAt: first.at,
      resolvedAt: second.at,
      outcome: 'upheld',
      remedy: 'Charge refunded',
      reopenings: 1,
    });
  });

  it('keeps the first acknowledgement and lists every escalation in the order it happened', () => {
    const facts = fold(
      escalated('2026-11-13T09:00:00+01:00', 'external', 'Médiateur national de l’énergie'),
      acknowledged('2026-11-10T09:00:00+01:00'),
      received('2026-11-09T10:00:00+01:00'),
      acknowledged('2026-11-09T15:00:00+01:00'),
      escalated('2026-11-11T09:00:00+01:00', 'internal'),
    );
    expect(facts.acknowledgedAt).toBe('2026-11-09T15:00:00+01:00');
    expect(facts.escalations).toEqual([
      { at: '2026-11-11T09:00:00+01:00', to: 'internal' },
      { at: '2026-11-13T09:00:00+01:00', to: 'external', body: 'Médiateur national de l’énergie' },
    ]);
    expect(facts.lifecycle).toBe('open');
  });

  it('orders by instant, not by how the time is written: a reopening at 10:30 UTC follows a resolution at 11:00 Paris', () => {
    const facts = fold(
      received('2026-11-09T10:00:00+01:00'),
      reopened('2026-11-12T10:30:00Z'),
      resolved('2026-11-12T11:00:00+01:00'),
    );
    expect(facts).toMatchObject({ lifecycle: 'open', reopenings: 1 });
  });

  it('gives the same facts for any order and any redelivery of the same events (property)', () => {
    // Two of the instants are one instant written two ways; two resolutions differ but share a key.
    const instants = [
      '2026-11-09T09:00:00Z',
      '2026-11-09T10:00:00+01:00',
      '2026-11-10T12:00:00Z',
      '2026-11-12T08:00:00Z',
    ];
    const pool = instants.flatMap((at) => [
      received(at),
      acknowledged(at),
      resolved(at, 'upheld'),
      resolved(at, 'rejected', 'Charge confirmed'),
      escalated(at, 'internal'),
      escalated(at, 'external'),
      reopened(at),
    ]);
    const deliveries = fc.array(fc.constantFrom(...pool), { maxLength: 12 }).chain((timeline) =>
      fc.subarray(timeline).chain((again) =>
        fc.tuple(
          fc.constant(timeline),
          fc.shuffledSubarray([...timeline, ...again], {
            minLength: timeline.length + again.length,
            maxLength: timeline.length + again.length,
          }),
        ),
      ),
    );
    fc.assert(
      fc.property(deliveries, ([timeline, arrived]) => {
        expect(foldComplaint(COMPLAINT_ID, arrived)).toEqual(foldComplaint(COMPLAINT_ID, timeline));
      }),
      { numRuns: 500 },
    );
  });
});
