/**
 * The people controls' evaluators (shared/app/evaluate-competence.ts), which the catalogue's P1-HR-COMPETENCE-CURRENCY,
 * P1-HR-SKILLS-DEV and P1-HR-INDUCTION call; how their states are kept is the engine's (evaluate-controls.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CompetenceViolation } from '../../../../shared/app/agent-competence.js';
import {
  currencyEvaluation,
  DETAIL_LIST_CAP,
  type Evaluation,
  inductionEvaluation,
  skillsEvaluation,
  type TenantFacts,
} from '../../../../shared/app/evaluate-competence.js';
import type { AgreementVersion, TrainingTerms } from '../../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';
import type { AgentProfile, TrainingRecord } from '../../../../shared/domain/competence/agent-profile.js';

const NOW = new Date('2026-11-20T04:00:00.000Z');
const CURRENCY = 'P1-HR-COMPETENCE-CURRENCY';
const SKILLS = 'P1-HR-SKILLS-DEV';
const INDUCTION = 'P1-HR-INDUCTION';

/** A tenant's facts in memory and the three evaluators over them, each given what it said before, as the engine does. */
function memory() {
  const profiles = new Map<string, AgentProfile[]>();
  const versions = new Map<string, AgreementVersion[]>();
  const violations = new Map<string, CompetenceViolation[]>();
  const said = new Map<string, Evaluation>();
  const key = (tenantId: string, controlId: string) => `${tenantId}|${controlId}`;
  return {
    profiles,
    versions,
    violations,
    evaluate(now: Date, tenantId = 't') {
      const facts: TenantFacts = {
        tenantId,
        profiles: profiles.get(tenantId) ?? [],
        versions: versions.get(tenantId) ?? [],
        openViolations: (violations.get(tenantId) ?? []).filter((v) => v.status === 'open'),
      };
      const previous = said.get(key(tenantId, INDUCTION));
      said.set(key(tenantId, CURRENCY), currencyEvaluation(facts, now));
      said.set(key(tenantId, SKILLS), skillsEvaluation(facts, now));
      said.set(
        key(tenantId, INDUCTION),
        inductionEvaluation(
          facts.openViolations,
          previous && { tenantId, controlId: INDUCTION, clause: '6', since: NOW.toISOString(), ...previous },
        ),
      );
    },
    control: (tenantId: string, controlId: string) => said.get(key(tenantId, controlId)),
  };
}

function agreement(tenantId: string, training: Partial<TrainingTerms>): AgreementVersion {
  const base = defaultAgreementVersion(tenantId);
  return { ...base, version: 1, effectiveFrom: '2026-01-01', training: { ...base.training, ...training } };
}

const contract = <T>(value: T) => ({ value, origin: 'contract' as const });

/** pci and data-protection mandatory, warned 30 days ahead, 2 QA evaluations a month. */
const STRICT: Partial<TrainingTerms> = {
  mandatoryCourses: contract([{ category: 'pci' as const }, { category: 'data-protection' as const }]),
  minQaEvaluationsPerMonth: contract(2),
  expiryWarningDays: contract(30),
};

function course(category: TrainingRecord['category'], completedAt: string, validUntil?: string): TrainingRecord {
  return {
    trainingRecordId: `${category}-${completedAt}`,
    courseId: `${category}-course`,
    category,
    hours: 2,
    completedAt,
    passed: true,
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

function agent(tenantId: string, agentId: string, over: Partial<AgentProfile> = {}): AgentProfile {
  return {
    tenantId,
    agentId,
    startedAt: '2026-01-05T08:00:00Z',
    languages: ['fr'],
    trainings: [
      course('induction', '2026-01-06T08:00:00Z'),
      course('data-protection', '2026-02-01T08:00:00Z'),
      course('pci', '2026-02-01T08:00:00Z'),
    ],
    qa: {
      '2026-10': { count: 2, scoreSum: 160, criticalFails: 0 },
      '2026-11': { count: 2, scoreSum: 170, criticalFails: 0 },
    },
    ...over,
  };
}

function violation(tenantId: string, agentId: string, contactId: string, recordedAt: string): CompetenceViolation {
  return {
    tenantId,
    agentId,
    contactId,
    channel: 'voice',
    queue: 'billing',
    centerId: 'lyon-1',
    initiatedAt: '2026-11-02T08:00:00Z',
    answeredAt: '2026-11-02T08:00:10Z',
    gaps: [{ kind: 'induction', requirementId: 'induction:*' }],
    status: 'open',
    recordedAt,
  };
}

describe('People control evaluators', () => {
  it('breaches currency for an expired or missing mandatory course of an active agent, listing them', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [
      agent('t', 'a-ok'),
      agent('t', 'a-expired', {
        trainings: [
          course('data-protection', '2026-02-01T00:00:00Z'),
          course('pci', '2025-11-01T00:00:00Z', '2026-11-10T00:00:00Z'),
        ],
      }),
      agent('t', 'a-missing', { trainings: [course('data-protection', '2026-02-01T00:00:00Z')] }),
      // Gone before today: whatever it lacks is no longer the tenant's concern.
      agent('t', 'a-left', { trainings: [], leftAt: '2026-11-01T00:00:00Z' }),
    ]);

    m.evaluate(NOW);

    const state = m.control('t', CURRENCY);
    expect(state?.status).toBe('breached');
    expect(state?.detail).toEqual({
      activeAgents: 3,
      compliantAgents: 1,
      compliantShare: 0.3333,
      expired: [{ agentId: 'a-expired', requirementId: 'mandatory:pci', validUntil: '2026-11-10T00:00:00.000Z' }],
      expiredCount: 1,
      missing: [{ agentId: 'a-missing', requirementId: 'mandatory:pci' }],
      missingCount: 1,
      expiring: [],
      expiringCount: 0,
      warningDays: 30,
    });
  });

  it('puts currency at risk when a course lapses within the warning window, and only within it', async () => {
    const m = memory();
    const soon = agent('t', 'a-soon', {
      trainings: [
        course('data-protection', '2026-02-01T00:00:00Z'),
        course('pci', '2026-01-01T00:00:00Z', '2026-12-15T00:00:00Z'),
      ],
    });
    m.profiles.set('t', [soon]);
    m.versions.set('t', [agreement('t', STRICT)]);
    m.evaluate(NOW);
    expect(m.control('t', CURRENCY)).toMatchObject({
      status: 'at-risk',
      detail: {
        expiring: [{ agentId: 'a-soon', requirementId: 'mandatory:pci', validUntil: '2026-12-15T00:00:00.000Z' }],
      },
    });

    const n = memory();
    n.profiles.set('t', [soon]);
    n.versions.set('t', [agreement('t', { ...STRICT, expiryWarningDays: contract(14) })]);
    n.evaluate(NOW);
    expect(n.control('t', CURRENCY)).toMatchObject({ status: 'compliant', detail: { compliantShare: 1 } });
  });

  it('caps each list at 50 and says how many there are', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set(
      't',
      Array.from({ length: 60 }, (_, i) => agent('t', `a-${String(i).padStart(2, '0')}`, { trainings: [] })),
    );

    m.evaluate(NOW);

    const detail = m.control('t', CURRENCY)?.detail as { missing: unknown[]; missingCount: number };
    expect(detail.missing).toHaveLength(DETAIL_LIST_CAP);
    expect(detail.missingCount).toBe(120);
  });

  it('breaches QA coverage for an agent short last month who worked all of it; a later starter is not held to it', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [
      agent('t', 'a-full'),
      agent('t', 'a-short', { qa: { '2026-10': { count: 1, scoreSum: 80, criticalFails: 0 } } }),
      // Started on 10 October (Paris): October does not count for it, November is still open.
      agent('t', 'a-new', { startedAt: '2026-10-10T08:00:00Z', qa: {} }),
    ]);

    m.evaluate(NOW);

    expect(m.control('t', SKILLS)).toMatchObject({
      status: 'breached',
      detail: {
        month: '2026-11',
        previousMonth: '2026-10',
        required: 2,
        belowPreviousMonth: [{ agentId: 'a-short', count: 1 }],
        belowPreviousMonthCount: 1,
        below: [
          { agentId: 'a-new', count: 0 },
          { agentId: 'a-short', count: 0 },
        ],
        belowCount: 2,
      },
    });
  });

  it('puts QA coverage at risk while this month is short, and is compliant when the agreement asks for none', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [agent('t', 'a-1', { qa: { '2026-10': { count: 3, scoreSum: 240, criticalFails: 0 } } })]);
    m.evaluate(NOW);
    expect(m.control('t', SKILLS)).toMatchObject({
      status: 'at-risk',
      detail: { below: [{ agentId: 'a-1', count: 0 }] },
    });

    const n = memory();
    n.versions.set('t', [agreement('t', { minQaEvaluationsPerMonth: contract(0) })]);
    n.profiles.set('t', [agent('t', 'a-1', { qa: {} })]);
    n.evaluate(NOW);
    expect(n.control('t', SKILLS)).toMatchObject({
      status: 'compliant',
      detail: { required: 0, belowCount: 0 },
    });
  });

  it('judges last month by the agreement then in force', async () => {
    const m = memory();
    m.versions.set('t', [
      agreement('t', { minQaEvaluationsPerMonth: contract(1) }),
      { ...agreement('t', { minQaEvaluationsPerMonth: contract(4) }), version: 2, effectiveFrom: '2026-11-01' },
    ]);
    m.profiles.set('t', [agent('t', 'a-1', { qa: { '2026-10': { count: 1, scoreSum: 90, criticalFails: 0 } } })]);

    m.evaluate(NOW);

    expect(m.control('t', SKILLS)).toMatchObject({
      status: 'at-risk',
      detail: { required: 4, requiredPreviousMonth: 1, belowPreviousMonthCount: 0 },
    });
  });

  it('recomputes induction from the open violations, keeping the last one once none is open', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [agent('t', 'a-1')]);
    m.violations.set('t', [
      violation('t', 'a-1', 'c-1', '2026-11-02T09:00:00Z'),
      violation('t', 'a-1', 'c-2', '2026-11-03T09:00:00Z'),
    ]);

    m.evaluate(NOW);
    const last = { agentId: 'a-1', contactId: 'c-2', answeredAt: '2026-11-02T08:00:10Z' };
    expect(m.control('t', INDUCTION)).toMatchObject({
      status: 'breached',
      detail: { openViolations: 2, lastViolation: last },
    });

    for (const v of m.violations.get('t') ?? []) v.status = 'cleared';
    m.evaluate(new Date('2026-11-21T04:00:00Z'));
    expect(m.control('t', INDUCTION)).toEqual({
      status: 'compliant',
      detail: { openViolations: 0, lastViolation: last },
    });
  });
});
