import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTenantScopedDocumentClient,
  runInTenantScope,
  TenantScopeError,
} from '../../../shared/adapters/tenant-scope.js';

interface SentRequest {
  target: string;
  authorization: string;
  body: string;
}

/** Stands where DynamoDB's HTTPS endpoint would be: every request that leaves the process is recorded here. */
function recordingHandler(sent: SentRequest[]) {
  return {
    handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
      sent.push({
        target: request.headers['x-amz-target'] ?? '',
        authorization: request.headers.authorization ?? '',
        body: String(request.body),
      });
      return { response: { statusCode: 200, headers: {}, body: Buffer.from('{}') } };
    },
  };
}

const config = (sent: SentRequest[]) => ({
  region: 'eu-west-3',
  credentials: { accessKeyId: 'LAMBDA', secretAccessKey: 'secret' },
  requestHandler: recordingHandler(sent) as never,
  maxAttempts: 1,
});

const TableName = 'ccc-compliance';

describe('tenant-scoped document client (every environment)', () => {
  const sent: SentRequest[] = [];
  const db = createTenantScopedDocumentClient({ clientConfig: config(sent) });
  beforeEach(() => {
    sent.length = 0;
  });

  it("refuses a key of another tenant before any request leaves, and passes the scope's own", async () => {
    const forged = runInTenantScope('acme', () =>
      db.send(new GetCommand({ TableName, Key: { pk: 'T#globex#AGREEMENT', sk: 'V#1' } })),
    );
    await expect(forged).rejects.toBeInstanceOf(TenantScopeError);
    expect(sent).toEqual([]);

    await runInTenantScope('acme', () =>
      db.send(new GetCommand({ TableName, Key: { pk: 'T#acme#AGREEMENT', sk: 'V#1' } })),
    );
    expect(sent.map((request) => request.target)).toEqual(['DynamoDB_20120810.GetItem']);
  });

  it('does not take a tenant whose id is a prefix of another for that tenant', async () => {
    const forged = runInTenantScope('acme', () =>
      db.send(new GetCommand({ TableName, Key: { pk: 'T#acme-rival#AGREEMENT', sk: 'V#1' } })),
    );
    await expect(forged).rejects.toBeInstanceOf(TenantScopeError);
    expect(() => runInTenantScope('acme#x', () => undefined)).toThrow(TenantScopeError);
  });

  it('checks the index key of queries, and every item of transactions and batches', async () => {
    const inAcme = (fn: () => Promise<unknown>) => runInTenantScope('acme', fn);
    const refused = [
      new PutCommand({ TableName, Item: { pk: 'T#globex#CONTACT#1', sk: 'C' } }),
      new QueryCommand({
        TableName,
        IndexName: 'gsi1',
        KeyConditionExpression: '#p = :day',
        ExpressionAttributeNames: { '#p': 'gsi1pk' },
        ExpressionAttributeValues: { ':day': 'T#globex#CONTACTS#2026-12-01' },
      }),
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'T#acme#LEDGER', sk: 'S#1' } } },
          { Update: { TableName, Key: { pk: 'T#globex#LEDGER', sk: 'HEAD' }, UpdateExpression: 'SET v = :v' } },
        ],
      }),
      new BatchGetCommand({
        RequestItems: {
          [TableName]: {
            Keys: [
              { pk: 'T#acme#A', sk: '1' },
              { pk: 'T#globex#A', sk: '1' },
            ],
          },
        },
      }),
      // No partition key at all: a scan cannot be proven to stay inside one tenant.
      new QueryCommand({ TableName, KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': 'x' } }),
    ];
    for (const command of refused) {
      await expect(inAcme(() => db.send(command as never))).rejects.toBeInstanceOf(TenantScopeError);
    }
    expect(sent).toEqual([]);

    await inAcme(() =>
      db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': 'T#acme#AGREEMENT', ':v': 'V#' },
        }),
      ),
    );
    expect(sent).toHaveLength(1);
  });

  it('refuses every request made outside a tenant scope', async () => {
    await expect(db.send(new GetCommand({ TableName, Key: { pk: 'T#acme#A', sk: '1' } }))).rejects.toThrow(
      /outside any tenant scope/,
    );
    expect(sent).toEqual([]);
  });
});

describe('tenant-scoped document client (in AWS, with the tenant-access role)', () => {
  const sts = mockClient(STSClient);
  const sent: SentRequest[] = [];
  const hour = 3_600_000;
  const roleArn = 'arn:aws:iam::111122223333:role/tenant-access';

  beforeEach(() => {
    // Date only: the SDK's own credential cache and this module's must see the same clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-12-02T09:00:00Z'));
    sent.length = 0;
    sts.reset();
    sts.on(AssumeRoleCommand).callsFake((input: { Policy: string; RoleSessionName: string }) => ({
      Credentials: {
        AccessKeyId: `KEY-${input.RoleSessionName}-${sts.calls().length}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + hour),
      },
    }));
  });
  afterEach(() => {
    sts.reset();
    vi.useRealTimers();
  });

  const db = createTenantScopedDocumentClient({
    clientConfig: config(sent),
    tenantAccess: { roleArn, tableName: TableName, access: 'read', sts: new STSClient({}) },
  });
  const get = (tenantId: string) =>
    runInTenantScope(tenantId, () => db.send(new GetCommand({ TableName, Key: { pk: `T#${tenantId}#A`, sk: '1' } })));

  it("signs each tenant's requests with credentials whose session policy names only that tenant's keys", async () => {
    await get('acme');
    await get('globex');

    const inputs = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.RoleArn)).toEqual([roleArn, roleArn]);
    const policy = JSON.parse(inputs[0]?.Policy ?? '{}');
    expect(policy.Statement[0].Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['T#acme#*']);
    // A request without leading keys (a scan) matches ForAllValues vacuously: the Null test refuses it.
    expect(policy.Statement[0].Condition.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    expect(policy.Statement[0].Action).not.toContain('dynamodb:PutItem');
    expect(policy.Statement[0].Action).not.toContain('dynamodb:Scan');
    expect(sent[0]?.authorization).toContain('Credential=KEY-tenant-acme-1/');
    expect(sent[1]?.authorization).toContain('Credential=KEY-tenant-globex-2/');
  });

  it('asks STS once per tenant while the credentials live, and again shortly before they expire', async () => {
    const tenant = 'umbrella';
    await get(tenant);
    vi.setSystemTime(Date.now() + 30 * 60_000);
    await get(tenant);
    await get(tenant);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);

    vi.setSystemTime(Date.now() + 26 * 60_000); // 4 minutes before expiry
    await get(tenant);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('refuses a forged key without asking STS for anything', async () => {
    const forged = runInTenantScope('initech', () =>
      db.send(new GetCommand({ TableName, Key: { pk: 'T#acme#A', sk: '1' } })),
    );
    await expect(forged).rejects.toBeInstanceOf(TenantScopeError);
    expect(sts.calls()).toHaveLength(0);
    expect(sent).toEqual([]);
  });
});
