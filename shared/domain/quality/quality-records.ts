/**
 * Audits, their findings and the nonconformities they open, with the corrective-action workflow of each
 * (ISO18295.md §2.7 X-IMP-INTAUDIT and X-IMP-FINDINGS, §5): the shapes the quality records are kept in, which the
 * controls, the evidence pack and the readiness view read.
 */

/** Who held an audit, and at which step of the certification cycle (ISO18295.md §5.1). */
export const AUDIT_KINDS = [
  'internal',
  'client',
  'certification-stage-1',
  'certification-stage-2',
  'surveillance',
  'recertification',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** How grave a finding is; an observation is an opportunity for improvement, with no closure deadline by default. */
export const FINDING_GRADES = ['major', 'minor', 'observation'] as const;
export type FindingGrade = (typeof FINDING_GRADES)[number];

export interface AuditFinding {
  findingId: string;
  clause: string;
  grade: FindingGrade;
  description: string;
}

/** An audit as recorded from `audit.completed`. */
export interface AuditRecord {
  tenantId: string;
  auditId: string;
  kind: AuditKind;
  /** Pseudonymous id of the lead auditor, or the certification body's name. */
  auditor: string;
  /** Tenant-local dates (YYYY-MM-DD) the audit started and ended. */
  startedOn: string;
  completedOn: string;
  /** The ISO 18295-1 clauses it covered (`4.2`, `4.4`, `6`, ...). */
  clausesInScope: string[];
  findings: AuditFinding[];
  /** When the event said it happened, and when the product recorded it. */
  occurredAt: string;
  recordedAt: string;
}

/** Where a nonconformity comes from: an audit's finding, or a control that breached. */
export type NonconformityOrigin =
  | { type: 'audit'; auditId: string; auditKind: AuditKind; findingId: string }
  | { type: 'control'; controlId: string; breachedSince: string };

/**
 * The corrective-action workflow: `open` (raised), `in-progress` (root cause or actions recorded),
 * `awaiting-verification` (every action done), `closed` (verified effective, then closed). A verification that finds
 * the actions ineffective takes it back to `in-progress`.
 */
export type NonconformityStatus = 'open' | 'in-progress' | 'awaiting-verification' | 'closed';

export interface CorrectiveAction {
  actionId: string;
  description: string;
  /** Pseudonymous id of the person who owns it. */
  ownerId: string;
  /** Tenant-local date it is due. */
  dueOn: string;
  status: 'planned' | 'done';
  completedOn?: string;
  /** A reference to the evidence of completion (a document id, a ticket), never the evidence itself. */
  evidenceRef?: string;
}

export interface NonconformityVerification {
  effective: boolean;
  verifiedBy: string;
  verifiedAt: string;
  note?: string;
}

/** One step of the workflow, as the API's POST and the `corrective-action.recorded` event carry it. */
export type CorrectiveStep =
  | { step: 'root-cause'; rootCause: string }
  | { step: 'action-planned'; actionId: string; description: string; ownerId: string; dueOn: string }
  | { step: 'action-completed'; actionId: string; completedOn: string; evidenceRef?: string }
  | { step: 'verified'; effective: boolean; note?: string }
  | { step: 'closed'; note?: string };

/** A step as applied: who recorded it and when. */
export type RecordedStep = CorrectiveStep & {
  stepId: string;
  recordedBy: string;
  recordedAt: string;
  occurredAt: string;
};

export interface Nonconformity {
  tenantId: string;
  /** `<auditId>.<findingId>` for a finding; `ctl.<controlId>.<breachedSince epoch ms>` for a breached control. */
  nonconformityId: string;
  origin: NonconformityOrigin;
  clause: string;
  grade: FindingGrade;
  description: string;
  openedAt: string;
  /** When it must be closed (tenant-local date), from the agreement's certification terms; none for an observation. */
  dueOn?: string;
  status: NonconformityStatus;
  rootCause?: string;
  actions: CorrectiveAction[];
  verification?: NonconformityVerification;
  closedAt?: string;
  /** Every step applied, oldest first. */
  steps: RecordedStep[];
}
