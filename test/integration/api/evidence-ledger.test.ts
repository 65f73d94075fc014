import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, S3LedgerAnchorStore } from '../../../shared/adapters/ledger-anchor-store.js';
import { verifyLedger } from '../../../shared/app/verify-ledger.js';
import { GENESIS_HASH, type LedgerEntry, sealEntry } from '../../../shared/domain/ledger/hash-chain.js';
import { DynamoLedgerRepository, ledgerKeys } from '../../../shared/store/ledger-repository.js';
import { expectDocumentedResponse } from '../../support/openapi-responses.js';
import { standInConfig, testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const VERIFY_ROUTE = '/v1/tenants/{tenantId}/ledger/verify';

const config = useStandInEnvironment();
const BUCKET = 'ledger-anchors-it';
process.env.LEDGER_ANCHOR_BUCKET = BUCKET;
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const anchors = new S3LedgerAnchorStore(createS3Client(standInConfig()), BUCKET);
const { handler: verifyHandler } = await import('../../../functions/verify-ledger/handler.js');
const { handler: anchorHandler } = await import('../../../functions/anchor-ledger/handler.js');

function verifyRequest(tenantId: string, role = 'auditor'): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: `GET ${VERIFY_ROUTE}`,
    rawPath: `/v1/tenants/${tenantId}/ledger/verify`,
    rawQueryString: '',
    headers: {},
    pathParameters: { tenantId },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r1',
      authorizer: {
        jwt: { claims: { sub: 'auditor-1', 'cognito:groups': `[${role}]`, 'custom:tenants': tenantId }, scopes: [] },
      },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = { functionName: 'verify-ledger', awsRequestId: 'x', getRemainingTimeInMillis: () => 60_000 } as Context;

async function verifyThroughApi(tenantId: string) {
  const res = (await verifyHandler(verifyRequest(tenantId), context)) as APIGatewayProxyStructuredResultV2;
  expect(res.statusCode).toBe(200);
  const body = JSON.parse(res.body as string);
  const contentType = String(res.headers?.['content-type'] ?? '');
  expectDocumentedResponse({ method: 'GET', route: VERIFY_ROUTE, status: 200, contentType, body });
  return body;
}

const tenant = () => `ledger-${crypto.randomUUID().slice(0, 8)}`;

async function chainOf(tenantId: string, amounts: number[]): Promise<void> {
  for (const amount of amounts)
    await ledger.append({
      tenantId,
      occurredAt: '2026-11-02T10:00:00Z',
      actor: 'officer-1',
      actorRole: 'compliance-officer',
      kind: 'credit.granted',
      payload: { amount },
    });
}

async function entry(tenantId: string, sequence: number): Promise<LedgerEntry> {
  const out = await db.send(new GetCommand({ TableName: config.tableName, Key: ledgerKeys.entry(tenantId, sequence) }));
  const { pk: _pk, sk: _sk, entity: _e, v: _v, ...stored } = out.Item as Record<string, unknown>;
  return stored as unknown as LedgerEntry;
}

async function store(e: LedgerEntry, atSequence = e.sequence): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { ...ledgerKeys.entry(e.tenantId, atSequence), entity: 'ledger-entry', v: 1, ...e },
    }),
  );
}

/** What someone with write access to the table would do to hide a change: re-seal every entry and the head. */
async function rewriteConsistently(tenantId: string, count: number, forge: (e: LedgerEntry) => LedgerEntry) {
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence++) {
    const { payloadHash: _p, hash: _h, ...rest } = forge(await entry(tenantId, sequence));
    const resealed = sealEntry({ ...rest, previousHash });
    await store(resealed);
    previousHash = resealed.hash;
  }
  await moveHead(tenantId, count, previousHash);
}

/** Points the head item at another entry, as someone hiding a cut would. */
async function moveHead(tenantId: string, sequence: number, hash: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: ledgerKeys.head(tenantId),
      UpdateExpression: 'SET #h = :h, #s = :s',
      ExpressionAttributeNames: { '#h': 'hash', '#s': 'sequence' },
      ExpressionAttributeValues: { ':h': hash, ':s': sequence },
    }),
  );
}

beforeAll(async () => {
  await createS3Client(standInConfig()).send(new CreateBucketCommand({ Bucket: BUCKET }));
});

describe('Evidence ledger', () => {
  it('keeps one unbroken chain under 25 concurrent appends', async () => {
    const tenantId = tenant();

    const appended = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        ledger.append({
          tenantId,
          occurredAt: new Date().toISOString(),
          actor: 'tester',
          actorRole: 'system',
          kind: 'test.appended',
          payload: { i },
        }),
      ),
    );

    expect(appended.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(appended.map((e) => e.previousHash)).size).toBe(25);
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true, entries: 25 });
  });

  it('shows the first entry someone edited in the table, through the API', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [10, 20, 30, 40]);
    expect(await verifyThroughApi(tenantId)).toMatchObject({ valid: true, entries: 4 });

    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ledgerKeys.entry(tenantId, 3),
        UpdateExpression: 'SET payload.amount = :forged',
        ExpressionAttributeValues: { ':forged': 3 },
      }),
    );

    expect(await verifyThroughApi(tenantId)).toMatchObject({ valid: false, entries: 4, firstBrokenAt: 3 });
  });

  it('catches the newest entry deleted', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [1, 2]);

    await db.send(new DeleteCommand({ TableName: config.tableName, Key: ledgerKeys.entry(tenantId, 2) }));

    expect(await verifyThroughApi(tenantId)).toMatchObject({
      valid: false,
      entries: 1,
      firstBrokenAt: 2,
      reason: expect.stringContaining('missing'),
    });
  });

  it('catches an entry deleted from the middle, naming it', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [1, 2, 3]);

    await db.send(new DeleteCommand({ TableName: config.tableName, Key: ledgerKeys.entry(tenantId, 2) }));

    expect(await verifyThroughApi(tenantId)).toMatchObject({ valid: false, firstBrokenAt: 2 });
  });

  it('catches two entries swapped', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [1, 2, 3]);
    const [second, third] = [await entry(tenantId, 2), await entry(tenantId, 3)];

    await store(third, 2);
    await store(second, 3);

    expect(await verifyThroughApi(tenantId)).toMatchObject({ valid: false, firstBrokenAt: 2 });
  });

  it('catches a whole chain rewritten consistently, head included, once it was anchored', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [10, 20, 30]);
    expect(await anchorHandler({}, context)).toMatchObject({ anchored: expect.any(Number), failed: 0 });
    await chainOf(tenantId, [40]);
    expect(await anchorHandler({}, context)).toMatchObject({ failed: 0 });
    expect(await verifyThroughApi(tenantId)).toMatchObject({
      valid: true,
      entries: 4,
      anchors: { checked: 2, latestSequence: 4 },
    });

    await rewriteConsistently(tenantId, 4, (e) => (e.sequence === 2 ? { ...e, payload: { amount: 2 } } : e));

    // The chain and its head agree with each other: only the anchors can tell.
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true });
    expect(await verifyThroughApi(tenantId)).toMatchObject({
      valid: false,
      firstBrokenAt: 1,
      reason: expect.stringContaining('anchor'),
    });
  });

  it('catches the newest entries cut off and the head moved back to match, once they were anchored', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [1, 2, 3]);
    await anchorHandler({}, context);
    const kept = await entry(tenantId, 2);

    await db.send(new DeleteCommand({ TableName: config.tableName, Key: ledgerKeys.entry(tenantId, 3) }));
    await moveHead(tenantId, 2, kept.hash);

    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true, entries: 2 });
    expect(await verifyThroughApi(tenantId)).toMatchObject({ valid: false, entries: 2, firstBrokenAt: 3 });
  });

  it('anchors a head once: an hour without changes adds no anchor', async () => {
    const tenantId = tenant();
    await chainOf(tenantId, [1]);

    await anchorHandler({}, context);
    await anchorHandler({}, context);

    const stored = await anchors.list(tenantId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ tenantId, sequence: 1, hash: (await entry(tenantId, 1)).hash });
    expect(await anchors.read(stored[0]!)).toMatchObject({ tenantId, sequence: 1, reason: 'scheduled' });
  });
});
