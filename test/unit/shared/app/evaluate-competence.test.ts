import { describe, expect, it } from 'vitest';
import type { CompetenceViolation, StoredControl } from '../../../../shared/app/agent-competence.js';
import type { ControlState } from '../../../../shared/app/control-state.js';
import {
  type CompetenceEvaluationStore,
  DETAIL_LIST_CAP,
  EvaluateCompetence,
  type EvaluationOptions,
} from '../../../../shared/app/evaluate-competence.js';
import type { Evidence, EvidenceLedger, PreparedChange } from '../../../../shared/app/evidence-ledger.js';
import type { AgreementVersion, TrainingTerms } from '../../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';
import type { AgentProfile, TrainingRecord } from '../../../../shared/domain/competence/agent-profile.js';

const NOW = new Date('2026-11-20T04:00:00.000Z');
const CURRENCY = 'P1-HR-COMPETENCE-CURRENCY';
const SKILLS = 'P1-HR-SKILLS-DEV';
const INDUCTION = 'P1-HR-INDUCTION';

type ControlWrite = { state: ControlState; previousRevision: number | undefined };

/** The competence store, the ledger and the tenants in memory; a write whose revision moved fails as in DynamoDB. */
function memory(options: EvaluationOptions = {}) {
  const profiles = new Map<string, AgentProfile[]>();
  const versions = new Map<string, AgreementVersion[]>();
  const violations = new Map<string, CompetenceViolation[]>();
  const controls = new Map<string, StoredControl>();
  const entries: Evidence[] = [];
  const plainWrites: ControlState[] = [];
  /** Runs before a control write lands: a concurrent writer's chance. */
  let beforeWrite: (state: ControlState) => void = () => {};
  const key = (tenantId: string, controlId: string) => `${tenantId}|${controlId}`;
  const land = ({ state, previousRevision }: ControlWrite): boolean => {
    beforeWrite(state);
    const current = controls.get(key(state.tenantId, state.controlId));
    if (current?.revision !== previousRevision) return false;
    controls.set(key(state.tenantId, state.controlId), { state, revision: (previousRevision ?? 0) + 1 });
    return true;
  };
  const store: CompetenceEvaluationStore = {
    allProfiles: async (t) => structuredClone(profiles.get(t) ?? []),
    tenantViolations: async (t) => (violations.get(t) ?? []).filter((v) => v.status === 'open'),
    controlState: async (t, id) => structuredClone(controls.get(key(t, id))),
    controlWrite: (state, previousRevision): ControlWrite => ({ state, previousRevision }),
  };
  const ledger: EvidenceLedger = {
    async commit<T>(_t: string, prepare: () => Promise<PreparedChange<T>>) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const prepared = await prepare();
        if ('unchanged' in prepared) return { result: prepared.result };
        if ((prepared.items as ControlWrite[]).every(land)) {
          entries.push(prepared.evidence);
          return { result: prepared.result };
        }
      }
      throw new Error('contention');
    },
    append: async () => {
      throw new Error('not used');
    },
  };
  const writer = {
    write: async (item: unknown) => {
      const ok = land(item as ControlWrite);
      if (ok) plainWrites.push((item as ControlWrite).state);
      return ok;
    },
  };
  const tenants = {
    heads: async function* () {
      for (const tenantId of new Set([...profiles.keys(), ...versions.keys()])) yield { tenantId };
    },
  };
  const evaluation = new EvaluateCompetence(
    store,
    { versions: async (t) => versions.get(t) ?? [] },
    ledger,
    tenants,
    writer,
    options,
  );
  return {
    profiles,
    versions,
    violations,
    entries,
    plainWrites,
    evaluation,
    control: (t: string, id: string) => controls.get(key(t, id)),
    setControl: (t: string, stored: StoredControl) => controls.set(key(t, stored.state.controlId), stored),
    onWrite: (fn: (state: ControlState) => void) => {
      beforeWrite = fn;
    },
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

describe('Function: EvaluateCompetence (decisions)', () => {
  it('skips a tenant with a ledger but no agents: its people controls stay no-data, nothing written', async () => {
    const m = memory();
    m.versions.set('quiet', [agreement('quiet', STRICT)]);

    const report = await m.evaluation.run(NOW);

    expect(report).toMatchObject({ tenants: 1, evaluated: 0, failed: 0, transitions: [] });
    expect(m.control('quiet', CURRENCY)).toBeUndefined();
    expect(m.entries).toHaveLength(0);
  });

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

    await m.evaluation.run(NOW);

    const state = m.control('t', CURRENCY)?.state;
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
    expect(m.entries.find((e) => e.payload.controlId === CURRENCY)).toMatchObject({
      kind: 'control.breached',
      resource: `control/${CURRENCY}`,
      payload: { from: 'no-data', to: 'breached', detail: { activeAgents: 3, expiredCount: 1, missingCount: 1 } },
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
    await m.evaluation.run(NOW);
    expect(m.control('t', CURRENCY)?.state).toMatchObject({
      status: 'at-risk',
      detail: {
        expiring: [{ agentId: 'a-soon', requirementId: 'mandatory:pci', validUntil: '2026-12-15T00:00:00.000Z' }],
      },
    });

    const n = memory();
    n.profiles.set('t', [soon]);
    n.versions.set('t', [agreement('t', { ...STRICT, expiryWarningDays: contract(14) })]);
    await n.evaluation.run(NOW);
    expect(n.control('t', CURRENCY)?.state).toMatchObject({ status: 'compliant', detail: { compliantShare: 1 } });
  });

  it('caps each list at 50 and says how many there are', async () => {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set(
      't',
      Array.from({ length: 60 }, (_, i) => agent('t', `a-${String(i).padStart(2, '0')}`, { trainings: [] })),
    );

    await m.evaluation.run(NOW);

    const detail = m.control('t', CURRENCY)?.state.detail as { missing: unknown[]; missingCount: number };
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

    await m.evaluation.run(NOW);

    expect(m.control('t', SKILLS)?.state).toMatchObject({
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
    await m.evaluation.run(NOW);
    expect(m.control('t', SKILLS)?.state).toMatchObject({
      status: 'at-risk',
      detail: { below: [{ agentId: 'a-1', count: 0 }] },
    });

    const n = memory();
    n.versions.set('t', [agreement('t', { minQaEvaluationsPerMonth: contract(0) })]);
    n.profiles.set('t', [agent('t', 'a-1', { qa: {} })]);
    await n.evaluation.run(NOW);
    expect(n.control('t', SKILLS)?.state).toMatchObject({
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

    await m.evaluation.run(NOW);

    expect(m.control('t', SKILLS)?.state).toMatchObject({
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

    await m.evaluation.run(NOW);
    const last = { agentId: 'a-1', contactId: 'c-2', answeredAt: '2026-11-02T08:00:10Z' };
    expect(m.control('t', INDUCTION)?.state).toMatchObject({
      status: 'breached',
      detail: { openViolations: 2, lastViolation: last },
    });

    for (const v of m.violations.get('t') ?? []) v.status = 'cleared';
    const report = await m.evaluation.run(new Date('2026-11-21T04:00:00Z'));
    expect(m.control('t', INDUCTION)?.state).toEqual({
      tenantId: 't',
      controlId: INDUCTION,
      clause: '6',
      status: 'compliant',
      since: '2026-11-21T04:00:00.000Z',
      detail: { openViolations: 0, lastViolation: last },
    });
    expect(report.transitions).toContainEqual({
      tenantId: 't',
      controlId: INDUCTION,
      from: 'breached',
      to: 'compliant',
    });
    expect(m.entries.at(-1)).toMatchObject({
      kind: 'control.restored',
      payload: { controlId: INDUCTION, detail: { openViolations: 0 } },
    });
  });
});

describe('Function: EvaluateCompetence (writes)', () => {
  function tenant() {
    const m = memory();
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [agent('t', 'a-1')]);
    return m;
  }

  it('writes each control with its ledger entry on the first run, and nothing on a rerun', async () => {
    const m = tenant();

    const first = await m.evaluation.run(NOW);
    const again = await m.evaluation.run(new Date('2026-11-20T09:00:00Z'));

    expect(first.transitions).toEqual([
      { tenantId: 't', controlId: CURRENCY, from: 'no-data', to: 'compliant' },
      { tenantId: 't', controlId: SKILLS, from: 'no-data', to: 'compliant' },
      { tenantId: 't', controlId: INDUCTION, from: 'no-data', to: 'compliant' },
    ]);
    expect(m.entries.map((e) => e.kind)).toEqual(['control.changed', 'control.changed', 'control.changed']);
    expect(again).toMatchObject({ tenants: 1, evaluated: 1, transitions: [] });
    expect(m.entries).toHaveLength(3);
    expect(m.plainWrites).toHaveLength(0);
    expect(m.control('t', CURRENCY)?.revision).toBe(1);
  });

  it('writes a detail-only change without a ledger entry, keeping `since`', async () => {
    const m = tenant();
    await m.evaluation.run(NOW);
    m.profiles.get('t')?.push(agent('t', 'a-2'));

    await m.evaluation.run(new Date('2026-11-21T04:00:00Z'));

    expect(m.control('t', CURRENCY)).toMatchObject({
      revision: 2,
      state: { status: 'compliant', since: NOW.toISOString(), detail: { activeAgents: 2, compliantAgents: 2 } },
    });
    expect(m.entries).toHaveLength(3);
    expect(m.plainWrites.map((s) => s.controlId)).toEqual([CURRENCY]);
  });

  it('records a breach, then its restoration, each with its entry and a new `since`', async () => {
    const m = tenant();
    await m.evaluation.run(NOW);
    const profile = m.profiles.get('t')?.[0] as AgentProfile;
    profile.trainings = profile.trainings.filter((t) => t.category !== 'pci');

    await m.evaluation.run(new Date('2026-11-21T04:00:00Z'));
    profile.trainings.push(course('pci', '2026-11-21T10:00:00Z'));
    await m.evaluation.run(new Date('2026-11-22T04:00:00Z'));

    expect(m.entries.slice(3).map((e) => [e.kind, e.payload.from, e.payload.to])).toEqual([
      ['control.breached', 'compliant', 'breached'],
      ['control.restored', 'breached', 'compliant'],
    ]);
    expect(m.control('t', CURRENCY)?.state.since).toBe('2026-11-22T04:00:00.000Z');
  });

  it('loses a race with the real-time path safely: evaluated again from fresh reads, its write kept', async () => {
    const m = tenant();
    await m.evaluation.run(NOW);
    // The real-time path records a violation just as the evaluation writes its stale view.
    let raced = false;
    m.onWrite((state) => {
      if (raced || state.controlId !== INDUCTION) return;
      raced = true;
      m.violations.set('t', [violation('t', 'a-1', 'c-9', '2026-11-21T04:00:01Z')]);
      const current = m.control('t', INDUCTION) as StoredControl;
      m.setControl('t', {
        revision: current.revision + 1,
        state: { ...current.state, status: 'breached', detail: { openViolations: 1 } },
      });
    });
    m.violations.set('t', [violation('t', 'a-1', 'c-8', '2026-11-21T03:00:00Z')]);

    await m.evaluation.run(new Date('2026-11-21T04:00:00Z'));

    // Its first view (c-8 open) lost; the second saw the real-time state (breached) and only refreshed the detail.
    expect(m.control('t', INDUCTION)?.state).toMatchObject({
      status: 'breached',
      detail: { openViolations: 1, lastViolation: { contactId: 'c-9' } },
    });
    expect(m.entries.filter((e) => e.payload.controlId === INDUCTION)).toHaveLength(1);
  });

  it('counts a tenant that fails and goes on with the others', async () => {
    const failures: string[] = [];
    const m = memory({ onFailure: (tenantId) => failures.push(tenantId) });
    m.versions.set('t', [agreement('t', STRICT)]);
    m.profiles.set('t', [agent('t', 'a-1')]);
    m.profiles.set('broken', [agent('broken', 'a-1', { trainings: null as never })]);

    const report = await m.evaluation.run(NOW);

    expect(report).toMatchObject({ tenants: 2, evaluated: 1, failed: 1 });
    expect(failures).toEqual(['broken']);
    expect(m.control('t', CURRENCY)?.state.status).toBe('compliant');
  });

  it('stops starting tenants when time runs out', async () => {
    const m = tenant();
    const report = await m.evaluation.run(NOW, () => false);
    expect(report).toMatchObject({ tenants: 0, complete: false });
    expect(m.entries).toHaveLength(0);
  });
});
