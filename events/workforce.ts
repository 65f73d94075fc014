/**
 * Canonical events of the workforce tools (docs/events.md): an agent starts or stops working for a client
 * organisation, completes a training, is evaluated by quality assurance (ISO18295.md §2.3, P1-HR-INDUCTION,
 * P1-HR-COMPETENCE-CURRENCY, P1-HR-SKILLS-DEV). Agents are named by pseudonymous identifiers only: no name, e-mail
 * address or phone number is needed or accepted.
 *
 * Each event is about one tenant (the envelope's `tenantId`), as all state is kept per tenant: an agent who works for
 * two client organisations is onboarded once for each, and a course that counts for both is reported to each (the
 * same `trainingRecordId` under each tenant).
 */
import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent, receivedDateTimeOf } from './envelope.js';
import { pseudonymousReference } from './personal-data.js';

export const WORKFORCE_SOURCE = 'ccc.workforce';

/** What a course is about; an agreement names the categories (or courses) it requires. */
export const TrainingCategory = z.enum([
  'induction',
  'product',
  'soft-skills',
  'language',
  'data-protection',
  'complaint-handling',
  'pci',
]);
export type TrainingCategory = z.infer<typeof TrainingCategory>;

/** A BCP 47 language tag (`fr`, `en-GB`). */
export const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as fr or en-GB')
  .max(35);

/** A course's identifier in the training catalogue of the centre. */
export const CourseId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 letters, digits or _ . : -');

const agentId = () =>
  pseudonymousReference('agentId').meta({ description: "The agent's pseudonymous identifier (never a name)" });

export function agentOnboardedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    agentId: agentId(),
    startedAt: receivedDateTimeOf('When the agent starts working for the tenant', clock),
    languages: z
      .array(LanguageTag)
      .max(20)
      .default([])
      .meta({ description: 'Languages the agent handles contacts in (BCP 47)' }),
    services: z
      .array(z.string().min(1).max(128))
      .max(100)
      .optional()
      .meta({ description: "The tenant's services (queues) the agent works; all of them when left out" }),
  });
}

/**
 * An agent starts working for a client organisation. Idempotency key: `tenantId` + `agentId` + `startedAt` (an
 * agent who leaves and comes back is onboarded again).
 *
 * @example events/samples/agent.onboarded.json
 */
export const AgentOnboardedDetail = agentOnboardedDetailAt();
export type AgentOnboardedDetail = z.infer<typeof AgentOnboardedDetail>;

export const AgentOnboarded = defineEvent({
  source: WORKFORCE_SOURCE,
  detailType: 'agent.onboarded',
  schema: AgentOnboardedDetail,
  schemaAt: agentOnboardedDetailAt,
  idempotencyKey: (d) => `agent-onboarded#${d.agentId}#${Date.parse(d.startedAt)}`,
  summary:
    'An agent starts working for the tenant (at a centre, with languages and services): from then on every ' +
    "contact the agent handles is checked against the agreement's induction and mandatory courses.",
  idempotencyFields: ['agentId', 'startedAt'],
});

export const LeavingReason = z.enum(['resigned', 'dismissed', 'contract-ended', 'transferred', 'retired', 'other']);

export function agentLeftDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    agentId: agentId(),
    leftAt: receivedDateTimeOf('When the agent stopped working for the tenant', clock),
    reason: LeavingReason.optional(),
  });
}

/**
 * An agent stops working for a client organisation. Idempotency key: `tenantId` + `agentId` + `leftAt`.
 *
 * @example events/samples/agent.left.json
 */
export const AgentLeftDetail = agentLeftDetailAt();
export type AgentLeftDetail = z.infer<typeof AgentLeftDetail>;

export const AgentLeft = defineEvent({
  source: WORKFORCE_SOURCE,
  detailType: 'agent.left',
  schema: AgentLeftDetail,
  schemaAt: agentLeftDetailAt,
  idempotencyKey: (d) => `agent-left#${d.agentId}#${Date.parse(d.leftAt)}`,
  summary: 'An agent stops working for the tenant: no longer counted in competence currency or QA coverage.',
  idempotencyFields: ['agentId', 'leftAt'],
});

export function trainingCompletedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock)
    .extend({
      trainingRecordId: z.string().min(1).max(128).meta({ description: "The training tool's record id" }),
      agentId: agentId(),
      courseId: CourseId,
      category: TrainingCategory,
      hours: z.number().finite().positive().max(1_000).meta({ description: 'Hours of training, at most 1,000' }),
      completedAt: receivedDateTimeOf('When the agent completed the course', clock),
      validUntil: z.iso
        .datetime({ offset: true })
        .optional()
        .meta({
          description:
            "When the certificate lapses; when left out, the agreement's refresh interval for a mandatory course " +
            '(none for an induction)',
        }),
      passed: z.boolean(),
      score: z.number().finite().min(0).max(100).optional().meta({ description: 'Assessment score, 0 to 100' }),
    })
    .refine((d) => d.validUntil === undefined || Date.parse(d.validUntil) > Date.parse(d.completedAt), {
      message: 'must be after completedAt',
      path: ['validUntil'],
    });
}

/**
 * An agent completed a course (passed or not). Idempotency key: `tenantId` + `trainingRecordId`. A record that
 * arrives after contacts it precedes clears the violations it answers.
 *
 * @example events/samples/training.completed.json
 */
export const TrainingCompletedDetail = trainingCompletedDetailAt();
export type TrainingCompletedDetail = z.infer<typeof TrainingCompletedDetail>;

export const TrainingCompleted = defineEvent({
  source: WORKFORCE_SOURCE,
  detailType: 'training.completed',
  schema: TrainingCompletedDetail,
  schemaAt: trainingCompletedDetailAt,
  idempotencyKey: (d) => `training#${d.trainingRecordId}`,
  summary:
    "A course an agent completed, passed or not, with its validity: counted against the agreement's induction and " +
    'mandatory courses; a record that arrives late but was completed before a contact clears that violation.',
  idempotencyFields: ['trainingRecordId'],
});

export function qaEvaluationCompletedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    evaluationId: z.string().min(1).max(128),
    agentId: agentId(),
    contactId: z.string().min(1).max(128).optional().meta({ description: 'The contact evaluated, when there is one' }),
    score: z.number().finite().min(0).max(100),
    criticalFail: z.boolean().meta({ description: 'A critical criterion failed, whatever the score' }),
    evaluatorId: pseudonymousReference('evaluatorId').meta({ description: "The evaluator's pseudonymous identifier" }),
  });
}

/**
 * A quality-assurance evaluation of an agent's work, counted in the month of its `occurredAt` (tenant time zone).
 * Idempotency key: `tenantId` + `evaluationId`.
 *
 * @example events/samples/qa.evaluation-completed.json
 */
export const QaEvaluationCompletedDetail = qaEvaluationCompletedDetailAt();
export type QaEvaluationCompletedDetail = z.infer<typeof QaEvaluationCompletedDetail>;

export const QaEvaluationCompleted = defineEvent({
  source: WORKFORCE_SOURCE,
  detailType: 'qa.evaluation-completed',
  schema: QaEvaluationCompletedDetail,
  schemaAt: qaEvaluationCompletedDetailAt,
  idempotencyKey: (d) => `qa#${d.evaluationId}`,
  summary:
    "A quality-assurance evaluation of an agent: counted toward the agreement's minimum evaluations per agent " +
    'and month (P1-HR-SKILLS-DEV).',
  idempotencyFields: ['evaluationId'],
});

/** Every workforce event, in the order docs/events.md lists them. */
export const workforceEvents = [AgentOnboarded, AgentLeft, TrainingCompleted, QaEvaluationCompleted] as const;
