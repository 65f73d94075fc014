import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_AGREEMENTS,
  DEFAULT_DEMO_TENANTS,
  DemoAgreementRefusedError,
  firstDayMonthsBefore,
  loadDemo,
} from '../../../../../infra/local/demo/index.js';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSigningKey,
  verifyToken,
} from '../../../../../infra/local/jwt-keys.js';
import { AgreementInput } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { type PutEventsServer, startPutEventsServer } from './put-events-server.js';

/** Every `origin` anywhere in a parsed agreement body. */
function origins(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(origins);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'origin' ? [String(v)] : origins(v)));
}

describe('Demo: client agreements', () => {
  const demoMonth = '2026-11';

  it.each(DEFAULT_DEMO_AGREEMENTS.map((a) => [a.tenantId, a] as const))(
    '%s: a valid contract version, effective before the demo month, every value of origin contract',
    (_, agreement) => {
      const body = AgreementInput.parse(agreement.body(demoMonth));
      expect(body.effectiveFrom < `${demoMonth}-01`).toBe(true);
      expect(body.reference).toBeTruthy();
      expect(body.kpiTargets?.length).toBeGreaterThan(0);
      // The certification cycle is the scheme's, not the contract's: the demo leaves it to the defaults.
      const { certification, ...contractual } = body;
      const all = origins(contractual);
      expect(all.length).toBeGreaterThan(15);
      expect(new Set(all)).toEqual(new Set(['contract']));
      expect(certification?.closureDays.major).toEqual({ value: 90, origin: 'scheme' });
    },
  );

  it('gives each demo tenant the time zone of its sites: Leeds on Europe/London, Lyon on Europe/Paris', () => {
    const zones = Object.fromEntries(
      DEFAULT_DEMO_AGREEMENTS.map((a) => [a.tenantId, AgreementInput.parse(a.body(demoMonth)).timeZone?.value]),
    );
    expect(zones).toEqual({ 'acme-energy': 'Europe/Paris', 'northwind-telecom': 'Europe/London' });
    const leeds = DEFAULT_DEMO_TENANTS.find((t) => t.lines.some((l) => l.sites.some((s) => s.centerId === 'leeds-1')));
    expect(zones[leeds!.tenantId]).toBe('Europe/London');
    // The simulator draws local hours in the tenant model's zone: both must agree.
    for (const tenant of DEFAULT_DEMO_TENANTS) expect(zones[tenant.tenantId]).toBe(tenant.timeZone);
  });

  it('closes each demo tenant on the public holidays of its sites: Leeds on England’s, Lyon on France’s', () => {
    const holidays = Object.fromEntries(
      DEFAULT_DEMO_AGREEMENTS.map((a) => {
        const calendar = AgreementInput.parse(a.body(demoMonth)).businessCalendar;
        return [a.tenantId, [calendar?.publicHolidays.value, calendar?.region?.value]];
      }),
    );
    expect(holidays).toEqual({ 'acme-energy': ['FR', undefined], 'northwind-telecom': ['GB', 'ENG'] });
  });

  it.each([
    ['2026-11', 9, '2026-02-01'],
    ['2026-03', 4, '2025-11-01'],
    ['2026-01', 12, '2025-01-01'],
  ])('dates a contract %s minus %i months as %s', (month, before, expected) => {
    expect(firstDayMonthsBefore(month, before)).toBe(expected);
  });
});

describe('Demo: loadDemo with the HTTP API', () => {
  let bus: PutEventsServer | undefined;
  let api: Server | undefined;
  let keysDir: string | undefined;
  afterEach(async () => {
    await bus?.close();
    await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
    bus = api = keysDir = undefined;
  });

  /** A stand-in API answering every PUT with `status`, noting what it got and how many events had reached the bus. */
  async function startApi(status: number) {
    const received: { url: string; authorization: string; body: unknown; eventsBefore: number }[] = [];
    api = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({
          url: `${req.method} ${req.url}`,
          authorization: req.headers.authorization ?? '',
          body: JSON.parse(text),
          eventsBefore: bus?.accepted.length ?? 0,
        });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ version: 1 }));
      });
    });
    await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, received };
  }

  const oneEvent = {
    name: 'one',
    events: () => [{ source: 'ccc.test', detailType: 'test', detail: { occurredAt: '2026-11-02T10:00:00Z' } }],
  };

  it('adds each agreement through PUT, with a token of the local key, before any event is sent', async () => {
    // Prepare
    bus = await startPutEventsServer();
    const { url, received } = await startApi(201);
    keysDir = await mkdtemp(join(tmpdir(), 'demo-keys-'));

    // Act
    const result = await loadDemo({
      endpoint: bus.endpoint,
      busName: 'ccc-compliance',
      now: new Date('2026-12-02T08:00:00Z'),
      generators: [oneEvent],
      api: { url, keysDir },
    });

    // Assess
    expect(received.map((r) => r.url)).toEqual([
      'PUT /v1/tenants/acme-energy/agreement',
      'PUT /v1/tenants/northwind-telecom/agreement',
    ]);
    expect(received.map((r) => r.eventsBefore)).toEqual([0, 0]);
    expect(received[1]?.body).toMatchObject({ effectiveFrom: '2026-07-01', timeZone: { value: 'Europe/London' } });
    const key = await loadOrCreateSigningKey(keysDir);
    const claims = await verifyToken(received[0]!.authorization.replace(/^Bearer /, ''), key.publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    expect(claims).toMatchObject({ 'cognito:groups': ['compliance-officer'] });
    expect(result).toMatchObject({ month: '2026-11', sent: 1, agreementVersions: { 'acme-energy': 1 } });
  });

  it('stops before sending any event when the API refuses an agreement', async () => {
    bus = await startPutEventsServer();
    const { url } = await startApi(409);
    keysDir = await mkdtemp(join(tmpdir(), 'demo-keys-'));
    const loading = loadDemo({
      endpoint: bus.endpoint,
      busName: 'ccc-compliance',
      now: new Date('2026-12-02T08:00:00Z'),
      generators: [oneEvent],
      api: { url, keysDir },
    });
    await expect(loading).rejects.toBeInstanceOf(DemoAgreementRefusedError);
    expect(bus.accepted).toEqual([]);
  });
});
