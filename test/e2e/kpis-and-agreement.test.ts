import { execFileSync } from 'node:child_process';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const tenantId = `e2e-kpi-${crypto.randomUUID().slice(0, 8)}`;

/** Three voice calls on 2 November 2026 (Paris): answered after 17 s and 40 s, abandoned after 30 s. */
function calls() {
  const base = {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
  };
  return [
    {
      ...base,
      contactId: 'k1',
      initiatedAt: '2026-11-02T09:00:00+01:00',
      answeredAt: '2026-11-02T09:00:17+01:00',
      endedAt: '2026-11-02T09:05:00+01:00',
      outcome: 'handled',
      talkSeconds: 283,
    },
    {
      ...base,
      contactId: 'k2',
      initiatedAt: '2026-11-02T10:00:00+01:00',
      answeredAt: '2026-11-02T10:00:40+01:00',
      endedAt: '2026-11-02T10:04:00+01:00',
      outcome: 'handled',
      talkSeconds: 200,
    },
    {
      ...base,
      contactId: 'k3',
      initiatedAt: '2026-11-02T11:00:00+01:00',
      endedAt: '2026-11-02T11:00:30+01:00',
      outcome: 'abandoned',
    },
  ].map((c) => ({ ...c, occurredAt: c.endedAt }));
}

describe('npm start: KPIs, agreements and the ledger through the public endpoints', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  const token = (role: string, tenant = tenantId) =>
    execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenant], {
      env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
      encoding: 'utf8',
    }).trim();
  const api = async (path: string, role: string, init: RequestInit = {}) => {
    const { status, body } = await fetchDocumented(`${system.urls.api}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json', ...init.headers },
    });
    return { status, body };
  };
  const dayKpis = () =>
    api(
      `/v1/tenants/${tenantId}/kpis?from=2026-11-02&to=2026-11-02&granularity=day&channel=voice`,
      'compliance-officer',
    );

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    const bus = new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const out = await bus.send(
      new PutEventsCommand({
        Entries: calls().map((c) => ({
          EventBusName: 'ccc-compliance',
          Source: 'ccc.telephony',
          DetailType: 'contact.completed',
          Detail: JSON.stringify(c),
        })),
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const deadline = Date.now() + 20_000;
    while ((await dayKpis()).body.series?.[0]?.offered !== 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
  });

  afterAll(async () => {
    await system?.stop('SIGTERM');
  });

  it('reports the day per CONTRACT §4 under the default agreement (20 s, short abandon 5 s)', async () => {
    const { status, body } = await dayKpis();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      tenantId,
      timeZone: 'Europe/Paris',
      from: '2026-11-02',
      to: '2026-11-02',
      granularity: 'day',
    });
    const [voice] = body.series;
    expect(voice).toMatchObject({
      period: '2026-11-02',
      channel: 'voice',
      offered: 3,
      handled: 2,
      abandoned: 1,
      shortAbandoned: 0,
    });
    expect(voice.serviceLevel).toBeCloseTo(1 / 3, 6);
    expect(voice.abandonmentRate).toBeCloseTo(1 / 3, 6);
    expect(voice.averageSpeedOfAnswerSeconds).toBeCloseTo(28.5, 6);
    expect(voice.firstContactResolutionRate).toBeNull();
    expect(voice.status.serviceLevel).toBe('missed');
  });

  it('applies a new agreement version to the days it governs, and the change is in the ledger', async () => {
    const put = await api(`/v1/tenants/${tenantId}/agreement`, 'admin', {
      method: 'PUT',
      body: JSON.stringify({
        effectiveFrom: '2026-11-01',
        reference: 'e2e amendment',
        thresholds: {
          voice: {
            serviceLevelSeconds: { value: 45, origin: 'contract' },
            shortAbandonSeconds: { value: 5, origin: 'contract' },
          },
        },
      }),
    });
    expect(put.status).toBe(201);

    const [voice] = (await dayKpis()).body.series;
    expect(voice.serviceLevel).toBeCloseTo(2 / 3, 6);

    const ledger = await api(`/v1/tenants/${tenantId}/ledger/verify`, 'auditor');
    expect(ledger.body).toMatchObject({ valid: true });
    expect(ledger.body.entries).toBeGreaterThanOrEqual(1);
  });

  it('answers a client manager of another tenant as if this tenant did not exist', async () => {
    const response = await fetchDocumented(
      `${system.urls.api}/v1/tenants/${tenantId}/kpis?from=2026-11-02&to=2026-11-02`,
      {
        headers: { authorization: `Bearer ${token('client-manager', 'someone-else')}` },
      },
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
