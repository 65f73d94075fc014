/**
 * What the purge and erasure tests set up by hand, as ingestion would have left it: objects in the S3 stand-in's
 * recordings bucket and their metadata items written with `recordingItem()` (shared/store/recording-items.ts).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../../../infra/local/stand-ins/table-setup.js';
import { createS3Client } from '../../../../shared/adapters/ledger-anchor-store.js';
import { type RecordingMetadata, recordingObjectKey } from '../../../../shared/app/recordings.js';
import type { LedgerEntry } from '../../../../shared/domain/ledger/hash-chain.js';
import { ledgerKeys } from '../../../../shared/store/ledger-repository.js';
import { recordingItem } from '../../../../shared/store/recording-items.js';
import { standInConfig } from '../../../support/stand-ins.js';

const DAY_MS = 86_400_000;

/** A table of its own (the purge index and its checkpoint span tenants, so the purge tests must not share one). */
export async function freshTable(): Promise<string> {
  const name = `purge-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, name);
  client.destroy();
  return name;
}

export function testS3(): S3Client {
  return createS3Client(standInConfig());
}

export async function freshBucket(s3: S3Client): Promise<string> {
  const bucket = `rec-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** A stored recording of `contactId`, due `dueInMs` from `now` (negative: past its date). */
export function storedRecording(
  tenantId: string,
  contactId: string,
  now: Date,
  dueInMs: number,
  extra: Partial<RecordingMetadata> = {},
): RecordingMetadata {
  const deleteAfter = new Date(now.getTime() + dueInMs);
  const recordedAt = new Date(deleteAfter.getTime() - 183 * DAY_MS).toISOString();
  return {
    tenantId,
    centerId: 'lyon-1',
    contactId,
    objectKey: recordingObjectKey(tenantId, contactId, recordedAt, 'wav'),
    format: 'wav',
    contentType: 'audio/wav',
    sizeBytes: 12,
    sha256: 'a'.repeat(64),
    durationSeconds: 3,
    retentionClass: 'training_qa',
    retentionDays: 183,
    retentionOrigin: 'internal',
    recordedAt,
    storedAt: recordedAt,
    deleteAfter: deleteAfter.toISOString(),
    kmsKeyId: 'local',
    legalHold: false,
    status: 'stored',
    ...extra,
  };
}

/** The object and the metadata item of `recording`, as ingestion leaves them. */
export async function putRecording(
  db: DynamoDBDocumentClient,
  table: string,
  s3: S3Client,
  bucket: string,
  recording: RecordingMetadata,
  item: Record<string, unknown> = recordingItem(recording),
): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: recording.objectKey, Body: Buffer.from('RIFF....WAVE') }));
  await db.send(new PutCommand({ TableName: table, Item: item }));
}

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

export async function objectBody(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}

/** Every ledger entry of a tenant, in order. */
export async function ledgerEntries(db: DynamoDBDocumentClient, table: string, tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': ledgerKeys.partition(tenantId), ':e': 'E#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as LedgerEntry[];
}
