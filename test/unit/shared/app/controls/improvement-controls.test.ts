import { describe, expect, it } from 'vitest';
import { X_IMP_FINDINGS } from '../../../../../shared/app/controls/catalogue/x-imp-findings.js';
import { covers, PART_1_CLAUSES, X_IMP_INTAUDIT } from '../../../../../shared/app/controls/catalogue/x-imp-intaudit.js';
import type { ControlFacts } from '../../../../../shared/app/controls/control-definition.js';
import type {
  AuditKind,
  AuditRecord,
  CorrectiveAction,
  Nonconformity,
} from '../../../../../shared/domain/quality/quality-records.js';
import { context, TENANT, withCertification } from './control-fixtures.js';

function audit(
  auditId: string,
  completedOn: string,
  clausesInScope: string[],
  kind: AuditKind = 'internal',
): AuditRecord {
  return {
    tenantId: TENANT,
    auditId,
    kind,
    auditor: 'auditor-1',
    startedOn: completedOn,
    completedOn,
    clausesInScope,
    findings: [],
    occurredAt: `${completedOn}T16:00:00.000Z`,
    recordedAt: `${completedOn}T16:00:01.000Z`,
  };
}

const quality = (audits: AuditRecord[], nonconformities: Nonconformity[] = []): Pick<ControlFacts, 'quality'> => ({
  quality: { audits, nonconformities },
});

/** Every Part 1 clause, as an internal audit names them. */
const EVERY_CLAUSE = ['4', '5', '6', '7', '8', '9'];

describe('X-IMP-INTAUDIT (internal audit of every Part 1 clause within the interval)', () => {
  it('says no-data until an internal audit is recorded, whatever the certification audits', () => {
    const external = audit('cb-1', '2026-06-01', EVERY_CLAUSE, 'certification-stage-2');
    expect(X_IMP_INTAUDIT.evaluate(quality([external]), context()).status).toBe('no-data');
  });

  it('is compliant when recent internal audits cover every clause, by parent or by sub-clause', () => {
    const audits = [audit('ia-1', '2026-06-01', ['4', '5.1']), audit('ia-2', '2026-09-10', ['6', '7.3', '8', '9'])];
    const { status, detail } = X_IMP_INTAUDIT.evaluate(quality(audits), context());
    expect(status).toBe('compliant');
    expect(detail).toMatchObject({ intervalMonths: 12, internalAudits: 2, uncovered: [], expiring: [] });
    expect(detail.clauses).toContainEqual({
      clause: '4.4',
      auditId: 'ia-1',
      completedOn: '2026-06-01',
      coveredUntil: '2027-06-01',
    });
  });

  it('is breached by a clause no internal audit covered within the interval, listing it', () => {
    const audits = [
      audit('ia-old', '2025-10-01', EVERY_CLAUSE),
      audit('ia-1', '2026-06-01', ['4', '5', '6', '7', '8']),
    ];
    const { status, detail } = X_IMP_INTAUDIT.evaluate(quality(audits), context());
    expect(status).toBe('breached');
    expect(detail.uncovered).toEqual(['9']);
  });

  it('follows the interval of the agreement', () => {
    const audits = [audit('ia-1', '2026-06-01', EVERY_CLAUSE)];
    const agreement = withCertification({ internalAuditIntervalMonths: { value: 3, origin: 'contract' } });
    const { status, detail } = X_IMP_INTAUDIT.evaluate(quality(audits), context({ agreement, versions: [agreement] }));
    expect(status).toBe('breached');
    expect(detail.uncovered).toEqual([...PART_1_CLAUSES]);
  });

  it('is at risk when a clause leaves the window within 30 days, counting months to the month end', () => {
    // Completed on 30 November 2025: covered through 30 November 2026, ten days after today.
    const audits = [audit('ia-1', '2025-11-30', ['4.2', '4.3']), audit('ia-2', '2026-08-01', EVERY_CLAUSE.slice(1))];
    const { status, detail } = X_IMP_INTAUDIT.evaluate(
      quality([...audits, audit('ia-3', '2026-07-01', ['4.4', '4.5'])]),
      context(),
    );
    expect(status).toBe('at-risk');
    expect(detail.expiring).toEqual(['4.2', '4.3']);
  });

  it('takes a scope as covering the clause itself, its sub-clauses and its parent, not a sibling', () => {
    expect(covers('4', '4.4')).toBe(true);
    expect(covers('4.4.1', '4.4')).toBe(true);
    expect(covers('4.4', '4.4')).toBe(true);
    expect(covers('4.3', '4.4')).toBe(false);
    expect(covers('4.44', '4.4')).toBe(false);
  });
});

function nonconformity(id: string, over: Partial<Nonconformity> = {}): Nonconformity {
  return {
    tenantId: TENANT,
    nonconformityId: id,
    origin: { type: 'audit', auditId: 'ia-1', auditKind: 'internal', findingId: 'f-1' },
    clause: '4.4',
    grade: 'minor',
    description: 'Complaint register lacks owners',
    openedAt: '2026-10-01T10:00:00.000Z',
    dueOn: '2026-12-30',
    status: 'open',
    actions: [],
    steps: [],
    ...over,
  };
}

function action(actionId: string, dueOn: string, status: CorrectiveAction['status'] = 'planned'): CorrectiveAction {
  return { actionId, description: 'Assign owners', ownerId: 'owner-1', dueOn, status };
}

describe('X-IMP-FINDINGS (nonconformities corrected on time)', () => {
  const recent = [audit('ia-1', '2026-10-01', EVERY_CLAUSE)];

  it('says no-data without audits nor nonconformities, compliant once audited with none overdue', () => {
    expect(X_IMP_FINDINGS.evaluate(quality([]), context()).status).toBe('no-data');
    expect(X_IMP_FINDINGS.evaluate(quality(recent), context()).status).toBe('compliant');
    expect(X_IMP_FINDINGS.evaluate(quality([], [nonconformity('nc-1')]), context())).toMatchObject({
      status: 'compliant',
      detail: { open: 1, overdueCount: 0 },
    });
  });

  it('is breached by a nonconformity open past its due date, listing it', () => {
    const { status, detail } = X_IMP_FINDINGS.evaluate(
      quality(recent, [nonconformity('nc-1', { dueOn: '2026-11-19' }), nonconformity('nc-2')]),
      context(),
    );
    expect(status).toBe('breached');
    expect(detail).toMatchObject({
      overdue: [{ nonconformityId: 'nc-1', dueOn: '2026-11-19', grade: 'minor', status: 'open' }],
      overdueCount: 1,
    });
  });

  it('keeps a due date through its whole day, and forgets a closed nonconformity', () => {
    const dueToday = nonconformity('nc-1', { dueOn: '2026-11-20', status: 'awaiting-verification' });
    const closedLate = nonconformity('nc-2', {
      dueOn: '2026-11-01',
      status: 'closed',
      actions: [action('a-1', '2026-10-01')],
    });
    expect(X_IMP_FINDINGS.evaluate(quality(recent, [dueToday, closedLate]), context()).status).toBe('compliant');
  });

  it('is breached by a planned corrective action past its due date, even when the nonconformity is not', () => {
    const nc = nonconformity('nc-1', {
      status: 'in-progress',
      actions: [action('a-1', '2026-11-10'), action('a-2', '2026-11-01', 'done')],
    });
    const { status, detail } = X_IMP_FINDINGS.evaluate(quality(recent, [nc]), context());
    expect(status).toBe('breached');
    expect(detail).toMatchObject({
      overdueActions: [{ nonconformityId: 'nc-1', actionId: 'a-1', dueOn: '2026-11-10', ownerId: 'owner-1' }],
      overdueActionsCount: 1,
    });
  });

  it('is at risk when one is due within 14 days and its actions are not all done', () => {
    const soon = nonconformity('nc-1', { dueOn: '2026-12-04', status: 'in-progress' });
    expect(X_IMP_FINDINGS.evaluate(quality(recent, [soon]), context())).toMatchObject({
      status: 'at-risk',
      detail: { dueSoon: [{ nonconformityId: 'nc-1' }], dueSoonCount: 1 },
    });
    const awaiting = { ...soon, status: 'awaiting-verification' as const };
    expect(X_IMP_FINDINGS.evaluate(quality(recent, [awaiting]), context()).status).toBe('compliant');
    const observation = nonconformity('nc-3', { grade: 'observation', dueOn: undefined });
    expect(X_IMP_FINDINGS.evaluate(quality(recent, [observation]), context()).status).toBe('compliant');
  });
});
