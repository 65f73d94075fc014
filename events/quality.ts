/**
 * Canonical events of the quality tools (docs/events.md): an audit is completed with its findings, and a step of a
 * nonconformity's corrective action is recorded (ISO18295.md §2.7 X-IMP-INTAUDIT, X-IMP-FINDINGS, §5). Each finding
 * opens a nonconformity `<auditId>.<findingId>`, which the corrective-action steps then name.
 *
 * People are named by pseudonymous identifiers only. The free-text fields (a finding's description, a root cause, an
 * action's description, a note) say what is wrong and what is done about it, never how to reach someone: a value that
 * holds an e-mail address, a phone number or a payment card number is refused.
 */
import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent } from './envelope.js';
import { freeText, pseudonymousReference } from './personal-data.js';

export const QUALITY_SOURCE = 'ccc.quality';

/** Letters, digits and `_ . : -` only: record ids are parts of URL paths and of keys that `#` separates. */
export function recordId(what: string, max = 128) {
  return z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_.:-]{1,${max}}$`), `must be 1 to ${max} letters, digits or _ . : -`)
    .meta({ description: `${what}: letters, digits or _ . : -` });
}

/** A tenant-local calendar date. */
export const RecordDate = z.iso.date().meta({ description: 'Tenant-local date, YYYY-MM-DD' });

/** An ISO 18295-1 clause (`4.2`, `4.4`, `6`), or an annex's (`A.1`). */
export const Clause = z
  .string()
  .regex(/^[A-Z0-9]{1,3}(\.[A-Za-z0-9]{1,4}){0,4}$/, 'must be a clause number such as 4.4 or 6')
  .meta({ description: 'An ISO 18295-1 clause number such as 4.4 or 6' });

/** A free text of a quality or governance record, refused when it carries a way to reach someone. */
export function recordText(field: string, description: string, max = 2000) {
  return freeText(field, description, max);
}

export const AuditKind = z
  .enum(['internal', 'client', 'certification-stage-1', 'certification-stage-2', 'surveillance', 'recertification'])
  .meta({ description: 'Who held the audit, and at which step of the certification cycle (ISO18295.md §5.1)' });

export const FindingGrade = z
  .enum(['major', 'minor', 'observation'])
  .meta({ description: 'How grave the finding is: an observation is an opportunity for improvement' });

/**
 * The most findings one audit may carry: the audit, a nonconformity per finding and its ledger entry are written in
 * one transaction (shared/app/quality-records.ts `MAX_AUDIT_FINDINGS`, the same figure).
 */
export const MAX_FINDINGS = 80;

export const AuditFindingSchema = z.strictObject({
  findingId: recordId('The finding, unique in its audit', 64),
  clause: Clause,
  grade: FindingGrade,
  description: recordText('description', 'What was found'),
});

export function auditCompletedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock)
    .extend({
      auditId: recordId('The audit, unique per tenant'),
      kind: AuditKind,
      auditor: pseudonymousReference('auditor').meta({
        description: "The lead auditor's pseudonymous id, or the certification body's name",
      }),
      startedOn: RecordDate.meta({ description: 'Tenant-local date the audit started' }),
      completedOn: RecordDate.meta({ description: 'Tenant-local date it ended: nonconformities are due from it' }),
      clausesInScope: z.array(Clause).min(1).max(50).meta({ description: 'The clauses the audit covered' }),
      findings: z
        .array(AuditFindingSchema)
        .max(MAX_FINDINGS)
        .meta({ description: `Each opens a nonconformity; at most ${MAX_FINDINGS} (send a larger audit as several)` }),
    })
    .superRefine((d, ctx) => {
      if (d.startedOn > d.completedOn) {
        ctx.addIssue({ code: 'custom', path: ['completedOn'], message: 'completedOn must not be before startedOn' });
      }
      const ids = d.findings.map((f) => f.findingId);
      if (new Set(ids).size !== ids.length) {
        ctx.addIssue({ code: 'custom', path: ['findings'], message: 'every findingId must be unique in the audit' });
      }
    });
}

/**
 * An audit is completed (X-IMP-INTAUDIT for an internal one): it is recorded and each finding opens a
 * nonconformity, due by the agreement's closure days for its grade. Idempotency key: `tenantId` + `auditId` +
 * `occurredAt`; an audit id recorded already changes nothing.
 *
 * @example events/samples/audit.completed.json
 */
export const AuditCompletedDetail = auditCompletedDetailAt();
export type AuditCompletedDetail = z.infer<typeof AuditCompletedDetail>;

export const AuditCompleted = defineEvent({
  source: QUALITY_SOURCE,
  detailType: 'audit.completed',
  schema: AuditCompletedDetail,
  schemaAt: auditCompletedDetailAt,
  idempotencyKey: (d) => `audit.completed#${d.auditId}#${Date.parse(d.occurredAt)}`,
  summary:
    'An audit is completed: recorded with its clauses in scope, and each finding opens a nonconformity due by the ' +
    "agreement's closure days for its grade.",
  idempotencyFields: ['auditId', 'occurredAt'],
});

export const CORRECTIVE_STEPS = ['root-cause', 'action-planned', 'action-completed', 'verified', 'closed'] as const;
export type CorrectiveStepName = (typeof CORRECTIVE_STEPS)[number];

/** The fields of every step; which ones a step takes is {@link STEP_FIELDS}. */
export const correctiveStepFields = {
  step: z.enum(CORRECTIVE_STEPS).meta({
    description:
      '`root-cause` (rootCause), `action-planned` (actionId, description, ownerId, dueOn), `action-completed` ' +
      '(actionId, completedOn, evidenceRef?), `verified` (effective, note?), `closed` (note?)',
  }),
  rootCause: recordText('rootCause', 'Why the nonconformity happened (root-cause)').optional(),
  actionId: recordId('The action, unique in its nonconformity (action-planned, action-completed)', 64).optional(),
  description: recordText('description', 'What the action does (action-planned)').optional(),
  ownerId: pseudonymousReference('ownerId')
    .optional()
    .meta({ description: "The action owner's pseudonymous id (action-planned)" }),
  dueOn: RecordDate.optional().meta({ description: 'Tenant-local date the action is due (action-planned)' }),
  completedOn: RecordDate.optional().meta({ description: 'Tenant-local date it was done (action-completed)' }),
  evidenceRef: pseudonymousReference('evidenceRef')
    .optional()
    .meta({ description: 'A reference to the evidence of completion, never the evidence (action-completed)' }),
  effective: z.boolean().optional().meta({ description: 'Whether the actions removed the cause (verified)' }),
  note: recordText('note', 'A remark (verified, closed)', 1000).optional(),
};

type StepField = Exclude<keyof typeof correctiveStepFields, 'step'>;

/** The fields each step requires, and those it may carry besides; any other step field is refused. */
export const STEP_FIELDS: Record<CorrectiveStepName, { required: StepField[]; optional: StepField[] }> = {
  'root-cause': { required: ['rootCause'], optional: [] },
  'action-planned': { required: ['actionId', 'description', 'ownerId', 'dueOn'], optional: [] },
  'action-completed': { required: ['actionId', 'completedOn'], optional: ['evidenceRef'] },
  verified: { required: ['effective'], optional: ['note'] },
  closed: { required: [], optional: ['note'] },
};

/** Adds an issue for each field the step requires and lacks, and each it does not take. */
export function checkStepFields(value: Record<string, unknown> & { step: CorrectiveStepName }, ctx: z.RefinementCtx) {
  const { required, optional } = STEP_FIELDS[value.step];
  for (const field of required) {
    if (value[field] === undefined)
      ctx.addIssue({ code: 'custom', path: [field], message: `${value.step} requires ${field}` });
  }
  for (const field of Object.keys(correctiveStepFields) as Array<keyof typeof correctiveStepFields>) {
    if (field === 'step' || value[field] === undefined) continue;
    if (!required.includes(field) && !optional.includes(field)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${value.step} does not take ${field}` });
    }
  }
}

export const NonconformityId = recordId(
  'The nonconformity: `<auditId>.<findingId>` or `ctl.<controlId>.<epoch ms>`',
  260,
);

export function correctiveActionRecordedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock)
    .extend({
      nonconformityId: NonconformityId,
      stepId: recordId('The step, unique per nonconformity: a redelivered step changes nothing'),
      ...correctiveStepFields,
      recordedBy: pseudonymousReference('recordedBy').meta({
        description: 'Who recorded the step: a pseudonymous id',
      }),
    })
    .superRefine(checkStepFields);
}

/**
 * A step of a nonconformity's corrective action is recorded (X-IMP-FINDINGS): root cause, an action planned or
 * completed, the verification of effectiveness, closure. The same steps as `POST .../nonconformities/{id}/actions`.
 * Idempotency key: `tenantId` + `nonconformityId` + `stepId`.
 *
 * @example events/samples/corrective-action.recorded.json
 */
export const CorrectiveActionRecordedDetail = correctiveActionRecordedDetailAt();
export type CorrectiveActionRecordedDetail = z.infer<typeof CorrectiveActionRecordedDetail>;

export const CorrectiveActionRecorded = defineEvent({
  source: QUALITY_SOURCE,
  detailType: 'corrective-action.recorded',
  schema: CorrectiveActionRecordedDetail,
  schemaAt: correctiveActionRecordedDetailAt,
  idempotencyKey: (d) => `corrective-action.recorded#${d.nonconformityId}#${d.stepId}`,
  summary:
    "A step of a nonconformity's corrective action: root cause, an action planned or completed, verification of " +
    'effectiveness, closure; a step the workflow refuses is dead-lettered with the reason.',
  idempotencyFields: ['nonconformityId', 'stepId'],
});

/** Every quality event, in the order docs/events.md lists them. */
export const qualityEvents = [AuditCompleted, CorrectiveActionRecorded] as const;
