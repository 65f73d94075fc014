import { execFileSync } from 'node:child_process';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const run = crypto.randomUUID().slice(0, 8);
const tenantA = `e2e-cmp-a-${run}`;
const tenantB = `e2e-cmp-b-${run}`;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Everything is dated from the moment the test runs: the local system judges deadlines on the wall clock. */
const now = Date.now();
const at = (msAgo: number) => new Date(now - msAgo).toISOString();
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const base = (tenantId: string, occurredAt: string, complaintId: string) => ({
  schemaVersion: 1,
  tenantId,
  centerId: 'lyon-1',
  occurredAt,
  complaintId,
});
const received = (tenantId: string, complaintId: string, msAgo: number, extra: object = {}) => ({
  ...base(tenantId, at(msAgo), complaintId),
  channel: 'voice',
  category: 'billing',
  severity: 'medium',
  receivedAt: at(msAgo),
  customerRef: 'cust-7f3a9c',
  remedySought: 'Refund of the overcharge',
  ...extra,
});
const acknowledged = (tenantId: string, complaintId: string, msAgo: number) => ({
  ...base(tenantId, at(msAgo), complaintId),
  acknowledgedAt: at(msAgo),
});
const resolved = (tenantId: string, complaintId: string, msAgo: number) => ({
  ...base(tenantId, at(msAgo), complaintId),
  resolvedAt: at(msAgo),
  outcome: 'upheld',
  remedy: 'Bill corrected and overcharge refunded',
});
const escalated = (tenantId: string, complaintId: string, msAgo: number, to: string, body: string) => ({
  ...base(tenantId, at(msAgo), complaintId),
  escalatedAt: at(msAgo),
  to,
  body,
});
const reopened = (tenantId: string, complaintId: string, msAgo: number) => ({
  ...base(tenantId, at(msAgo), complaintId),
  reopenedAt: at(msAgo),
  reason: 'The refund did not arrive',
});

describe('npm start: complaints through the bus and the API, in any arrival order', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let bus: EventBridgeClient;
  const tokens = new Map<string, string>();
  const token = (role: string, tenant: string) => {
    const key = `${role}|${tenant}`;
    if (!tokens.has(key)) {
      const issued = execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenant], {
        env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
        encoding: 'utf8',
      }).trim();
      tokens.set(key, issued);
    }
    return tokens.get(key)!;
  };
  const api = async (tenant: string, path: string, role = 'compliance-officer', init: RequestInit = {}) =>
    fetchDocumented(`${system.urls.api}/v1/tenants/${tenant}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role, tenant)}`, 'content-type': 'application/json', ...init.headers },
    });
  const send = async (detailType: string, detail: object) => {
    const out = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'ccc-compliance',
            Source: 'ccc.complaints',
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  };
  /** Polls a route until `done` holds (the bus delivers asynchronously). */
  const until = async (tenant: string, path: string, done: (body: Record<string, unknown>) => boolean) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const answer = await api(tenant, path);
      if ((answer.status === 200 && done(answer.body)) || Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  type Summary = { complaintId: string; status: string };
  const idsOf = (body: Record<string, unknown>) => (body.complaints as Summary[]).map((c) => c.complaintId);

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    bus = new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    // Acknowledge within 2 business days, resolve within 10, on Paris opening hours (the default calendar).
    const agreement = await api(tenantA, '/agreement', 'admin', {
      method: 'PUT',
      body: JSON.stringify({
        effectiveFrom: dateOf(now - 90 * DAY_MS),
        reference: 'e2e complaint terms',
        complaintDeadlines: {
          acknowledge: { value: { amount: 2, unit: 'business-days' } },
          resolve: { value: { amount: 10, unit: 'business-days' } },
        },
      }),
    });
    expect(agreement.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await system?.stop('SIGTERM');
  });

  it('keeps a resolution that arrives before its receipt, applies a redelivery once, and shows the timeline', async () => {
    const id = 'cmp-life';
    await send('complaint.resolved', resolved(tenantA, id, 1 * HOUR_MS));
    await send('complaint.escalated', escalated(tenantA, id, 100 * 60_000, 'internal', 'Customer relations'));
    const pending = await until(tenantA, `/complaints/${id}`, (b) => (b.timeline as unknown[]).length === 2);
    expect(pending.body).toMatchObject({ complaintId: id, status: 'pending-receipt' });

    await send('complaint.received', received(tenantA, id, 3 * HOUR_MS, { contactId: 'e2e-call-1' }));
    await send('complaint.acknowledged', acknowledged(tenantA, id, 2 * HOUR_MS));
    // A redelivery of the receipt adds nothing.
    await send('complaint.received', received(tenantA, id, 3 * HOUR_MS, { contactId: 'e2e-call-1' }));
    const { body } = await until(tenantA, `/complaints/${id}`, (b) => (b.timeline as unknown[]).length >= 4);
    expect((body.timeline as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.acknowledged',
      'complaint.escalated',
      'complaint.resolved',
    ]);
    expect(body).toMatchObject({
      status: 'closed',
      contactId: 'e2e-call-1',
      outcome: 'upheld',
      remedy: 'Bill corrected and overcharge refunded',
      escalations: [{ to: 'internal', body: 'Customer relations' }],
      deadlines: { acknowledge: { state: 'met' }, resolve: { state: 'met' } },
    });
    expect(Date.parse(body.deadlines.acknowledge.metAt)).toBe(now - 2 * HOUR_MS);
  });

  it('lists open, overdue and closed complaints: one received weeks ago and never acknowledged is overdue', async () => {
    await send('complaint.received', received(tenantA, 'cmp-open', 50 * 60_000, { category: 'metering' }));
    await send('complaint.acknowledged', acknowledged(tenantA, 'cmp-open', 40 * 60_000));
    await send('complaint.received', received(tenantA, 'cmp-late', 30 * DAY_MS, { severity: 'high' }));
    await send(
      'complaint.escalated',
      escalated(tenantA, 'cmp-late', 2 * DAY_MS, 'external', 'Médiateur national de l’énergie'),
    );
    // Resolved on time 19 days ago, reopened two hours ago: open again, with a new resolution deadline.
    await send('complaint.reopened', reopened(tenantA, 'cmp-again', 2 * HOUR_MS));
    await send('complaint.received', received(tenantA, 'cmp-again', 20 * DAY_MS));
    await send('complaint.acknowledged', acknowledged(tenantA, 'cmp-again', 20 * DAY_MS - HOUR_MS));
    await send('complaint.resolved', resolved(tenantA, 'cmp-again', 19 * DAY_MS));

    const again = await until(tenantA, '/complaints/cmp-again', (b) => (b.timeline as unknown[]).length === 4);
    expect(again.body).toMatchObject({
      status: 'open',
      reopenings: 1,
      deadlines: { acknowledge: { state: 'met' } },
    });
    expect(['pending', 'at-risk']).toContain(again.body.deadlines.resolve.state);
    expect(Date.parse(again.body.deadlines.resolve.dueAt)).toBeGreaterThan(now);
    await until(tenantA, '/complaints/cmp-late', (b) => (b.timeline as unknown[]).length === 2);
    await until(tenantA, '/complaints/cmp-open', (b) => (b.timeline as unknown[]).length === 2);
    const open = await api(tenantA, '/complaints?status=open');
    // Most urgent first: the one whose deadlines passed weeks ago.
    expect(idsOf(open.body)[0]).toBe('cmp-late');
    expect(idsOf(open.body).sort()).toEqual(['cmp-again', 'cmp-late', 'cmp-open']);
    const overdue = await api(tenantA, '/complaints?status=overdue');
    expect(overdue.body.complaints).toMatchObject([{ complaintId: 'cmp-late', status: 'overdue' }]);
    const closed = await api(tenantA, '/complaints?status=closed');
    expect(idsOf(closed.body)).toEqual(['cmp-life']);

    const late = await api(tenantA, '/complaints/cmp-late');
    expect(late.body).toMatchObject({
      status: 'overdue',
      severity: 'high',
      deadlines: { acknowledge: { state: 'missed' }, resolve: { state: 'missed' } },
      escalations: [{ to: 'external', body: 'Médiateur national de l’énergie' }],
    });
    expect(Date.parse(late.body.deadlines.acknowledge.dueAt)).toBeLessThan(now);
  });

  it('answers the figures of the period: on-time shares, ageing of the open ones, categories', async () => {
    const { status, body } = await api(
      tenantA,
      `/complaint-figures?from=${dateOf(now - 40 * DAY_MS)}&to=${dateOf(now + DAY_MS)}`,
      'client-manager',
    );
    expect(status).toBe(200);
    expect(body.figures).toMatchObject({
      received: 4,
      open: 2,
      overdue: 1,
      closed: 1,
      escalatedExternal: 1,
      acknowledgedOnTime: { onTime: 3, due: 4 },
      // Not due yet: the open one, and the reopened one, whose resolution clock runs again from its reopening.
      resolvedOnTime: { onTime: 1, due: 2 },
      // No contact recorded for this tenant: no rate per 1,000 contacts.
      per1000Contacts: null,
    });
    expect(body.figures.ageing).toMatchObject({ '0-2': 1, '11-20': 1, '21+': 1 });
    expect(body.figures.topCategories[0]).toEqual({ category: 'billing', count: 3, previous: 0 });
  });

  it("keeps each tenant's complaints apart: the same id elsewhere, and 404 for a tenant outside the token", async () => {
    await send('complaint.received', received(tenantB, 'cmp-life', 1 * HOUR_MS, { category: 'network' }));
    const b = await until(tenantB, '/complaints/cmp-life', () => true);
    expect(b.body).toMatchObject({ tenantId: tenantB, category: 'network', status: 'open' });
    expect((b.body.timeline as unknown[]).length).toBe(1);
    const other = await fetchDocumented(`${system.urls.api}/v1/tenants/${tenantA}/complaints/cmp-life`, {
      headers: { authorization: `Bearer ${token('client-manager', tenantB)}` },
    });
    expect(other.status).toBe(404);
    const list = await fetchDocumented(`${system.urls.api}/v1/tenants/${tenantA}/complaints?status=open`, {
      headers: { authorization: `Bearer ${token('client-manager', tenantB)}` },
    });
    expect(list.status).toBe(404);
    // A's complaint of that id is unchanged, its redelivered receipt long since processed and kept once.
    const a = await api(tenantA, '/complaints/cmp-life', 'client-manager');
    expect(a.body).toMatchObject({ tenantId: tenantA, category: 'billing', status: 'closed' });
    expect(a.body.timeline).toHaveLength(4);
  });

  it('records every complaint event in a ledger that verifies', async () => {
    for (const tenant of [tenantA, tenantB]) {
      const { status, body } = await api(tenant, '/ledger/verify', 'auditor');
      expect(status).toBe(200);
      expect(body.valid).toBe(true);
    }
    // A: the agreement and the twelve distinct complaint events, at least (alerts add their own entries).
    expect((await api(tenantA, '/ledger/verify', 'auditor')).body.entries).toBeGreaterThanOrEqual(13);
  });

  it('after a restart, the complaint sweep holds the acknowledgement and resolution controls breached', async () => {
    // `npm start` runs the sweep once when ready; the same data on fresh ports (pooled sockets may hold the old ones).
    await system.stop();
    environment = await allocateEnvironment(environment.dataDir);
    system = await startSystem(environment);
    const deadline = Date.now() + 30_000;
    let controls: Record<string, { status: string; detail: Record<string, unknown> }> = {};
    // The route answers no-data for a control not yet evaluated: the sweep runs just after `Ready`.
    while ((controls['P1-CMP-RESOLVE']?.status ?? 'no-data') === 'no-data' && Date.now() < deadline) {
      const { body } = await api(tenantA, '/controls', 'client-manager');
      controls = Object.fromEntries(
        (body.controls as Array<{ controlId: string; status: string; detail: Record<string, unknown> }>).map((c) => [
          c.controlId,
          c,
        ]),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const controlId of ['P1-CMP-ACK', 'P1-CMP-RESOLVE']) {
      expect(controls[controlId]?.status).toBe('breached');
      expect(controls[controlId]?.detail.overdue).toEqual(['cmp-late']);
    }
    const overdue = await api(tenantA, '/complaints?status=overdue');
    expect(idsOf(overdue.body)).toEqual(['cmp-late']);
    expect((await api(tenantA, '/ledger/verify', 'auditor')).body.valid).toBe(true);
  }, 120_000);
});
