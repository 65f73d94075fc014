import { describe, expect, it } from 'vitest';
import { deadlineEvaluation, registerEvaluation } from '../../../../shared/app/evaluate-complaints.js';
import type { AssessedComplaint, DeadlineState } from '../../../../shared/domain/complaint/complaint-state.js';

const deadline = (state: DeadlineState['state'], dueAt = '2026-11-04T17:00:00.000Z'): DeadlineState => ({
  dueAt,
  atRiskAt: '2026-11-04T10:15:00.000Z',
  state,
});

function complaint(complaintId: string, acknowledge: DeadlineState['state'], dueAt?: string): AssessedComplaint {
  return {
    complaintId,
    lifecycle: 'open',
    status: acknowledge === 'missed' ? 'overdue' : 'open',
    receivedAt: '2026-11-02T08:00:00.000Z',
    escalations: [],
    reopenings: 0,
    deadlines: { acknowledge: deadline(acknowledge, dueAt), resolve: deadline('pending', '2026-11-17T17:00:00.000Z') },
  };
}

describe('deadlineEvaluation (P1-CMP-ACK, P1-CMP-RESOLVE)', () => {
  it('reads no-data without any complaint received in the window nor open', () => {
    expect(deadlineEvaluation('acknowledge', [], []).status).toBe('no-data');
  });

  it('is compliant while every step due was done in time and none is at risk', () => {
    const done = [complaint('a', 'met'), complaint('b', 'met')];
    const { status, detail } = deadlineEvaluation('acknowledge', [], done);
    expect(status).toBe('compliant');
    expect(detail).toMatchObject({ received: 2, due: 2, onTime: 2, late: 0, onTimeShare: 1 });
  });

  it('is at risk while an open complaint is past the at-risk point, naming it', () => {
    const open = [complaint('a', 'at-risk'), complaint('b', 'pending')];
    const { status, detail } = deadlineEvaluation('acknowledge', open, open);
    expect(status).toBe('at-risk');
    expect(detail).toMatchObject({ atRiskCount: 1, atRisk: ['a'], due: 0, onTimeShare: null });
  });

  it('is breached while one is overdue, most overdue first, and after a late step in the window', () => {
    const open = [
      complaint('later', 'missed', '2026-11-05T17:00:00.000Z'),
      complaint('earlier', 'missed', '2026-11-03T17:00:00.000Z'),
    ];
    expect(deadlineEvaluation('acknowledge', open, open).detail).toMatchObject({
      overdueCount: 2,
      overdue: ['earlier', 'later'],
    });
    const late = deadlineEvaluation('acknowledge', [], [complaint('a', 'met'), complaint('b', 'late')]);
    expect(late).toMatchObject({ status: 'breached', detail: { onTime: 1, late: 1, onTimeShare: 0.5 } });
    // The resolution step of the same complaints is judged on its own.
    expect(deadlineEvaluation('resolve', [], [complaint('b', 'late')]).status).toBe('compliant');
  });
});

describe('registerEvaluation (P1-CMP-REGISTER)', () => {
  const contactsCompliant = { status: 'compliant' as const, detail: { unregisteredCount: 0, lookbackDays: 30 } };
  const owned = (id: string) => ({ ...complaint(id, 'met'), ownerId: 'agent-042' });

  it('is compliant when every contact has its complaint and every complaint an owner', () => {
    const { status, detail } = registerEvaluation(contactsCompliant, [owned('a'), owned('b')]);
    expect(status).toBe('compliant');
    expect(detail).toEqual({ unregisteredCount: 0, lookbackDays: 30, complaintsReceived: 2, withoutOwnerCount: 0 });
  });

  it('is breached by a complaint registered without an owner, naming it, even when the contacts are all registered', () => {
    const { status, detail } = registerEvaluation(contactsCompliant, [owned('a'), complaint('no-owner', 'met')]);
    expect(status).toBe('breached');
    expect(detail).toMatchObject({ withoutOwnerCount: 1, withoutOwner: ['no-owner'], unregisteredCount: 0 });
  });

  it('keeps the contacts check breached, and reads compliant rather than no-data once complaints come in', () => {
    const unregistered = { status: 'breached' as const, detail: { unregisteredCount: 1, contactIds: ['c-1'] } };
    expect(registerEvaluation(unregistered, [owned('a')]).status).toBe('breached');
    expect(registerEvaluation({ status: 'no-data', detail: {} }, [owned('a')]).status).toBe('compliant');
    expect(registerEvaluation({ status: 'no-data', detail: {} }, []).status).toBe('no-data');
  });
});
