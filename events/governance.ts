/**
 * Canonical events of the governance records (docs/events.md): a policy or procedure is approved, and a management
 * review is held (ISO18295.md §2.2 P1-LEAD-CXSTRAT, §2.7, §5.2). Together they make the register of documents with
 * their review dates, and the record of reviews, that the leadership and improvement controls read.
 *
 * People are named by pseudonymous identifiers only; a document's title is free text, refused when it carries an
 * e-mail address, a phone number or a card number. Minutes are referenced, never carried.
 */
import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent } from './envelope.js';
import { pseudonymousReference } from './personal-data.js';
import { Clause, RecordDate, recordId, recordText } from './quality.js';

export const GOVERNANCE_SOURCE = 'ccc.governance';

/** The kinds of document the register knows; `other` for anything else the centre keeps under approval. */
export const DocumentType = z
  .enum([
    'scope-statement',
    'cx-strategy',
    'quality-policy',
    'quality-manual',
    'org-chart',
    'complaint-procedure',
    'recording-policy',
    'retention-schedule',
    'recruiting-procedure',
    'process-description',
    'continuity-plan',
    'project-plan',
    'other',
  ])
  .meta({ description: 'What the document is; `other` for anything else kept under approval' });

/** A short slug naming what a review looked at (`audit-results`, `complaints`, `kpis`). */
const ReviewInput = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug: lower-case letters, digits and -, at most 64 characters');

export function documentApprovedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock)
    .extend({
      documentId: recordId('The document, unique per tenant'),
      type: DocumentType,
      title: recordText('title', 'The document title', 200),
      version: recordId('The approved version (`1.0`, `2026-03`): a version recorded already changes nothing', 32),
      approvedBy: pseudonymousReference('approvedBy').meta({ description: "The approver's pseudonymous id" }),
      approvedOn: RecordDate.meta({ description: 'Tenant-local date of approval' }),
      reviewDue: RecordDate.meta({ description: 'Tenant-local date by which the document must be reviewed again' }),
      clauses: z.array(Clause).max(50).optional().meta({ description: 'The clauses the document serves' }),
    })
    .superRefine((d, ctx) => {
      if (d.reviewDue <= d.approvedOn) {
        ctx.addIssue({ code: 'custom', path: ['reviewDue'], message: 'reviewDue must be after approvedOn' });
      }
    });
}

/**
 * A version of a policy or procedure is approved: kept in the tenant's register with its review date; the register
 * shows each document's latest approval. Idempotency key: `tenantId` + `documentId` + `version`.
 *
 * @example events/samples/document.approved.json
 */
export const DocumentApprovedDetail = documentApprovedDetailAt();
export type DocumentApprovedDetail = z.infer<typeof DocumentApprovedDetail>;

export const DocumentApproved = defineEvent({
  source: GOVERNANCE_SOURCE,
  detailType: 'document.approved',
  schema: DocumentApprovedDetail,
  schemaAt: documentApprovedDetailAt,
  idempotencyKey: (d) => `document.approved#${d.documentId}#${d.version}`,
  summary:
    "A version of a policy or procedure is approved: the register shows each document's latest approval and when " +
    'it is due for review.',
  idempotencyFields: ['documentId', 'version'],
});

export function managementReviewHeldDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    reviewId: recordId('The review, unique per tenant'),
    heldOn: RecordDate.meta({ description: 'Tenant-local date it was held' }),
    chairedBy: pseudonymousReference('chairedBy').meta({ description: "The chair's pseudonymous id" }),
    inputs: z.array(ReviewInput).min(1).max(30).meta({
      description: 'What it reviewed: audit-results, complaints, kpis, customer-feedback, nonconformities, …',
    }),
    decisions: z
      .number()
      .int()
      .nonnegative()
      .max(10_000)
      .meta({ description: 'How many decisions and actions it recorded' }),
    minutesRef: pseudonymousReference('minutesRef')
      .optional()
      .meta({ description: 'Where its minutes are kept: a reference, never the minutes' }),
  });
}

/**
 * A management review is held (clause 4.2, ISO18295.md §2.7): the leadership and improvement controls count them
 * against the agreement's interval. Idempotency key: `tenantId` + `reviewId` + `occurredAt`; a review id recorded
 * already changes nothing.
 *
 * @example events/samples/management-review.held.json
 */
export const ManagementReviewHeldDetail = managementReviewHeldDetailAt();
export type ManagementReviewHeldDetail = z.infer<typeof ManagementReviewHeldDetail>;

export const ManagementReviewHeld = defineEvent({
  source: GOVERNANCE_SOURCE,
  detailType: 'management-review.held',
  schema: ManagementReviewHeldDetail,
  schemaAt: managementReviewHeldDetailAt,
  idempotencyKey: (d) => `management-review.held#${d.reviewId}#${Date.parse(d.occurredAt)}`,
  summary:
    'A management review is held, with what it reviewed and how many decisions it took: counted against the ' +
    "agreement's review interval.",
  idempotencyFields: ['reviewId', 'occurredAt'],
});

/** Every governance event, in the order docs/events.md lists them. */
export const governanceEvents = [DocumentApproved, ManagementReviewHeld] as const;
