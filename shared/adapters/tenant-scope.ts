/**
 * The data-layer half of tenant isolation (the API's authorisation is the other half, README.md "Tenant isolation"):
 * an API request runs {@link runInTenantScope | in the scope of its tenant}, and the document client made here
 * refuses, before anything leaves the process, every request whose partition key lies outside `T#<tenantId>#`. In
 * AWS it also signs each request with credentials of that tenant only (STS AssumeRole with a session policy that
 * narrows `dynamodb:LeadingKeys` to the tenant), so that a bug which slipped past both checks in code is still
 * refused by DynamoDB itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { tableDefinition } from '../store/table.js';
import { scopedKeys } from './tenant-scope-keys.js';

/** A request outside the current tenant's partitions, or one made where no tenant scope is in force. */
export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

const storage = new AsyncLocalStorage<{ tenantId: string }>();

/** What a tenant id may look like: a `#` in it would let `T#a#b` pass for a partition of tenant `a`. */
const TENANT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Runs `fn` with `tenantId` as the only tenant the scoped document clients may reach. */
export function runInTenantScope<T>(tenantId: string, fn: () => T): T {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new TenantScopeError(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return storage.run({ tenantId }, fn);
}

/** The tenant of the current scope, if any. */
export function currentTenantId(): string | undefined {
  return storage.getStore()?.tenantId;
}

/** The partition-key prefix of one tenant (see `shared/store/keys.ts`). */
export function tenantKeyPrefix(tenantId: string): string {
  return `T#${tenantId}#`;
}

/** Table access a session may have; the caller's own role decides the rest. */
export type TenantTableAccess = 'read' | 'read-write';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/**
 * The session policy of one tenant's credentials: the table's items whose partition key starts with
 * `T#<tenantId>#`, and no others. A session policy only narrows the role's own permissions, so the KMS statement
 * passes on exactly the use of the data key the role has (nothing when the role has none).
 */
export function tenantSessionPolicy(tenantId: string, tableName: string, access: TenantTableAccess) {
  // Any partition and region: the role's own policy already names the one table of this deployment.
  const table = `arn:*:dynamodb:*:*:table/${tableName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TenantItemsOnly',
        Effect: 'Allow',
        Action: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
        Resource: [table, `${table}/index/*`],
        // ForAllValues is true for a request without leading keys (a Scan): the Null test refuses those.
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${tenantKeyPrefix(tenantId)}*`] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      },
      { Sid: 'DataKeyThroughTheRole', Effect: 'Allow', Action: KEY_ACTIONS, Resource: '*' },
    ],
  };
}

/** The STS side of {@link TenantScopedClientOptions}. */
export interface TenantAccess {
  /** The tenant-access role (`TENANT_ACCESS_ROLE_ARN`), whose trust policy names the API functions' roles. */
  roleArn: string;
  tableName: string;
  access: TenantTableAccess;
  /** Default: a client in `region`. */
  sts?: STSClient;
  region?: string;
  /** Seconds the credentials live (default 3600, the most a role chained from a Lambda role may have). */
  durationSeconds?: number;
  /**
   * Refresh this long before they expire (default 5 minutes, as the SDK's own credential cache does, so no request
   * is signed with nearly dead ones).
   */
  refreshBeforeMs?: number;
}

/** Options of {@link createTenantScopedDocumentClient}. */
export interface TenantScopedClientOptions {
  /** The DynamoDB client settings (region, endpoint, retries); `credentials` is replaced when `tenantAccess` is set. */
  clientConfig: DynamoDBClientConfig;
  translateConfig?: TranslateConfig;
  /** In AWS: sign each tenant's requests with that tenant's own credentials. Locally: absent. */
  tenantAccess?: TenantAccess;
}

/**
 * Refuses, at the start of the client's middleware stack (so before credentials are resolved or anything is sent),
 * every request that does not prove to stay inside the current tenant's partitions.
 */
function addScopeGuard(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const tenantId = currentTenantId();
      const command = context.commandName ?? 'request';
      if (tenantId === undefined) throw new TenantScopeError(`${command} outside any tenant scope`);
      const prefix = tenantKeyPrefix(tenantId);
      const keys = scopedKeys(args.input as Record<string, unknown>, tableDefinition);
      if (keys.length === 0) throw new TenantScopeError(`${command} names no partition key of one tenant`);
      const outside = keys.filter((key) => key === undefined || !key.startsWith(prefix));
      if (outside.length > 0) {
        const foreign = outside[0] ?? 'an unreadable key';
        throw new TenantScopeError(`${command} reaches partition ${foreign} outside tenant ${tenantId}`);
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'tenantScopeGuard', override: true },
  );
}

/** Credentials of one tenant, fetched once and reused until shortly before they expire. */
function tenantCredentials(tenantId: string, access: TenantAccess, sts: STSClient): AwsCredentialIdentityProvider {
  const refreshBeforeMs = access.refreshBeforeMs ?? 5 * 60_000;
  let cached: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = 0;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const { Credentials: credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: access.roleArn,
        RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
        DurationSeconds: access.durationSeconds ?? 3600,
        Policy: JSON.stringify(tenantSessionPolicy(tenantId, access.tableName, access.access)),
      }),
    );
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
      throw new TenantScopeError(`STS returned no credentials for tenant ${tenantId}`);
    }
    expiresAt = credentials.Expiration.getTime();
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  };
  return () => {
    if (cached === undefined || Date.now() >= expiresAt - refreshBeforeMs) {
      // Cleared on failure, so that the next request asks STS again instead of repeating the error.
      cached = fetch().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
    }
    return cached;
  };
}

/** Bounds the per-tenant clients one container keeps; the oldest is dropped (and its sockets closed) beyond it. */
const MAX_TENANT_CLIENTS = 200;

/**
 * A document client that only reaches the current scope's tenant. Without `tenantAccess` it is one client with the
 * guard. With it, each tenant gets its own client (guard included) signed with that tenant's STS credentials; the
 * returned client hands every command to the client of the tenant in scope.
 */
export function createTenantScopedDocumentClient(options: TenantScopedClientOptions): DynamoDBDocumentClient {
  const make = (credentials?: AwsCredentialIdentityProvider) => {
    const config = credentials ? { ...options.clientConfig, credentials } : options.clientConfig;
    const client = DynamoDBDocumentClient.from(new DynamoDBClient(config), options.translateConfig);
    addScopeGuard(client);
    return client;
  };
  const base = make();
  const { tenantAccess } = options;
  if (tenantAccess === undefined) return base;

  const sts = tenantAccess.sts ?? new STSClient({ region: tenantAccess.region ?? options.clientConfig.region });
  const perTenant = new Map<string, DynamoDBDocumentClient>();
  const clientFor = (tenantId: string) => {
    let client = perTenant.get(tenantId);
    if (client === undefined) {
      client = make(tenantCredentials(tenantId, tenantAccess, sts));
      perTenant.set(tenantId, client);
      const oldest = perTenant.keys().next().value;
      if (perTenant.size > MAX_TENANT_CLIENTS && oldest !== undefined) {
        perTenant.get(oldest)?.destroy();
        perTenant.delete(oldest);
      }
    }
    return client;
  };
  type Send = (...args: unknown[]) => unknown;
  const baseSend = base.send.bind(base) as Send;
  const send = ((...args: unknown[]) => {
    const tenantId = currentTenantId();
    // Outside a scope the base client's guard refuses it, without credentials of any tenant.
    if (tenantId === undefined) return baseSend(...args);
    const target = clientFor(tenantId);
    return (target.send.bind(target) as Send)(...args);
  }) as DynamoDBDocumentClient['send'];
  return Object.assign(base, { send });
}
