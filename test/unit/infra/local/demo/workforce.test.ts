import { describe, expect, it } from 'vitest';
import type { ContactCompletedDetail } from '../../../../../events/telephony.js';
import { AgentOnboarded, QaEvaluationCompleted, TrainingCompleted } from '../../../../../events/workforce.js';
import {
  contactTrafficGenerator,
  DEFAULT_DEMO_AGREEMENTS,
  DEFAULT_DEMO_GENERATORS,
  DEFAULT_DEMO_TENANTS,
  type DemoWorkforce,
  demoAgents,
  demoWorkforce,
  LATE_INDUCTION_DAY,
  previousMonth,
  qaEvaluationEvents,
  qaEvaluationsGenerator,
  simulateMonth,
  workforceEvents,
  workforceGenerator,
} from '../../../../../infra/local/demo/index.js';
import { AgreementInput } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { localDate } from '../../../../../shared/domain/calendar/zoned-time.js';
import {
  type AgentProfile,
  emptyProfile,
  withOnboarding,
  withQaEvaluation,
  withTraining,
} from '../../../../../shared/domain/competence/agent-profile.js';
import { competenceMatrix, gapsAt } from '../../../../../shared/domain/competence/assess-competence.js';
import { competenceRequirements } from '../../../../../shared/domain/competence/competence-requirements.js';

const SEED = 'ccc-demo';
const zoneOf = (tenantId: string) => DEFAULT_DEMO_TENANTS.find((t) => t.tenantId === tenantId)!.timeZone;

/** The profiles the record-workforce-event function would fold from the demo's events. */
function profilesOf(w: DemoWorkforce): Map<string, AgentProfile> {
  const profiles = new Map<string, AgentProfile>();
  const get = (agentId: string) => profiles.get(agentId) ?? emptyProfile(w.tenantId, agentId);
  for (const o of w.onboardings) profiles.set(o.agentId, withOnboarding(get(o.agentId), o));
  for (const t of w.trainings) {
    const { schemaVersion, tenantId, centerId, occurredAt, agentId, ...record } = t;
    profiles.set(agentId, withTraining(get(agentId), record));
  }
  for (const q of w.evaluations) {
    const month = localDate(q.occurredAt, zoneOf(w.tenantId)).slice(0, 7);
    profiles.set(q.agentId, withQaEvaluation(get(q.agentId), month, q));
  }
  return profiles;
}

/** The agreement's requirements, read from the demo agreement the loader PUTs. */
function requirementsOf(tenantId: string, month: string) {
  const agreement = DEFAULT_DEMO_AGREEMENTS.find((a) => a.tenantId === tenantId)!;
  return competenceRequirements(AgreementInput.parse(agreement.body(month)).training!);
}

describe('Demo: workforce', () => {
  // Early and late in the month after the demo month, and around a change of clocks (March).
  describe.each(['2026-12-01T06:00:00Z', '2026-12-31T20:00:00Z', '2026-04-20T12:00:00Z'])('loaded at %s', (nowIso) => {
    const now = new Date(nowIso);
    const month = previousMonth(now);
    const workforce = demoWorkforce({ month, seed: SEED, now });
    const contacts = simulateMonth({ month, seed: SEED }).filter(
      (c): c is ContactCompletedDetail & { agentId: string; answeredAt: string } =>
        c.outcome === 'handled' && c.agentId !== undefined && c.answeredAt !== undefined,
    );

    it('is the same for the same seed, and every event passes its canonical schema on the loading day', () => {
      expect(demoWorkforce({ month, seed: SEED, now })).toEqual(workforce);
      const schemaOf = {
        [AgentOnboarded.detailType]: AgentOnboarded.schemaAt!(() => now),
        [TrainingCompleted.detailType]: TrainingCompleted.schemaAt!(() => now),
        [QaEvaluationCompleted.detailType]: QaEvaluationCompleted.schemaAt!(() => now),
      };
      const events = [...workforceEvents(workforce), ...qaEvaluationEvents(workforce)];
      for (const event of events) {
        expect(event.source).toBe('ccc.workforce');
        const parsed = schemaOf[event.detailType]!.safeParse(event.detail);
        expect(parsed.error?.issues ?? []).toEqual([]);
      }
      const keys = workforce.flatMap((w) => w.trainings.map((t) => `${w.tenantId}#${t.trainingRecordId}`));
      expect(new Set(keys).size).toBe(keys.length);
      const qaKeys = workforce.flatMap((w) => w.evaluations.map((q) => `${w.tenantId}#${q.evaluationId}`));
      expect(new Set(qaKeys).size).toBe(qaKeys.length);
    });

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId, t] as const))(
      '%s: onboards every agent the contacts name, with their queue, and records each required course once',
      (tenantId, tenant) => {
        const w = workforce.find((x) => x.tenantId === tenantId)!;
        const agents = demoAgents(tenant);
        expect(w.onboardings.map((o) => o.agentId).sort()).toEqual(agents.map((a) => a.agentId).sort());
        for (const agent of agents) {
          const onboarding = w.onboardings.find((o) => o.agentId === agent.agentId)!;
          expect(onboarding).toMatchObject({ centerId: agent.centerId, services: [agent.queue] });
          expect(onboarding.languages[0]).toBe(tenant.languages[0]!.tag);
        }
        const named = new Set(contacts.filter((c) => c.tenantId === tenantId).map((c) => c.agentId));
        for (const agentId of named) expect(w.onboardings.some((o) => o.agentId === agentId)).toBe(true);
        const courses = requirementsOf(tenantId, month).courses;
        expect(w.trainings).toHaveLength(agents.length * courses.length);
        // Most agents have worked here for months; only the late starter joins during the demo month.
        const joined = w.onboardings.filter((o) => o.startedAt >= `${month}-01`).map((o) => o.agentId);
        expect(joined).toEqual([w.lateInduction.agentId]);
      },
    );

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: the only competence violations are the late starter before induction and the lapsed course after it',
      (tenantId) => {
        const w = workforce.find((x) => x.tenantId === tenantId)!;
        const profiles = profilesOf(w);
        const requirements = requirementsOf(tenantId, month);
        const zone = zoneOf(tenantId);
        const violations = contacts
          .filter((c) => c.tenantId === tenantId)
          .map((c) => ({ c, gaps: gapsAt(profiles.get(c.agentId), requirements, c.answeredAt, c.channel) }))
          .filter((v) => v.gaps.length > 0);
        const late = violations.filter((v) => v.c.agentId === w.lateInduction.agentId);
        const lapsed = violations.filter((v) => v.c.agentId === w.lapsing.agentId);
        expect(late.length + lapsed.length).toBe(violations.length);
        // The late starter's contacts of days 1 to 4 lack the induction, and only that.
        const beforeDay5 = late.filter((v) => localDate(v.c.answeredAt, zone) < `${month}-0${LATE_INDUCTION_DAY}`);
        expect(beforeDay5.length).toBeGreaterThanOrEqual(5);
        for (const v of late) {
          expect(Date.parse(v.c.answeredAt)).toBeLessThan(Date.parse(w.lateInduction.inductedAt));
          expect(v.gaps.map((g) => g.kind)).toEqual(['induction']);
        }
        const lateAfter = contacts.filter(
          (c) =>
            c.agentId === w.lateInduction.agentId &&
            c.tenantId === tenantId &&
            Date.parse(c.answeredAt) >= Date.parse(w.lateInduction.inductedAt),
        );
        expect(lateAfter.length).toBeGreaterThan(0);
        // The lapsed course: every contact after it lapsed, none before.
        expect(lapsed.length).toBeGreaterThanOrEqual(3);
        for (const v of lapsed) {
          expect(Date.parse(v.c.answeredAt)).toBeGreaterThanOrEqual(Date.parse(w.lapsing.lapsesAt));
          expect(v.gaps).toEqual([
            { kind: 'mandatory', requirementId: w.lapsing.requirementId, expiredAt: expect.any(String) },
          ]);
        }
        expect(localDate(w.lapsing.lapsesAt, zone).slice(0, 7)).toBe(month);
      },
    );

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: after the load, exactly one agent has an expired course, two an expiring one, all are inducted',
      (tenantId) => {
        const w = workforce.find((x) => x.tenantId === tenantId)!;
        const requirements = requirementsOf(tenantId, month);
        const matrices = [...profilesOf(w)].map(([agentId, p]) => ({
          agentId,
          m: competenceMatrix(p, requirements, now, month),
        }));
        expect(matrices.filter((x) => x.m.expired.length > 0).map((x) => x.agentId)).toEqual([w.lapsing.agentId]);
        expect(matrices.find((x) => x.agentId === w.lapsing.agentId)!.m.expired).toEqual([w.lapsing.requirementId]);
        const expiring = matrices.filter((x) => x.m.expiring.length > 0).map((x) => x.agentId);
        expect(expiring.sort()).toEqual(w.expiring.map((e) => e.agentId).sort());
        expect(expiring).toHaveLength(2);
        expect(matrices.every((x) => x.m.active && x.m.inducted && x.m.missing.length === 0)).toBe(true);
      },
    );

    it.each(DEFAULT_DEMO_TENANTS.map((t) => [t.tenantId] as const))(
      '%s: 3 to 6 QA evaluations per agent in the month, some below the minimum, a few critical fails',
      (tenantId) => {
        const w = workforce.find((x) => x.tenantId === tenantId)!;
        const zone = zoneOf(tenantId);
        const minimum = requirementsOf(tenantId, month).minQaEvaluationsPerMonth;
        const counts = new Map<string, number>();
        for (const q of w.evaluations) {
          counts.set(q.agentId, (counts.get(q.agentId) ?? 0) + 1);
          expect(localDate(q.occurredAt, zone).slice(0, 7)).toBe(month);
          const contact = contacts.find((c) => c.contactId === q.contactId);
          if (q.contactId !== undefined) {
            expect(contact?.agentId).toBe(q.agentId);
            expect(Date.parse(q.occurredAt)).toBeGreaterThan(Date.parse(contact!.endedAt));
          }
        }
        expect(counts.size).toBe(w.onboardings.length);
        for (const n of counts.values()) expect(n >= 3 && n <= 6).toBe(true);
        const below = [...counts.values()].filter((n) => n < minimum).length;
        expect(below).toBeGreaterThan(0);
        expect(below).toBeLessThan(counts.size);
        const fails = w.evaluations.filter((q) => q.criticalFail).length;
        expect(fails).toBeGreaterThan(0);
        expect(fails).toBeLessThan(w.evaluations.length / 5);
      },
    );
  });

  it('the agreements state the training terms the records follow, of origin contract', () => {
    const month = '2026-11';
    const acme = requirementsOf('acme-energy', month);
    expect(acme.courses.map((c) => c.requirementId)).toEqual(['induction:acme-induction', 'mandatory:data-protection']);
    expect(acme).toMatchObject({ minQaEvaluationsPerMonth: 4, expiryWarningDays: 30 });
    const northwind = requirementsOf('northwind-telecom', month);
    expect(northwind.courses.map((c) => c.requirementId)).toEqual([
      'induction:centre-induction',
      'induction:northwind-induction',
      'mandatory:data-protection',
      'mandatory:pci:pci-dss-awareness',
    ]);
    expect(northwind).toMatchObject({ minQaEvaluationsPerMonth: 6, languagesByChannel: { voice: ['en'] } });
  });

  it('sends onboarding and training before the contacts, QA evaluations after them', () => {
    const names = DEFAULT_DEMO_GENERATORS.map((g) => g.name);
    expect(names.indexOf(workforceGenerator.name)).toBe(0);
    expect(names.indexOf(workforceGenerator.name)).toBeLessThan(names.indexOf(contactTrafficGenerator.name));
    expect(names.indexOf(qaEvaluationsGenerator.name)).toBeGreaterThan(names.indexOf(contactTrafficGenerator.name));
    const now = new Date('2026-12-02T10:00:00Z');
    const events = [...workforceGenerator.events({ month: '2026-11', seed: SEED, now })];
    const types = events.map((e) => e.detailType);
    // Every onboarding comes before any training record, so no record reaches a tenant without profiles.
    expect(types.lastIndexOf('agent.onboarded')).toBeLessThan(types.indexOf('training.completed'));
    expect(new Set(types)).toEqual(new Set(['agent.onboarded', 'training.completed']));
    const qa = [...qaEvaluationsGenerator.events({ month: '2026-11', seed: SEED, now })];
    expect(new Set(qa.map((e) => e.detailType))).toEqual(new Set(['qa.evaluation-completed']));
  });
});
