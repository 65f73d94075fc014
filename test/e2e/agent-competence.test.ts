import { execFileSync } from 'node:child_process';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const run = crypto.randomUUID().slice(0, 8);
/** Tenant A asks for its own induction course; tenant B for any induction, PCI and English on voice. */
const tenantA = `e2e-hr-a-${run}`;
const tenantB = `e2e-hr-b-${run}`;
/** One agent working for both client organisations. */
const agentId = 'agent-900';

const base = (tenantId: string, occurredAt: string) => ({ schemaVersion: 1, tenantId, centerId: 'lyon-1', occurredAt });

const onboarded = (tenantId: string) => ({
  ...base(tenantId, '2026-11-02T08:00:00+01:00'),
  agentId,
  startedAt: '2026-11-02T08:00:00+01:00',
  languages: ['fr'],
});

const training = (tenantId: string, id: string, courseId: string, category: string, completedAt: string) => ({
  ...base(tenantId, completedAt),
  trainingRecordId: id,
  agentId,
  courseId,
  category,
  hours: 7,
  completedAt,
  passed: true,
});

/** A voice call `agentId` answered on 4 November 2026 at 10:00 (Paris). */
const call = (tenantId: string, contactId: string) => ({
  ...base(tenantId, '2026-11-04T10:06:00+01:00'),
  contactId,
  channel: 'voice',
  direction: 'inbound',
  queue: 'billing',
  agentId,
  initiatedAt: '2026-11-04T09:59:40+01:00',
  answeredAt: '2026-11-04T10:00:00+01:00',
  endedAt: '2026-11-04T10:06:00+01:00',
  outcome: 'handled',
  talkSeconds: 360,
});

describe('npm start: agent competence, checked on every handled contact, in any arrival order', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let bus: EventBridgeClient;
  const token = (role: string, tenant: string) =>
    execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenant], {
      env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
      encoding: 'utf8',
    }).trim();
  const api = async (tenant: string, path: string, role = 'compliance-officer', init: RequestInit = {}) =>
    fetchDocumented(`${system.urls.api}/v1/tenants/${tenant}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role, tenant)}`, 'content-type': 'application/json', ...init.headers },
    });
  const send = async (source: string, detailType: string, detail: object) => {
    const out = await bus.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'ccc-compliance', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  };
  /** Polls the agent's matrix until `done` holds (the bus delivers asynchronously). */
  const agentUntil = async (tenant: string, done: (body: Record<string, unknown>) => boolean) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { status, body } = await api(tenant, `/agents/${agentId}`);
      if ((status === 200 && done(body)) || Date.now() > deadline) return { status, body };
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  type Violation = { contactId: string; status: string; gaps: Array<Record<string, string>> };
  const violationsOf = (body: Record<string, unknown>) => (body.violations ?? []) as Violation[];

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    bus = new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const agreement = (training: object) =>
      JSON.stringify({ effectiveFrom: '2026-10-01', reference: 'e2e competence terms', training });
    const a = await api(tenantA, '/agreement', 'admin', {
      method: 'PUT',
      body: agreement({
        inductionBeforeLive: { value: true },
        refresherIntervalDays: { value: 365 },
        inductionCourses: { value: ['a-induction'] },
        mandatoryCourses: { value: [{ category: 'data-protection' }] },
      }),
    });
    const b = await api(tenantB, '/agreement', 'admin', {
      method: 'PUT',
      body: agreement({
        inductionBeforeLive: { value: true },
        refresherIntervalDays: { value: 365 },
        mandatoryCourses: { value: [{ category: 'data-protection' }, { category: 'pci' }] },
        languagesByChannel: { value: { voice: ['en'] } },
      }),
    });
    expect([a.status, b.status]).toEqual([201, 201]);
  }, 120_000);

  afterAll(async () => {
    await system?.stop('SIGTERM');
  });

  it('records a contact answered before the induction as a violation, and a late record of an earlier induction clears it', async () => {
    // Tenant A: the agent is onboarded and holds data protection, but A's induction is not yet known.
    await send('ccc.workforce', 'agent.onboarded', onboarded(tenantA));
    await send(
      'ccc.workforce',
      'training.completed',
      training(tenantA, 'lms-a-dp', 'gdpr-2026', 'data-protection', '2026-10-20T14:00:00+02:00'),
    );
    await agentUntil(tenantA, (body) => (body.trainings as unknown[] | undefined)?.length === 1);

    await send('ccc.telephony', 'contact.completed', call(tenantA, 'a-call-1'));
    const flagged = await agentUntil(tenantA, (body) => violationsOf(body).length === 1);
    expect(violationsOf(flagged.body)).toMatchObject([
      { contactId: 'a-call-1', status: 'open', gaps: [{ kind: 'induction', requirementId: 'induction:a-induction' }] },
    ]);
    const missing = await api(tenantA, '/agents?competence=missing-induction');
    expect(missing.body.agents.map((x: { agentId: string }) => x.agentId)).toEqual([agentId]);

    // The induction record arrives after the contact, but the course was completed the day before it.
    await send(
      'ccc.workforce',
      'training.completed',
      training(tenantA, 'lms-a-ind', 'a-induction', 'induction', '2026-11-03T17:00:00+01:00'),
    );
    const cleared = await agentUntil(tenantA, (body) => violationsOf(body)[0]?.status === 'cleared');
    expect(violationsOf(cleared.body)).toMatchObject([{ contactId: 'a-call-1', status: 'cleared' }]);
    expect(cleared.body).toMatchObject({ inducted: true, openViolations: 0 });
    expect((await api(tenantA, '/agents?competence=missing-induction')).body.agents).toEqual([]);
  });

  it("holds the same agent to the other tenant's requirements, with that tenant's records only", async () => {
    // Tenant B hears of the training before the onboarding: arrival order does not matter.
    await send(
      'ccc.workforce',
      'training.completed',
      training(tenantB, 'lms-b-ind', 'b-general', 'induction', '2026-10-30T16:00:00+01:00'),
    );
    await send(
      'ccc.workforce',
      'training.completed',
      training(tenantB, 'lms-b-dp', 'gdpr-2026', 'data-protection', '2026-10-20T14:00:00+02:00'),
    );
    await send('ccc.workforce', 'agent.onboarded', onboarded(tenantB));
    await agentUntil(tenantB, (body) => body.status === 'active' && (body.trainings as unknown[]).length === 2);

    await send('ccc.telephony', 'contact.completed', call(tenantB, 'b-call-1'));
    const flagged = await agentUntil(tenantB, (body) => violationsOf(body).length === 1);
    const [violation] = violationsOf(flagged.body);
    expect(violation).toMatchObject({ contactId: 'b-call-1', status: 'open' });
    // B requires PCI and English on voice; A's induction (a course of another client) is no answer here.
    expect(violation?.gaps).toEqual([
      { kind: 'mandatory', requirementId: 'mandatory:pci' },
      { kind: 'language', language: 'en' },
    ]);
    const matrix = flagged.body.requirements as Array<{ requirementId: string; status: string }>;
    expect(matrix.map((r) => [r.requirementId, r.status])).toEqual([
      ['induction:*', 'valid'],
      ['mandatory:data-protection', 'valid'],
      ['mandatory:pci', 'missing'],
    ]);
    // Tenant A's view of the agent is unchanged by B.
    expect((await api(tenantA, `/agents/${agentId}`)).body).toMatchObject({ inducted: true, openViolations: 0 });
  });

  it('records a redelivered contact once, and every change is in a ledger that verifies', async () => {
    await send('ccc.telephony', 'contact.completed', call(tenantB, 'b-call-1'));
    await send('ccc.telephony', 'contact.completed', call(tenantB, 'b-call-2'));
    const after = await agentUntil(tenantB, (body) => violationsOf(body).length === 2);
    expect(
      violationsOf(after.body)
        .map((v) => v.contactId)
        .sort(),
    ).toEqual(['b-call-1', 'b-call-2']);
    for (const tenant of [tenantA, tenantB]) {
      const { status, body } = await api(tenant, '/ledger/verify', 'auditor');
      expect(status).toBe(200);
      expect(body.valid).toBe(true);
    }
    const controls = async (tenant: string) =>
      Object.fromEntries(
        (await api(tenant, '/controls', 'client-manager')).body.controls.map(
          (c: { controlId: string; status: string; detail: Record<string, unknown> }) => [c.controlId, c],
        ),
      );
    expect((await controls(tenantB))['P1-HR-INDUCTION']).toMatchObject({
      status: 'breached',
      detail: { openViolations: 2 },
    });
    expect((await controls(tenantA))['P1-HR-INDUCTION']).toMatchObject({ status: 'compliant' });
    // A: the agreement, the onboarding, both trainings and the violation are each in the ledger; the evaluation
    // `npm start` runs once when ready adds its control entries when it runs after these events, hence at least.
    const entries = (await api(tenantA, '/ledger/verify', 'auditor')).body.entries;
    expect(entries).toBeGreaterThanOrEqual(5);
  });

  it('refuses the agents routes to a client manager, and answers 404 for a tenant outside the token', async () => {
    expect((await api(tenantA, '/agents', 'client-manager')).status).toBe(403);
    const other = await fetchDocumented(`${system.urls.api}/v1/tenants/${tenantB}/agents/${agentId}`, {
      headers: { authorization: `Bearer ${token('compliance-officer', tenantA)}` },
    });
    expect(other.status).toBe(404);
  });
});
