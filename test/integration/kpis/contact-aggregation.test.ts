import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { KpiQuery } from '../../../shared/app/kpi-query.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import { AgreementPolicyLookup, AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { recordContactItems } from '../../../shared/store/contact-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { kpiKeys } from '../../../shared/store/kpi-aggregate-items.js';
import { KpiRepository } from '../../../shared/store/kpi-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';
import { generateContacts } from './support/contact-generator.js';

const { tableName } = standInConfig();
const db = testDocumentClient();
const agreements = new AgreementRepository(db, tableName);
const recorder = new DynamoContactRecorder(db, tableName, new AgreementPolicyLookup(agreements, 0));
const kpis = new KpiQuery(new KpiRepository(db, tableName), agreements);
const tenant = () => `t-${crypto.randomUUID().slice(0, 8)}`;

const OCTOBER = { from: Date.parse('2025-10-24T00:00:00Z'), to: Date.parse('2025-10-28T00:00:00Z') };

describe('Use case: recording contacts updates the KPI aggregates', () => {
  it('counts a contact on its Paris day and quarter hour, with its wait in the histogram', async () => {
    // Prepare: 00:30 UTC on 26 October 2025 is 02:30 summer time, the first of the two 02:30s that night
    const tenantId = tenant();
    const [call] = generateContacts({ tenantId, count: 1, ...OCTOBER });
    const contact = {
      ...call!,
      direction: 'inbound' as const,
      channel: 'voice' as const,
      outcome: 'handled' as const,
      initiatedAt: '2025-10-26T00:30:00Z',
      queuedAt: '2025-10-26T00:30:00Z',
      answeredAt: '2025-10-26T00:30:20Z',
      endedAt: '2025-10-26T00:35:00Z',
      occurredAt: '2025-10-26T00:35:00Z',
    };

    // Act
    expect(await recorder.record(contact)).toBe('applied');

    // Assess
    const dims = { channel: 'voice' as const, centerId: contact.centerId, queue: contact.queue };
    const day = await db.send(new GetCommand({ TableName: tableName, Key: kpiKeys.day(tenantId, '2025-10-26', dims) }));
    expect(day.Item).toMatchObject({ entity: 'kpi-day', date: '2025-10-26', offered: 1, handled: 1, hw_20: 1 });
    expect(day.Item?.handledWaitMs).toBe(20_000);
    const interval = await db.send(
      new GetCommand({ TableName: tableName, Key: kpiKeys.interval(tenantId, '2025-10-26', 10, dims) }),
    );
    expect(interval.Item).toMatchObject({ entity: 'kpi-interval', offered: 1, hw_20: 1 });
    const intraday = await kpis.intervals(tenantId, '2025-10-26', {});
    expect(intraday.intervals).toEqual([
      expect.objectContaining({ start: '2025-10-26T02:30:00+02:00', localTime: '02:30', index: 10, offered: 1 }),
    ]);
  });

  it('counts a contact once when it is delivered 10 times at once and replayed later', async () => {
    // Prepare
    const tenantId = tenant();
    const [contact] = generateContacts({ tenantId, count: 1, ...OCTOBER, seed: 7 });

    // Act
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => recorder.record(contact!)));
    const replay = await recorder.record(contact!);

    // Assess
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(replay).toBe('duplicate');
    const report = await kpis.report({ tenantId, from: '2025-10-24', to: '2025-10-28', granularity: 'total' });
    const counted = report.series.reduce((n, s) => n + s.offered + s.outbound, 0);
    expect(counted).toBe(1);
  });

  it('gives the same KPIs whatever order the contacts arrive in', async () => {
    // Prepare: the same 120 contacts for two tenants, in opposite orders and with duplicates among them
    const [first, second] = [tenant(), tenant()];
    const contacts = generateContacts({ tenantId: first, count: 120, ...OCTOBER, seed: 11 });
    const reversed = [...contacts].reverse().map((c) => ({ ...c, tenantId: second }));

    // Act
    for (const c of contacts) await recorder.record(c);
    await Promise.all([...reversed, ...reversed.slice(0, 30)].map((c) => recorder.record(c)));

    // Assess
    const request = { from: '2025-10-24', to: '2025-10-28', granularity: 'day' as const };
    const a = await kpis.report({ tenantId: first, ...request });
    const b = await kpis.report({ tenantId: second, ...request });
    expect(b.series).toEqual(a.series);
    expect(a.series.reduce((n, s) => n + s.offered + s.outbound, 0)).toBe(120);
  });

  it('costs a bounded number of write units per contact', async () => {
    // Prepare: the very transaction ContactRepository.record sends, asked to report its capacity
    const tenantId = tenant();
    const [contact] = generateContacts({ tenantId, count: 1, ...OCTOBER, seed: 3 });
    const policy = {
      ...(await defaultPolicyLookup.policyFor(tenantId, contact!.initiatedAt)),
      repeatContactWindowDays: 7,
    };

    // Act
    const out = await db.send(
      new TransactWriteCommand({
        TransactItems: recordContactItems(tableName, contact!, policy),
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );

    // Assess: three small items written transactionally (2 units per KB each) plus the contact's index entries;
    // DynamoDB Local reports 8 on the table and 4 on gsi1 for a contact without customerRef
    const capacity = out.ConsumedCapacity?.[0];
    console.info('write units for one contact on a new day', JSON.stringify(capacity));
    expect(capacity?.Table?.CapacityUnits).toBeLessThanOrEqual(8);
    expect(capacity?.CapacityUnits).toBeLessThanOrEqual(16);
  });
});
