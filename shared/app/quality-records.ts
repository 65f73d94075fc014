/**
 * The quality records' use cases (audits, nonconformities and their corrective actions, the governance register;
 * ISO18295.md §2.7, §5): their ports, what the controls engine asks of them, and the use cases that record each fact
 * once with its evidence-ledger entry.
 */
import type { DocumentApprovedDetail, ManagementReviewHeldDetail } from '../../events/governance.js';
import type { AuditCompletedDetail, CorrectiveActionRecordedDetail, CorrectiveStepName } from '../../events/quality.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceOn } from '../domain/agreement/agreement-versions.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import type { LedgerEntry } from '../domain/ledger/hash-chain.js';
import { applyStep, openFromFinding } from '../domain/quality/nonconformity-workflow.js';
import type { AuditRecord, CorrectiveStep, Nonconformity, RecordedStep } from '../domain/quality/quality-records.js';
import type { AgreementVersions } from './agent-competence.js';
import type { CommittedChange, EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import type { WriteOutcome } from './write-outcome.js';

/** What a breached control opens a nonconformity from. */
export interface BreachInput {
  tenantId: string;
  controlId: string;
  clause: string;
  severity: 'major' | 'minor';
  /** When the control entered `breached` (ISO instant). */
  breachedSince: string;
  /** The scalars of the control's detail when it breached. */
  summary: Record<string, unknown>;
  /** The agreement in force: its `certification.closureDays` give the due date. */
  agreement: AgreementVersion;
}

/**
 * Port: the nonconformity a breach opens, as writes for the breach's own transaction (with its ledger entry). While
 * a nonconformity opened by the same control is still open, no new one is opened: `items` is empty and the id is the
 * open one's. Otherwise `items` puts a new one, conditioned on its absence.
 */
export interface BreachNonconformities {
  openWrites(input: BreachInput): Promise<{ nonconformityId: string; items: StoreWrite[] }>;
}

/** A nonconformity as stored, with the revision its next write is conditioned on. */
export interface StoredNonconformity {
  nonconformity: Nonconformity;
  revision: number;
}

/** Port: audits and nonconformities as the use cases read and write them (shared/store/quality-repository.ts). */
export interface QualityStore {
  /** Strongly consistent. */
  audit(tenantId: string, auditId: string): Promise<AuditRecord | undefined>;
  /** Strongly consistent. */
  storedNonconformity(tenantId: string, nonconformityId: string): Promise<StoredNonconformity | undefined>;
  /** Puts a new audit, conditioned on its absence. */
  auditWrite(audit: AuditRecord): StoreWrite;
  /** Writes a nonconformity (with its listing keys), conditioned on `previousRevision` (none: new). */
  nonconformityWrite(nonconformity: Nonconformity, previousRevision: number | undefined): StoreWrite;
}

/** Port: the governance register as the use case reads and writes it (shared/store/governance-repository.ts). */
export interface GovernanceStore {
  /** The latest version of a document with its revision, strongly consistent. */
  storedDocument(
    tenantId: string,
    documentId: string,
  ): Promise<{ document: GovernanceDocument; revision: number } | undefined>;
  /** Whether this version of the document was recorded already, strongly consistent. */
  hasDocumentVersion(tenantId: string, documentId: string, version: string): Promise<boolean>;
  /** Puts one approved version (the history), conditioned on its absence. */
  documentVersionWrite(document: GovernanceDocument): StoreWrite;
  /** Writes the document's latest version, conditioned on `previousRevision` (none: new). */
  documentWrite(document: GovernanceDocument, previousRevision: number | undefined): StoreWrite;
  /** Strongly consistent. */
  review(tenantId: string, reviewId: string): Promise<ManagementReview | undefined>;
  /** Puts a new review, conditioned on its absence. */
  reviewWrite(review: ManagementReview): StoreWrite;
}

/** Who records a change: the API's principal and role, or the producer of an event. */
export interface Recorder {
  actor: string;
  actorRole: string;
  requestId?: string;
}

/**
 * The most findings one audit may carry. The audit, the nonconformity each finding opens and the two ledger items are
 * one DynamoDB transaction (at most 100 items): 80 findings keep it at 83, well inside. The event schema refuses more
 * (events/quality.ts), so no audit is ever recorded in part; an audit with more findings is sent as several audits.
 */
export const MAX_AUDIT_FINDINGS = 80;

/** No nonconformity of that id for the tenant (the API answers 404; an event is dead-lettered). */
export class NonconformityNotFoundError extends Error {
  override name = 'NonconformityNotFoundError';
}

/** What recording a fact did, with what it is now. */
export interface Recorded<T> {
  outcome: WriteOutcome;
  record: T;
  /** The ledger entry written with it; none for a duplicate. */
  entry?: LedgerEntry;
}

/** The use case's result with the ledger entry the commit wrote, when it wrote one. */
function withEntry<T extends object>({ result, entry }: CommittedChange<T>): T {
  return entry === undefined ? result : { ...result, entry };
}

/**
 * Records a completed audit and opens one nonconformity per finding, due by the closure days of the agreement in force
 * on its completion date, all in one transaction with its `audit.completed` ledger entry. An audit already recorded
 * (same `auditId`) is a duplicate: nothing is written, and the one recorded first stands.
 */
export class RecordAudit {
  constructor(
    private readonly store: QualityStore,
    private readonly agreements: AgreementVersions,
    private readonly ledger: EvidenceLedger,
  ) {}

  async record(audit: AuditRecord, by: Recorder): Promise<Recorded<AuditRecord> & { nonconformityIds: string[] }> {
    const { tenantId } = audit;
    if (audit.findings.length > MAX_AUDIT_FINDINGS) {
      throw new RangeError(`an audit carries at most ${MAX_AUDIT_FINDINGS} findings`);
    }
    type Result = Recorded<AuditRecord> & { nonconformityIds: string[] };
    const committed = await this.ledger.commit<Result>(tenantId, async () => {
      const [stored, versions] = await Promise.all([
        this.store.audit(tenantId, audit.auditId),
        this.agreements.versions(tenantId),
      ]);
      if (stored !== undefined) {
        const ids = stored.findings.map((f) => `${stored.auditId}.${f.findingId}`);
        return { unchanged: true, result: { outcome: 'duplicate', record: stored, nonconformityIds: ids } };
      }
      const { certification } = versionInForceOn(tenantId, versions, audit.completedOn);
      const opened = audit.findings.map((finding) => openFromFinding(audit, finding, certification));
      return {
        items: [this.store.auditWrite(audit), ...opened.map((nc) => this.store.nonconformityWrite(nc, undefined))],
        evidence: {
          tenantId,
          occurredAt: audit.occurredAt,
          ...by,
          kind: 'audit.completed',
          resource: `audit/${audit.auditId}`,
          // Ids, grades and dates only: a finding's description is free text.
          payload: {
            auditId: audit.auditId,
            auditKind: audit.kind,
            completedOn: audit.completedOn,
            clausesInScope: audit.clausesInScope,
            nonconformities: opened.map((nc) => ({
              nonconformityId: nc.nonconformityId,
              grade: nc.grade,
              dueOn: nc.dueOn ?? null,
            })),
          },
        },
        result: { outcome: 'applied', record: audit, nonconformityIds: opened.map((nc) => nc.nonconformityId) },
      };
    });
    return withEntry(committed);
  }
}

/**
 * Applies one corrective-action step to a nonconformity, for the API's POST and the `corrective-action.recorded`
 * event alike: the nonconformity is written conditioned on the revision it was read at, with its ledger entry, in one
 * transaction (a concurrent step makes the ledger prepare it again from a fresh read). A step already applied (its
 * `stepId`) is a duplicate; a step the workflow refuses throws `NonconformityStepError`, an unknown nonconformity
 * {@link NonconformityNotFoundError}.
 */
export class RecordCorrectiveStep {
  constructor(
    private readonly store: QualityStore,
    private readonly ledger: EvidenceLedger,
  ) {}

  async record(
    tenantId: string,
    nonconformityId: string,
    step: RecordedStep,
    by: Recorder,
  ): Promise<Recorded<Nonconformity>> {
    const committed = await this.ledger.commit<Recorded<Nonconformity>>(tenantId, async () => {
      const stored = await this.store.storedNonconformity(tenantId, nonconformityId);
      if (stored === undefined)
        throw new NonconformityNotFoundError(`no nonconformity ${nonconformityId} for this tenant`);
      const { nonconformity, outcome } = applyStep(stored.nonconformity, step);
      if (outcome === 'duplicate') return { unchanged: true, result: { outcome, record: nonconformity } };
      return {
        items: [this.store.nonconformityWrite(nonconformity, stored.revision)],
        evidence: {
          tenantId,
          occurredAt: step.occurredAt,
          ...by,
          kind: 'corrective-action.recorded',
          resource: `nonconformity/${nonconformityId}`,
          // No free text (root cause, descriptions, notes): the step, its ids and the status it leads to.
          payload: {
            nonconformityId,
            stepId: step.stepId,
            step: step.step,
            status: nonconformity.status,
            ...('actionId' in step ? { actionId: step.actionId } : {}),
            ...(step.step === 'verified' ? { effective: step.effective } : {}),
          },
        },
        result: { outcome, record: nonconformity },
      };
    });
    return withEntry(committed);
  }
}

/** A document version is newer than another when approved later, or the same day and reported later. */
function isNewer(candidate: GovernanceDocument, current: GovernanceDocument): boolean {
  if (candidate.approvedOn !== current.approvedOn) return candidate.approvedOn > current.approvedOn;
  return Date.parse(candidate.occurredAt) >= Date.parse(current.occurredAt);
}

/**
 * Records the governance register's facts, each with its ledger entry in one transaction: an approved document
 * version (kept as history; the document's latest version moves only to a newer approval, so versions may arrive in
 * any order) and a management review. A version or review recorded already is a duplicate.
 */
export class RecordGovernance {
  constructor(
    private readonly store: GovernanceStore,
    private readonly ledger: EvidenceLedger,
  ) {}

  async approveDocument(document: GovernanceDocument, by: Recorder): Promise<Recorded<GovernanceDocument>> {
    const { tenantId, documentId, version } = document;
    const committed = await this.ledger.commit<Recorded<GovernanceDocument>>(tenantId, async () => {
      const [known, stored] = await Promise.all([
        this.store.hasDocumentVersion(tenantId, documentId, version),
        this.store.storedDocument(tenantId, documentId),
      ]);
      if (known) return { unchanged: true, result: { outcome: 'duplicate', record: stored?.document ?? document } };
      const latest = stored === undefined || isNewer(document, stored.document);
      return {
        items: [
          this.store.documentVersionWrite(document),
          ...(latest ? [this.store.documentWrite(document, stored?.revision)] : []),
        ],
        evidence: {
          tenantId,
          occurredAt: document.occurredAt,
          ...by,
          kind: 'document.approved',
          resource: `document/${documentId}`,
          payload: {
            documentId,
            type: document.type,
            version,
            approvedOn: document.approvedOn,
            reviewDue: document.reviewDue,
            latest,
          },
        },
        result: { outcome: 'applied', record: latest ? document : (stored?.document ?? document) },
      };
    });
    return withEntry(committed);
  }

  async holdReview(review: ManagementReview, by: Recorder): Promise<Recorded<ManagementReview>> {
    const { tenantId, reviewId } = review;
    const committed = await this.ledger.commit<Recorded<ManagementReview>>(tenantId, async () => {
      const stored = await this.store.review(tenantId, reviewId);
      if (stored !== undefined) return { unchanged: true, result: { outcome: 'duplicate', record: stored } };
      return {
        items: [this.store.reviewWrite(review)],
        evidence: {
          tenantId,
          occurredAt: review.occurredAt,
          ...by,
          kind: 'management-review.held',
          resource: `management-review/${reviewId}`,
          payload: { reviewId, heldOn: review.heldOn, inputs: review.inputs, decisions: review.decisions },
        },
        result: { outcome: 'applied', record: review },
      };
    });
    return withEntry(committed);
  }
}

/** The fields of one corrective step, as the event and the API's body carry them (events/quality.ts). */
export type CorrectiveStepInput = { step: CorrectiveStepName } & Partial<
  Record<
    'rootCause' | 'actionId' | 'description' | 'ownerId' | 'dueOn' | 'completedOn' | 'evidenceRef' | 'note',
    string
  >
> & { effective?: boolean };

function defined<T extends Record<string, unknown>>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The step the fields describe. The schemas checked that each step has its fields (events/quality.ts
 * `checkStepFields`), so the casts only name what was checked.
 */
export function correctiveStepOf(input: CorrectiveStepInput): CorrectiveStep {
  const f = input as Required<CorrectiveStepInput>;
  switch (input.step) {
    case 'root-cause':
      return { step: 'root-cause', rootCause: f.rootCause };
    case 'action-planned':
      return {
        step: 'action-planned',
        actionId: f.actionId,
        description: f.description,
        ownerId: f.ownerId,
        dueOn: f.dueOn,
      };
    case 'action-completed':
      return defined({
        step: 'action-completed' as const,
        actionId: f.actionId,
        completedOn: f.completedOn,
        evidenceRef: input.evidenceRef,
      });
    case 'verified':
      return defined({ step: 'verified' as const, effective: f.effective, note: input.note });
    case 'closed':
      return defined({ step: 'closed' as const, note: input.note });
  }
}

/** The audit an `audit.completed` records. */
export function auditOf(detail: AuditCompletedDetail, recordedAt: Date): AuditRecord {
  const { tenantId, auditId, kind, auditor, startedOn, completedOn, clausesInScope, findings, occurredAt } = detail;
  return {
    tenantId,
    auditId,
    kind,
    auditor,
    startedOn,
    completedOn,
    clausesInScope,
    findings,
    occurredAt,
    recordedAt: recordedAt.toISOString(),
  };
}

/** The step a `corrective-action.recorded` records. */
export function recordedStepOf(detail: CorrectiveActionRecordedDetail, recordedAt: Date): RecordedStep {
  return {
    ...correctiveStepOf(detail),
    stepId: detail.stepId,
    recordedBy: detail.recordedBy,
    recordedAt: recordedAt.toISOString(),
    occurredAt: detail.occurredAt,
  };
}

/** The document version a `document.approved` records. */
export function documentOf(detail: DocumentApprovedDetail, recordedAt: Date): GovernanceDocument {
  const { tenantId, documentId, type, title, version, approvedBy, approvedOn, reviewDue, occurredAt } = detail;
  return {
    tenantId,
    documentId,
    type,
    title,
    version,
    approvedBy,
    approvedOn,
    reviewDue,
    clauses: detail.clauses ?? [],
    occurredAt,
    recordedAt: recordedAt.toISOString(),
  };
}

/** The review a `management-review.held` records. */
export function reviewOf(detail: ManagementReviewHeldDetail, recordedAt: Date): ManagementReview {
  const { tenantId, reviewId, heldOn, chairedBy, inputs, decisions, minutesRef, occurredAt } = detail;
  return defined({
    tenantId,
    reviewId,
    heldOn,
    chairedBy,
    inputs,
    decisions,
    minutesRef,
    occurredAt,
    recordedAt: recordedAt.toISOString(),
  });
}
