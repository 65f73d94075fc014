/**
 * Erasure requests (shared/app/erasure-requests.ts) against DynamoDB Local and the S3 stand-in: every recording of
 * the data subject goes (found by reference and through its contacts), the reference leaves its contacts while the
 * KPI aggregates keep their counts, a hold blocks it with nothing deleted, retries are idempotent, and a crash half
 * way is finished, and fully reported, by the retry.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { S3RecordingObjectStore } from '../../../shared/adapters/recording-object-store.js';
import { EraseDataSubject, ErasureRequestIdReusedError } from '../../../shared/app/erasure-requests.js';
import type { EvidenceLedger } from '../../../shared/app/evidence-ledger.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import type { RecordingMetadata } from '../../../shared/app/recordings.js';
import { ContactConflictRepository } from '../../../shared/store/contact-conflict-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { ErasureRequestRepository } from '../../../shared/store/erasure-request-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { kpiKeys } from '../../../shared/store/kpi-aggregate-items.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';
import {
  freshBucket,
  ledgerEntries,
  objectExists,
  putRecording,
  storedRecording,
  testS3,
} from './support/deletion-fixtures.js';

const DAY_MS = 86_400_000;
const { tableName: table } = standInConfig();
const db = testDocumentClient();
const recorder = new DynamoContactRecorder(db, table, defaultPolicyLookup);
let s3: S3Client;
let bucket: string;

const SUBJECT = 'cust-erase-0001';
const OTHER = 'cust-erase-0002';
const NOW = new Date();
const BY = { requestedBy: 'dpo-1', via: 'api' as const };

function erasure(ledger: EvidenceLedger = new DynamoLedgerRepository(db, table)) {
  return new EraseDataSubject(
    new ErasureRequestRepository(db, table),
    new S3RecordingObjectStore(s3, { bucket }),
    ledger,
  );
}

/** A handled call of `customerRef` about billing, `daysAgo` days before now. */
function call(tenantId: string, contactId: string, customerRef: string | undefined, daysAgo: number) {
  const at = NOW.getTime() - daysAgo * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    contactId,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    ...(customerRef === undefined ? {} : { customerRef }),
    reason: 'invoice-question',
    initiatedAt: iso(at),
    answeredAt: iso(at + 10_000),
    endedAt: iso(at + 300_000),
    occurredAt: iso(at + 300_000),
    outcome: 'handled',
  } satisfies ContactCompletedDetail;
}

async function item(key: { pk: string; sk: string }) {
  return (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
}

async function dayAggregates(tenantId: string) {
  // The calls are at most three days old (in the default time zone, a day either way of UTC).
  const months = new Set([0, 1, 2, 3, 4].map((d) => new Date(NOW.getTime() - d * DAY_MS).toISOString().slice(0, 7)));
  const items: Record<string, unknown>[] = [];
  for (const month of months) {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': kpiKeys.dayPartition(tenantId, month) },
        ConsistentRead: true,
      }),
    );
    items.push(...(out.Items ?? []));
  }
  return items;
}

/** A tenant with the subject's two recorded calls (one recording names no subject), and another subject's. */
async function tenantWithSubject(extra: Partial<RecordingMetadata> = {}) {
  const tenantId = `erase-${randomUUID().slice(0, 8)}`;
  for (const [id, ref, days] of [
    ['c-1', SUBJECT, 3],
    ['c-2', SUBJECT, 1],
    ['c-3', OTHER, 2],
  ] as const)
    await recorder.record(call(tenantId, id, ref, days));
  const recordings = {
    c1: storedRecording(tenantId, 'c-1', NOW, 100 * DAY_MS, { customerRef: SUBJECT, ...extra }),
    // Ingested before its contact named the subject: found through the contact.
    c2: storedRecording(tenantId, 'c-2', NOW, 100 * DAY_MS),
    c3: storedRecording(tenantId, 'c-3', NOW, 100 * DAY_MS, { customerRef: OTHER }),
  };
  for (const r of Object.values(recordings)) await putRecording(db, table, s3, bucket, r);
  return { tenantId, recordings };
}

beforeAll(async () => {
  s3 = testS3();
  bucket = await freshBucket(s3);
});

afterAll(() => s3.destroy());

describe('Function: erasure requests (use case)', () => {
  it('deletes every recording of the subject and strips its reference from contacts; aggregates keep their counts', async () => {
    const { tenantId, recordings } = await tenantWithSubject();
    // A conflicting redelivery of c-1 kept for the operator holds the reference twice.
    const stored = call(tenantId, 'c-1', SUBJECT, 3);
    await new ContactConflictRepository(db, table).put(
      { stored, received: { ...stored, queue: 'outages' }, differingFields: ['queue'] },
      NOW.toISOString(),
    );
    const before = await dayAggregates(tenantId);
    expect(before.some((a) => Number(a.repeated) > 0)).toBe(true);

    const done = await erasure().execute(
      tenantId,
      { requestId: 'dsr-1', customerRef: SUBJECT, receivedAt: NOW, ...BY },
      NOW,
    );

    expect(done.outcome).toBe('completed');
    expect(done.request).toMatchObject({
      status: 'completed',
      recordingsDeleted: ['c-1', 'c-2'],
      recordingsHeld: [],
      contactsAnonymised: 2,
      onTime: true,
    });
    for (const r of [recordings.c1, recordings.c2]) {
      expect(await objectExists(s3, bucket, r.objectKey)).toBe(false);
      const meta = await item(keys.recording(tenantId, r.contactId));
      expect(meta).toMatchObject({ status: 'deleted', deleted: { reason: 'erasure', requestId: 'dsr-1' } });
      expect(meta?.customerRef).toBeUndefined();
      expect(meta?.gsi2pk).toBeUndefined();
    }
    for (const id of ['c-1', 'c-2']) {
      const contact = await item(keys.contact(tenantId, id));
      expect(contact).toMatchObject({ contactId: id, erasedAt: NOW.toISOString() });
      expect(contact?.customerRef).toBeUndefined();
      expect(contact?.gsi2pk).toBeUndefined();
    }
    // The other subject is untouched.
    expect(await objectExists(s3, bucket, recordings.c3.objectKey)).toBe(true);
    expect(await item(keys.contact(tenantId, 'c-3'))).toMatchObject({ customerRef: OTHER });
    const conflicts = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contactConflict(tenantId, 'c-1', '').pk },
        ConsistentRead: true,
      }),
    );
    expect(conflicts.Items).toHaveLength(1);
    expect(JSON.stringify(conflicts.Items)).not.toContain(SUBJECT);
    expect(await dayAggregates(tenantId)).toEqual(before);

    const entries = await ledgerEntries(db, table, tenantId);
    expect(entries.map((e) => e.kind)).toEqual(['recording.deleted', 'contact.anonymised', 'erasure.completed']);
    expect(entries[0]?.payload).toMatchObject({ reason: 'erasure', erasureRequestId: 'dsr-1' });
    expect(entries[2]?.payload).toMatchObject({ recordingsDeleted: 2, contactsAnonymised: 2, onTime: true });
    expect(JSON.stringify(entries)).not.toContain(SUBJECT);
  });

  it('answers a retry with what it did and does nothing more; refuses the id for another subject', async () => {
    const { tenantId } = await tenantWithSubject();
    const input = { requestId: 'dsr-2', customerRef: SUBJECT, receivedAt: NOW, ...BY };
    const first = await erasure().execute(tenantId, input, NOW);
    const entries = (await ledgerEntries(db, table, tenantId)).length;

    const again = await erasure().execute(tenantId, input, new Date(NOW.getTime() + 60_000));

    expect(again.outcome).toBe('replayed');
    expect(again.entry).toBeUndefined();
    expect(again.request).toMatchObject({ recordingsDeleted: first.request.recordingsDeleted, contactsAnonymised: 2 });
    expect(await ledgerEntries(db, table, tenantId)).toHaveLength(entries);
    await expect(erasure().execute(tenantId, { ...input, customerRef: OTHER }, NOW)).rejects.toBeInstanceOf(
      ErasureRequestIdReusedError,
    );
    expect(await item(keys.contact(tenantId, 'c-3'))).toMatchObject({ customerRef: OTHER });
  });

  it('is blocked by a hold with nothing deleted, and executes when sent again after the release', async () => {
    const hold = { reason: 'litigation 7', by: 'dpo-1', at: NOW.toISOString(), scope: 'recording' as const };
    const { tenantId, recordings } = await tenantWithSubject({ legalHold: true, hold });
    const receivedAt = new Date(NOW.getTime() - 2 * DAY_MS);
    const input = { requestId: 'dsr-3', customerRef: SUBJECT, receivedAt, ...BY };

    const blocked = await erasure().execute(tenantId, input, NOW);

    expect(blocked.outcome).toBe('blocked');
    expect(blocked.request).toMatchObject({
      status: 'blocked-by-legal-hold',
      recordingsHeld: ['c-1'],
      recordingsDeleted: [],
      contactsAnonymised: 0,
      onTime: null,
    });
    for (const r of [recordings.c1, recordings.c2]) {
      expect(await objectExists(s3, bucket, r.objectKey)).toBe(true);
      expect((await item(keys.recording(tenantId, r.contactId)))?.status).toBe('stored');
    }
    expect(await item(keys.contact(tenantId, 'c-1'))).toMatchObject({ customerRef: SUBJECT });
    expect((await ledgerEntries(db, table, tenantId)).map((e) => e.kind)).toEqual(['erasure.blocked']);
    // Sent again while still held: the same decision, no second entry.
    expect((await erasure().execute(tenantId, input, NOW)).entry).toBeUndefined();
    expect(await ledgerEntries(db, table, tenantId)).toHaveLength(1);

    const { legalHold: _h, hold: _d, ...released } = recordings.c1;
    await putRecording(db, table, s3, bucket, { ...released, legalHold: false });
    const done = await erasure().execute(tenantId, { ...input, receivedAt: NOW }, NOW);

    expect(done.outcome).toBe('completed');
    expect(done.request).toMatchObject({ recordingsDeleted: ['c-1', 'c-2'], receivedAt: receivedAt.toISOString() });
    expect((await ledgerEntries(db, table, tenantId)).map((e) => e.kind)).toEqual([
      'erasure.blocked',
      'recording.deleted',
      'contact.anonymised',
      'erasure.completed',
    ]);
  });

  it('is blocked by a hold on the data subject: every recording of it is held', async () => {
    const { tenantId, recordings } = await tenantWithSubject();
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.customerHold(tenantId, SUBJECT), tenantId, customerRef: SUBJECT, reason: 'regulator' },
      }),
    );

    const blocked = await erasure().execute(
      tenantId,
      { requestId: 'dsr-4', customerRef: SUBJECT, receivedAt: NOW, ...BY },
      NOW,
    );

    expect(blocked.request.recordingsHeld).toEqual(['c-1', 'c-2']);
    expect(await objectExists(s3, bucket, recordings.c2.objectKey)).toBe(true);
  });

  it('finishes after a crash half way, and reports everything the request did', async () => {
    const { tenantId, recordings } = await tenantWithSubject();
    const real = new DynamoLedgerRepository(db, table);
    let commits = 0;
    const crashing: EvidenceLedger = {
      commit: (t, prepare) => {
        commits++;
        if (commits === 2) throw new Error('the function died here');
        return real.commit(t, prepare);
      },
      append: (e) => real.append(e),
    };
    const input = { requestId: 'dsr-5', customerRef: SUBJECT, receivedAt: NOW, ...BY };
    await expect(erasure(crashing).execute(tenantId, input, NOW)).rejects.toThrow('died');
    // The recordings went (no longer findable by the subject); the contacts still name it.
    expect((await item(keys.recording(tenantId, 'c-1')))?.status).toBe('deleted');
    expect(await item(keys.contact(tenantId, 'c-1'))).toMatchObject({ customerRef: SUBJECT });

    const retried = await erasure().execute(tenantId, input, NOW);

    expect(retried.request).toMatchObject({ recordingsDeleted: ['c-1', 'c-2'], contactsAnonymised: 2 });
    expect(await objectExists(s3, bucket, recordings.c1.objectKey)).toBe(false);
    expect((await ledgerEntries(db, table, tenantId)).map((e) => e.kind)).toEqual([
      'recording.deleted',
      'contact.anonymised',
      'erasure.completed',
    ]);
  });

  it("leaves another tenant's data subject of the same reference alone", async () => {
    const a = await tenantWithSubject();
    const b = await tenantWithSubject();

    await erasure().execute(a.tenantId, { requestId: 'dsr-6', customerRef: SUBJECT, receivedAt: NOW, ...BY }, NOW);

    expect(await objectExists(s3, bucket, b.recordings.c1.objectKey)).toBe(true);
    expect(await item(keys.contact(b.tenantId, 'c-1'))).toMatchObject({ customerRef: SUBJECT });
    expect(await ledgerEntries(db, table, b.tenantId)).toEqual([]);
  });

  it('lists requests newest received first, page by page, with deadline and timeliness', async () => {
    const { tenantId } = await tenantWithSubject();
    const late = new Date(NOW.getTime() - 40 * DAY_MS);
    await erasure().execute(tenantId, { requestId: 'dsr-old', customerRef: OTHER, receivedAt: late, ...BY }, NOW);
    await erasure().execute(tenantId, { requestId: 'dsr-new', customerRef: SUBJECT, receivedAt: NOW, ...BY }, NOW);

    const first = await erasure().list(tenantId, { limit: 1 }, NOW);
    const second = await erasure().list(tenantId, { limit: 1, ...(first.next ? { after: first.next } : {}) }, NOW);

    expect(first.requests.map((r) => [r.requestId, r.onTime])).toEqual([['dsr-new', true]]);
    expect(second.requests.map((r) => [r.requestId, r.onTime])).toEqual([['dsr-old', false]]);
    expect(second.next).toBeUndefined();
  });
});
