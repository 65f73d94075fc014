/**
 * The tenant-scoped document client against DynamoDB Local: a real client, a real table. Locally there is no STS, so
 * what is proven here is the in-process half of the data-layer isolation (the guard); `test/unit/adapters/` covers
 * the per-tenant credentials.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/adapters/aws-clients.js';
import { runInTenantScope, TenantScopeError } from '../../../shared/adapters/tenant-scope.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';

const config = standInConfig();
const TableName = config.tableName;
const OWN = `own-${crypto.randomUUID().slice(0, 8)}`;
const VICTIM = `victim-${crypto.randomUUID().slice(0, 8)}`;

describe('tenant-scoped document client', () => {
  const scoped = createDocumentClient(config, { tenantScoped: true });
  const unscoped = testDocumentClient();

  it("refuses to read or overwrite another tenant's item that exists, and leaves it untouched", async () => {
    const victimKey = { pk: `T#${VICTIM}#AGREEMENT`, sk: 'SECRET' };
    await unscoped.send(new PutCommand({ TableName, Item: { ...victimKey, note: 'original' } }));

    await expect(
      runInTenantScope(OWN, () => scoped.send(new GetCommand({ TableName, Key: victimKey }))),
    ).rejects.toBeInstanceOf(TenantScopeError);
    await expect(
      runInTenantScope(OWN, () =>
        scoped.send(new PutCommand({ TableName, Item: { ...victimKey, note: 'overwritten' } })),
      ),
    ).rejects.toBeInstanceOf(TenantScopeError);
    await expect(
      runInTenantScope(OWN, () =>
        scoped.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': victimKey.pk },
          }),
        ),
      ),
    ).rejects.toBeInstanceOf(TenantScopeError);

    const { Item } = await unscoped.send(new GetCommand({ TableName, Key: victimKey }));
    expect(Item?.note).toBe('original');
  });

  it("serves the scope's own tenant through the product's repositories", async () => {
    const agreements = new AgreementRepository(scoped, TableName);
    await expect(runInTenantScope(OWN, () => agreements.versions(OWN))).resolves.toEqual([]);
    await expect(runInTenantScope(OWN, () => agreements.versions(VICTIM))).rejects.toBeInstanceOf(TenantScopeError);
  });
});
