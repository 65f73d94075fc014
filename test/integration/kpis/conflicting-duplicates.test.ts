import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { logger } from '../../../shared/runtime/logger.js';
import { ContactConflictRepository } from '../../../shared/store/contact-conflict-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from './support/api-event.js';

const config = useStandInEnvironment();
const record = (await import('../../../functions/record-contact-completed/handler.js')).handler;
const getKpis = (await import('../../../functions/get-kpis/handler.js')).handler;
const db = testDocumentClient();
const conflicts = new ContactConflictRepository(db, config.tableName);
const run = promisify(execFile);

/** A handled voice call of customer `c-1` about an invoice, on the given day of November 2026 (Paris time). */
function call(tenantId: string, contactId: string, day: number, extra: Partial<ContactCompletedDetail> = {}) {
  const d = `2026-11-${String(day).padStart(2, '0')}`;
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    contactId,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    customerRef: 'c-1',
    reason: 'invoice-question',
    initiatedAt: `${d}T10:00:00+01:00`,
    answeredAt: `${d}T10:00:10+01:00`,
    endedAt: `${d}T10:05:00+01:00`,
    occurredAt: `${d}T10:05:00+01:00`,
    outcome: 'handled',
    ...extra,
  } satisfies ContactCompletedDetail;
}

const deliver = (detail: ContactCompletedDetail) =>
  record(
    {
      version: '0',
      id: crypto.randomUUID(),
      'detail-type': 'contact.completed',
      source: 'ccc.telephony',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'eu-west-3',
      resources: [],
      detail,
    } as EventBridgeEvent,
    {
      functionName: 'record-contact-completed',
      awsRequestId: 'test',
      getRemainingTimeInMillis: () => 30_000,
    } as Context,
  );

/** The month's voice KPIs as the KPI route answers them. */
async function novemberKpis(tenantId: string) {
  const query = { from: '2026-11-01', to: '2026-11-30', granularity: 'month', channel: 'voice' };
  const res = await callApi(getKpis, { method: 'GET', route: '/v1/tenants/{tenantId}/kpis', tenantId, query });
  expect(res.status).toBe(200);
  const [month] = res.body.series as Array<{ offered: number; repeatContactResolutionRate: number | null }>;
  return { offered: month?.offered, repeatContactResolutionRate: month?.repeatContactResolutionRate };
}

async function repeatedBy(tenantId: string, contactId: string) {
  const out = await db.send(
    new GetCommand({ TableName: config.tableName, Key: { pk: `T#${tenantId}#CONTACT#${contactId}`, sk: 'CONTACT' } }),
  );
  return out.Item?.repeatedBy;
}

async function conflictsOf(tenantId: string) {
  const { conflicts: recent } = await conflicts.listRecent(1000);
  return recent.filter((c) => c.tenantId === tenantId);
}

describe('Use case: a redelivered contact that differs from the stored one is seen, not absorbed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('changes no KPI and marks nothing when a resend changes initiatedAt, and lists both versions', async () => {
    // Prepare
    const tenantId = `cfl-${crypto.randomUUID().slice(0, 8)}`;
    const original = call(tenantId, 'x', 2);
    expect(await deliver(original)).toBe('applied');
    const before = await novemberKpis(tenantId);
    expect(before).toEqual({ offered: 1, repeatContactResolutionRate: 1 });

    const warn = vi.spyOn(logger, 'warn');

    // Act: the producer resends contact x, one hour earlier
    const changed = { ...original, initiatedAt: '2026-11-02T09:00:00+01:00' };
    const outcome = await deliver(changed);

    // Assess
    expect(outcome).toBe('duplicate');
    expect(await novemberKpis(tenantId)).toEqual(before);
    expect(await repeatedBy(tenantId, 'x')).toBeUndefined();
    const [conflict, ...others] = await conflictsOf(tenantId);
    expect(others).toEqual([]);
    expect(conflict).toMatchObject({
      contactId: 'x',
      differingFields: ['initiatedAt'],
      deliveries: 1,
      stored: { initiatedAt: '2026-11-02T10:00:00+01:00', customerRef: 'c-1' },
      received: { initiatedAt: '2026-11-02T09:00:00+01:00', customerRef: 'c-1' },
    });
    // The operator hears of it in the logs: which contact, which fields, no values (no personal data)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/conflicting duplicate/), {
      tenantId,
      contactId: 'x',
      differingFields: ['initiatedAt'],
    });
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/c-1|09:00/);
  });

  it('keeps the same conflicting version once, counting its deliveries, and each other version apart', async () => {
    const tenantId = `cfl-${crypto.randomUUID().slice(0, 8)}`;
    const original = call(tenantId, 'x', 2);
    await deliver(original);

    await deliver({ ...original, queue: 'sales' });
    await deliver({ ...original, queue: 'sales' });
    await deliver({ ...original, outcome: 'abandoned', answeredAt: undefined });

    const kept = await conflictsOf(tenantId);
    expect(kept.map((c) => [c.differingFields, c.deliveries])).toEqual([
      [['answeredAt', 'outcome'], 1],
      [['queue'], 2],
    ]);
    expect(await novemberKpis(tenantId)).toEqual({ offered: 1, repeatContactResolutionRate: 1 });
  });

  it('records nothing for an identical resend, nor for one that writes the same instants with another offset', async () => {
    const tenantId = `cfl-${crypto.randomUUID().slice(0, 8)}`;
    const original = call(tenantId, 'x', 2);
    await deliver(original);

    expect(await deliver({ ...original })).toBe('duplicate');
    expect(await deliver({ ...original, initiatedAt: '2026-11-02T09:00:00Z' })).toBe('duplicate');

    expect(await conflictsOf(tenantId)).toEqual([]);
    expect(await novemberKpis(tenantId)).toEqual({ offered: 1, repeatContactResolutionRate: 1 });
  });

  it('still marks a genuine repeat: a new contact of the same customer and reason within the window', async () => {
    const tenantId = `cfl-${crypto.randomUUID().slice(0, 8)}`;
    await deliver(call(tenantId, 'x', 2));
    await deliver({ ...call(tenantId, 'x', 2), initiatedAt: '2026-11-02T09:00:00+01:00' });

    await deliver(call(tenantId, 'y', 4));

    expect(await repeatedBy(tenantId, 'x')).toBe('y');
    expect(await repeatedBy(tenantId, 'y')).toBeUndefined();
    expect(await novemberKpis(tenantId)).toEqual({ offered: 2, repeatContactResolutionRate: 0.5 });
  });

  it('lists conflicts for the operator: npm run dead-letters -- conflicts', async () => {
    const tenantId = `cfl-${crypto.randomUUID().slice(0, 8)}`;
    const original = call(tenantId, 'x', 2);
    await deliver(original);
    await deliver({ ...original, agentId: 'agent-7' });

    const { stdout } = await run('npx', ['tsx', 'infra/local/dead-letters.ts', 'conflicts'], {
      env: {
        ...process.env,
        DYNAMODB_PORT: new URL(config.endpoints.dynamodb as string).port,
        TABLE_NAME: config.tableName,
      },
    });

    const line = stdout.split('\n').find((l) => l.includes(tenantId));
    expect(line).toMatch(/\bx\b.*agentId/);
    expect(stdout).toMatch(/newest first/);
  });
});
