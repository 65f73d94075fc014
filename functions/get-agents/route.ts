import { z } from 'zod';
import { Channel } from '../../events/telephony.js';
import { TrainingCategory } from '../../events/workforce.js';
import { Origin } from '../../shared/domain/agreement/agreement-schema.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'get-agents', tags: ['people'], authorization: 'jwt' as const };
const roles = ['compliance-officer', 'auditor'] as const;

export const COMPETENCE_FILTERS = ['all', 'expiring', 'expired', 'missing-induction'] as const;

export const AgentsQuery = z.strictObject({
  competence: z
    .enum(COMPETENCE_FILTERS)
    .default('all')
    .meta({
      description:
        '`all` (default; the only one that lists agents who left), `expiring` (a course lapses within the ' +
        "agreement's warning window), `expired` (a course has lapsed), `missing-induction` (not inducted now, or " +
        'with open competence violations)',
    }),
  ...PageQuery,
});

export const AgentPath = TenantPath.extend({
  agentId: z
    .string()
    .min(1)
    .max(128)
    .meta({ description: "The agent's pseudonymous identifier", example: 'agent-0042' }),
});

const Instant = z.string().meta({ description: 'ISO 8601 date-time', example: '2026-03-01T08:00:00.000Z' });

const CourseLapse = z.object({ requirementId: z.string(), validUntil: Instant }).meta({
  id: 'AgentCourseLapse',
  example: { requirementId: 'mandatory:data-protection', validUntil: '2026-03-12T00:00:00.000Z' },
});

const QaCoverage = z
  .object({
    month: z.string().meta({ description: 'Tenant-local month `yyyy-mm`', example: '2026-03' }),
    count: z.number().int().nonnegative().meta({ description: 'QA evaluations of the agent this month' }),
    required: z.number().int().nonnegative().meta({ description: "The agreement's minimum per month" }),
    met: z.boolean(),
  })
  .meta({ id: 'AgentQaCoverage', example: { month: '2026-03', count: 2, required: 4, met: false } });

const agentFields = {
  agentId: z.string(),
  centerId: z.string().optional(),
  status: z.enum(['active', 'left', 'not-onboarded']).meta({
    description:
      'Working for the tenant now (`active`), gone (`left`), or not onboarded yet (training records arrived, ' +
      'no onboarding, or one starting later)',
  }),
  startedAt: Instant.optional(),
  leftAt: Instant.optional(),
  languages: z.array(z.string()),
  inducted: z.boolean().meta({ description: 'Induction held and valid now (or none required)' }),
  expiring: z
    .array(CourseLapse)
    .meta({ description: "Requirements whose course lapses within the agreement's warning window" }),
  expired: z.array(CourseLapse).meta({ description: 'Requirements whose last course has lapsed' }),
  missing: z.array(z.string()).meta({ description: 'Requirements never met (no passed course)' }),
  openViolations: z.number().int().nonnegative().meta({
    description: 'Contacts handled while lacking a requirement (P1-HR-INDUCTION) and not cleared since',
  }),
};

export const AgentSummary = z.object({ ...agentFields, qa: QaCoverage }).meta({
  id: 'AgentSummary',
  example: {
    agentId: 'agent-0042',
    centerId: 'lyon-1',
    status: 'active',
    startedAt: '2026-01-05T08:00:00.000Z',
    languages: ['fr', 'en'],
    inducted: true,
    expiring: [{ requirementId: 'mandatory:data-protection', validUntil: '2026-03-12T00:00:00.000Z' }],
    expired: [],
    missing: [],
    qa: { month: '2026-03', count: 2, required: 4, met: false },
    openViolations: 0,
  },
});

export const AgentList = z
  .object({
    tenantId: z.string(),
    competence: z.enum(COMPETENCE_FILTERS),
    agents: z.array(AgentSummary).meta({ description: 'By agent id' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AgentList' });

export const listAgentsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/agents',
  operationId: 'listAgents',
  summary: "The tenant's agents and where their competence stands",
  description:
    'Every agent of the tenant, by agent id, against the requirements of the agreement in force now: induction, each ' +
    "mandatory course (expiring within the agreement's warning window, expired, missing) and this month's QA " +
    'coverage (tenant-local month), with the count of open competence violations (contacts handled while lacking a ' +
    'requirement, P1-HR-INDUCTION). `competence` filters: `expiring` lists agents with a course expiring, `expired` ' +
    'those with a course expired, `missing-induction` those not inducted now **or** with open violations (a ' +
    'contact handled before induction stays listed until a record that predates it clears it). Agents who left are ' +
    'listed under `all` only, with status `left`. A filtered page may hold fewer than `limit` agents only at the end.',
  roles,
  request: { path: TenantPath, query: AgentsQuery },
  responses: { 200: { description: 'The agents', schema: AgentList } },
  example: { query: { competence: 'expired', limit: '20' } },
});

const RequirementState = z
  .object({
    requirementId: z.string().meta({ example: 'mandatory:data-protection' }),
    kind: z.enum(['induction', 'mandatory']),
    category: TrainingCategory,
    courseId: z.string().optional().meta({ description: 'This course only; any course of the category when absent' }),
    status: z.enum(['valid', 'expiring', 'expired', 'missing']),
    trainingRecordId: z.string().optional().meta({ description: 'The record that counts (valid, or the last lapsed)' }),
    completedAt: Instant.optional(),
    validUntil: Instant.optional().meta({ description: 'Absent when the record never lapses (induction)' }),
  })
  .meta({
    id: 'AgentRequirementState',
    example: {
      requirementId: 'mandatory:data-protection',
      kind: 'mandatory',
      category: 'data-protection',
      status: 'expiring',
      trainingRecordId: 'tr-2025-0042-dp',
      completedAt: '2025-03-12T09:00:00.000Z',
      validUntil: '2026-03-12T09:00:00.000Z',
    },
  });

const Training = z
  .object({
    trainingRecordId: z.string(),
    courseId: z.string(),
    category: TrainingCategory,
    hours: z.number(),
    completedAt: Instant,
    validUntil: Instant.optional(),
    passed: z.boolean(),
    score: z.number().optional(),
  })
  .meta({ id: 'AgentTrainingRecord' });

const Gap = z
  .object({
    kind: z.enum(['not-onboarded', 'induction', 'mandatory', 'language']),
    requirementId: z.string().optional(),
    expiredAt: Instant.optional().meta({ description: 'When the course that would have covered it lapsed' }),
    language: z.string().optional(),
  })
  .meta({ id: 'CompetenceGap' });

const Violation = z
  .object({
    contactId: z.string(),
    channel: Channel,
    queue: z.string(),
    answeredAt: Instant,
    gaps: z.array(Gap).meta({ description: 'What the agent lacked when answering' }),
    status: z.enum(['open', 'cleared']),
    recordedAt: Instant,
    clearedAt: Instant.optional().meta({ description: 'When a later record (dated before the contact) cleared it' }),
  })
  .meta({ id: 'CompetenceViolation' });

const TRAINING_TERMS = [
  'inductionBeforeLive',
  'inductionCourses',
  'mandatoryCourses',
  'refresherIntervalDays',
  'languagesByChannel',
  'minQaEvaluationsPerMonth',
  'expiryWarningDays',
] as const;

export const RequirementsOrigin = z
  .object({
    agreementVersion: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'The agreement version in force (0: default)' }),
    ...Object.fromEntries(TRAINING_TERMS.map((term) => [term, Origin])),
  } as { agreementVersion: z.ZodNumber } & Record<(typeof TRAINING_TERMS)[number], typeof Origin>)
  .meta({
    id: 'AgentRequirementsOrigin',
    description: "Where each training term used comes from (the agreement's origins)",
  });

export const AgentCompetenceMatrix = z
  .object({
    tenantId: z.string(),
    ...agentFields,
    qa: QaCoverage.extend({
      averageScore: z.number().nullable().meta({ description: 'Mean score 0–100 this month; null without any' }),
      criticalFails: z.number().int().nonnegative(),
    }),
    requirements: z.array(RequirementState).meta({ description: 'Every course requirement, induction first' }),
    requirementsOrigin: RequirementsOrigin,
    languagesRequired: z
      .partialRecord(Channel, z.array(z.string()))
      .meta({ description: 'Languages the agreement asks per channel', example: { voice: ['fr'] } }),
    qaHistory: z
      .array(z.object({ month: z.string(), count: z.number().int(), averageScore: z.number().nullable() }))
      .meta({ description: 'QA evaluations per tenant-local month kept in the profile, newest first' }),
    trainings: z.array(Training).meta({ description: 'Every course record, oldest completion first' }),
    violations: z.array(Violation).meta({ description: "The agent's violations, newest contact first, at most 100" }),
  })
  .meta({ id: 'AgentCompetenceMatrix' });

export const getAgentRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/agents/{agentId}',
  operationId: 'getAgent',
  summary: "An agent's competence matrix",
  description:
    'Each requirement of the agreement in force now (induction and mandatory courses) with its status (`valid`, ' +
    "`expiring` within the agreement's warning window, `expired`, `missing`), the record that counts and until " +
    "when it is valid; this month's QA coverage and the months before; every course record; the agent's " +
    'competence violations (contacts handled while lacking a requirement), newest first. Unknown agent: 404.',
  roles,
  request: { path: AgentPath, query: NoQuery },
  responses: {
    200: { description: 'The competence matrix', schema: AgentCompetenceMatrix },
  },
  example: { path: { agentId: 'agent-0042' } },
});
