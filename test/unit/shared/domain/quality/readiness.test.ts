import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertificationTerms } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { DEFAULT_AGREEMENT_TERMS } from '../../../../../shared/domain/agreement/default-agreement.js';
import type {
  DocumentType,
  GovernanceDocument,
  ManagementReview,
} from '../../../../../shared/domain/governance/governance-records.js';
import type { AuditRecord, Nonconformity } from '../../../../../shared/domain/quality/quality-records.js';
import {
  assessReadiness,
  type ReadinessControl,
  type ReadinessInput,
  type ReadinessState,
} from '../../../../../shared/domain/quality/readiness.js';

const TENANT = 'acme-energy';
const TODAY = '2026-11-15';
const terms = CertificationTerms.parse(DEFAULT_AGREEMENT_TERMS.certification);
const PART1 = ['4.2', '4.3', '4.4', '4.5', '5', '6', '7', '8', '9'];

const CONTROLS: ReadinessControl[] = [
  { controlId: 'P1-CX-FCR', clause: '4.3 / Annex A', requirement: 'FCR is measured', severity: 'minor' },
  { controlId: 'P1-CMP-ACK', clause: '4.4', requirement: 'Complaints acknowledged in time', severity: 'major' },
  { controlId: 'DP-REC-RETENTION', clause: '4.5 / GDPR Art. 5(1)(e)', requirement: 'Deleted', severity: 'major' },
  { controlId: 'P1-LEAD-CXSTRAT', clause: '5.1–5.2', requirement: 'CX strategy reviewed', severity: 'minor' },
  { controlId: 'P1-HR-INDUCTION', clause: '6', requirement: 'Induction before live', severity: 'major' },
  { controlId: 'P1-OPS-SL', clause: '7 / Annex A', requirement: 'Service level', severity: 'minor' },
  {
    controlId: 'X-IMP-FINDINGS',
    clause: '(certification practice)',
    requirement: 'Findings closed',
    severity: 'major',
  },
  { controlId: 'DP-REC-ACCESSLOG', clause: 'GDPR Art. 5(2), 30, 32', requirement: 'Access logged', severity: 'major' },
];

const state = (controlId: string, status: ReadinessState['status'], since: string): ReadinessState => ({
  controlId,
  status,
  since: `${since}T04:00:00.000Z`,
});

const doc = (type: DocumentType, approvedOn: string, reviewDue: string): GovernanceDocument => ({
  tenantId: TENANT,
  documentId: `doc-${type}`,
  type,
  title: `The ${type}`,
  version: '1.0',
  approvedBy: 'usr-ceo',
  approvedOn,
  reviewDue,
  clauses: [],
  occurredAt: `${approvedOn}T09:00:00Z`,
  recordedAt: `${approvedOn}T09:00:01Z`,
});

const audit = (
  auditId: string,
  kind: AuditRecord['kind'],
  completedOn: string,
  clausesInScope: string[],
  findings: AuditRecord['findings'] = [],
): AuditRecord => ({
  tenantId: TENANT,
  auditId,
  kind,
  auditor: kind === 'internal' ? 'usr-qa-lead' : 'AFNOR Certification',
  startedOn: completedOn,
  completedOn,
  clausesInScope,
  findings,
  occurredAt: `${completedOn}T17:00:00Z`,
  recordedAt: `${completedOn}T17:00:01Z`,
});

const nc = (a: AuditRecord, findingId: string, grade: Nonconformity['grade'], closedOn?: string): Nonconformity => ({
  tenantId: TENANT,
  nonconformityId: `${a.auditId}.${findingId}`,
  origin: { type: 'audit', auditId: a.auditId, auditKind: a.kind, findingId },
  clause: '4.4',
  grade,
  description: 'Acknowledgements late in October',
  openedAt: a.occurredAt,
  dueOn: '2027-02-01',
  status: closedOn === undefined ? 'open' : 'closed',
  actions: [],
  ...(closedOn === undefined ? {} : { closedAt: `${closedOn}T10:00:00Z` }),
  steps: [],
});

const review = (heldOn: string): ManagementReview => ({
  tenantId: TENANT,
  reviewId: `mr-${heldOn}`,
  heldOn,
  chairedBy: 'usr-ceo',
  inputs: ['audit-results', 'complaints', 'kpis'],
  decisions: 4,
  occurredAt: `${heldOn}T15:00:00Z`,
  recordedAt: `${heldOn}T15:00:01Z`,
});

const fresh = (): ReadinessInput => ({
  today: TODAY,
  controls: CONTROLS,
  states: [],
  audits: [],
  nonconformities: [],
  documents: [],
  reviews: [],
  certification: terms,
  ledger: { valid: true, entries: 0 },
});

const REQUIRED: DocumentType[] = [
  'scope-statement',
  'cx-strategy',
  'quality-policy',
  'org-chart',
  'complaint-procedure',
];
const allCompliantSince = (since: string) => CONTROLS.map((c) => state(c.controlId, 'compliant', since));
const allDocuments = (approvedOn: string) => [
  ...REQUIRED.map((t) => doc(t, approvedOn, '2027-06-30')),
  doc('project-plan', approvedOn, '2027-06-30'),
];

describe('Readiness: a fresh tenant', () => {
  const view = assessReadiness(fresh());

  it('has every clause not started, each with its gaps', () => {
    expect(view.clauses.map((c) => c.clause)).toEqual([...PART1, 'certification practice', 'GDPR']);
    expect(view.clauses.every((c) => c.readiness === 'not-started')).toBe(true);
    const complaints = view.clauses.find((c) => c.clause === '4.4')!;
    expect(complaints.controls).toEqual([
      {
        controlId: 'P1-CMP-ACK',
        requirement: 'Complaints acknowledged in time',
        severity: 'major',
        status: 'no-data',
        since: null,
      },
    ]);
    expect(complaints.gaps).toEqual([
      'No approved complaint-procedure document',
      'Clause 4.4 (Complaints handling) not covered by an internal audit since 2025-11-15',
      'P1-CMP-ACK has no data yet',
    ]);
    expect(complaints.evidence).toEqual({ documents: 0, audits: 0, lastAuditedOn: null, openNonconformities: 0 });
  });

  it('lists the whole gap analysis: documents, audit coverage, the review, every control', () => {
    const refs = (kind: string) => view.missing.filter((m) => m.kind === kind).map((m) => m.ref);
    expect(refs('document')).toEqual(REQUIRED);
    expect(refs('internal-audit')).toEqual(PART1);
    expect(refs('management-review')).toEqual(['management-review']);
    expect(refs('control')).toEqual(CONTROLS.map((c) => c.controlId));
    expect(refs('nonconformity')).toEqual([]);
  });

  it('stands at step 1 with nothing started', () => {
    expect(view.path.steps.map((s) => s.status)).toEqual(Array(9).fill('not-started'));
    expect(view.path.current).toBe(1);
    expect(view.path.next).toMatch(/scope statement/);
    expect(view.path.certification).toBeNull();
  });
});

describe('Readiness: a tenant half-way', () => {
  const internal = audit('ia-2026-10', 'internal', '2026-10-20', ['4.4', '5', '6'], []);
  const input: ReadinessInput = {
    ...fresh(),
    states: [
      ...allCompliantSince('2026-08-01').filter((s) => !['P1-CMP-ACK', 'P1-CX-FCR'].includes(s.controlId)),
      state('P1-CMP-ACK', 'breached', '2026-11-03'),
      state('P1-CX-FCR', 'no-data', '2026-11-01'),
    ],
    documents: [
      doc('scope-statement', '2026-03-01', '2027-03-01'),
      doc('project-plan', '2026-03-15', '2027-03-15'),
      doc('quality-policy', '2026-04-01', '2027-04-01'),
      doc('org-chart', '2026-04-01', '2027-04-01'),
      doc('cx-strategy', '2025-09-01', '2026-09-01'),
    ],
    audits: [internal],
    nonconformities: [nc(internal, 'f1', 'major'), nc(internal, 'f2', 'minor')],
    // Disabled by the agreement: neither a gap nor counted.
    controls: CONTROLS.map((c) =>
      c.controlId === 'P1-OPS-SL' ? { ...c, disabledReason: 'No voice service in scope' } : c,
    ),
  };
  const view = assessReadiness(input);
  const clause = (id: string) => view.clauses.find((c) => c.clause === id)!;

  it('says which clauses are ready, which have gaps, and why', () => {
    expect(clause('6')).toMatchObject({
      readiness: 'ready',
      gaps: [],
      evidence: { audits: 1, lastAuditedOn: '2026-10-20', documents: 0, openNonconformities: 0 },
    });
    expect(clause('4.4').readiness).toBe('gaps');
    expect(clause('4.4').gaps).toEqual([
      'No approved complaint-procedure document',
      'P1-CMP-ACK breached since 2026-11-03T04:00:00.000Z',
      'Major nonconformity ia-2026-10.f1 (clause 4.4) is open, to be closed by 2027-02-01',
    ]);
    expect(clause('4.4').evidence.openNonconformities).toBe(2);
    expect(clause('5').gaps).toEqual([
      'The cx-strategy (cx-strategy) was due for review on 2026-09-01',
      'No management review within the last 12 months',
    ]);
    expect(clause('5').evidence.documents).toBe(3);
    expect(clause('7').controls).toMatchObject([{ controlId: 'P1-OPS-SL', status: 'disabled', since: null }]);
    expect(clause('7').readiness).toBe('gaps');
    expect(clause('9').readiness).toBe('not-started');
  });

  it('stands at step 4, documentation, with the earlier steps done and the audits ahead', () => {
    expect(view.path.steps.map((s) => [s.step, s.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
      [4, 'in-progress'],
      [5, 'in-progress'],
      [6, 'in-progress'],
      [7, 'not-started'],
      [8, 'not-started'],
      [9, 'not-started'],
    ]);
    expect(view.path.current).toBe(4);
    expect(view.path.next).toBe('Approve (or review) the required documents: cx-strategy, complaint-procedure');
    expect(view.path.steps[1]!.evidence).toBe('6 of 7 enabled controls judged');
    expect(view.path.steps[3]!.evidence).toBe('3 of 5 required documents approved and in review');
    expect(view.path.steps[5]!.evidence).toMatch(/covered 3 of 9 Part 1 clauses; no management review/);
  });

  it('moves to step 7 once documents, controls, the internal audit and the review are in place', () => {
    const ready = assessReadiness({
      ...input,
      states: allCompliantSince('2026-08-01'),
      documents: allDocuments('2026-04-01'),
      audits: [audit('ia-2026-10', 'internal', '2026-10-20', ['4', '5', '6', '7', '8', '9'])],
      nonconformities: [],
      reviews: [review('2026-10-30')],
    });
    expect(ready.missing).toEqual([]);
    expect(ready.clauses.every((c) => c.readiness === 'ready')).toBe(true);
    expect(ready.path.current).toBe(7);
    expect(ready.path.next).toBe('Hold the certification-stage-1 audit with the certification body');
  });

  it('keeps step 5 open while a control has been compliant for less than 30 days', () => {
    const recent = assessReadiness({
      ...input,
      states: [...allCompliantSince('2026-08-01').slice(1), state('P1-CX-FCR', 'compliant', '2026-11-01')],
    });
    expect(recent.path.steps[4]).toMatchObject({ status: 'in-progress' });
    expect(recent.path.steps[4]!.evidence).toMatch(/less than 30 days: P1-CX-FCR/);
  });
});

describe('Readiness: a certified tenant', () => {
  const stage1 = audit('cb-s1', 'certification-stage-1', '2025-08-20', PART1);
  const stage2 = audit('cb-s2', 'certification-stage-2', '2025-09-25', PART1);
  const certified: ReadinessInput = {
    ...fresh(),
    states: allCompliantSince('2025-06-01'),
    documents: allDocuments('2026-01-10'),
    audits: [audit('ia-2026-06', 'internal', '2026-06-10', PART1), stage1, stage2],
    nonconformities: [nc(stage2, 'f1', 'major', '2025-10-10'), nc(stage2, 'f2', 'minor')],
    reviews: [review('2026-07-01')],
  };

  it('is due for its first surveillance audit 12 months after certification, which followed the major closure', () => {
    const view = assessReadiness(certified);
    expect(view.path.steps.slice(0, 8).every((s) => s.status === 'done')).toBe(true);
    expect(view.path.certification).toEqual({
      certifiedOn: '2025-10-10',
      nextSurveillanceDue: '2026-10-10',
      recertificationDue: '2028-10-10',
    });
    expect(view.path.steps[8]).toMatchObject({ step: 9, status: 'due', dueOn: '2026-10-10' });
    expect(view.path.current).toBe(9);
    expect(view.path.next).toBe('The surveillance audit was due by 2026-10-10: hold it now');
    expect(view.path.steps[7]!.evidence).toMatch(/1 nonconformities of certification audits still open/);
  });

  it('after a surveillance audit, is next due a surveillance interval later, and the last one before expiry is the recertification', () => {
    const surveyed = assessReadiness({
      ...certified,
      audits: [...certified.audits, audit('cb-sv1', 'surveillance', '2026-10-01', ['4.4', '6'])],
    });
    expect(surveyed.path.steps[8]).toMatchObject({ status: 'in-progress', dueOn: '2027-10-01' });
    const late = assessReadiness({
      ...certified,
      today: '2028-06-01',
      audits: [...certified.audits, audit('cb-sv2', 'surveillance', '2027-11-01', ['4.4'])],
    });
    expect(late.path.certification?.nextSurveillanceDue).toBe('2028-10-10');
    expect(late.path.steps[8]!.evidence).toMatch(/^Next recertification audit due by 2028-10-10/);
  });

  it('is not certified while a major nonconformity of stage 2 is open: step 8 is where it stands', () => {
    const open = assessReadiness({ ...certified, nonconformities: [nc(stage2, 'f1', 'major')] });
    expect(open.path.current).toBe(8);
    expect(open.path.steps[7]!.status).toBe('in-progress');
    expect(open.path.next).toBe('Close the major nonconformities of the certification audit: cb-s2.f1');
    expect(open.path.steps[8]!.status).toBe('not-started');
  });

  it('with a single-evaluation scheme, stage 2 alone makes the external audit step done', () => {
    const single = CertificationTerms.parse({
      ...DEFAULT_AGREEMENT_TERMS.certification,
      stages: { value: ['certification-stage-2'], origin: 'scheme' },
    });
    const view = assessReadiness({ ...certified, certification: single, audits: [certified.audits[0]!, stage2] });
    expect(view.path.steps[6]).toMatchObject({ status: 'done', evidence: 'certification-stage-2 held on 2025-09-25' });
  });
});

describe('Readiness: properties', () => {
  const day = fc.integer({ min: -800, max: 30 }).map(shift);
  const arbitraryInput: fc.Arbitrary<ReadinessInput> = fc
    .record({
      states: fc
        .subarray(CONTROLS)
        .chain((cs) =>
          fc.tuple(
            ...cs.map((c) =>
              fc
                .record({ status: fc.constantFrom('compliant', 'at-risk', 'breached', 'no-data' as const), since: day })
                .map(({ status, since }) => state(c.controlId, status, since)),
            ),
          ),
        ),
      documents: fc
        .subarray(REQUIRED)
        .chain((types) =>
          fc.tuple(
            ...types.map((t) => fc.tuple(day, fc.integer({ min: 1, max: 800 })).map(([a, n]) => doc(t, a, shift(n)))),
          ),
        ),
      audits: fc.array(
        fc
          .tuple(
            fc.constantFrom(
              'internal',
              'certification-stage-1',
              'certification-stage-2',
              'surveillance',
              'recertification' as const,
            ),
            day,
            fc.subarray(PART1, { minLength: 1 }),
            fc.uuid(),
          )
          .map(([kind, on, clauses, id]) => audit(id, kind, on, clauses)),
        { maxLength: 5 },
      ),
      reviews: fc.array(day.map(review), { maxLength: 2 }),
      valid: fc.boolean(),
    })
    .chain(({ states, documents, audits, reviews, valid }) =>
      fc
        .array(
          fc.tuple(
            fc.constantFrom(...(audits.length > 0 ? audits : [audit('x', 'internal', TODAY, ['4.4'])])),
            fc.constantFrom('major', 'minor', 'observation' as const),
            fc.option(day, { nil: undefined }),
          ),
          { maxLength: 4 },
        )
        .map((ncs) => ({
          ...fresh(),
          states,
          documents,
          audits,
          reviews,
          ledger: { valid, entries: 10 },
          nonconformities: ncs.map(([a, grade, closedOn], i) => nc(a, `f${i}`, grade, closedOn)),
        })),
    );

  it('current is always the first step not done, and a clause is ready exactly when it has no gaps', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const view = assessReadiness(input);
        const firstNotDone = view.path.steps.find((s) => s.status !== 'done')!;
        expect(view.path.current).toBe(firstNotDone.step);
        expect(view.path.steps[8]!.status).not.toBe('done');
        for (const c of view.clauses) expect(c.readiness === 'ready').toBe(c.gaps.length === 0);
        // Every gap of a clause is an item of the gap analysis.
        const missing = new Set(view.missing.map((m) => m.description));
        for (const c of view.clauses) for (const g of c.gaps) expect(missing.has(g)).toBe(true);
      }),
    );
  });
});

function shift(days: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
