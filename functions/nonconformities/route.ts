import { z } from 'zod';
import { receivedDateTimeOf } from '../../events/envelope.js';
import {
  AuditFindingSchema,
  AuditKind,
  Clause,
  CORRECTIVE_STEPS,
  checkStepFields,
  correctiveStepFields,
  FindingGrade,
  NonconformityId,
  RecordDate,
  recordId,
} from '../../events/quality.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'nonconformities', tags: ['quality'], authorization: 'jwt' as const };
const readers = ['compliance-officer', 'auditor', 'client-manager'] as const;

export const NONCONFORMITY_FILTERS = ['all', 'open', 'overdue', 'closed'] as const;

export const NonconformitiesQuery = z.strictObject({
  status: z
    .enum(NONCONFORMITY_FILTERS)
    .default('open')
    .meta({
      description:
        '`open` (default: not closed, soonest due first), `overdue` (open past its closure date or with an action ' +
        "past its due date, in the tenant's local date), `closed` (newest first), `all` (open, then closed)",
    }),
  ...PageQuery,
});

export const NonconformityPath = TenantPath.extend({
  nonconformityId: NonconformityId.meta({ example: 'ia-2026-11.f1' }),
});

const Instant = z.string().meta({ description: 'ISO 8601 date-time' });

const Origin = z
  .union([
    z.object({ type: z.literal('audit'), auditId: z.string(), auditKind: AuditKind, findingId: z.string() }),
    z.object({ type: z.literal('control'), controlId: z.string(), breachedSince: Instant }),
  ])
  .meta({ id: 'NonconformityOrigin', description: "An audit's finding, or a control that breached" });

const Status = z.enum(['open', 'in-progress', 'awaiting-verification', 'closed']).meta({
  description: '`open` raised; `in-progress` root cause or actions recorded; `awaiting-verification` every action done',
});

const Action = z
  .object({
    actionId: z.string(),
    description: z.string(),
    ownerId: z.string(),
    dueOn: z.string(),
    status: z.enum(['planned', 'done']),
    completedOn: z.string().optional(),
    evidenceRef: z.string().optional(),
  })
  .meta({ id: 'CorrectiveAction' });

const summaryFields = {
  nonconformityId: z.string(),
  origin: Origin,
  clause: z.string(),
  grade: FindingGrade,
  description: z.string(),
  openedAt: Instant,
  dueOn: z.string().optional().meta({ description: 'Tenant-local date it must be closed by; none for an observation' }),
  status: Status,
  overdue: z.boolean().meta({ description: "As of the request, in the tenant's local date" }),
  rootCause: z.string().optional(),
  actions: z.array(Action),
  verification: z
    .object({ effective: z.boolean(), verifiedBy: z.string(), verifiedAt: Instant, note: z.string().optional() })
    .optional(),
  closedAt: Instant.optional(),
};

export const NonconformitySummary = z.object(summaryFields).meta({ id: 'NonconformitySummary' });

export const NonconformityList = z
  .object({
    tenantId: z.string(),
    status: z.enum(NONCONFORMITY_FILTERS),
    nonconformities: z.array(NonconformitySummary),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'NonconformityList' });

const Step = z
  .object({
    stepId: z.string(),
    step: z.enum(CORRECTIVE_STEPS),
    recordedBy: z.string(),
    recordedAt: Instant,
    occurredAt: Instant,
    rootCause: z.string().optional(),
    actionId: z.string().optional(),
    description: z.string().optional(),
    ownerId: z.string().optional(),
    dueOn: z.string().optional(),
    completedOn: z.string().optional(),
    evidenceRef: z.string().optional(),
    effective: z.boolean().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'RecordedCorrectiveStep' });

export const NonconformityDetail = z
  .object({ tenantId: z.string(), ...summaryFields, steps: z.array(Step).meta({ description: 'Oldest first' }) })
  .meta({ id: 'NonconformityDetail' });

export const listNonconformitiesRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/nonconformities',
  operationId: 'listNonconformities',
  summary: "The tenant's nonconformities and their corrective actions",
  description:
    'Nonconformities opened by audit findings (`audit.completed`) and by breached controls, with their closure date ' +
    "from the agreement's certification terms, their actions and where they stand in the workflow. Read from an " +
    'index: a new one is listed within a second or so.',
  roles: readers,
  request: { path: TenantPath, query: NonconformitiesQuery },
  responses: { 200: { description: 'The nonconformities', schema: NonconformityList } },
  example: { query: { status: 'overdue' } },
});

export const getNonconformityRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/nonconformities/{nonconformityId}',
  operationId: 'getNonconformity',
  summary: 'A nonconformity with every step of its corrective action',
  description: 'Unknown nonconformity: 404.',
  roles: readers,
  request: { path: NonconformityPath, query: NoQuery },
  responses: { 200: { description: 'The nonconformity', schema: NonconformityDetail } },
  example: { path: { nonconformityId: 'ia-2026-11.f1' } },
});

export const CorrectiveStepBody = z
  .strictObject({
    ...correctiveStepFields,
    stepId: recordId(
      'The step, unique per nonconformity: a retry with the same id changes nothing (default: a new UUID)',
    ).optional(),
    occurredAt: receivedDateTimeOf('When the step was taken (default: now)').optional(),
  })
  .superRefine(checkStepFields)
  .meta({ id: 'CorrectiveStepBody' });

export const recordCorrectiveStepRoute = defineRoute({
  ...common,
  method: 'POST',
  path: '/v1/tenants/{tenantId}/nonconformities/{nonconformityId}/actions',
  operationId: 'recordCorrectiveStep',
  summary: "Record a step of a nonconformity's corrective action",
  description:
    'One step: `root-cause` and `action-planned` while open or in progress, `action-completed` of a planned action, ' +
    '`verified` once every action is done (ineffective: back to in progress), `closed` after an effective ' +
    'verification. The same steps as the `corrective-action.recorded` event. The step and its evidence-ledger entry ' +
    'are one transaction (`ledger-sequence` header). A retry with the same `stepId` changes nothing and answers 200 ' +
    'with `idempotent-replayed: true`. A step the workflow refuses answers 409; an unknown nonconformity 404.',
  roles: ['compliance-officer'],
  request: { path: NonconformityPath, query: NoQuery, body: CorrectiveStepBody },
  responses: {
    200: { description: 'A retry: the step was recorded already', schema: NonconformityDetail },
    201: { description: 'The nonconformity with the step applied', schema: NonconformityDetail },
    409: { description: 'The workflow refuses the step in the present state, with the reason', schema: Problem },
  },
  example: {
    path: { nonconformityId: 'ia-2026-11.f1' },
    body: { step: 'root-cause', rootCause: 'No daily check of the complaints due within two business days' },
  },
});

export const AuditsQuery = z
  .strictObject({
    from: RecordDate.optional().meta({ description: 'First completion date, included' }),
    to: RecordDate.optional().meta({ description: 'Last completion date, included' }),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    }
  });

export const AuditList = z
  .object({
    tenantId: z.string(),
    audits: z.array(
      z
        .object({
          auditId: z.string(),
          kind: AuditKind,
          auditor: z.string(),
          startedOn: z.string(),
          completedOn: z.string(),
          clausesInScope: z.array(Clause),
          findings: z.array(AuditFindingSchema),
          occurredAt: Instant,
          recordedAt: Instant,
        })
        .meta({ id: 'Audit' }),
    ),
  })
  .meta({ id: 'AuditList' });

export const listAuditsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/audits',
  operationId: 'listAudits',
  summary: 'Audits completed, with their findings',
  description:
    'Audits (`audit.completed`) completed on tenant-local dates `from`…`to` (both optional), oldest first; each ' +
    'finding opened the nonconformity `<auditId>.<findingId>`.',
  roles: readers,
  request: { path: TenantPath, query: AuditsQuery },
  responses: { 200: { description: 'The audits', schema: AuditList } },
  example: { query: { from: '2026-01-01', to: '2026-12-31' } },
});
