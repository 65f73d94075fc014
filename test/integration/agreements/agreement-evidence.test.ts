import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../shared/app/verify-ledger.js';
import { contentHash } from '../../../shared/domain/ledger/hash-chain.js';
import { DynamoLedgerRepository, ledgerKeys } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const { handler: putAgreement } = await import('../../../functions/put-agreement/handler.js');
const { handler: getAgreement } = await import('../../../functions/get-agreement/handler.js');

const AGREEMENT = '/v1/tenants/{tenantId}/agreement';
const VERSIONS = '/v1/tenants/{tenantId}/agreement/versions';
const tenant = () => `evid-${crypto.randomUUID().slice(0, 8)}`;

const put = async (tenantId: string, body: unknown, headers?: Record<string, string>) =>
  await callApi(putAgreement, { method: 'PUT', route: AGREEMENT, tenantId, body, headers });

async function storedVersions(tenantId: string): Promise<number[]> {
  const res = await callApi(getAgreement, { method: 'GET', route: VERSIONS, tenantId });
  return (res.body.versions as { version: number }[]).map((v) => v.version).filter((v) => v > 0);
}

async function entries(tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': ledgerKeys.partition(tenantId), ':e': 'E#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('Function: put-agreement, with its evidence', () => {
  it('writes who, what, when and which request in the entry committed with the version', async () => {
    const tenantId = tenant();

    const first = await put(tenantId, { effectiveFrom: '2026-01-01', reference: 'Contract A' });
    const second = await put(tenantId, { effectiveFrom: '2026-06-01', reference: 'Contract A, amendment 1' });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers['ledger-sequence']).toBe('2');
    const [e1, e2] = await entries(tenantId);
    expect(e2).toMatchObject({
      format: 2,
      sequence: 2,
      actor: 'officer-1',
      actorRole: 'compliance-officer',
      kind: 'agreement.version-added',
      resource: 'agreement/2',
      contentBefore: contentHash(first.body),
      contentAfter: contentHash(second.body),
      payload: { version: 2, effectiveFrom: '2026-06-01', previousVersion: 1 },
    });
    expect(e1).toMatchObject({ contentBefore: null, contentAfter: contentHash(first.body) });
    expect(typeof e2?.requestId).toBe('string');
    expect(Date.parse(e2?.recordedAt as string)).toBeGreaterThanOrEqual(Date.parse(e2?.occurredAt as string));
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true, entries: 2 });
  });

  it('adds no version when its ledger entry cannot be written: both or neither', async () => {
    const tenantId = tenant();
    await put(tenantId, { effectiveFrom: '2026-01-01' });
    // Break the ledger so that no entry can be appended (the head is gone, entry 1 exists).
    await db.send(new DeleteCommand({ TableName: config.tableName, Key: ledgerKeys.head(tenantId) }));

    const res = await put(tenantId, { effectiveFrom: '2026-02-01' });

    expect(res.status).toBe(503);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.headers['retry-after']).toBe('1');
    expect(await storedVersions(tenantId)).toEqual([1]);
  });

  it('creates one version for a retry with the same Idempotency-Key, and answers as the first time', async () => {
    const tenantId = tenant();
    const body = { effectiveFrom: '2026-01-01', reference: 'Contract B' };

    const first = await put(tenantId, body, { 'idempotency-key': 'put-1' });
    const retry = await put(tenantId, body, { 'idempotency-key': 'put-1' });
    const misuse = await put(tenantId, { ...body, reference: 'Contract C' }, { 'idempotency-key': 'put-1' });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(misuse.status).toBe(422);
    expect(await storedVersions(tenantId)).toEqual([1]);
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true, entries: 1 });
  });

  it('creates no second version for an identical body sent again without a key', async () => {
    const tenantId = tenant();
    const body = { effectiveFrom: '2026-01-01', kpiTargets: [] };

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await put(tenantId, body)).status);
    const changed = await put(tenantId, { effectiveFrom: '2026-03-01' });
    const back = await put(tenantId, body);

    expect(statuses).toEqual([201, 200, 200]);
    // Going back to an earlier text after a change is a change.
    expect([changed.status, back.status]).toEqual([201, 201]);
    expect(await storedVersions(tenantId)).toEqual([3, 2, 1]);
  });

  it('refuses a malformed Idempotency-Key with problem+json naming the header', async () => {
    const res = await put(tenant(), { effectiveFrom: '2026-01-01' }, { 'idempotency-key': 'has spaces' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'header', path: 'idempotency-key' })]);
  });

  it('answers 40 concurrent PUTs with 2xx or 503 and Retry-After, never 500, and every version has its entry', async () => {
    const tenantId = tenant();

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => put(tenantId, { effectiveFrom: '2026-01-01', reference: `Amendment ${i}` })),
    );

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => ![201, 409, 503].includes(s))).toEqual([]);
    for (const busy of answers.filter((a) => a.status === 503))
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeGreaterThan(0);
    const versions = await storedVersions(tenantId);
    expect(versions).toHaveLength(created);
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true, entries: created });
  }, 120_000);
});
