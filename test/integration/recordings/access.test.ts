/**
 * Access to recordings through the API (request-recording-access) against DynamoDB Local and the S3 stand-in: the
 * presigned URL returns the bytes, the access is in the ledger under the sequence of the `ledger-sequence` header
 * and in the access log (paginated, newest first), roles and tenants are enforced, and an unusual access (the
 * eleventh recording in an hour, or outside business hours) is flagged and puts DP-REC-ACCESS at risk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordingMetadata } from '../../../shared/app/recordings.js';
import { keys } from '../../../shared/store/keys.js';
import { recordingItem } from '../../../shared/store/recording-items.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';
import { freshBucket, ledgerEntries, putRecording, storedRecording, testS3 } from './support/deletion-fixtures.js';
import { callRecordingApi } from './support/recording-api.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.RECORDINGS_BUCKET = bucket;
delete process.env.RECORDING_ACCESS_URL_SECONDS;
delete process.env.RECORDING_ACCESS_HOURLY_LIMIT;
const { handler } = await import('../../../functions/request-recording-access/handler.js');
const { handler: putAgreement } = await import('../../../functions/put-agreement/handler.js');

const ACCESS = '/v1/tenants/{tenantId}/recordings/{contactId}/access';
const LOG = '/v1/tenants/{tenantId}/recordings/{contactId}/access-log';
const METADATA = '/v1/tenants/{tenantId}/recordings/{contactId}';
const HOUR_MS = 3_600_000;
const ALL_DAY = [{ opens: '00:00', closes: '24:00' }];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A tenant whose agreement opens around the clock every day (so only bulk makes an access unusual), or never. */
async function tenant(open = true): Promise<string> {
  const tenantId = `rec-acc-${randomUUID().slice(0, 8)}`;
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, open ? ALL_DAY : []]));
  const put = await callApi(putAgreement, {
    method: 'PUT',
    route: '/v1/tenants/{tenantId}/agreement',
    tenantId,
    groups: '[admin]',
    body: {
      effectiveFrom: '2020-01-01',
      businessCalendar: { openingHours: { value: hours }, publicHolidays: { value: null }, closures: [] },
    },
  });
  expect(put.status).toBe(201);
  return tenantId;
}

/** A stored recording with `bytes` as its object, due in a month. */
async function recording(tenantId: string, contactId: string, bytes = Buffer.from(`RIFF${contactId}WAVE`)) {
  const state = storedRecording(tenantId, contactId, new Date(), 30 * 24 * HOUR_MS, {
    sizeBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  await putRecording(db, config.tableName, s3, bucket, state);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: state.objectKey, Body: bytes }));
  return state;
}

const access = (tenantId: string, contactId: string, role = 'recording-reviewer', subject?: string, body?: unknown) =>
  callRecordingApi(handler, {
    method: 'POST',
    route: ACCESS,
    tenantId,
    params: { contactId },
    role,
    ...(subject === undefined ? {} : { subject }),
    body: body ?? { purpose: 'quality-review' },
  });

async function controlState(tenantId: string) {
  const out = await db.send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.controlState(tenantId, 'DP-REC-ACCESS'),
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

describe('Function: request-recording-access', () => {
  let tenantId: string;
  let stored: RecordingMetadata;
  const bytes = Buffer.from(`RIFF${'x'.repeat(4096)}WAVEfmt `);

  beforeAll(async () => {
    tenantId = await tenant();
    stored = await recording(tenantId, 'c-1', bytes);
  });

  it('grants a URL valid at most 5 minutes that returns the bytes, after writing the ledger entry it names', async () => {
    const before = Date.now();
    const granted = await access(tenantId, 'c-1', 'recording-reviewer', 'reviewer-7', {
      purpose: 'complaint-investigation',
      note: 'Complaint CMP-2026-0042',
    });
    expect(granted.status).toBe(201);
    const lifetime = Date.parse(granted.body.expiresAt as string) - before;
    expect(lifetime).toBeLessThanOrEqual(300_000 + 1000);
    expect(lifetime).toBeGreaterThan(290_000);
    expect(granted.body.unusual).toEqual([]);

    const audio = await fetch(granted.body.url as string);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(bytes)).toBe(true);

    const sequence = Number(granted.headers['ledger-sequence']);
    expect(granted.body.ledgerSequence).toBe(sequence);
    const entry = (await ledgerEntries(db, config.tableName, tenantId)).find((e) => e.sequence === sequence);
    expect(entry).toMatchObject({
      kind: 'recording.accessed',
      actor: 'reviewer-7',
      actorRole: 'recording-reviewer',
      resource: 'recording/c-1',
      payload: {
        accessId: granted.body.accessId,
        contactId: 'c-1',
        purpose: 'complaint-investigation',
        note: 'Complaint CMP-2026-0042',
        expiresAt: granted.body.expiresAt,
        sha256: stored.sha256,
        unusual: [],
      },
    });
  });

  it('lists the accesses newest first, page by page, each with its ledger entry', async () => {
    const own = await tenant();
    await recording(own, 'c-log');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await access(own, 'c-log', 'dpo', 'dpo-1')).body.accessId as string);

    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await callRecordingApi(handler, {
        method: 'GET',
        route: LOG,
        tenantId: own,
        params: { contactId: 'c-log' },
        role: 'auditor',
        query: { limit: '2', ...(cursor === undefined ? {} : { cursor }) },
      });
      expect(page.status).toBe(200);
      seen.push(...(page.body.accesses as Array<Record<string, unknown>>));
      cursor = page.body.nextCursor as string | undefined;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen.map((a) => a.accessId)).toEqual([...ids].reverse());
    const entries = await ledgerEntries(db, config.tableName, own);
    for (const logged of seen) {
      expect(logged).toMatchObject({ actor: 'dpo-1', role: 'dpo', purpose: 'quality-review', unusual: [] });
      const entry = entries.find((e) => e.sequence === logged.ledgerSequence);
      expect(entry?.payload.accessId).toBe(logged.accessId);
    }
  });

  it('refuses a cursor issued for another recording', async () => {
    const own = await tenant();
    await recording(own, 'c-a');
    await access(own, 'c-a');
    await access(own, 'c-a');
    const first = await callRecordingApi(handler, {
      method: 'GET',
      route: LOG,
      tenantId: own,
      params: { contactId: 'c-a' },
      role: 'dpo',
      query: { limit: '1' },
    });
    const replayed = await callRecordingApi(handler, {
      method: 'GET',
      route: LOG,
      tenantId: own,
      params: { contactId: 'c-b' },
      role: 'dpo',
      query: { limit: '1', cursor: first.body.nextCursor as string },
    });
    expect(replayed.status).toBe(400);
  });

  it('refuses a client manager (403), hides another tenant (404), and wants a purpose', async () => {
    expect((await access(tenantId, 'c-1', 'client-manager')).status).toBe(403);
    expect((await access(tenantId, 'c-1', 'compliance-officer')).status).toBe(403);
    const foreign = await callRecordingApi(handler, {
      method: 'POST',
      route: ACCESS,
      tenantId,
      params: { contactId: 'c-1' },
      role: 'recording-reviewer',
      tenants: 'some-other-tenant',
      body: { purpose: 'quality-review' },
    });
    expect(foreign.status).toBe(404);
    expect((await access(tenantId, 'c-1', 'dpo', undefined, {})).status).toBe(400);
    expect((await access(tenantId, 'c-1', 'dpo', undefined, { purpose: 'curiosity' })).status).toBe(400);
    expect((await access(tenantId, 'c-1', 'dpo', undefined, { purpose: 'other' })).status).toBe(400);
    const log = await callRecordingApi(handler, {
      method: 'GET',
      route: LOG,
      tenantId,
      params: { contactId: 'c-1' },
      role: 'recording-reviewer',
    });
    expect(log.status).toBe(403);
  });

  it('answers 404 for a contact without a recording and 410 for a deleted one; a held one may be accessed', async () => {
    expect((await access(tenantId, 'c-none')).status).toBe(404);
    const deleted = await recording(tenantId, 'c-gone');
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: recordingItem({
          ...deleted,
          status: 'deleted',
          deleted: { at: '2026-11-30T02:00:00.000Z', reason: 'retention', by: 'system:purge-recordings' },
        }),
      }),
    );
    const gone = await access(tenantId, 'c-gone');
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toContain('retention');
    const held = await recording(tenantId, 'c-held');
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: recordingItem({
          ...held,
          legalHold: true,
          hold: { reason: 'Litigation', by: 'dpo-1', at: '2026-11-01T10:00:00.000Z', scope: 'recording' },
        }),
      }),
    );
    expect((await access(tenantId, 'c-held')).status).toBe(201);
  });

  it("shows a recording's metadata without a URL", async () => {
    const shown = await callRecordingApi(handler, {
      method: 'GET',
      route: METADATA,
      tenantId,
      params: { contactId: 'c-1' },
      role: 'compliance-officer',
    });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      contactId: 'c-1',
      sizeBytes: bytes.byteLength,
      sha256: stored.sha256,
      format: 'wav',
      retentionClass: 'training_qa',
      deleteAfter: stored.deleteAfter,
      legalHold: false,
      status: 'stored',
    });
    expect(JSON.stringify(shown.body)).not.toContain('X-Amz-Signature');
    const missing = await callRecordingApi(handler, {
      method: 'GET',
      route: METADATA,
      tenantId,
      params: { contactId: 'c-none' },
      role: 'dpo',
    });
    expect(missing.status).toBe(404);
    const refused = await callRecordingApi(handler, {
      method: 'GET',
      route: METADATA,
      tenantId,
      params: { contactId: 'c-1' },
      role: 'client-manager',
    });
    expect(refused.status).toBe(403);
  });
});

describe('Function: request-recording-access, unusual access (DP-REC-ACCESS)', () => {
  it('flags the eleventh recording one person reaches within an hour as bulk and puts the control at risk', async () => {
    const tenantId = await tenant();
    for (let i = 1; i <= 11; i++) await recording(tenantId, `c-bulk-${i}`);
    // The same recording again does not count twice.
    expect((await access(tenantId, 'c-bulk-1', 'recording-reviewer', 'reviewer-b')).body.unusual).toEqual([]);
    for (let i = 1; i <= 10; i++) {
      const usual = await access(tenantId, `c-bulk-${i}`, 'recording-reviewer', 'reviewer-b');
      expect(usual.body.unusual, `recording ${i}`).toEqual([]);
    }
    expect(await controlState(tenantId)).toBeUndefined();
    // Another person is counted apart.
    expect((await access(tenantId, 'c-bulk-11', 'recording-reviewer', 'reviewer-c')).body.unusual).toEqual([]);

    const eleventh = await access(tenantId, 'c-bulk-11', 'recording-reviewer', 'reviewer-b');
    expect(eleventh.status).toBe(201);
    expect(eleventh.body.unusual).toEqual(['bulk']);
    const state = await controlState(tenantId);
    expect(state).toMatchObject({
      controlId: 'DP-REC-ACCESS',
      status: 'at-risk',
      detail: { reason: 'bulk', actor: 'reviewer-b', recordingsInHour: 11, accessId: eleventh.body.accessId },
    });
    const entry = (await ledgerEntries(db, config.tableName, tenantId)).at(-1);
    expect(entry?.sequence).toBe(Number(eleventh.headers['ledger-sequence']));
    expect(entry?.payload).toMatchObject({
      unusual: ['bulk'],
      control: { controlId: 'DP-REC-ACCESS', status: 'at-risk', since: state?.since },
    });

    // Still at risk since the first unusual access.
    const twelfth = await access(tenantId, 'c-bulk-2', 'recording-reviewer', 'reviewer-b');
    expect(twelfth.body.unusual).toEqual(['bulk']);
    expect((await controlState(tenantId))?.since).toBe(state?.since);
  });

  it('flags an access outside business hours (a centre that never opens) and puts the control at risk', async () => {
    const tenantId = await tenant(false);
    await recording(tenantId, 'c-night');
    const night = await access(tenantId, 'c-night', 'dpo', 'dpo-night');
    expect(night.status).toBe(201);
    expect(night.body.unusual).toEqual(['out-of-hours']);
    expect(await controlState(tenantId)).toMatchObject({
      status: 'at-risk',
      detail: { reason: 'out-of-hours', actor: 'dpo-night', contactId: 'c-night' },
    });
    const log = await callRecordingApi(handler, {
      method: 'GET',
      route: LOG,
      tenantId,
      params: { contactId: 'c-night' },
      role: 'dpo',
    });
    expect(log.body.accesses).toMatchObject([{ unusual: ['out-of-hours'], actor: 'dpo-night' }]);
  });
});
