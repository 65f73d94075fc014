/**
 * Ingestion of `recording.available` through the ingest-recording handler, against DynamoDB Local and the S3
 * stand-in: from a platform bucket and from a locally served HTTP source; metadata, retention from the agreement,
 * customer holds and the `recording.stored` ledger entry; redelivery, concurrent duplicates and conflicting
 * redeliveries; refusals (not audio, erased data subject, source not allowed, missing after the retries).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { createS3Client } from '../../../shared/adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../../../shared/adapters/recording-object-store.js';
import { AllowListedRecordingSource } from '../../../shared/adapters/recording-source.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { IngestRecording, RecordingRefusedError } from '../../../shared/app/ingest-recording.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import type { LedgerEntry } from '../../../shared/domain/ledger/hash-chain.js';
import { parseRecordingSources } from '../../../shared/domain/recording/source-allow-list.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { keys } from '../../../shared/store/keys.js';
import { DynamoLedgerRepository, ledgerKeys } from '../../../shared/store/ledger-repository.js';
import { recordingFromItem } from '../../../shared/store/recording-items.js';
import { DynamoRecordingRepository } from '../../../shared/store/recording-repository.js';
import { NOT_AUDIO, tinyWav } from '../../support/audio-headers.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const suffix = randomUUID().slice(0, 8);
const RECORDINGS = `ccc-rec-${suffix}`;
const PLATFORM = `platform-${suffix}`;
const config = useStandInEnvironment();
Object.assign(process.env, {
  RECORDINGS_BUCKET: RECORDINGS,
  RECORDINGS_KMS_KEY_ID: 'alias/ccc-test-data',
  RECORDING_SOURCES: `s3://${PLATFORM},http://127.0.0.1`,
  RECORDING_OBJECT_LOCK: 'off',
});
const { handler } = await import('../../../functions/ingest-recording/handler.js');

const db = testDocumentClient();
let s3: S3Client;
let server: Server;
let origin: string;
const served = new Map<string, Buffer>();
const context = { functionName: 'ingest-recording', awsRequestId: 'test' } as Context;
const DAY_MS = 86_400_000;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function event(detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'recording.available',
    source: 'ccc.telephony',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

function announcement(tenantId: string, contactId: string, extra: Record<string, unknown> = {}) {
  const recordedAt = new Date(Date.now() - 3_600_000).toISOString();
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    occurredAt: new Date(Date.now() - 3_000_000).toISOString(),
    contactId,
    location: `s3://${PLATFORM}/connect/${tenantId}/CallRecordings/${contactId}.wav`,
    format: 'wav',
    durationSeconds: 3,
    recordedAt,
    ...extra,
  };
}

async function platformObject(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: PLATFORM, Key: key, Body: body }));
}

async function stored(tenantId: string, contactId: string) {
  const out = await db.send(
    new GetCommand({ TableName: config.tableName, Key: keys.recording(tenantId, contactId), ConsistentRead: true }),
  );
  return out.Item;
}

async function ledger(tenantId: string): Promise<LedgerEntry[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': ledgerKeys.partition(tenantId), ':e': 'E#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as LedgerEntry[];
}

async function deadLetterReasons(tenantId: string): Promise<string[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => i.reason as string);
}

async function bytesOf(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: RECORDINGS, Key: key }));
  const chunks: Buffer[] = [];
  for await (const chunk of out.Body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function recordingKeys(tenantId: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: RECORDINGS, Prefix: `t/${tenantId}/` }));
  const staging = await s3.send(new ListObjectsV2Command({ Bucket: RECORDINGS, Prefix: 'staging/' }));
  return [...(out.Contents ?? []), ...(staging.Contents ?? [])].map((o) => o.Key as string);
}

async function contact(tenantId: string, contactId: string, extra: Record<string, unknown>) {
  await db.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { ...keys.contact(tenantId, contactId), entity: 'contact', v: 1, tenantId, contactId, ...extra },
    }),
  );
}

beforeAll(async () => {
  s3 = createS3Client(config);
  await s3.send(new CreateBucketCommand({ Bucket: RECORDINGS }));
  await s3.send(new CreateBucketCommand({ Bucket: PLATFORM }));
  server = createServer((req, res) => {
    const body = served.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Function: ingest-recording', () => {
  it('copies a recording from the platform bucket, with its metadata and ledger entry', async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    const wav = tinyWav(1);
    const detail = announcement(tenantId, 'c-1', { sha256: sha(wav) });
    await platformObject(`connect/${tenantId}/CallRecordings/c-1.wav`, wav);
    await contact(tenantId, 'c-1', { customerRef: 'cust-0001' });

    const outcome = await handler(event(detail), context);

    expect(outcome).toBe('applied');
    const item = await stored(tenantId, 'c-1');
    const recordedAt = new Date(detail.recordedAt);
    const month = String(recordedAt.getUTCMonth() + 1).padStart(2, '0');
    expect(item).toMatchObject({
      objectKey: `t/${tenantId}/${recordedAt.getUTCFullYear()}/${month}/c-1.wav`,
      sourceLocation: detail.location,
      format: 'wav',
      contentType: 'audio/wav',
      sizeBytes: wav.length,
      sha256: sha(wav),
      durationSeconds: 3,
      retentionClass: 'training_qa',
      retentionDays: 183,
      retentionOrigin: 'internal',
      deleteAfter: new Date(recordedAt.getTime() + 183 * DAY_MS).toISOString(),
      kmsKeyId: 'alias/ccc-test-data',
      customerRef: 'cust-0001',
      legalHold: false,
      status: 'stored',
      gsi1pk: keys.recordingsDue(new Date(recordedAt.getTime() + 183 * DAY_MS).toISOString().slice(0, 10)),
      gsi2pk: keys.recordingsByCustomer(tenantId, 'cust-0001'),
    });
    expect(sha(await bytesOf(item?.objectKey))).toBe(sha(wav));
    const entries = await ledger(tenantId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'recording.stored',
      actor: 'system:ingest-recording',
      resource: 'recording/c-1',
      payload: {
        contactId: 'c-1',
        objectKey: item?.objectKey,
        sizeBytes: wav.length,
        sha256: sha(wav),
        format: 'wav',
        retentionClass: 'training_qa',
        deleteAfter: item?.deleteAfter,
        legalHold: false,
        kmsKeyId: 'alias/ccc-test-data',
      },
    });
    expect(JSON.stringify(entries[0])).not.toContain('cust-0001');
  });

  it('changes nothing on redelivery, and stores once when deliveries race', async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    const wav = tinyWav(0.5);
    await platformObject(`connect/${tenantId}/CallRecordings/c-2.wav`, wav);
    const detail = announcement(tenantId, 'c-2');

    const outcomes = await Promise.all([1, 2, 3, 4].map(() => handler(event(detail), context)));
    const before = await stored(tenantId, 'c-2');
    const replay = await handler(event(detail), context);

    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3);
    expect(replay).toBe('duplicate');
    expect(await stored(tenantId, 'c-2')).toEqual(before);
    expect(await ledger(tenantId)).toHaveLength(1);
    expect(sha(await bytesOf(before?.objectKey))).toBe(sha(wav));
    expect(await recordingKeys(tenantId)).toEqual([before?.objectKey]);
  });

  it('refuses a redelivery from another location or with other bytes, and changes nothing', async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    await platformObject(`connect/${tenantId}/CallRecordings/c-3.wav`, tinyWav(0.5));
    const detail = announcement(tenantId, 'c-3');
    await handler(event(detail), context);
    const before = await stored(tenantId, 'c-3');

    const moved = await handler(event({ ...detail, location: `s3://${PLATFORM}/elsewhere/c-3.wav` }), context);
    const other = await handler(event({ ...detail, sha256: 'b'.repeat(64) }), context);

    expect([moved, other]).toEqual(['dead-lettered', 'dead-lettered']);
    expect((await deadLetterReasons(tenantId)).sort()).toEqual([
      'conflicting redelivery: a recording of this contact is already stored from another location; nothing changed',
      'conflicting redelivery: a recording of this contact is already stored with another SHA-256; nothing changed',
    ]);
    expect(await stored(tenantId, 'c-3')).toEqual(before);
    expect(await ledger(tenantId)).toHaveLength(1);
  });

  it("fetches from an HTTP source, applies the agreement's retention and a customer hold", async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    await new AddAgreementVersion(
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
    ).add(
      tenantId,
      AgreementInput.parse({
        effectiveFrom: '2026-01-01',
        retention: {
          contactRecordDays: { value: 400, origin: 'contract' },
          recordings: {
            training_qa: { value: 90, origin: 'contract' },
            contract_proof: { value: 1_826, origin: 'law' },
            regulatory: { value: 1_826, origin: 'law' },
            complaint_evidence: { value: 30, origin: 'contract' },
          },
        },
      }),
      { recordedBy: 'officer', role: 'compliance-officer', recordedAt: new Date() },
    );
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...keys.customerHold(tenantId, 'cust-held'),
          entity: 'customer-hold',
          v: 1,
          tenantId,
          customerRef: 'cust-held',
          reason: 'litigation 2026-14',
          by: 'dpo-1',
          at: '2026-11-30T08:00:00.000Z',
        },
      }),
    );
    const wav = tinyWav(0.5);
    served.set(`/${tenantId}/c-4.wav`, wav);
    const detail = announcement(tenantId, 'c-4', {
      location: `${origin}/${tenantId}/c-4.wav?X-Amz-Signature=not-kept`,
      retentionClass: 'complaint_evidence',
      customerRef: 'cust-held',
    });

    expect(await handler(event(detail), context)).toBe('applied');

    const item = await stored(tenantId, 'c-4');
    expect(item).toMatchObject({
      sourceLocation: `${origin}/${tenantId}/c-4.wav`,
      retentionClass: 'complaint_evidence',
      retentionDays: 30,
      retentionOrigin: 'contract',
      legalHold: true,
      hold: { reason: 'litigation 2026-14', by: 'dpo-1', at: '2026-11-30T08:00:00.000Z', scope: 'customer' },
    });
    // Held: out of the purge index.
    expect(item?.gsi1pk).toBeUndefined();
    expect(JSON.stringify(item)).not.toContain('not-kept');
    expect(recordingFromItem(item as Record<string, unknown>).sha256).toBe(sha(wav));
    expect((await ledger(tenantId)).map((e) => e.kind)).toEqual(['agreement.version-added', 'recording.stored']);
  });

  it('refuses what is not audio, a source not allowed and an erased data subject, storing nothing', async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    await platformObject(`connect/${tenantId}/CallRecordings/c-5.wav`, NOT_AUDIO.pdf);
    await platformObject(`connect/${tenantId}/CallRecordings/c-7.wav`, tinyWav(0.2));
    await contact(tenantId, 'c-7', { erasedAt: '2026-11-30T10:00:00.000Z' });

    const outcomes = [
      await handler(event(announcement(tenantId, 'c-5')), context),
      await handler(event(announcement(tenantId, 'c-6', { location: 's3://not-a-platform/c-6.wav' })), context),
      await handler(event(announcement(tenantId, 'c-7')), context),
    ];

    expect(outcomes).toEqual(['dead-lettered', 'dead-lettered', 'dead-lettered']);
    expect((await deadLetterReasons(tenantId)).sort()).toEqual([
      'bucket not-a-platform is not an allowed recording source',
      'the bytes are not audio: pdf (application/pdf) (announced as wav)',
      "the contact's data subject was erased: its recording is not kept",
    ]);
    for (const contactId of ['c-5', 'c-6', 'c-7']) expect(await stored(tenantId, contactId)).toBeUndefined();
    expect(await recordingKeys(tenantId)).toEqual([]);
    expect(await ledger(tenantId)).toEqual([]);
  });
});

describe('Use case: IngestRecording retries', () => {
  it('retries a missing source within the budget, then refuses it with the reason', async () => {
    const tenantId = `rec-${randomUUID().slice(0, 8)}`;
    const retries: number[] = [];
    const ingest = new IngestRecording({
      store: new DynamoRecordingRepository(db, config.tableName),
      agreements: new AgreementRepository(db, config.tableName),
      source: new AllowListedRecordingSource(s3, parseRecordingSources(`s3://${PLATFORM},http://127.0.0.1`)),
      objects: new S3RecordingObjectStore(s3, { bucket: RECORDINGS, kmsKeyId: 'alias/ccc-test-data' }),
      ledger: new DynamoLedgerRepository(db, config.tableName),
      retry: { retries: 2, minTimeout: 10, maxTimeout: 20, factor: 2, randomize: false },
      onRetry: (attempt) => retries.push(attempt),
    });
    const detail = announcement(tenantId, 'c-8', { location: `${origin}/${tenantId}/late.wav` });

    const refused = await ingest.ingest(detail as never).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RecordingRefusedError);
    expect((refused as Error).message).toBe(
      `the source still failed after the retries: ${origin}/${tenantId}/late.wav answered HTTP 404 (missing)`,
    );
    expect(retries).toEqual([1, 2]);
    expect(await stored(tenantId, 'c-8')).toBeUndefined();

    // Once the platform's upload is visible, the redelivered event goes through.
    served.set(`/${tenantId}/late.wav`, tinyWav(0.2));
    await expect(ingest.ingest(detail as never)).resolves.toBe('applied');
    const objectKey = (await stored(tenantId, 'c-8'))?.objectKey;
    await expect(s3.send(new HeadObjectCommand({ Bucket: RECORDINGS, Key: objectKey }))).resolves.toBeDefined();
  });
});
