/**
 * The daily evaluation of the people controls on the real table, for two tenants with different agreements and an
 * agent working for both. It drives the use case as the handler composes it, over these two tenants only: the
 * handler evaluates every tenant of the table, and the other test files' tenants are not this file's to change.
 */
import { describe, expect, it } from 'vitest';
import type {
  AgentLeftDetail,
  AgentOnboardedDetail,
  QaEvaluationCompletedDetail,
  TrainingCompletedDetail,
} from '../../../events/workforce.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { AgentCompetence, requirementsAt } from '../../../shared/app/agent-competence.js';
import { type CompetenceReport, EvaluateCompetence } from '../../../shared/app/evaluate-competence.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { AgentRepository } from '../../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { conditionalWriter } = await import('../../../shared/store/conditional-writer.js');
const db = testDocumentClient();
const agents = new AgentRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);
const ledger = new DynamoLedgerRepository(db, config.tableName);
const competence = new AgentCompetence(agents, agreements, ledger);

const CURRENCY = 'P1-HR-COMPETENCE-CURRENCY';
const SKILLS = 'P1-HR-SKILLS-DEV';
const INDUCTION = 'P1-HR-INDUCTION';
const NOW = new Date('2026-11-20T04:00:00.000Z');

const suffix = crypto.randomUUID().slice(0, 8);
/** Paris: pci and data protection, warned 30 days ahead, two QA evaluations an agent a month. */
const STRICT = `hr-strict-${suffix}`;
/** London: data protection only, no QA minimum. */
const LIGHT = `hr-light-${suffix}`;
const BOTH = 'agent-both';

const evaluation = new EvaluateCompetence(
  agents,
  agreements,
  ledger,
  {
    heads: async function* () {
      yield* [{ tenantId: STRICT }, { tenantId: LIGHT }];
    },
  },
  conditionalWriter(db),
);

async function agree(tenantId: string, timeZone: string, training: Record<string, unknown>) {
  await new AddAgreementVersion(agreements, ledger).add(
    tenantId,
    AgreementInput.parse({
      effectiveFrom: '2026-01-01',
      timeZone: { value: timeZone },
      training: { inductionBeforeLive: { value: true }, refresherIntervalDays: { value: 365 }, ...training },
    }),
    { recordedBy: 'officer', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
  );
}

const base = (tenantId: string, occurredAt: string) => ({
  schemaVersion: 1 as const,
  tenantId,
  centerId: 'lyon-1',
  occurredAt,
});

async function onboard(tenantId: string, agentId: string, startedAt = '2026-01-05T08:00:00Z') {
  const detail: AgentOnboardedDetail = { ...base(tenantId, startedAt), agentId, startedAt, languages: ['fr'] };
  await competence.apply({ type: 'agent.onboarded', detail }, `onboarded#${agentId}#${startedAt}`);
}

async function leave(tenantId: string, agentId: string, leftAt: string) {
  const detail: AgentLeftDetail = { ...base(tenantId, leftAt), agentId, leftAt };
  await competence.apply({ type: 'agent.left', detail }, `left#${agentId}#${leftAt}`);
}

async function train(tenantId: string, agentId: string, category: string, completedAt: string, validUntil?: string) {
  const trainingRecordId = `${agentId}-${category}-${completedAt}`;
  const detail = {
    ...base(tenantId, completedAt),
    trainingRecordId,
    agentId,
    courseId: `${category}-101`,
    category,
    hours: 2,
    completedAt,
    passed: true,
    ...(validUntil === undefined ? {} : { validUntil }),
  } as TrainingCompletedDetail;
  await competence.apply({ type: 'training.completed', detail }, `training#${trainingRecordId}`);
}

async function evaluate(tenantId: string, agentId: string, occurredAt: string) {
  const evaluationId = `qa-${agentId}-${occurredAt}`;
  const detail: QaEvaluationCompletedDetail = {
    ...base(tenantId, occurredAt),
    evaluationId,
    agentId,
    score: 80,
    criticalFail: false,
    evaluatorId: 'qa-lead-1',
  };
  await competence.apply({ type: 'qa.evaluation-completed', detail }, `qa#${evaluationId}`);
}

async function controlEntries(tenantId: string) {
  const found = [];
  for await (const entry of ledger.entries(tenantId)) if (entry.kind.startsWith('control.')) found.push(entry);
  return found;
}

const state = async (tenantId: string, controlId: string) => (await agents.controlState(tenantId, controlId))?.state;

async function prepare() {
  await agree(STRICT, 'Europe/Paris', {
    mandatoryCourses: { value: [{ category: 'pci' }, { category: 'data-protection' }] },
    expiryWarningDays: { value: 30 },
    minQaEvaluationsPerMonth: { value: 2 },
  });
  await agree(LIGHT, 'Europe/London', {
    mandatoryCourses: { value: [{ category: 'data-protection' }] },
    minQaEvaluationsPerMonth: { value: 0 },
  });
  // The agent working for both: fully trained for the light tenant, its pci lapsed on 10 November for the strict one.
  for (const tenantId of [STRICT, LIGHT]) {
    await onboard(tenantId, BOTH);
    await train(tenantId, BOTH, 'induction', '2026-01-06T08:00:00Z');
    await train(tenantId, BOTH, 'data-protection', '2026-02-01T08:00:00Z');
  }
  await train(STRICT, BOTH, 'pci', '2025-11-10T08:00:00Z', '2026-11-10T00:00:00Z');
  await evaluate(STRICT, BOTH, '2026-10-08T10:00:00Z');
  await evaluate(STRICT, BOTH, '2026-10-22T10:00:00Z');
  // A colleague whose pci lapses within the warning window, evaluated once in October.
  await onboard(STRICT, 'agent-a1');
  await train(STRICT, 'agent-a1', 'induction', '2026-01-06T08:00:00Z');
  await train(STRICT, 'agent-a1', 'data-protection', '2026-02-01T08:00:00Z');
  await train(STRICT, 'agent-a1', 'pci', '2025-12-10T08:00:00Z', '2026-12-10T00:00:00Z');
  await evaluate(STRICT, 'agent-a1', '2026-10-15T10:00:00Z');
  // A newcomer who took a call before any induction, then left: the real-time path breached P1-HR-INDUCTION.
  await onboard(STRICT, 'agent-a3', '2026-11-01T08:00:00Z');
  const versions = await agreements.versions(STRICT);
  const violation = await competence.check(
    {
      ...base(STRICT, '2026-11-02T09:10:00Z'),
      contactId: `c-${suffix}`,
      channel: 'voice',
      direction: 'inbound',
      queue: 'billing',
      agentId: 'agent-a3',
      initiatedAt: '2026-11-02T09:00:00Z',
      answeredAt: '2026-11-02T09:00:20Z',
      endedAt: '2026-11-02T09:10:00Z',
      outcome: 'handled',
    },
    { competence: requirementsAt(STRICT, versions, '2026-11-02T09:00:00Z') },
    { hasWorkforceData: true, profiles: new Map() },
  );
  expect(violation?.status).toBe('open');
  await leave(STRICT, 'agent-a3', '2026-11-05T18:00:00Z');
}

const mine = (report: CompetenceReport) => report.transitions.filter((t) => [STRICT, LIGHT].includes(t.tenantId));

describe('Function: evaluate-competence', () => {
  it("evaluates each tenant's people controls by its own agreement, records each change once, and a restoration", async () => {
    // Prepare
    await prepare();

    // Act: the daily run, then a rerun the same day
    const first = await evaluation.run(NOW);
    const rerun = await evaluation.run(new Date('2026-11-20T10:00:00Z'));

    // Assess: the strict tenant
    expect(first).toMatchObject({ tenants: 2, evaluated: 2, failed: 0, complete: true });
    expect(await state(STRICT, CURRENCY)).toEqual({
      tenantId: STRICT,
      controlId: CURRENCY,
      clause: '6',
      status: 'breached',
      since: NOW.toISOString(),
      detail: {
        activeAgents: 2,
        compliantAgents: 1,
        compliantShare: 0.5,
        expired: [{ agentId: BOTH, requirementId: 'mandatory:pci', validUntil: '2026-11-10T00:00:00.000Z' }],
        expiredCount: 1,
        missing: [],
        missingCount: 0,
        expiring: [{ agentId: 'agent-a1', requirementId: 'mandatory:pci', validUntil: '2026-12-10T00:00:00.000Z' }],
        expiringCount: 1,
        warningDays: 30,
      },
    });
    expect(await state(STRICT, SKILLS)).toMatchObject({
      status: 'breached',
      detail: {
        month: '2026-11',
        previousMonth: '2026-10',
        required: 2,
        belowPreviousMonth: [{ agentId: 'agent-a1', count: 1 }],
        below: [
          { agentId: 'agent-a1', count: 0 },
          { agentId: BOTH, count: 0 },
        ],
      },
    });
    expect(await state(STRICT, INDUCTION)).toMatchObject({
      status: 'breached',
      detail: {
        openViolations: 1,
        lastViolation: { agentId: 'agent-a3', contactId: `c-${suffix}`, answeredAt: '2026-11-02T09:00:20Z' },
      },
    });
    // The same agent, by the light tenant's agreement: nothing lacking, no QA minimum.
    for (const controlId of [CURRENCY, SKILLS, INDUCTION])
      expect((await state(LIGHT, controlId))?.status, controlId).toBe('compliant');
    expect((await state(LIGHT, CURRENCY))?.detail).toMatchObject({ activeAgents: 1, compliantShare: 1 });

    // The induction breach was the real-time path's: the evaluation agreed and wrote no entry of its own.
    expect(mine(first)).toEqual([
      { tenantId: STRICT, controlId: CURRENCY, from: 'no-data', to: 'breached' },
      { tenantId: STRICT, controlId: SKILLS, from: 'no-data', to: 'breached' },
      { tenantId: LIGHT, controlId: CURRENCY, from: 'no-data', to: 'compliant' },
      { tenantId: LIGHT, controlId: SKILLS, from: 'no-data', to: 'compliant' },
      { tenantId: LIGHT, controlId: INDUCTION, from: 'no-data', to: 'compliant' },
    ]);
    expect((await controlEntries(STRICT)).map((e) => [e.kind, e.payload.controlId])).toEqual([
      ['control.breached', CURRENCY],
      ['control.breached', SKILLS],
    ]);
    expect((await controlEntries(LIGHT)).map((e) => e.kind)).toEqual(Array(3).fill('control.changed'));

    // The rerun the same day found nothing changed.
    expect(mine(rerun)).toEqual([]);
    expect(await controlEntries(STRICT)).toHaveLength(2);
    expect(await controlEntries(LIGHT)).toHaveLength(3);
  });

  it('restores currency once a late training record arrives, and refreshes QA coverage without an entry', async () => {
    // Prepare: completed on 15 November, recorded only now; and a QA evaluation in November
    await train(STRICT, BOTH, 'pci', '2026-11-15T08:00:00Z', '2027-11-15T00:00:00Z');
    await evaluate(STRICT, BOTH, '2026-11-19T10:00:00Z');

    // Act
    const next = await evaluation.run(new Date('2026-11-21T04:00:00Z'));

    // Assess: no agent lacks a course any more; the colleague's pci still lapses within the window
    expect(mine(next)).toEqual([{ tenantId: STRICT, controlId: CURRENCY, from: 'breached', to: 'at-risk' }]);
    expect(await state(STRICT, CURRENCY)).toMatchObject({
      status: 'at-risk',
      since: '2026-11-21T04:00:00.000Z',
      detail: { compliantAgents: 2, expiredCount: 0, expiringCount: 1 },
    });
    const entries = await controlEntries(STRICT);
    expect(entries).toHaveLength(3);
    expect(entries.at(-1)).toMatchObject({
      kind: 'control.restored',
      resource: `control/${CURRENCY}`,
      actor: 'system:evaluate-competence',
      payload: {
        controlId: CURRENCY,
        from: 'breached',
        to: 'at-risk',
        detail: { activeAgents: 2, compliantAgents: 2, expiredCount: 0, expiringCount: 1 },
      },
    });
    // QA coverage: still breached for October, its November count refreshed in place
    expect(await state(STRICT, SKILLS)).toMatchObject({
      status: 'breached',
      since: NOW.toISOString(),
      detail: {
        below: [
          { agentId: 'agent-a1', count: 0 },
          { agentId: BOTH, count: 1 },
        ],
      },
    });
  });
});
