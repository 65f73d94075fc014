/**
 * Governance records (ISO18295.md §2.2 P1-LEAD-CXSTRAT, §2.7, §5.2 sections 0, 1 and 10): the register of approved
 * policies and procedures with their review dates, and the management reviews held. The leadership and improvement
 * controls, the evidence pack and the readiness view read them.
 */
import { DocumentType as DocumentTypeSchema } from '../../../events/governance.js';

/** The kinds of document the register knows (events/governance.ts, the event's own list). */
export const DOCUMENT_TYPES = DocumentTypeSchema.options;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The latest approved version of a document, from `document.approved`. */
export interface GovernanceDocument {
  tenantId: string;
  documentId: string;
  type: DocumentType;
  title: string;
  version: string;
  /** Pseudonymous id of the approver. */
  approvedBy: string;
  /** Tenant-local dates (YYYY-MM-DD). */
  approvedOn: string;
  reviewDue: string;
  /** The clauses it serves, when the approver said. */
  clauses: string[];
  occurredAt: string;
  recordedAt: string;
}

/** A management review, from `management-review.held`. */
export interface ManagementReview {
  tenantId: string;
  reviewId: string;
  /** Tenant-local date. */
  heldOn: string;
  /** Pseudonymous id of who chaired it. */
  chairedBy: string;
  /** What it reviewed: `audit-results`, `complaints`, `kpis`, `customer-feedback`, `nonconformities`, ... */
  inputs: string[];
  /** How many decisions and actions it recorded, and where its minutes are (a reference, not the minutes). */
  decisions: number;
  minutesRef?: string;
  occurredAt: string;
  recordedAt: string;
}
