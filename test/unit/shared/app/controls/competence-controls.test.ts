import { describe, expect, it } from 'vitest';
import type { CompetenceViolation } from '../../../../../shared/app/agent-competence.js';
import { P1_HR_COMPETENCE_CURRENCY } from '../../../../../shared/app/controls/catalogue/p1-hr-competence-currency.js';
import { P1_HR_INDUCTION } from '../../../../../shared/app/controls/catalogue/p1-hr-induction.js';
import { P1_HR_SKILLS_DEV } from '../../../../../shared/app/controls/catalogue/p1-hr-skills-dev.js';
import type { ControlFacts } from '../../../../../shared/app/controls/control-definition.js';
import type { AgentProfile, TrainingRecord } from '../../../../../shared/domain/competence/agent-profile.js';
import { context, previousState, TENANT } from './control-fixtures.js';

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

/** An agent since January, inducted, data protection held until `validUntil`, `qa` evaluations a month. */
function agent(agentId: string, validUntil = '2027-06-01T00:00:00Z', qa = 4): AgentProfile {
  return {
    tenantId: TENANT,
    agentId,
    startedAt: '2026-01-05T08:00:00Z',
    languages: ['fr'],
    trainings: [
      course('induction', '2026-01-06T08:00:00Z'),
      course('data-protection', '2026-02-01T08:00:00Z', validUntil),
    ],
    qa: {
      '2026-10': { count: qa, scoreSum: 80 * qa, criticalFails: 0 },
      '2026-11': { count: qa, scoreSum: 80 * qa, criticalFails: 0 },
    },
  };
}

function violation(agentId: string): CompetenceViolation {
  return {
    tenantId: TENANT,
    agentId,
    contactId: 'contact-7',
    channel: 'voice',
    queue: 'q-1',
    centerId: 'center-1',
    initiatedAt: '2026-11-19T09:00:00Z',
    answeredAt: '2026-11-19T09:01:00Z',
    gaps: [],
    status: 'open',
    recordedAt: '2026-11-19T09:01:05Z',
  };
}

const facts = (
  profiles: AgentProfile[],
  openViolations: CompetenceViolation[] = [],
): Pick<ControlFacts, 'competence'> => ({
  competence: { profiles, openViolations },
});

describe('the people controls (P1-HR-*)', () => {
  it('say no-data while no agent profile exists, even with a violation recorded', () => {
    for (const d of [P1_HR_INDUCTION, P1_HR_COMPETENCE_CURRENCY, P1_HR_SKILLS_DEV]) {
      expect(d.evaluate(facts([], [violation('a-1')]), context()).status, d.controlId).toBe('no-data');
    }
  });

  it('are compliant for trained agents with their evaluations', () => {
    for (const d of [P1_HR_INDUCTION, P1_HR_COMPETENCE_CURRENCY, P1_HR_SKILLS_DEV]) {
      expect(d.evaluate(facts([agent('a-1')]), context()).status, d.controlId).toBe('compliant');
    }
  });

  it('breach P1-HR-INDUCTION while an agent took a live contact before induction, and keep the last one named after', () => {
    const breached = P1_HR_INDUCTION.evaluate(facts([agent('a-1')], [violation('a-1')]), context());
    expect(breached).toMatchObject({
      status: 'breached',
      detail: { openViolations: 1, lastViolation: { agentId: 'a-1', contactId: 'contact-7' } },
    });
    const previous = previousState('breached', breached.detail);
    const cleared = P1_HR_INDUCTION.evaluate(facts([agent('a-1')]), context({ previous }));
    expect(cleared).toMatchObject({
      status: 'compliant',
      detail: { openViolations: 0, lastViolation: { agentId: 'a-1' } },
    });
  });

  it('judge course currency: expired breaches, lapsing within the warning window is at risk', () => {
    const expired = P1_HR_COMPETENCE_CURRENCY.evaluate(facts([agent('a-1', '2026-11-01T00:00:00Z')]), context());
    expect(expired).toMatchObject({ status: 'breached', detail: { expiredCount: 1, activeAgents: 1 } });
    const lapsing = P1_HR_COMPETENCE_CURRENCY.evaluate(facts([agent('a-1', '2026-12-05T00:00:00Z')]), context());
    expect(lapsing).toMatchObject({ status: 'at-risk', detail: { expiringCount: 1 } });
  });

  it('judge QA coverage: short last month breaches, short this month is at risk', () => {
    const short = agent('a-1', undefined, 1);
    expect(P1_HR_SKILLS_DEV.evaluate(facts([short]), context())).toMatchObject({
      status: 'breached',
      detail: { previousMonth: '2026-10', belowPreviousMonthCount: 1 },
    });
    const shortThisMonth = {
      ...agent('a-1'),
      qa: { ...agent('a-1').qa, '2026-11': { count: 1, scoreSum: 80, criticalFails: 0 } },
    };
    expect(P1_HR_SKILLS_DEV.evaluate(facts([shortThisMonth]), context()).status).toBe('at-risk');
  });
});
