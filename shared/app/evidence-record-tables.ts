/**
 * The CSV tables of the evidence pack's records of the management system: control states and transitions, audits,
 * nonconformities with their corrective-action steps, approved documents and management reviews. Free text a person
 * typed is kept only where it is the record itself (a root cause, a document title); ids of people are pseudonymous.
 */
import type { CsvTable } from '../domain/evidence/csv.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import type { AuditRecord, Nonconformity, RecordedStep } from '../domain/quality/quality-records.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import type { ControlDefinition } from './controls/control-definition.js';
export const controlStateTable: CsvTable<{ control: ControlDefinition; state: ControlState | undefined }> = {
  header: ['controlId', 'clause', 'requirement', 'severity', 'status', 'since', 'detail'],
  cells: ({ control, state }) => [
    control.controlId,
    control.clause,
    control.requirement,
    control.severity,
    state?.status ?? 'no-data',
    state?.since,
    state?.detail,
  ],
};

export const controlHistoryTable: CsvTable<ControlHistoryEntry> = {
  header: ['at', 'controlId', 'from', 'to', 'ledgerSequence', 'nonconformityId', 'detail'],
  cells: (h) => [h.at, h.controlId, h.from, h.to, h.ledgerSequence, h.nonconformityId, h.detail],
};

export const auditTable: CsvTable<AuditRecord> = {
  header: [
    'auditId',
    'kind',
    'auditor',
    'startedOn',
    'completedOn',
    'clausesInScope',
    'majorFindings',
    'minorFindings',
    'observations',
    'occurredAt',
    'recordedAt',
  ],
  cells: (a) => {
    const graded = (grade: string) => a.findings.filter((f) => f.grade === grade).length;
    return [
      a.auditId,
      a.kind,
      a.auditor,
      a.startedOn,
      a.completedOn,
      a.clausesInScope.join(';'),
      graded('major'),
      graded('minor'),
      graded('observation'),
      a.occurredAt,
      a.recordedAt,
    ];
  },
};

export const nonconformityTable: CsvTable<Nonconformity> = {
  header: [
    'nonconformityId',
    'origin',
    'source',
    'clause',
    'grade',
    'openedAt',
    'dueOn',
    'status',
    'rootCause',
    'actions',
    'actionsDone',
    'verifiedEffective',
    'closedAt',
  ],
  cells: (n) => [
    n.nonconformityId,
    n.origin.type,
    n.origin.type === 'audit' ? `${n.origin.auditId}/${n.origin.findingId}` : n.origin.controlId,
    n.clause,
    n.grade,
    n.openedAt,
    n.dueOn,
    n.status,
    n.rootCause,
    n.actions.length,
    n.actions.filter((a) => a.status === 'done').length,
    n.verification?.effective,
    n.closedAt,
  ],
};

export const correctiveStepTable: CsvTable<{ nonconformityId: string; step: RecordedStep }> = {
  header: [
    'nonconformityId',
    'stepId',
    'step',
    'occurredAt',
    'recordedAt',
    'recordedBy',
    'actionId',
    'ownerId',
    'dueOn',
    'completedOn',
    'evidenceRef',
    'effective',
  ],
  cells: ({ nonconformityId, step: s }) => [
    nonconformityId,
    s.stepId,
    s.step,
    s.occurredAt,
    s.recordedAt,
    s.recordedBy,
    'actionId' in s ? s.actionId : undefined,
    s.step === 'action-planned' ? s.ownerId : undefined,
    s.step === 'action-planned' ? s.dueOn : undefined,
    s.step === 'action-completed' ? s.completedOn : undefined,
    s.step === 'action-completed' ? s.evidenceRef : undefined,
    s.step === 'verified' ? s.effective : undefined,
  ],
};

export const documentTable: CsvTable<GovernanceDocument> = {
  header: [
    'documentId',
    'type',
    'title',
    'version',
    'approvedBy',
    'approvedOn',
    'reviewDue',
    'clauses',
    'occurredAt',
    'recordedAt',
  ],
  cells: (d) => [
    d.documentId,
    d.type,
    d.title,
    d.version,
    d.approvedBy,
    d.approvedOn,
    d.reviewDue,
    d.clauses.join(';'),
    d.occurredAt,
    d.recordedAt,
  ],
};

export const reviewTable: CsvTable<ManagementReview> = {
  header: ['reviewId', 'heldOn', 'chairedBy', 'inputs', 'decisions', 'minutesRef', 'occurredAt', 'recordedAt'],
  cells: (r) => [
    r.reviewId,
    r.heldOn,
    r.chairedBy,
    r.inputs.join(';'),
    r.decisions,
    r.minutesRef,
    r.occurredAt,
    r.recordedAt,
  ],
};
