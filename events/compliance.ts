/**
 * Events the product emits (source `ccc.compliance`), as opposed to the canonical events it consumes
 * (events/catalog.ts): a complaint's deadline turning at risk, and a deadline missed (ISO18295.md §2.1,
 * P1-CMP-ACK, P1-CMP-RESOLVE), and a control breached or restored (ISO18295.md §2). Subscribers (an alerting tool, a
 * case manager) dedupe on `alertKey` or `transitionKey`: the same event is built identically however often it is
 * published.
 */
import { z } from 'zod';
import { ComplaintId } from './complaints.js';
import { Identifier, OffsetDateTime } from './envelope.js';

export const COMPLIANCE_SOURCE = 'ccc.compliance';

export const ComplaintDeadlineName = z.enum(['acknowledge', 'resolve']);
export type ComplaintDeadlineName = z.infer<typeof ComplaintDeadlineName>;

const alertBase = z.strictObject({
  schemaVersion: z.literal(1),
  tenantId: Identifier,
  centerId: Identifier,
  occurredAt: OffsetDateTime.meta({ description: 'When the deadline turned at risk, or was missed' }),
  complaintId: ComplaintId,
  deadline: ComplaintDeadlineName,
  dueAt: OffsetDateTime.meta({ description: 'When the step is due' }),
  alertKey: z.string().min(1).max(256).meta({ description: '`<complaintId>#<deadline>#<kind>#<dueAt>`: dedupe on it' }),
});

/** A pending complaint step passed the agreement's at-risk share of its deadline. */
export const ComplaintDeadlineAtRiskDetail = alertBase.extend({
  atRiskAt: OffsetDateTime.meta({ description: 'When the step turned at risk' }),
});
export type ComplaintDeadlineAtRiskDetail = z.infer<typeof ComplaintDeadlineAtRiskDetail>;

/** A complaint step was not done by its deadline. */
export const ComplaintDeadlineMissedDetail = alertBase;
export type ComplaintDeadlineMissedDetail = z.infer<typeof ComplaintDeadlineMissedDetail>;

export const COMPLAINT_DEADLINE_AT_RISK = 'complaint.deadline-at-risk';
export const COMPLAINT_DEADLINE_MISSED = 'complaint.deadline-missed';

/** What an alert is about. `atRiskAt` is needed for an at-risk alert only. */
export interface ComplaintDeadlineAlertInput {
  kind: 'at-risk' | 'missed';
  tenantId: string;
  centerId: string;
  complaintId: string;
  deadline: ComplaintDeadlineName;
  /** ISO 8601 UTC, as the assessment gives it. */
  dueAt: string;
  atRiskAt?: string;
}

/** An event to publish, shaped as the bus publisher takes it (its `occurredAt` becomes the envelope's `time`). */
export interface ComplianceEvent {
  source: typeof COMPLIANCE_SOURCE;
  detailType: typeof COMPLAINT_DEADLINE_AT_RISK | typeof COMPLAINT_DEADLINE_MISSED;
  detail: ComplaintDeadlineAtRiskDetail | ComplaintDeadlineMissedDetail;
  occurredAt: string;
}

/** The key subscribers dedupe an alert on: one per complaint, deadline, kind and due time (in UTC). */
export function complaintAlertKey(
  complaintId: string,
  deadline: ComplaintDeadlineName,
  kind: ComplaintDeadlineAlertInput['kind'],
  dueAt: string,
): string {
  return `${complaintId}#${deadline}#${kind}#${new Date(dueAt).toISOString()}`;
}

/**
 * The alert event for one deadline. It happens at the instant the threshold was crossed (the at-risk point or the due
 * time), not when it was noticed, so the event is the same whether an arriving event or the daily pass finds it.
 */
export function complaintDeadlineAlert(input: ComplaintDeadlineAlertInput): ComplianceEvent {
  const dueAt = new Date(input.dueAt).toISOString();
  const alertKey = complaintAlertKey(input.complaintId, input.deadline, input.kind, dueAt);
  const base = {
    schemaVersion: 1 as const,
    tenantId: input.tenantId,
    centerId: input.centerId,
    complaintId: input.complaintId,
    deadline: input.deadline,
    dueAt,
    alertKey,
  };
  if (input.kind === 'missed') {
    const detail = ComplaintDeadlineMissedDetail.parse({ ...base, occurredAt: dueAt });
    return { source: COMPLIANCE_SOURCE, detailType: COMPLAINT_DEADLINE_MISSED, detail, occurredAt: dueAt };
  }
  if (input.atRiskAt === undefined) throw new RangeError('an at-risk alert needs atRiskAt');
  const atRiskAt = new Date(input.atRiskAt).toISOString();
  const detail = ComplaintDeadlineAtRiskDetail.parse({ ...base, occurredAt: atRiskAt, atRiskAt });
  return { source: COMPLIANCE_SOURCE, detailType: COMPLAINT_DEADLINE_AT_RISK, detail, occurredAt: atRiskAt };
}

export const ControlStatus = z.enum(['compliant', 'at-risk', 'breached', 'no-data']);

/** A control entered `breached` (`control.breached`), or left it (`control.restored`). */
export const ControlTransitionDetail = z.strictObject({
  schemaVersion: z.literal(1),
  tenantId: Identifier,
  occurredAt: OffsetDateTime.meta({ description: 'The transition instant (the evaluation that saw it)' }),
  controlId: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: 'The id of ISO18295.md §2 (P1-CMP-ACK, DP-REC-ACCESS, ...)' }),
  clause: z.string().min(1).max(64),
  severity: z.enum(['major', 'minor']).meta({ description: 'The grade of the nonconformity a breach opens' }),
  from: ControlStatus,
  to: ControlStatus,
  since: OffsetDateTime.meta({ description: 'When the control entered `to`' }),
  summary: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .meta({ description: "The scalars of the control's detail (counts, shares, month), without lists of ids" }),
  nonconformityId: z.string().min(1).max(128).optional().meta({ description: 'The nonconformity a breach opened' }),
  transitionKey: z
    .string()
    .min(1)
    .max(256)
    .meta({ description: '`<controlId>#<to>#<since>`: dedupe on it (an event may be published more than once)' }),
});
export type ControlTransitionDetail = z.infer<typeof ControlTransitionDetail>;

export const CONTROL_BREACHED = 'control.breached';
export const CONTROL_RESTORED = 'control.restored';

/** A control transition's event, shaped as the bus publisher takes it. */
export interface ControlTransitionEvent {
  source: typeof COMPLIANCE_SOURCE;
  detailType: typeof CONTROL_BREACHED | typeof CONTROL_RESTORED;
  detail: ControlTransitionDetail;
  occurredAt: string;
}

/** What a transition event is about. */
export type ControlTransitionInput = Omit<ControlTransitionDetail, 'schemaVersion' | 'occurredAt' | 'transitionKey'>;

/**
 * The event of a transition to `breached` or out of it; `undefined` for any other change (no event). It happens at
 * `since`, and its key is the same however often it is built, so a republication is a duplicate to subscribers.
 */
export function controlTransitionEvent(input: ControlTransitionInput): ControlTransitionEvent | undefined {
  if (input.to !== 'breached' && input.from !== 'breached') return undefined;
  const since = new Date(input.since).toISOString();
  const detail = ControlTransitionDetail.parse({
    schemaVersion: 1,
    ...input,
    since,
    occurredAt: since,
    transitionKey: `${input.controlId}#${input.to}#${since}`,
  });
  const detailType = input.to === 'breached' ? CONTROL_BREACHED : CONTROL_RESTORED;
  return { source: COMPLIANCE_SOURCE, detailType, detail, occurredAt: since };
}

/** A tenant's monthly surveillance report was archived and sent (issue 13; DESIGN.md §6). */
export const ReportPublishedDetail = z.strictObject({
  schemaVersion: z.literal(1),
  tenantId: Identifier,
  occurredAt: OffsetDateTime.meta({ description: 'When the report was generated' }),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .meta({ description: 'The tenant-local month reported on (`yyyy-mm`)' }),
  language: z.enum(['fr', 'en']),
  reportKey: z.string().min(1).max(1024).meta({ description: "The PDF's key in the reports bucket" }),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .meta({ description: "SHA-256 of the PDF, as in the report's ledger entry" }),
  recipients: z.number().int().nonnegative().meta({ description: 'Recipients the report is for' }),
  delivered: z.number().int().nonnegative().meta({ description: 'Recipients SES accepted it for' }),
  failed: z.number().int().nonnegative().meta({ description: 'Recipients it could not be sent to (retried later)' }),
  ledgerSequence: z.number().int().positive().meta({ description: 'The `report.published` ledger entry' }),
});
export type ReportPublishedDetail = z.infer<typeof ReportPublishedDetail>;

export const REPORT_PUBLISHED = 'report.published';

/** The `report.published` event, shaped as the bus publisher takes it; subscribers dedupe on `ledgerSequence`. */
export function reportPublishedEvent(detail: Omit<ReportPublishedDetail, 'schemaVersion'>) {
  const parsed = ReportPublishedDetail.parse({ schemaVersion: 1, ...detail });
  return {
    source: COMPLIANCE_SOURCE,
    detailType: REPORT_PUBLISHED,
    detail: parsed,
    occurredAt: parsed.occurredAt,
  } as const;
}
