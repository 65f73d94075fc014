/**
 * Canonical events of the complaint tools (docs/events.md): a complaint is received, acknowledged, resolved,
 * escalated or reopened (ISO18295.md §2.1, P1-CMP-REGISTER, P1-CMP-ACK, P1-CMP-RESOLVE). They may arrive in any
 * order: a resolution that arrives before its receipt is kept and applied once the receipt comes.
 *
 * The complainant is named by a pseudonymous reference only. The free-text fields (the remedy sought and given, the
 * reason for a reopening) say what the complaint is about, never how to reach the customer: a value that holds an
 * e-mail address, a phone number or a payment card number is refused.
 */
import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent, receivedDateTimeOf } from './envelope.js';
import { freeText, pseudonymousReference } from './personal-data.js';
import { Channel } from './telephony.js';

export const COMPLAINTS_SOURCE = 'ccc.complaints';

/**
 * A complaint's identifier in the complaint tool, unique per tenant. Letters, digits and `_ . : -` only: it is part of
 * URL paths and of keys that `#` separates.
 */
export const ComplaintId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 letters, digits or _ . : -')
  .meta({ description: "The complaint tool's identifier, unique per tenant: letters, digits or _ . : -" });

/** What a complaint is about, as the tenant's complaint tool classifies it (`billing`, `agent-conduct`). */
export const ComplaintCategory = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug: lower-case letters, digits and -, at most 64 characters')
  .meta({ description: 'What the complaint is about: a slug such as billing or agent-conduct' });

export const ComplaintSeverity = z
  .enum(['low', 'medium', 'high', 'critical'])
  .meta({ description: 'How serious the complaint is, as the complaint tool rates it' });

export const ComplaintOutcome = z.enum(['upheld', 'partially-upheld', 'rejected', 'withdrawn']);

export const EscalationTarget = z.enum(['internal', 'external']);

/** A short free text about the complaint, refused when it carries a way to reach someone. */
function complaintText(field: string, description: string) {
  return freeText(field, description, 500);
}

export function complaintReceivedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    complaintId: ComplaintId,
    channel: Channel.meta({ description: 'The channel the complaint came in on' }),
    category: ComplaintCategory,
    severity: ComplaintSeverity,
    receivedAt: receivedDateTimeOf('When the centre received the complaint, from which its deadlines run', clock),
    customerRef: pseudonymousReference('customerRef')
      .optional()
      .meta({ description: "The complainant's pseudonymised reference (never a phone number or e-mail address)" }),
    contactId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: 'The contact (contact.completed) the complaint was made in, when there is one' }),
    remedySought: complaintText('remedySought', 'What the complainant asks for'),
    ownerId: pseudonymousReference('ownerId')
      .optional()
      .meta({ description: 'Who handles the complaint: a pseudonymous identifier (never a name)' }),
  });
}

/**
 * A complaint is received and registered (P1-CMP-REGISTER). Idempotency key: `tenantId` + `complaintId` +
 * `receivedAt`.
 *
 * @example events/samples/complaint.received.json
 */
export const ComplaintReceivedDetail = complaintReceivedDetailAt();
export type ComplaintReceivedDetail = z.infer<typeof ComplaintReceivedDetail>;

export const ComplaintReceived = defineEvent({
  source: COMPLAINTS_SOURCE,
  detailType: 'complaint.received',
  schema: ComplaintReceivedDetail,
  schemaAt: complaintReceivedDetailAt,
  idempotencyKey: (d) => `complaint.received#${d.complaintId}#${Date.parse(d.receivedAt)}`,
  summary:
    'A complaint is received and registered: its acknowledgement and resolution deadlines run from `receivedAt`, ' +
    "in the agreement's business time.",
  idempotencyFields: ['complaintId', 'receivedAt'],
});

export function complaintAcknowledgedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    complaintId: ComplaintId,
    acknowledgedAt: receivedDateTimeOf('When the complainant was told the complaint is being handled', clock),
  });
}

/**
 * The complainant is told the complaint is being handled (P1-CMP-ACK). Idempotency key: `tenantId` + `complaintId` +
 * `acknowledgedAt`; the first acknowledgement is the one measured.
 *
 * @example events/samples/complaint.acknowledged.json
 */
export const ComplaintAcknowledgedDetail = complaintAcknowledgedDetailAt();
export type ComplaintAcknowledgedDetail = z.infer<typeof ComplaintAcknowledgedDetail>;

export const ComplaintAcknowledged = defineEvent({
  source: COMPLAINTS_SOURCE,
  detailType: 'complaint.acknowledged',
  schema: ComplaintAcknowledgedDetail,
  schemaAt: complaintAcknowledgedDetailAt,
  idempotencyKey: (d) => `complaint.acknowledged#${d.complaintId}#${Date.parse(d.acknowledgedAt)}`,
  summary:
    'The complainant is told the complaint is being handled: the first acknowledgement is measured against the ' +
    "agreement's acknowledgement deadline.",
  idempotencyFields: ['complaintId', 'acknowledgedAt'],
});

export function complaintResolvedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    complaintId: ComplaintId,
    resolvedAt: receivedDateTimeOf('When the complainant was given the outcome', clock),
    outcome: ComplaintOutcome,
    remedy: complaintText('remedy', 'What was done or offered'),
  });
}

/**
 * The complaint is closed with an outcome (P1-CMP-RESOLVE). Idempotency key: `tenantId` + `complaintId` +
 * `resolvedAt`. A resolution also acknowledges a complaint not yet acknowledged.
 *
 * @example events/samples/complaint.resolved.json
 */
export const ComplaintResolvedDetail = complaintResolvedDetailAt();
export type ComplaintResolvedDetail = z.infer<typeof ComplaintResolvedDetail>;

export const ComplaintResolved = defineEvent({
  source: COMPLAINTS_SOURCE,
  detailType: 'complaint.resolved',
  schema: ComplaintResolvedDetail,
  schemaAt: complaintResolvedDetailAt,
  idempotencyKey: (d) => `complaint.resolved#${d.complaintId}#${Date.parse(d.resolvedAt)}`,
  summary:
    "The complaint is closed with its outcome and remedy: measured against the agreement's resolution deadline " +
    '(a resolution also acknowledges).',
  idempotencyFields: ['complaintId', 'resolvedAt'],
});

export function complaintEscalatedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    complaintId: ComplaintId,
    escalatedAt: receivedDateTimeOf('When the complaint was escalated', clock),
    to: EscalationTarget.meta({ description: 'internal: higher up in the organisation; external: a dispute body' }),
    body: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'The body escalated to (an ombudsman, a mediation service, a department)' }),
  });
}

/**
 * The complaint is escalated, inside the organisation or to an external dispute body. Idempotency key: `tenantId` +
 * `complaintId` + `escalatedAt`.
 *
 * @example events/samples/complaint.escalated.json
 */
export const ComplaintEscalatedDetail = complaintEscalatedDetailAt();
export type ComplaintEscalatedDetail = z.infer<typeof ComplaintEscalatedDetail>;

export const ComplaintEscalated = defineEvent({
  source: COMPLAINTS_SOURCE,
  detailType: 'complaint.escalated',
  schema: ComplaintEscalatedDetail,
  schemaAt: complaintEscalatedDetailAt,
  idempotencyKey: (d) => `complaint.escalated#${d.complaintId}#${Date.parse(d.escalatedAt)}`,
  summary:
    'The complaint is escalated, internally or to an external dispute body: listed on its timeline and counted in ' +
    'the figures; its deadlines are unchanged.',
  idempotencyFields: ['complaintId', 'escalatedAt'],
});

export function complaintReopenedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    complaintId: ComplaintId,
    reopenedAt: receivedDateTimeOf('When the closed complaint was reopened', clock),
    reason: complaintText('reason', 'Why it was reopened').optional(),
  });
}

/**
 * A closed complaint is reopened: a new resolution deadline runs from `reopenedAt`. Idempotency key: `tenantId` +
 * `complaintId` + `reopenedAt`.
 *
 * @example events/samples/complaint.reopened.json
 */
export const ComplaintReopenedDetail = complaintReopenedDetailAt();
export type ComplaintReopenedDetail = z.infer<typeof ComplaintReopenedDetail>;

export const ComplaintReopened = defineEvent({
  source: COMPLAINTS_SOURCE,
  detailType: 'complaint.reopened',
  schema: ComplaintReopenedDetail,
  schemaAt: complaintReopenedDetailAt,
  idempotencyKey: (d) => `complaint.reopened#${d.complaintId}#${Date.parse(d.reopenedAt)}`,
  summary:
    'A closed complaint is reopened: it is open again and a new resolution deadline runs from `reopenedAt`; a ' +
    'reopening of a complaint that is not closed at that time changes nothing.',
  idempotencyFields: ['complaintId', 'reopenedAt'],
});

/** One complaint event as a consumer sees it: its detail-type and its validated detail. */
export type ComplaintEvent =
  | { type: 'complaint.received'; detail: ComplaintReceivedDetail }
  | { type: 'complaint.acknowledged'; detail: ComplaintAcknowledgedDetail }
  | { type: 'complaint.resolved'; detail: ComplaintResolvedDetail }
  | { type: 'complaint.escalated'; detail: ComplaintEscalatedDetail }
  | { type: 'complaint.reopened'; detail: ComplaintReopenedDetail };

/** Every complaint event, in the order docs/events.md lists them. */
export const complaintEvents = [
  ComplaintReceived,
  ComplaintAcknowledged,
  ComplaintResolved,
  ComplaintEscalated,
  ComplaintReopened,
] as const;
