import { describe, expect, it } from 'vitest';
import { P1_CMP_ACK } from '../../../../../shared/app/controls/catalogue/p1-cmp-ack.js';
import { P1_CMP_REGISTER } from '../../../../../shared/app/controls/catalogue/p1-cmp-register.js';
import { P1_CMP_RESOLVE } from '../../../../../shared/app/controls/catalogue/p1-cmp-resolve.js';
import type { ControlFacts, Evaluation } from '../../../../../shared/app/controls/control-definition.js';
import type { AssessedComplaint, DeadlineState } from '../../../../../shared/domain/complaint/complaint-state.js';
import { context } from './control-fixtures.js';

type State = DeadlineState['state'];

function complaint(complaintId: string, acknowledge: State, resolve: State, ownerId?: string): AssessedComplaint {
  const at = (state: State, dueAt: string): DeadlineState => ({ state, dueAt, atRiskAt: dueAt });
  return {
    complaintId,
    lifecycle: 'open',
    status: 'open',
    receivedAt: '2026-11-16T08:00:00.000Z',
    escalations: [],
    reopenings: 0,
    ...(ownerId === undefined ? {} : { ownerId }),
    deadlines: {
      acknowledge: at(acknowledge, '2026-11-18T17:00:00.000Z'),
      resolve: at(resolve, '2026-11-30T17:00:00.000Z'),
    },
  };
}

const NO_CONTACTS: Evaluation = { status: 'no-data', detail: {} };

function facts(open: AssessedComplaint[], received = open, register = NO_CONTACTS): Pick<ControlFacts, 'complaints'> {
  return { complaints: { open, received, register } };
}

const all = (f: Pick<ControlFacts, 'complaints'>) =>
  [P1_CMP_ACK, P1_CMP_RESOLVE, P1_CMP_REGISTER].map((d) => d.evaluate(f, context()).status);

describe('the complaint controls (P1-CMP-ACK, P1-CMP-RESOLVE, P1-CMP-REGISTER)', () => {
  it('say no-data without any complaint open or received', () => {
    expect(all(facts([]))).toEqual(['no-data', 'no-data', 'no-data']);
  });

  it('judge each its own step: an overdue acknowledgement breaches P1-CMP-ACK only', () => {
    const open = [complaint('c-1', 'missed', 'pending', 'owner-1'), complaint('c-2', 'met', 'pending', 'owner-1')];
    expect(all(facts(open))).toEqual(['breached', 'compliant', 'compliant']);
    expect(P1_CMP_ACK.evaluate(facts(open), context()).detail).toMatchObject({ overdueCount: 1, overdue: ['c-1'] });
  });

  it('put P1-CMP-RESOLVE at risk while a resolution is near its deadline', () => {
    const open = [complaint('c-1', 'met', 'at-risk', 'owner-1')];
    expect(all(facts(open))).toEqual(['compliant', 'at-risk', 'compliant']);
  });

  it('breach P1-CMP-REGISTER for a complaint without an owner, or a contact whose complaint is not registered', () => {
    expect(all(facts([complaint('c-1', 'met', 'met')]))).toEqual(['compliant', 'compliant', 'breached']);
    const hidden: Evaluation = { status: 'breached', detail: { unregisteredCount: 1 } };
    const { status, detail } = P1_CMP_REGISTER.evaluate(facts([], [], hidden), context());
    expect(status).toBe('breached');
    expect(detail).toMatchObject({ unregisteredCount: 1, complaintsReceived: 0 });
  });

  it('count a late step of a complaint received in the window, even once it is closed', () => {
    const closed = {
      ...complaint('c-9', 'late', 'met', 'owner-1'),
      lifecycle: 'closed' as const,
      status: 'closed' as const,
    };
    expect(all(facts([], [closed]))).toEqual(['breached', 'compliant', 'compliant']);
  });
});
