import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DynamoLedgerRepository, ledgerKeys } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const { handler } = await import('../../../functions/verify-ledger/handler.js');

function verifyRequest(tenantId: string, role = 'auditor'): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: 'GET /v1/tenants/{tenantId}/ledger/verify',
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

const context = { functionName: 'verify-ledger', awsRequestId: 'x', getRemainingTimeInMillis: () => 10_000 } as Context;

describe('Evidence ledger', () => {
  it('keeps one unbroken chain under 25 concurrent appends', async () => {
    const tenantId = `ledger-${crypto.randomUUID().slice(0, 8)}`;
    const ledger = new DynamoLedgerRepository(db, config.tableName);

    const entries = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        ledger.append({
          tenantId,
          occurredAt: new Date().toISOString(),
          actor: 'tester',
          kind: 'test.appended',
          payload: { i },
        }),
      ),
    );

    expect(entries.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.previousHash)).size).toBe(25);
    expect(await ledger.verify(tenantId)).toEqual({ valid: true, entries: 25 });
  });

  it('shows the first entry someone altered in the table, through the API', async () => {
    const tenantId = `ledger-${crypto.randomUUID().slice(0, 8)}`;
    const ledger = new DynamoLedgerRepository(db, config.tableName);
    for (const amount of [10, 20, 30, 40]) {
      await ledger.append({
        tenantId,
        occurredAt: '2026-11-02T10:00:00Z',
        actor: 'officer-1',
        kind: 'credit.granted',
        payload: { amount },
      });
    }
    const before = (await handler(verifyRequest(tenantId), context)) as APIGatewayProxyStructuredResultV2;
    expect(JSON.parse(before.body!)).toEqual({ valid: true, entries: 4 });

    // Someone with table access rewrites history: entry 3's amount.
    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ledgerKeys.entry(tenantId, 3),
        UpdateExpression: 'SET payload.amount = :forged',
        ExpressionAttributeValues: { ':forged': 3 },
      }),
    );

    const after = (await handler(verifyRequest(tenantId), context)) as APIGatewayProxyStructuredResultV2;
    expect(after.statusCode).toBe(200);
    expect(JSON.parse(after.body!)).toMatchObject({ valid: false, entries: 4, firstBrokenAt: 3 });
  });

  it('catches a removed entry', async () => {
    const tenantId = `ledger-${crypto.randomUUID().slice(0, 8)}`;
    const ledger = new DynamoLedgerRepository(db, config.tableName);
    for (const i of [1, 2, 3])
      await ledger.append({ tenantId, occurredAt: '2026-11-02T10:00:00Z', actor: 'a', kind: 'k.done', payload: { i } });
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    await db.send(new DeleteCommand({ TableName: config.tableName, Key: ledgerKeys.entry(tenantId, 2) }));
    expect(await ledger.verify(tenantId)).toMatchObject({ valid: false, firstBrokenAt: 3 });
  });
});
