import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CERTIFICATION_TERMS } from '../../../../../shared/domain/agreement/agreement-schema.js';
import {
  applyStep,
  isOverdue,
  NonconformityStepError,
  openFromBreach,
  openFromFinding,
} from '../../../../../shared/domain/quality/nonconformity-workflow.js';
import type {
  AuditRecord,
  CorrectiveStep,
  Nonconformity,
  RecordedStep,
} from '../../../../../shared/domain/quality/quality-records.js';

const terms = DEFAULT_CERTIFICATION_TERMS;

const audit: AuditRecord = {
  tenantId: 'acme',
  auditId: 'ia-1',
  kind: 'internal',
  auditor: 'auditor-1',
  startedOn: '2026-11-12',
  completedOn: '2026-11-13',
  clausesInScope: ['4.4', '6'],
  findings: [
    { findingId: 'f1', clause: '4.4', grade: 'major', description: 'Late resolutions' },
    { findingId: 'f2', clause: '6', grade: 'observation', description: 'Refresher planning' },
  ],
  occurredAt: '2026-11-13T16:30:00.000Z',
  recordedAt: '2026-11-13T16:30:01.000Z',
};

let seq = 0;
function recorded(step: CorrectiveStep, stepId = `s-${++seq}`): RecordedStep {
  return {
    ...step,
    stepId,
    recordedBy: 'quality-2',
    recordedAt: '2026-11-20T10:00:00.000Z',
    occurredAt: '2026-11-20T09:00:00.000Z',
  };
}

function applyAll(nc: Nonconformity, steps: RecordedStep[]): Nonconformity {
  return steps.reduce((current, s) => applyStep(current, s).nonconformity, nc);
}

const opened = () => openFromFinding(audit, audit.findings[0] as never, terms);
const plan = (actionId: string, dueOn = '2026-12-01'): CorrectiveStep => ({
  step: 'action-planned',
  actionId,
  description: `Action ${actionId}`,
  ownerId: 'lead-4',
  dueOn,
});
const done = (actionId: string): CorrectiveStep => ({ step: 'action-completed', actionId, completedOn: '2026-11-30' });

describe('Opening a nonconformity', () => {
  it("is due the agreement's closure days after the audit's completion, with none for an observation", () => {
    const major = opened();
    expect(major).toMatchObject({ nonconformityId: 'ia-1.f1', status: 'open', grade: 'major', dueOn: '2027-02-11' });
    const observation = openFromFinding(audit, audit.findings[1] as never, terms);
    expect(observation.dueOn).toBeUndefined();
    const shorter = {
      ...terms,
      closureDays: { ...terms.closureDays, major: { value: 30, origin: 'contract' as const } },
    };
    expect(openFromFinding(audit, audit.findings[0] as never, shorter as never).dueOn).toBe('2026-12-13');
  });

  it("from a breach: due from the breach's tenant-local date, named by the control and the instant", () => {
    // 23:30 UTC on 30 November is already 1 December in Paris.
    const nc = openFromBreach(
      {
        tenantId: 'acme',
        controlId: 'P1-CMP-RESOLVE',
        clause: '4.4',
        severity: 'minor',
        breachedSince: '2026-11-30T23:30:00.000Z',
        summary: { late: 3, nested: { a: 1 } },
      },
      terms,
      'Europe/Paris',
    );
    expect(nc.nonconformityId).toBe(`ctl.P1-CMP-RESOLVE.${Date.parse('2026-11-30T23:30:00.000Z')}`);
    expect(nc.dueOn).toBe('2027-03-01');
    expect(nc.origin).toEqual({
      type: 'control',
      controlId: 'P1-CMP-RESOLVE',
      breachedSince: '2026-11-30T23:30:00.000Z',
    });
    expect(nc.description).toContain('late=3');
    expect(nc.description).not.toContain('nested');
  });
});

describe('The corrective-action workflow', () => {
  it('goes from root cause and actions through an effective verification to closure', () => {
    let nc = applyAll(opened(), [
      recorded({ step: 'root-cause', rootCause: 'No daily check' }),
      recorded(plan('a1')),
      recorded(plan('a2')),
    ]);
    expect(nc.status).toBe('in-progress');
    nc = applyAll(nc, [recorded(done('a1'))]);
    expect(nc.status).toBe('in-progress');
    nc = applyAll(nc, [recorded(done('a2'))]);
    expect(nc.status).toBe('awaiting-verification');
    nc = applyAll(nc, [recorded({ step: 'verified', effective: true, note: 'No late one since' })]);
    expect(nc.verification).toMatchObject({ effective: true, verifiedBy: 'quality-2' });
    nc = applyAll(nc, [recorded({ step: 'closed' })]);
    expect(nc).toMatchObject({ status: 'closed', closedAt: '2026-11-20T09:00:00.000Z', rootCause: 'No daily check' });
    expect(nc.steps.map((s) => s.step)).toEqual([
      'root-cause',
      'action-planned',
      'action-planned',
      'action-completed',
      'action-completed',
      'verified',
      'closed',
    ]);
  });

  it('returns to in progress after an ineffective verification, for further actions', () => {
    let nc = applyAll(opened(), [
      recorded(plan('a1')),
      recorded(done('a1')),
      recorded({ step: 'verified', effective: false }),
    ]);
    expect(nc.status).toBe('in-progress');
    expect(() => applyStep(nc, recorded({ step: 'closed' }))).toThrow(NonconformityStepError);
    nc = applyAll(nc, [
      recorded(plan('a2')),
      recorded(done('a2')),
      recorded({ step: 'verified', effective: true }),
      recorded({ step: 'closed' }),
    ]);
    expect(nc.status).toBe('closed');
  });

  it.each([
    ['completing an action never planned', [], done('a9'), 'no action a9 was planned'],
    ['completing an action twice', [plan('a1'), plan('a2'), done('a1')], done('a1'), 'completed already'],
    ['planning the same action twice', [plan('a1')], plan('a1'), 'planned already'],
    ['verifying with no action', [], { step: 'verified', effective: true }, 'verified only once'],
    [
      'verifying with an action still planned',
      [plan('a1'), plan('a2'), done('a1')],
      { step: 'verified', effective: true },
      'verified only once',
    ],
    ['closing before a verification', [plan('a1'), done('a1')], { step: 'closed' }, 'closed only after'],
    [
      'a root cause while awaiting verification',
      [plan('a1'), done('a1')],
      { step: 'root-cause', rootCause: 'x' },
      'only while open or in progress',
    ],
    [
      'a step once closed',
      [plan('a1'), done('a1'), { step: 'verified', effective: true }, { step: 'closed' }],
      plan('a2'),
      'it is closed',
    ],
  ] as Array<[string, CorrectiveStep[], CorrectiveStep, string]>)(
    'refuses %s with a clear reason',
    (_, before, step, reason) => {
      const nc = applyAll(
        opened(),
        before.map((s) => recorded(s)),
      );
      expect(() => applyStep(nc, recorded(step))).toThrow(reason);
      expect(() => applyStep(nc, recorded(step))).toThrow(NonconformityStepError);
    },
  );

  it('keeps a step once: a redelivery (same step id) changes nothing, even when refused the second time', () => {
    const once = recorded(plan('a1'), 'plan-a1');
    const nc = applyAll(opened(), [once]);
    const again = applyStep(nc, once);
    expect(again.outcome).toBe('duplicate');
    expect(again.nonconformity).toBe(nc);
  });

  it('gives the same nonconformity whatever redeliveries come in whatever order after each step', () => {
    const valid = [
      recorded({ step: 'root-cause', rootCause: 'No daily check' }, 'rc'),
      recorded(plan('a1'), 'p1'),
      recorded(plan('a2'), 'p2'),
      recorded(done('a2'), 'd2'),
      recorded(done('a1'), 'd1'),
      recorded({ step: 'verified', effective: false }, 'v1'),
      recorded(plan('a3'), 'p3'),
      recorded(done('a3'), 'd3'),
      recorded({ step: 'verified', effective: true }, 'v2'),
      recorded({ step: 'closed' }, 'c'),
    ];
    const expected = applyAll(opened(), valid);
    // After the i-th first delivery, any earlier steps arrive again, in any order.
    const redeliveries = fc.array(fc.array(fc.nat({ max: valid.length - 1 }), { maxLength: 4 }), {
      minLength: valid.length,
      maxLength: valid.length,
    });
    fc.assert(
      fc.property(redeliveries, (after) => {
        const stream = valid.flatMap((step, i) => [
          step,
          ...(after[i] ?? []).filter((j) => j <= i).map((j) => valid[j] as RecordedStep),
        ]);
        expect(applyAll(opened(), stream)).toEqual(expected);
      }),
    );
  });
});

describe('Overdue', () => {
  it('is past its closure date, or with a planned action past its own, never once closed', () => {
    const nc = opened();
    expect(isOverdue(nc, '2027-02-11')).toBe(false);
    expect(isOverdue(nc, '2027-02-12')).toBe(true);
    const planned = applyAll(nc, [recorded(plan('a1', '2026-11-25'))]);
    expect(isOverdue(planned, '2026-11-25')).toBe(false);
    expect(isOverdue(planned, '2026-11-26')).toBe(true);
    const completed = applyAll(planned, [recorded(done('a1'))]);
    expect(isOverdue(completed, '2026-11-26')).toBe(false);
    const closed = applyAll(completed, [recorded({ step: 'verified', effective: true }), recorded({ step: 'closed' })]);
    expect(isOverdue(closed, '2028-01-01')).toBe(false);
    const observation = openFromFinding(audit, audit.findings[1] as never, terms);
    expect(isOverdue(observation, '2030-01-01')).toBe(false);
  });
});
