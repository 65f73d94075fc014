/**
 * Legal holds through the API (manage-legal-holds) against DynamoDB Local and the S3 stand-in: a recording's own
 * hold set and released with its ledger entries (idempotent, out of the purge index and back, an overdue one into
 * today's partition), a data subject's hold over present recordings, in transactions of at most 97, and over one
 * ingested later, and the two kinds of hold meeting on one recording.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { S3RecordingObjectStore } from '../../../shared/adapters/recording-object-store.js';
import { AllowListedRecordingSource } from '../../../shared/adapters/recording-source.js';
import { IngestRecording } from '../../../shared/app/ingest-recording.js';
import { LegalHolds } from '../../../shared/app/legal-holds.js';
import type { RecordingMetadata } from '../../../shared/app/recordings.js';
import { parseRecordingSources } from '../../../shared/domain/recording/source-allow-list.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { LegalHoldRepository } from '../../../shared/store/legal-hold-repository.js';
import { recordingFromItem, recordingItem } from '../../../shared/store/recording-items.js';
import { DynamoRecordingRepository } from '../../../shared/store/recording-repository.js';
import { tinyWav } from '../../support/audio-headers.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { freshBucket, ledgerEntries, putRecording, storedRecording, testS3 } from './support/deletion-fixtures.js';
import { callRecordingApi } from './support/recording-api.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.RECORDINGS_BUCKET = bucket;
process.env.RECORDING_OBJECT_LOCK = 'off';
const { handler } = await import('../../../functions/manage-legal-holds/handler.js');

const RECORDING_HOLD = '/v1/tenants/{tenantId}/recordings/{contactId}/legal-hold';
const CUSTOMER_HOLD = '/v1/tenants/{tenantId}/customers/{customerRef}/legal-hold';
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const newTenant = () => `rec-hold-${randomUUID().slice(0, 8)}`;

async function recording(
  tenantId: string,
  contactId: string,
  extra: Partial<RecordingMetadata> = {},
  dueInMs = 30 * DAY_MS,
) {
  const state = storedRecording(tenantId, contactId, new Date(), dueInMs, extra);
  await putRecording(db, config.tableName, s3, bucket, state);
  return state;
}

async function item(tenantId: string, contactId: string) {
  const out = await db.send(
    new GetCommand({ TableName: config.tableName, Key: keys.recording(tenantId, contactId), ConsistentRead: true }),
  );
  return out.Item as Record<string, unknown>;
}

const holdRecording = (
  method: 'PUT' | 'DELETE',
  tenantId: string,
  contactId: string,
  role = 'dpo',
  reason = 'Litigation 2026-118',
) =>
  callRecordingApi(handler, { method, route: RECORDING_HOLD, tenantId, params: { contactId }, role, body: { reason } });

const holdCustomer = (
  method: 'PUT' | 'DELETE',
  tenantId: string,
  customerRef: string,
  reason = 'Authority request 2026-04',
) =>
  callRecordingApi(handler, {
    method,
    route: CUSTOMER_HOLD,
    tenantId,
    params: { customerRef },
    role: 'dpo',
    body: { reason },
  });

describe('Function: manage-legal-holds, one recording', () => {
  it('sets a hold with its ledger entry, takes the recording out of the purge index, and is idempotent', async () => {
    const tenantId = newTenant();
    await recording(tenantId, 'c-1');
    expect((await item(tenantId, 'c-1')).gsi1pk).toBeDefined();

    const set = await holdRecording('PUT', tenantId, 'c-1');
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ outcome: 'set', legalHold: true, hold: { scope: 'recording', by: 'it-dpo' } });
    const entries = await ledgerEntries(db, config.tableName, tenantId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      sequence: Number(set.headers['ledger-sequence']),
      kind: 'recording.legal-hold-set',
      actor: 'it-dpo',
      actorRole: 'dpo',
      resource: 'recording/c-1',
      payload: { scope: 'recording', contactId: 'c-1', reason: 'Litigation 2026-118', legalHold: true },
    });
    const held = await item(tenantId, 'c-1');
    expect(held).toMatchObject({ legalHold: true, status: 'stored' });
    expect(held.gsi1pk).toBeUndefined();

    const again = await holdRecording('PUT', tenantId, 'c-1', 'dpo', 'Another reason');
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    expect(again.headers['ledger-sequence']).toBeUndefined();
    expect(await ledgerEntries(db, config.tableName, tenantId)).toHaveLength(1);
  });

  it('releases a hold back into the purge index; one already past deleteAfter goes into today’s partition', async () => {
    const tenantId = newTenant();
    const due = await recording(tenantId, 'c-due', {}, 20 * DAY_MS);
    const overdue = await recording(tenantId, 'c-overdue', {}, -3 * DAY_MS);
    for (const contactId of ['c-due', 'c-overdue']) await holdRecording('PUT', tenantId, contactId);

    const released = await holdRecording('DELETE', tenantId, 'c-overdue', 'dpo', 'Litigation settled');
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ outcome: 'released', legalHold: false });
    expect(released.body.hold).toBeUndefined();
    const overdueItem = await item(tenantId, 'c-overdue');
    expect(overdueItem.gsi1pk).toBe(keys.recordingsDue(today()));
    expect(String(overdueItem.gsi1sk).startsWith(overdue.deleteAfter)).toBe(true);
    const entry = (await ledgerEntries(db, config.tableName, tenantId)).at(-1);
    expect(entry).toMatchObject({
      sequence: Number(released.headers['ledger-sequence']),
      kind: 'recording.legal-hold-released',
      payload: { reason: 'Litigation settled', legalHold: false },
    });

    await holdRecording('DELETE', tenantId, 'c-due');
    expect((await item(tenantId, 'c-due')).gsi1pk).toBe(keys.recordingsDue(due.deleteAfter.slice(0, 10)));

    const again = await holdRecording('DELETE', tenantId, 'c-due');
    expect(again.body.outcome).toBe('unchanged');
    expect(again.headers['ledger-sequence']).toBeUndefined();
  });

  it('allows the dpo only, hides other tenants, and answers 404 without a recording and 410 for a deleted one', async () => {
    const tenantId = newTenant();
    const gone = await recording(tenantId, 'c-gone');
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...(await item(tenantId, 'c-gone')),
          status: 'deleted',
          deleted: { at: '2026-11-30T02:00:00.000Z', reason: 'erasure', by: 'system:erasure' },
          gsi1pk: undefined,
          gsi1sk: undefined,
        },
      }),
    );
    expect(gone.contactId).toBe('c-gone');
    await recording(tenantId, 'c-1');
    for (const role of ['recording-reviewer', 'auditor', 'compliance-officer', 'client-manager'])
      expect((await holdRecording('PUT', tenantId, 'c-1', role)).status, role).toBe(403);
    const foreign = await callRecordingApi(handler, {
      method: 'PUT',
      route: RECORDING_HOLD,
      tenantId,
      params: { contactId: 'c-1' },
      role: 'dpo',
      tenants: 'another-tenant',
      body: { reason: 'Litigation' },
    });
    expect(foreign.status).toBe(404);
    expect((await holdRecording('PUT', tenantId, 'c-none')).status).toBe(404);
    expect((await holdRecording('PUT', tenantId, 'c-gone')).status).toBe(410);
    expect(
      (
        await callRecordingApi(handler, {
          method: 'PUT',
          route: RECORDING_HOLD,
          tenantId,
          params: { contactId: 'c-1' },
          role: 'dpo',
          body: {},
        })
      ).status,
    ).toBe(400);
  });
});

describe('Function: manage-legal-holds, a data subject', () => {
  it('holds every recording of the subject, keeps an own hold when the subject’s is released, and vice versa', async () => {
    const tenantId = newTenant();
    await recording(tenantId, 'c-a', { customerRef: 'cust-1' });
    await recording(tenantId, 'c-b', { customerRef: 'cust-1' });
    await recording(tenantId, 'c-other', { customerRef: 'cust-2' });
    await holdRecording('PUT', tenantId, 'c-b');

    const set = await holdCustomer('PUT', tenantId, 'cust-1');
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ outcome: 'set', legalHold: true, changed: ['c-a'], unchanged: ['c-b'] });
    expect(set.body.ledgerSequences).toEqual([Number(set.headers['ledger-sequence'])]);
    expect(await item(tenantId, 'c-a')).toMatchObject({ legalHold: true, hold: { scope: 'customer' } });
    expect((await item(tenantId, 'c-a')).gsi1pk).toBeUndefined();
    expect(await item(tenantId, 'c-other')).toMatchObject({ legalHold: false });
    const entry = (await ledgerEntries(db, config.tableName, tenantId)).at(-1);
    expect(entry).toMatchObject({
      kind: 'recording.legal-hold-set',
      resource: 'customer-hold',
      payload: { scope: 'customer', recordings: ['c-a'], count: 1, holdItemChanged: true },
    });
    expect(JSON.stringify(entry)).not.toContain('cust-1');

    const again = await holdCustomer('PUT', tenantId, 'cust-1');
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    expect(again.headers['ledger-sequence']).toBeUndefined();

    // The recording's own hold released: the subject's still covers it.
    const own = await holdRecording('DELETE', tenantId, 'c-b', 'dpo', 'Own case closed');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ outcome: 'still-held', legalHold: true, hold: { scope: 'customer' } });
    expect(own.body.detail).toContain("data subject's legal hold still covers");
    expect((await item(tenantId, 'c-b')).gsi1pk).toBeUndefined();

    // An own hold set again, then the subject's released: the own hold stays.
    await holdRecording('PUT', tenantId, 'c-b');
    const released = await holdCustomer('DELETE', tenantId, 'cust-1', 'Authority request closed');
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      outcome: 'released',
      legalHold: false,
      changed: ['c-a'],
      unchanged: ['c-b'],
    });
    expect(await item(tenantId, 'c-a')).toMatchObject({ legalHold: false });
    expect((await item(tenantId, 'c-a')).gsi1pk).toBeDefined();
    expect(await item(tenantId, 'c-b')).toMatchObject({ legalHold: true, hold: { scope: 'recording' } });
    const customerHold = await db.send(
      new GetCommand({ TableName: config.tableName, Key: keys.customerHold(tenantId, 'cust-1'), ConsistentRead: true }),
    );
    expect(customerHold.Item).toBeUndefined();
    expect((await holdCustomer('DELETE', tenantId, 'cust-1')).body.outcome).toBe('unchanged');
  });

  it('holds a recording of the subject ingested after the hold was set', async () => {
    const tenantId = newTenant();
    const platform = await freshBucket(s3);
    expect((await holdCustomer('PUT', tenantId, 'cust-later')).status).toBe(201);
    await s3.send(
      new PutObjectCommand({ Bucket: platform, Key: `connect/${tenantId}/c-late.wav`, Body: tinyWav(0.2) }),
    );
    const ingest = new IngestRecording({
      store: new DynamoRecordingRepository(db, config.tableName),
      agreements: new AgreementRepository(db, config.tableName),
      source: new AllowListedRecordingSource(s3, parseRecordingSources(`s3://${platform}`)),
      objects: new S3RecordingObjectStore(s3, { bucket, kmsKeyId: 'alias/ccc-test-data' }),
      ledger: new DynamoLedgerRepository(db, config.tableName),
    });
    await ingest.ingest({
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      contactId: 'c-late',
      location: `s3://${platform}/connect/${tenantId}/c-late.wav`,
      format: 'wav',
      durationSeconds: 0.2,
      customerRef: 'cust-later',
    } as never);
    const stored = recordingFromItem(await item(tenantId, 'c-late'));
    expect(stored).toMatchObject({ status: 'stored', legalHold: true, hold: { scope: 'customer' } });
    expect((await item(tenantId, 'c-late')).gsi1pk).toBeUndefined();

    const released = await holdCustomer('DELETE', tenantId, 'cust-later');
    expect(released.body).toMatchObject({ outcome: 'released', changed: ['c-late'] });
  });

  it('changes a hundred recordings in two transactions, each with its entry', { timeout: 120_000 }, async () => {
    const tenantId = newTenant();
    // Metadata only: with Object Lock off the objects are not touched.
    const ids = Array.from({ length: 100 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 20)
      await Promise.all(
        ids.slice(i, i + 20).map((contactId) =>
          db.send(
            new PutCommand({
              TableName: config.tableName,
              Item: recordingItem(
                storedRecording(tenantId, contactId, new Date(), DAY_MS, { customerRef: 'cust-many' }),
              ),
            }),
          ),
        ),
      );
    const set = await holdCustomer('PUT', tenantId, 'cust-many');
    expect(set.status).toBe(201);
    expect(set.body.changed as string[]).toHaveLength(100);
    expect(set.body.ledgerSequences).toHaveLength(2);
    const entries = (await ledgerEntries(db, config.tableName, tenantId)).slice(-2);
    expect(entries.map((e) => e.payload.count)).toEqual([97, 3]);
    expect(entries.map((e) => e.payload.holdItemChanged)).toEqual([true, false]);
    expect(Number(set.headers['ledger-sequence'])).toBe(entries[1]?.sequence);

    const released = await holdCustomer('DELETE', tenantId, 'cust-many');
    expect(released.body.changed as string[]).toHaveLength(100);
    expect(released.body.ledgerSequences).toHaveLength(2);
  });
});

describe('Use case: LegalHolds and S3 Object Lock', () => {
  it('sets the object legal hold before the table says held, and clears it only once the table does not', async () => {
    const tenantId = newTenant();
    await recording(tenantId, 'c-lock', { customerRef: 'cust-lock' });
    const calls: string[] = [];
    const store = new LegalHoldRepository(db, config.tableName);
    const holds = new LegalHolds(
      store,
      {
        setLegalHold: async (objectKey, _versionId, on) => {
          const state = recordingFromItem(await item(tenantId, 'c-lock'));
          calls.push(`${on ? 'on' : 'off'} ${objectKey.endsWith('c-lock.wav')} held-in-table=${state.legalHold}`);
        },
      },
      new DynamoLedgerRepository(db, config.tableName),
    );
    const by = { actor: 'dpo-1', role: 'dpo', reason: 'Litigation', now: new Date() };
    await holds.holdRecording(tenantId, 'c-lock', by);
    await holds.holdCustomer(tenantId, 'cust-lock', by);
    await holds.releaseRecording(tenantId, 'c-lock', by);
    await holds.releaseCustomer(tenantId, 'cust-lock', by);
    expect(calls).toEqual(['on true held-in-table=false', 'off true held-in-table=false']);
  });
});
