import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, TenantPath } from '../../shared/http/common-schemas.js';

const LocalDate = z.string().meta({ description: 'Tenant-local date', example: '2026-11-15' });

const ClauseControl = z
  .object({
    controlId: z.string(),
    requirement: z.string(),
    severity: z.enum(['major', 'minor']),
    status: z.enum(['compliant', 'at-risk', 'breached', 'no-data', 'disabled']).meta({
      description: '`disabled` when the agreement switches the control off',
    }),
    since: z.string().nullable().meta({ description: 'When it entered its status; null while never evaluated' }),
  })
  .meta({ id: 'ReadinessControl' });

const ClauseReadiness = z
  .object({
    clause: z.string().meta({ description: 'A Part 1 clause (4.2 … 9), `certification practice` or `GDPR`' }),
    title: z.string(),
    readiness: z.enum(['ready', 'gaps', 'not-started']).meta({
      description: '`not-started` while no document, audit or control data serves it yet',
    }),
    controls: z.array(ClauseControl),
    evidence: z.object({
      documents: z.number().int().meta({ description: 'Approved documents serving the clause' }),
      audits: z.number().int().meta({ description: 'Audits of any kind that had the clause in scope' }),
      lastAuditedOn: LocalDate.nullable(),
      openNonconformities: z.number().int(),
    }),
    gaps: z.array(z.string()).meta({ description: 'What keeps it from `ready`, in words' }),
  })
  .meta({ id: 'ClauseReadiness' });

const MissingItem = z
  .object({
    kind: z.enum(['document', 'internal-audit', 'management-review', 'control', 'nonconformity', 'ledger']),
    ref: z.string().meta({ description: 'The document type, clause, control or nonconformity it is about' }),
    description: z.string(),
  })
  .meta({ id: 'ReadinessMissingItem' });

const PathStep = z
  .object({
    step: z.number().int().min(1).max(9),
    key: z.string().meta({ example: 'gap-analysis' }),
    title: z.string(),
    status: z.enum(['done', 'in-progress', 'not-started', 'due']).meta({
      description: '`due`: the surveillance (or recertification) audit is overdue',
    }),
    evidence: z.string().meta({ description: 'What decided the status, in words' }),
    dueOn: LocalDate.optional().meta({ description: 'Step 9: when the next surveillance audit is due by' }),
  })
  .meta({ id: 'CertificationPathStep' });

export const ReadinessBody = z
  .object({
    tenantId: z.string(),
    asOf: z.string().meta({ description: 'When it was computed (ISO 8601)' }),
    today: LocalDate.meta({ description: 'The tenant-local date it judged' }),
    clauses: z.array(ClauseReadiness),
    missing: z.array(MissingItem).meta({ description: 'The gap analysis before a certification audit' }),
    path: z.object({
      steps: z.array(PathStep),
      current: z.number().int().min(1).max(9).meta({ description: 'The first step not done' }),
      next: z.string().meta({ description: 'What to do next, in words' }),
      certification: z
        .object({ certifiedOn: LocalDate, nextSurveillanceDue: LocalDate, recertificationDue: LocalDate })
        .nullable()
        .meta({ description: 'Null until certified (final stage held, its major nonconformities closed)' }),
    }),
  })
  .meta({ id: 'Readiness' });

export const getReadinessRoute = defineRoute({
  function: 'get-readiness',
  tags: ['controls'],
  authorization: 'jwt',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/readiness',
  operationId: 'getReadiness',
  summary: 'Certification readiness: clauses, the gap analysis and the certification path',
  description:
    'Per ISO 18295-1 clause, the controls serving it with their states, the evidence held (approved documents, ' +
    'audits that covered it, open nonconformities) and what keeps it from ready; `missing`, the gap analysis a centre ' +
    'does before a certification audit (required documents absent or past review, clauses no internal audit covered ' +
    'within its interval, no management review within its interval, controls breached or without data, major ' +
    'nonconformities open, a ledger that does not verify); and the certification path, steps 1 to 9, with where the ' +
    'tenant stands and what comes next. Judged on the tenant-local date, under the agreement in force.',
  roles: ['compliance-officer', 'auditor', 'client-manager'],
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The readiness view', schema: ReadinessBody } },
  example: {},
});
