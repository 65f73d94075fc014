/**
 * The retention purge (shared/app/purge-recordings.ts) against DynamoDB Local and the S3 stand-in: what is past its
 * date and unheld goes (object, then metadata with its ledger entry), what is held stays, a rerun does nothing more,
 * a crash between the object and the metadata is repaired by the next run, and the checkpoint moves only past days
 * fully done. Each test has a table of its own: the due index and the checkpoint span tenants.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3RecordingObjectStore } from '../../../shared/adapters/recording-object-store.js';
import type { EvidenceLedger } from '../../../shared/app/evidence-ledger.js';
import { PurgeRecordings } from '../../../shared/app/purge-recordings.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { recordingItem } from '../../../shared/store/recording-items.js';
import { RecordingPurgeRepository } from '../../../shared/store/recording-purge-repository.js';
import { testDocumentClient } from '../../support/stand-ins.js';
import {
  freshBucket,
  freshTable,
  ledgerEntries,
  objectExists,
  putRecording,
  storedRecording,
  testS3,
} from './support/deletion-fixtures.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-02T02:30:00.000Z');
const db = testDocumentClient();
let s3: S3Client;
let bucket: string;
let table: string;
let tenantId: string;

const always = () => true;

function purge(options: { ledger?: EvidenceLedger } = {}) {
  return new PurgeRecordings(
    new RecordingPurgeRepository(db, table),
    new S3RecordingObjectStore(s3, { bucket }),
    options.ledger ?? new DynamoLedgerRepository(db, table),
    { firstRunDays: 30, lateArrivalDays: 20 },
  );
}

async function stored(contactId: string, t = tenantId) {
  const out = await db.send(
    new GetCommand({ TableName: table, Key: keys.recording(t, contactId), ConsistentRead: true }),
  );
  return out.Item;
}

async function checkpoint() {
  const out = await db.send(new GetCommand({ TableName: table, Key: keys.purgeCheckpoint, ConsistentRead: true }));
  return out.Item?.day as string | undefined;
}

beforeAll(async () => {
  s3 = testS3();
  bucket = await freshBucket(s3);
});

afterAll(() => s3.destroy());

beforeEach(async () => {
  table = await freshTable();
  tenantId = `purge-${randomUUID().slice(0, 8)}`;
});

describe('Function: purge-recordings (use case)', () => {
  it('deletes a recording past its date: object gone, item deleted without customerRef, one ledger entry', async () => {
    const due = storedRecording(tenantId, 'c-due', NOW, -3 * DAY_MS, { customerRef: 'cust-100' });
    await putRecording(db, table, s3, bucket, due);

    const report = await purge().run(NOW, always);

    expect(report).toMatchObject({ deleted: 1, held: 0, failed: 0, complete: true });
    expect(await objectExists(s3, bucket, due.objectKey)).toBe(false);
    const item = await stored('c-due');
    expect(item).toMatchObject({ status: 'deleted', deleted: { reason: 'retention', by: 'purge-recordings' } });
    expect(item?.deleted.at).toBe(NOW.toISOString());
    expect(item?.customerRef).toBeUndefined();
    // Out of both indexes: no longer due, no longer findable by data subject.
    expect(item?.gsi1pk).toBeUndefined();
    expect(item?.gsi2pk).toBeUndefined();
    const entries = await ledgerEntries(db, table, tenantId);
    expect(entries.map((e) => e.kind)).toEqual(['recording.deleted']);
    expect(entries[0]).toMatchObject({
      actor: 'system:purge-recordings',
      resource: 'recording/c-due',
      payload: { reason: 'retention', recordings: [{ contactId: 'c-due', objectKey: due.objectKey }] },
    });
    expect(JSON.stringify(entries)).not.toContain('cust-100');
  });

  it('keeps what is held (its own hold, a hold on its data subject) and what is not due yet', async () => {
    const own = storedRecording(tenantId, 'c-held', NOW, -2 * DAY_MS);
    const heldOwn = {
      ...own,
      legalHold: true,
      hold: { reason: 'case 7', by: 'dpo-1', at: NOW.toISOString(), scope: 'recording' as const },
    };
    // Still listed as due (the index lags behind the hold): the purge reads the item and finds it held.
    await putRecording(db, table, s3, bucket, heldOwn, { ...recordingItem(own), ...heldOwn });
    const subject = storedRecording(tenantId, 'c-subject', NOW, -2 * DAY_MS, { customerRef: 'cust-held' });
    await putRecording(db, table, s3, bucket, subject);
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.customerHold(tenantId, 'cust-held'), tenantId, customerRef: 'cust-held', reason: 'case 8' },
      }),
    );
    const later = storedRecording(tenantId, 'c-later', NOW, 60_000);
    await putRecording(db, table, s3, bucket, later);

    const report = await purge().run(NOW, always);

    expect(report).toMatchObject({ deleted: 0, held: 2, failed: 0 });
    for (const r of [heldOwn, subject, later]) {
      expect(await objectExists(s3, bucket, r.objectKey)).toBe(true);
      expect((await stored(r.contactId))?.status).toBe('stored');
    }
    expect(await ledgerEntries(db, table, tenantId)).toEqual([]);
    // Held recordings are done for their day: the checkpoint still moves.
    expect(await checkpoint()).toBe('2026-12-01');
  });

  it('does nothing more when run again, and a concurrent run deletes nothing twice', async () => {
    for (const id of ['c-1', 'c-2', 'c-3'])
      await putRecording(db, table, s3, bucket, storedRecording(tenantId, id, NOW, -DAY_MS));

    const [first, second] = await Promise.all([purge().run(NOW, always), purge().run(NOW, always)]);
    expect(first.deleted + second.deleted).toBe(3);
    expect(first.failed + second.failed).toBe(0);
    const rerun = await purge().run(NOW, always);

    expect(rerun).toMatchObject({ deleted: 0, held: 0, failed: 0 });
    const entries = await ledgerEntries(db, table, tenantId);
    expect(entries.map((e) => e.resource).sort()).toEqual(['recording/c-1', 'recording/c-2', 'recording/c-3']);
  });

  it('repairs a crash between the object delete and the state write on the next run', async () => {
    const due = storedRecording(tenantId, 'c-crash', NOW, -5 * DAY_MS);
    await putRecording(db, table, s3, bucket, due);
    const real = new DynamoLedgerRepository(db, table);
    const crashing: EvidenceLedger = {
      commit: async () => {
        throw new Error('the function died here');
      },
      append: (e) => real.append(e),
    };

    const crashed = await purge({ ledger: crashing }).run(NOW, always);

    expect(crashed).toMatchObject({ deleted: 0, failed: 1 });
    expect(await objectExists(s3, bucket, due.objectKey)).toBe(false);
    expect((await stored('c-crash'))?.status).toBe('stored');
    // The day with the failure and every later one stay unchecked.
    expect(await checkpoint()).toBe('2026-11-26');

    const next = await purge().run(NOW, always);

    expect(next).toMatchObject({ deleted: 1, failed: 0, checkpoint: { day: '2026-12-01' } });
    expect((await stored('c-crash'))?.status).toBe('deleted');
    expect((await ledgerEntries(db, table, tenantId)).map((e) => e.kind)).toEqual(['recording.deleted']);
  });

  it('advances the checkpoint to yesterday, never past today, and starts the next run after it', async () => {
    const first = await purge().run(NOW, always);
    expect(first.days).toBe(31);
    expect(await checkpoint()).toBe('2026-12-01');

    // The day after: the new days are read, and the window behind the checkpoint again for late arrivals.
    const tomorrow = new Date(NOW.getTime() + DAY_MS);
    const second = await purge().run(tomorrow, always);
    expect(second).toMatchObject({ checkpoint: { day: '2026-12-02', from: '2026-11-02' }, complete: true });
    expect(await checkpoint()).toBe('2026-12-02');
  });

  it('finds a recording filed under a day the checkpoint has passed (ingested or released after its date)', async () => {
    await purge().run(NOW, always);
    expect(await checkpoint()).toBe('2026-12-01');
    const late = storedRecording(tenantId, 'c-late', NOW, -10 * DAY_MS);
    await putRecording(db, table, s3, bucket, late);

    const report = await purge().run(new Date(NOW.getTime() + 3_600_000), always);

    expect(report.deleted).toBe(1);
    expect((await stored('c-late'))?.status).toBe('deleted');
  });

  it('stops when time runs out and the next run goes on from the checkpoint', async () => {
    for (const [id, days] of [
      ['c-old', 20],
      ['c-new', 2],
    ] as const)
      await putRecording(db, table, s3, bucket, storedRecording(tenantId, id, NOW, -days * DAY_MS));
    // A first run starts 20 days back (the late-arrival window): time for c-old's day, c-old, and 10 days more.
    let budget = 12;
    const stopped = await purge().run(NOW, () => budget-- > 0);
    expect(stopped).toMatchObject({ complete: false, deleted: 1, checkpoint: { day: '2026-11-22' } });
    expect(await checkpoint()).toBe('2026-11-22');

    const resumed = await purge().run(NOW, always);

    expect(resumed.complete).toBe(true);
    expect(stopped.deleted + resumed.deleted).toBe(2);
    expect(await checkpoint()).toBe('2026-12-01');
  });

  it('keeps another tenant apart: each deletion is in its own tenant ledger', async () => {
    const other = `purge-${randomUUID().slice(0, 8)}`;
    await putRecording(db, table, s3, bucket, storedRecording(tenantId, 'c-a', NOW, -DAY_MS));
    await putRecording(db, table, s3, bucket, storedRecording(other, 'c-b', NOW, -DAY_MS));

    await purge().run(NOW, always);

    expect((await ledgerEntries(db, table, tenantId)).map((e) => e.resource)).toEqual(['recording/c-a']);
    expect((await ledgerEntries(db, table, other)).map((e) => e.resource)).toEqual(['recording/c-b']);
  });
});
