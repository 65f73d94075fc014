/**
 * The two ways an erasure request arrives, through their Lambda handlers against DynamoDB Local and the S3 stand-in:
 * `POST/GET .../erasure-requests` (functions/erasure-requests, answers checked against the OpenAPI document) and
 * `erasure.requested` on the bus (functions/process-erasure-request).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { keys } from '../../../shared/store/keys.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi, lambdaContext } from '../kpis/support/api-event.js';
import {
  freshBucket,
  ledgerEntries,
  objectExists,
  putRecording,
  storedRecording,
  testS3,
} from './support/deletion-fixtures.js';

const config = useStandInEnvironment();
const s3 = testS3();
const bucket = await freshBucket(s3);
process.env.RECORDINGS_BUCKET = bucket;
const api = (await import('../../../functions/erasure-requests/handler.js')).handler;
const onEvent = (await import('../../../functions/process-erasure-request/handler.js')).handler;

const table = config.tableName;
const db = testDocumentClient();
const recorder = new DynamoContactRecorder(db, table, defaultPolicyLookup);
const ROUTE = '/v1/tenants/{tenantId}/erasure-requests';
const SUBJECT = 'cust-erase-api-01';
const NOW = new Date();

afterAll(() => s3.destroy());

function contact(tenantId: string, contactId: string, customerRef: string): ContactCompletedDetail {
  const at = new Date(NOW.getTime() - 3_600_000).toISOString();
  const end = new Date(NOW.getTime() - 3_300_000).toISOString();
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    contactId,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    customerRef,
    initiatedAt: at,
    answeredAt: at,
    endedAt: end,
    occurredAt: end,
    outcome: 'handled',
  };
}

/** A tenant whose subject has one recorded call, `c-1`, held when asked. */
async function tenant(held = false) {
  const tenantId = `erase-h-${randomUUID().slice(0, 8)}`;
  await recorder.record(contact(tenantId, 'c-1', SUBJECT));
  const hold = { reason: 'litigation', by: 'dpo-1', at: NOW.toISOString(), scope: 'recording' as const };
  const recording = storedRecording(tenantId, 'c-1', NOW, 90 * 86_400_000, {
    customerRef: SUBJECT,
    ...(held ? { legalHold: true, hold } : {}),
  });
  await putRecording(db, table, s3, bucket, recording);
  return { tenantId, recording };
}

const post = (tenantId: string, body: unknown, groups = '[dpo]', headers?: Record<string, string>) =>
  callApi(api, { method: 'POST', route: ROUTE, tenantId, body, groups, ...(headers ? { headers } : {}) });
const list = (tenantId: string, query: Record<string, string> = {}, groups = '[dpo]') =>
  callApi(api, { method: 'GET', route: ROUTE, tenantId, query, groups });

function busEvent(detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'erasure.requested',
    source: 'ccc.privacy',
    account: '000000000000',
    time: NOW.toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail,
  };
}

describe('Function: erasure-requests (API)', () => {
  it('erases (201 with what was done and its ledger sequence), answers a retry 200, and lists it', async () => {
    const { tenantId, recording } = await tenant();

    const created = await post(tenantId, { customerRef: SUBJECT, requestId: 'dsr-api-1' });

    expect(created.status).toBe(201);
    expect(created.headers['ledger-sequence']).toMatch(/^\d+$/);
    expect(created.body).toMatchObject({
      requestId: 'dsr-api-1',
      status: 'completed',
      recordingsDeleted: ['c-1'],
      contactsAnonymised: 1,
      requestedBy: 'officer-1',
      via: 'api',
      onTime: true,
    });
    expect(await objectExists(s3, bucket, recording.objectKey)).toBe(false);
    const entries = await ledgerEntries(db, table, tenantId);
    expect(entries.at(-1)).toMatchObject({ kind: 'erasure.completed', actor: 'officer-1', actorRole: 'dpo' });

    const replay = await post(tenantId, { customerRef: SUBJECT, requestId: 'dsr-api-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await ledgerEntries(db, table, tenantId)).toHaveLength(entries.length);

    const other = await post(tenantId, { customerRef: 'cust-someone-else', requestId: 'dsr-api-1' });
    expect(other.status).toBe(409);

    for (const role of ['[dpo]', '[auditor]']) {
      const listed = await list(tenantId, {}, role);
      expect(listed.status).toBe(200);
      expect(listed.body.requests).toMatchObject([{ requestId: 'dsr-api-1', status: 'completed', onTime: true }]);
    }
  });

  it('answers 409 with the held recordings when a hold blocks it, and keeps the request as blocked', async () => {
    const { tenantId, recording } = await tenant(true);

    const blocked = await post(tenantId, { customerRef: SUBJECT }, '[dpo]', { 'idempotency-key': 'dsr-key-7' });

    expect(blocked.status).toBe(409);
    expect(blocked.contentType).toBe('application/problem+json');
    expect(blocked.body).toMatchObject({ status: 409, requestId: 'dsr-key-7', recordingsHeld: ['c-1'] });
    expect(blocked.body.detail).toContain('c-1');
    expect(await objectExists(s3, bucket, recording.objectKey)).toBe(true);
    const listed = await list(tenantId);
    expect(listed.body.requests).toMatchObject([{ requestId: 'dsr-key-7', status: 'blocked-by-legal-hold' }]);
  });

  it('refuses other roles (403) and pages with signed cursors', async () => {
    const { tenantId } = await tenant();
    expect((await post(tenantId, { customerRef: SUBJECT }, '[auditor]')).status).toBe(403);
    expect((await list(tenantId, {}, '[recording-reviewer]')).status).toBe(403);
    await post(tenantId, {
      customerRef: SUBJECT,
      requestId: 'a',
      receivedAt: new Date(NOW.getTime() - 60_000).toISOString(),
    });
    await post(tenantId, { customerRef: SUBJECT, requestId: 'b' });

    const first = await list(tenantId, { limit: '1' });
    const second = await list(tenantId, { limit: '1', cursor: String(first.body.nextCursor) });
    const foreign = await list(`${tenantId}-x`, { limit: '1', cursor: String(first.body.nextCursor) }, '[dpo]');

    expect((first.body.requests as Array<{ requestId: string }>).map((r) => r.requestId)).toEqual(['b']);
    expect((second.body.requests as Array<{ requestId: string }>).map((r) => r.requestId)).toEqual(['a']);
    expect(second.body.nextCursor).toBeUndefined();
    expect(foreign.status).toBe(400);
  });
});

describe('Function: process-erasure-request (event)', () => {
  it('erases once per requestId; a blocked request is an outcome, a reused id a dead letter', async () => {
    const { tenantId, recording } = await tenant();
    const detail = {
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      occurredAt: NOW.toISOString(),
      requestId: 'dsr-bus-1',
      customerRef: SUBJECT,
      receivedAt: new Date(NOW.getTime() - 86_400_000).toISOString(),
    };

    expect(await onEvent(busEvent(detail), lambdaContext as Context)).toBe('applied');
    expect(await onEvent(busEvent(detail), lambdaContext as Context)).toBe('duplicate');
    expect(await onEvent(busEvent({ ...detail, customerRef: 'cust-another' }), lambdaContext as Context)).toBe(
      'dead-lettered',
    );

    expect(await objectExists(s3, bucket, recording.objectKey)).toBe(false);
    const request = await db.send(
      new GetCommand({ TableName: table, Key: keys.erasureRequest(tenantId, 'dsr-bus-1'), ConsistentRead: true }),
    );
    expect(request.Item).toMatchObject({ status: 'completed', via: 'event', requestedBy: 'ccc.privacy' });
    const letters = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      }),
    );
    expect(letters.Items?.map((l) => l.reason)).toEqual(['this requestId was already used for another data subject']);
    expect(JSON.stringify(letters.Items)).not.toContain('cust-another');

    const held = await tenant(true);
    const blocked = { ...detail, tenantId: held.tenantId, requestId: 'dsr-bus-2' };
    expect(await onEvent(busEvent(blocked), lambdaContext as Context)).toBe('applied');
    expect(await onEvent(busEvent(blocked), lambdaContext as Context)).toBe('duplicate');
    expect((await list(held.tenantId)).body.requests).toMatchObject([{ status: 'blocked-by-legal-hold' }]);
  });
});
