/**
 * The scheduled purge's Lambda handler (functions/purge-recordings) against DynamoDB Local and the S3 stand-in: it
 * purges as of the schedule's `scheduledTime`, never later than its clock, and answers what it did. A table of its
 * own: the due index and the checkpoint span tenants.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/store/keys.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import {
  freshBucket,
  freshTable,
  objectExists,
  putRecording,
  storedRecording,
  testS3,
} from './support/deletion-fixtures.js';

useStandInEnvironment();
const s3 = testS3();
const bucket = await freshBucket(s3);
const table = await freshTable();
process.env.TABLE_NAME = table;
process.env.RECORDINGS_BUCKET = bucket;
const { handler } = await import('../../../functions/purge-recordings/handler.js');

const DAY_MS = 86_400_000;
const db = testDocumentClient();
const context = { functionName: 'purge-recordings', getRemainingTimeInMillis: () => 600_000 } as Context;

afterAll(() => s3.destroy());

describe('Function: purge-recordings (scheduled)', () => {
  it('deletes what is due as of the scheduled time, and nothing a time ahead of its clock would make due', async () => {
    const now = new Date();
    const tenantId = `purge-h-${randomUUID().slice(0, 8)}`;
    // A machine that ran yesterday: this run reads today and the late-arrival window behind it.
    const yesterday = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
    await db.send(
      new PutCommand({ TableName: table, Item: { ...keys.purgeCheckpoint, day: yesterday, from: '2020-01-01' } }),
    );
    const due = storedRecording(tenantId, 'c-due', now, -2 * DAY_MS);
    const notYet = storedRecording(tenantId, 'c-not-yet', now, 2 * DAY_MS);
    for (const r of [due, notYet]) await putRecording(db, table, s3, bucket, r);

    const report = await handler(
      { schedule: 'PurgeRecordings', scheduledTime: new Date(now.getTime() + 10 * DAY_MS).toISOString() },
      context,
    );

    expect(report).toMatchObject({ deleted: 1, held: 0, failed: 0, complete: true });
    expect(await objectExists(s3, bucket, due.objectKey)).toBe(false);
    expect(await objectExists(s3, bucket, notYet.objectKey)).toBe(true);
    const kept = await db.send(
      new GetCommand({ TableName: table, Key: keys.recording(tenantId, 'c-not-yet'), ConsistentRead: true }),
    );
    expect(kept.Item?.status).toBe('stored');
    expect(await handler(undefined, context)).toMatchObject({ deleted: 0, failed: 0 });
  });
});
