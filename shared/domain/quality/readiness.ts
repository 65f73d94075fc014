/**
 * Certification readiness (issue 12 items 6 and 7, ISO18295.md §5): per Part 1 clause, the controls that serve it
 * and the evidence held; the gap analysis a centre does before a certification audit (`missing`); and where the
 * tenant stands on the certification path (certification-path.ts). Pure: the same records and `today` give the same
 * view.
 */
import type { DocumentType } from '../governance/governance-records.js';
import { type CertificationPath, certificationPath } from './certification-path.js';

export type { MissingItem, MissingKind, ReadinessControl, ReadinessInput, ReadinessState } from './readiness-facts.js';

import {
  type ControlStatus,
  clauseGroupOf,
  covers,
  DOCUMENT_TYPE_CLAUSE,
  documentGroups,
  documentStanding,
  enabledControls,
  heldAudits,
  internalAuditWindowStart,
  internallyAudited,
  type MissingItem,
  READINESS_CLAUSES,
  type ReadinessInput,
  recentReview,
} from './readiness-facts.js';

export type ClauseReadinessState = 'ready' | 'gaps' | 'not-started';

export interface ClauseControl {
  controlId: string;
  requirement: string;
  severity: 'major' | 'minor';
  status: ControlStatus | 'disabled';
  since: string | null;
}

export interface ClauseReadiness {
  clause: string;
  title: string;
  readiness: ClauseReadinessState;
  controls: ClauseControl[];
  evidence: {
    /** Approved documents serving the clause (by the clauses they name, else their type). */
    documents: number;
    /** Audits of any kind held by today that had the clause in scope, and the last one's date. */
    audits: number;
    lastAuditedOn: string | null;
    openNonconformities: number;
  };
  /** What keeps it from `ready`, in words. */
  gaps: string[];
}

export interface Readiness {
  clauses: ClauseReadiness[];
  missing: MissingItem[];
  path: CertificationPath;
}

/** The readiness view of one tenant on `input.today`. */
export function assessReadiness(input: ReadinessInput): Readiness {
  const missing = missingItems(input);
  return { clauses: clauseReadiness(input, missing), missing, path: certificationPath(input, missing) };
}

function clauseReadiness(input: ReadinessInput, missing: readonly MissingItem[]): ClauseReadiness[] {
  const states = new Map(input.states.map((s) => [s.controlId, s]));
  const audits = heldAudits(input);
  return READINESS_CLAUSES.map(({ clause, title }) => {
    const controls: ClauseControl[] = input.controls
      .filter((c) => clauseGroupOf(c.clause) === clause)
      .map((c) => {
        const state = states.get(c.controlId);
        const status = c.disabledReason !== undefined ? 'disabled' : (state?.status ?? 'no-data');
        return { ...pick(c), status, since: status === 'disabled' ? null : (state?.since ?? null) };
      });
    const auditedBy = audits.filter((a) => a.clausesInScope.some((s) => covers(s, clause)));
    const documents = input.documents.filter(
      (d) => d.approvedOn <= input.today && documentGroups(d).includes(clause),
    ).length;
    const openNonconformities = input.nonconformities.filter(
      (n) => n.status !== 'closed' && clauseGroupOf(n.clause) === clause,
    ).length;
    const gaps = missing.filter((m) => concerns(m, clause, input)).map((m) => m.description);
    const started = documents > 0 || auditedBy.length > 0 || controls.some((c) => states.has(c.controlId));
    return {
      clause,
      title,
      readiness: gaps.length === 0 ? 'ready' : started ? 'gaps' : 'not-started',
      controls,
      evidence: {
        documents,
        audits: auditedBy.length,
        lastAuditedOn: auditedBy.at(-1)?.completedOn ?? null,
        openNonconformities,
      },
      gaps,
    };
  });
}

const pick = ({ controlId, requirement, severity }: ReadinessInput['controls'][number]) => ({
  controlId,
  requirement,
  severity,
});

/**
 * Whether an item of the gap analysis is a gap of `clause`: a document by its type's clause, a control or
 * nonconformity by its own; the management review is leadership's (5), the ledger certification practice's.
 */
function concerns(item: MissingItem, clause: string, input: ReadinessInput): boolean {
  switch (item.kind) {
    case 'document':
      return DOCUMENT_TYPE_CLAUSE[item.ref as DocumentType] === clause;
    case 'internal-audit':
      return item.ref === clause;
    case 'control':
      return clauseGroupOf(input.controls.find((c) => c.controlId === item.ref)?.clause ?? '') === clause;
    case 'nonconformity':
      return clauseGroupOf(input.nonconformities.find((n) => n.nonconformityId === item.ref)?.clause ?? '') === clause;
    case 'management-review':
      return clause === '5';
    case 'ledger':
      return clause === 'certification practice';
  }
}

/**
 * The gap analysis: required documents absent or past review, Part 1 clauses no internal audit covered within its
 * interval, no management review within its interval, controls breached or without data, major nonconformities
 * open, and a ledger that does not verify.
 */
export function missingItems(input: ReadinessInput): MissingItem[] {
  const { certification } = input;
  const documents = certification.requiredDocuments.value.flatMap((type): MissingItem[] => {
    const standing = documentStanding(type, input);
    if (standing.state === 'current') return [];
    const description =
      standing.state === 'absent'
        ? `No approved ${type} document`
        : `${standing.document.title} (${type}) was due for review on ${standing.document.reviewDue}`;
    return [{ kind: 'document', ref: type, description }];
  });
  const audited = internallyAudited(input);
  const from = internalAuditWindowStart(input);
  const uncovered = READINESS_CLAUSES.filter((c) => c.part1 && !audited.has(c.clause)).map(
    (c): MissingItem => ({
      kind: 'internal-audit',
      ref: c.clause,
      description: `Clause ${c.clause} (${c.title}) not covered by an internal audit since ${from}`,
    }),
  );
  const interval = certification.managementReviewIntervalMonths.value;
  const review: MissingItem[] =
    recentReview(input) === undefined
      ? [
          {
            kind: 'management-review',
            ref: 'management-review',
            description: `No management review within the last ${interval} months`,
          },
        ]
      : [];
  const controls = enabledControls(input).flatMap((c): MissingItem[] => {
    if (c.state?.status === 'breached')
      return [{ kind: 'control', ref: c.controlId, description: `${c.controlId} breached since ${c.state.since}` }];
    if (c.state === undefined || c.state.status === 'no-data')
      return [{ kind: 'control', ref: c.controlId, description: `${c.controlId} has no data yet` }];
    return [];
  });
  const majors = input.nonconformities
    .filter((n) => n.grade === 'major' && n.status !== 'closed')
    .map(
      (n): MissingItem => ({
        kind: 'nonconformity',
        ref: n.nonconformityId,
        description:
          `Major nonconformity ${n.nonconformityId} (clause ${n.clause}) is ${n.status}` +
          (n.dueOn === undefined ? '' : `, to be closed by ${n.dueOn}`),
      }),
    );
  const ledger: MissingItem[] = input.ledger.valid
    ? []
    : [
        {
          kind: 'ledger',
          ref: 'ledger',
          description:
            'The evidence ledger does not verify' +
            (input.ledger.firstBrokenAt === undefined ? '' : ` (first broken entry ${input.ledger.firstBrokenAt})`),
        },
      ];
  return [...documents, ...uncovered, ...review, ...controls, ...majors, ...ledger];
}
