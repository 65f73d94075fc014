/**
 * The shape of a complaint as the product keeps and answers it (ISO18295.md §2.1, P1-CMP-ACK, P1-CMP-RESOLVE): the
 * events received about it (its timeline), what they add up to, and its deadlines at a given instant. The fold that
 * computes it is `complaint-fold.ts`; the deadlines are `complaint-deadlines.ts`.
 */

export type ComplaintEventType =
  | 'complaint.received'
  | 'complaint.acknowledged'
  | 'complaint.resolved'
  | 'complaint.escalated'
  | 'complaint.reopened';

/** One event of a complaint's timeline, as kept: its type, when it happened, its idempotency key and its fields. */
export interface TimelineEntry {
  type: ComplaintEventType;
  /** When it happened (ISO 8601, as the event said it). */
  at: string;
  /** The event's idempotency key: a redelivery adds nothing. */
  key: string;
  /** The event's own fields, less the envelope (`tenantId`, `schemaVersion`), `complaintId` and the timestamp. */
  fields: Record<string, unknown>;
}

export type ComplaintSeverity = 'low' | 'medium' | 'high' | 'critical';

/** What the timeline adds up to, whatever order its events arrived in. */
export interface ComplaintFacts {
  complaintId: string;
  /** `pending-receipt`: events arrived before the receipt, which is awaited; kept and applied once it arrives. */
  lifecycle: 'pending-receipt' | 'open' | 'closed';
  receivedAt?: string;
  centerId?: string;
  channel?: string;
  category?: string;
  severity?: ComplaintSeverity;
  customerRef?: string;
  contactId?: string;
  remedySought?: string;
  /** Who handles the complaint (pseudonymous). */
  ownerId?: string;
  /** The first acknowledgement. */
  acknowledgedAt?: string;
  /** The first resolution: it acknowledges, and "resolved on time" measures it until a reopening. */
  firstResolvedAt?: string;
  /** The latest resolution while closed. */
  resolvedAt?: string;
  outcome?: string;
  remedy?: string;
  /** Start of the current resolution clock: the receipt, or the latest reopening. */
  resolveClockFrom?: string;
  escalations: Array<{ at: string; to: 'internal' | 'external'; body?: string }>;
  reopenings: number;
}

export type DeadlineName = 'acknowledge' | 'resolve';

/** A deadline at an instant. */
export interface DeadlineState {
  /** When the step is due (ISO 8601 UTC). */
  dueAt: string;
  /** When it turns at risk: `atRiskShare` of the deadline, in its unit. */
  atRiskAt: string;
  /** When the step was done, if it was. */
  metAt?: string;
  /** `met`: done in time; `late`: done after `dueAt`; `pending`, `at-risk`, `missed`: not done yet. */
  state: 'pending' | 'at-risk' | 'missed' | 'met' | 'late';
}

/** A complaint at an instant: its facts, its deadlines (once received) and the status the API lists it under. */
export interface AssessedComplaint extends ComplaintFacts {
  /** `overdue`: open with a deadline missed and the step still not done. */
  status: 'pending-receipt' | 'open' | 'overdue' | 'closed';
  deadlines: Partial<Record<DeadlineName, DeadlineState>>;
  /** The earliest instant at which this complaint's assessment changes by time alone (an at-risk point or a due time). */
  nextChangeAt?: string;
}

/** When a deadline that starts at `from` is due and turns at risk: the agreement and business calendar decide. */
export type DeadlineClock = (name: DeadlineName, from: string) => { dueAt: string; atRiskAt: string };
