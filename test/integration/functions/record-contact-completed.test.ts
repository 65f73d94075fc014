import { readFileSync } from 'node:fs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { kpiKeys } from '../../../shared/store/kpi-aggregate-items.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-contact-completed/handler.js');
const db = testDocumentClient();
const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8'));

const context = {
  functionName: 'record-contact-completed',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

function event(detail: Record<string, unknown>, id = crypto.randomUUID()): EventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': 'contact.completed',
    source: 'ccc.telephony',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

describe('Function: record-contact-completed', () => {
  const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    expect(config.endpoints.dynamodb).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('stores a contact once, however often and concurrently it is delivered', async () => {
    // Prepare
    const detail = { ...sample, tenantId };

    // Act: five deliveries at once (producer retries get new EventBridge ids), then a late replay
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => handler(event(detail), context)));
    const replay = await handler(event(detail), context);

    // Assess
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    expect(replay).toBe('duplicate');
    const stored = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: { pk: `T#${tenantId}#CONTACT#${sample.contactId}`, sk: 'CONTACT' },
      }),
    );
    expect(stored.Item).toMatchObject({
      contactId: sample.contactId,
      channel: 'voice',
      outcome: 'handled',
      day: '2026-11-02',
    });
    expect(stored.Item?.expiresAt).toBeGreaterThan(Date.parse(sample.endedAt) / 1000 + 365 * 86_400);
    const day = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: kpiKeys.day(tenantId, '2026-11-02', { channel: 'voice', centerId: 'lyon-1', queue: 'billing' }),
      }),
    );
    expect(day.Item).toMatchObject({ offered: 1, handled: 1, fcrKnown: 1, fcrTrue: 1, repeatEligible: 1, hw_17: 1 });
  });

  it("counts and keeps a contact by the tenant's own agreement: its time zone and retention", async () => {
    // Prepare: a tenant in London that keeps contact records 30 days
    const londoner = `t-${crypto.randomUUID().slice(0, 8)}`;
    await new AddAgreementVersion(
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
    ).add(
      londoner,
      AgreementInput.parse({
        effectiveFrom: '2026-01-01',
        timeZone: { value: 'Europe/London' },
        retention: {
          contactRecordDays: { value: 30 },
          recordings: {
            training_qa: { value: 90 },
            contract_proof: { value: 365 },
            regulatory: { value: 365 },
            complaint_evidence: { value: 365 },
          },
        },
      }),
      { recordedBy: 'officer', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
    );
    const detail = {
      ...sample,
      tenantId: londoner,
      contactId: 'late-evening-london',
      initiatedAt: '2026-11-02T23:30:00Z', // still 2 November in London, already 3 November in Paris
      queuedAt: '2026-11-02T23:30:00Z',
      answeredAt: '2026-11-02T23:30:10Z',
      endedAt: '2026-11-02T23:40:00Z',
      occurredAt: '2026-11-02T23:40:00Z',
    };

    // Act
    expect(await handler(event(detail), context)).toBe('applied');

    // Assess
    const stored = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: { pk: `T#${londoner}#CONTACT#late-evening-london`, sk: 'CONTACT' },
      }),
    );
    expect(stored.Item).toMatchObject({
      day: '2026-11-02',
      expiresAt: Date.parse(detail.endedAt) / 1000 + 30 * 86_400,
    });
  });

  it('files the contact under its tenant-local day, not the UTC day', async () => {
    const detail = {
      ...sample,
      tenantId,
      contactId: 'late-evening',
      initiatedAt: '2026-11-02T23:30:00Z', // 00:30 on 3 November in Paris
      queuedAt: '2026-11-02T23:30:00Z',
      answeredAt: '2026-11-02T23:30:10Z',
      endedAt: '2026-11-02T23:40:00Z',
      occurredAt: '2026-11-02T23:40:00Z',
    };
    expect(await handler(event(detail), context)).toBe('applied');
    const day = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#CONTACTS#2026-11-03` },
      }),
    );
    expect(day.Items?.map((i) => i.contactId)).toEqual(['late-evening']);
  });

  it('dead-letters an invalid contact with the reason, and stores nothing', async () => {
    const { channel: _dropped, ...withoutChannel } = { ...sample, tenantId, contactId: 'no-channel', talkSeconds: -3 };
    const id = crypto.randomUUID();

    expect(await handler(event(withoutChannel, id), context)).toBe('dead-lettered');

    const letters = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      }),
    );
    const letter = letters.Items?.find((i) => i.id === id);
    expect(letter?.reason).toBe('detail failed schema validation');
    expect(letter?.issues.map((i: { path: string }) => i.path).sort()).toEqual(['channel', 'talkSeconds']);
    expect(letter?.event.detail.contactId).toBe('no-channel');
    const stored = await db.send(
      new GetCommand({ TableName: config.tableName, Key: { pk: `T#${tenantId}#CONTACT#no-channel`, sk: 'CONTACT' } }),
    );
    expect(stored.Item).toBeUndefined();
  });

  it('dead-letters an event whose tenant is malformed under the unknown tenant', async () => {
    const id = crypto.randomUUID();
    expect(await handler(event({ ...sample, tenantId: 'bad#tenant' }, id), context)).toBe('dead-lettered');
    const letter = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#_unknown#DEADLETTER' },
      }),
    );
    expect(letter.Items?.some((i) => i.id === id)).toBe(true);
  });
});
