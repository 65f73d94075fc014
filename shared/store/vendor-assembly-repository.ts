/**
 * Partial state of vendor contacts being assembled from several events (Amazon Connect contact events, Genesys Cloud
 * detail events), in the single table.
 *
 * Key design. `pk = T#_vendor#ASSEMBLY#<vendor>#<instance>#<contactId>`, `sk = ASSEMBLY`. The key must be the same for
 * every event of a contact, whatever their order, but the tenant is only known once the event naming the queue has
 * arrived (placement is by instance and queue), so the key cannot begin with the tenant. It begins instead with the
 * pseudo-tenant `_vendor` (like `_unknown` for dead letters): `dynamodb:LeadingKeys` can still confine the translator
 * functions to `T#_vendor#*`, and no principal of a real tenant can ever read another tenant's partial contacts.
 * The canonical contact, once emitted, is stored under its tenant by the recorder as usual.
 *
 * Each event's fact is an attribute `f:<factKey>` written with `if_not_exists`, so a duplicate delivery changes
 * nothing and arrival order does not matter. The due index (gsi1) lists unfinished assemblies by deadline, spread
 * over a few shards so that a busy centre does not write to one index partition; the sweep reads it. TTL removes an
 * assembly a week after its deadline in case no sweep ever runs, and a closed one (a tombstone that turns late
 * duplicates away) a week after it was closed.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AssemblyKey, AssemblyLink, Fact } from '../../events/adapters/vendor-assembly.js';
import type { Vendor } from '../../events/adapters/vendor-contact.js';
import type { AssemblyStore, ClosedAs, StoredAssembly } from '../app/assemble-vendor-contact.js';
import { tenantPrefix } from './keys.js';

/** The pseudo-tenant that owns assemblies (their tenant is not known yet). */
export const VENDOR_PSEUDO_TENANT = '_vendor';
const DUE_SHARDS = 8;
const WEEK_SECONDS = 7 * 86_400;
/** How long an emitter holds an assembly: long enough for one PutEvents with retries. */
const CLAIM_SECONDS = 60;

export type { AssemblyStore, ClosedAs, StoredAssembly };

/** Keys of an assembly item and of its due-index shards. */
export const assemblyKeys = {
  item: (k: AssemblyKey) => ({
    pk: `${tenantPrefix(VENDOR_PSEUDO_TENANT)}#ASSEMBLY#${k.vendor}#${k.instance}#${k.contactId}`,
    sk: 'ASSEMBLY',
  }),
  dueShard: (shard: number) => `${tenantPrefix(VENDOR_PSEUDO_TENANT)}#ASSEMBLIES-DUE#${shard}`,
};

/** FNV-1a: a stable, even spread of keys over the due shards. */
function shardOf(pk: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pk.length; i++) hash = Math.imul(hash ^ pk.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % DUE_SHARDS;
}

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

function fromItem(item: Record<string, unknown>): StoredAssembly {
  const facts: Record<string, Fact> = {};
  const marks: Record<string, true> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('f:')) facts[name.slice(2)] = value as Fact;
    else if (name.startsWith('m:')) marks[name.slice(2)] = true;
  }
  return {
    key: { vendor: item.vendor as Vendor, instance: item.instance as string, contactId: item.contactId as string },
    facts,
    marks,
    dueAt: item.dueAt as string,
    ...(item.closedAs === undefined ? {} : { closedAs: item.closedAs as ClosedAs }),
  };
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** {@link AssemblyStore} in the single table (conditional updates only: no read-modify-write races). */
export class DynamoAssemblyRepository implements AssemblyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The attributes every write keeps current: identity, deadline and its index entry, backstop TTL. */
  private touch(key: AssemblyKey, dueAt: Date) {
    const { pk } = assemblyKeys.item(key);
    const due = dueAt.toISOString();
    return {
      expression:
        '#entity = :entity, #v = :v, #vendor = :vendor, #instance = :instance, #contactId = :contactId, ' +
        '#dueAt = :dueAt, #gsi1pk = :gsi1pk, #gsi1sk = :gsi1sk, #expiresAt = :expiresAt',
      names: {
        '#entity': 'entity',
        '#v': 'v',
        '#vendor': 'vendor',
        '#instance': 'instance',
        '#contactId': 'contactId',
        '#dueAt': 'dueAt',
        '#gsi1pk': 'gsi1pk',
        '#gsi1sk': 'gsi1sk',
        '#expiresAt': 'expiresAt',
        '#closedAs': 'closedAs',
      },
      values: {
        ':entity': 'vendor-assembly',
        ':v': 1,
        ':vendor': key.vendor,
        ':instance': key.instance,
        ':contactId': key.contactId,
        ':dueAt': due,
        ':gsi1pk': assemblyKeys.dueShard(shardOf(pk)),
        ':gsi1sk': `${due}#${pk}`,
        ':expiresAt': epochSeconds(dueAt) + WEEK_SECONDS,
      },
    };
  }

  async merge(key: AssemblyKey, factKey: string, fact: Fact, dueAt: Date): Promise<StoredAssembly | 'closed'> {
    const touch = this.touch(key, dueAt);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: assemblyKeys.item(key),
          UpdateExpression: `SET #fact = if_not_exists(#fact, :fact), ${touch.expression}`,
          ConditionExpression: 'attribute_not_exists(#closedAs)',
          ExpressionAttributeNames: { ...touch.names, '#fact': `f:${factKey}` },
          ExpressionAttributeValues: { ...touch.values, ':fact': fact },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(out.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return 'closed';
      throw error;
    }
  }

  async link({ key, mark }: AssemblyLink, dueAt: Date): Promise<void> {
    const touch = this.touch(key, dueAt);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: assemblyKeys.item(key),
          UpdateExpression: `SET #mark = :true, ${touch.expression}`,
          ConditionExpression: 'attribute_not_exists(#closedAs)',
          ExpressionAttributeNames: { ...touch.names, '#mark': `m:${mark}` },
          ExpressionAttributeValues: { ...touch.values, ':true': true },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async claim(key: AssemblyKey, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: assemblyKeys.item(key),
          UpdateExpression: 'SET #claimUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(#closedAs) AND ' +
            '(attribute_not_exists(#claimUntil) OR #claimUntil < :now)',
          ExpressionAttributeNames: { '#claimUntil': 'claimUntil', '#closedAs': 'closedAs' },
          ExpressionAttributeValues: { ':until': epochSeconds(now) + CLAIM_SECONDS, ':now': epochSeconds(now) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(key: AssemblyKey): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: assemblyKeys.item(key),
        UpdateExpression: 'REMOVE #claimUntil',
        ExpressionAttributeNames: { '#claimUntil': 'claimUntil' },
      }),
    );
  }

  async close(key: AssemblyKey, as: ClosedAs, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: assemblyKeys.item(key),
        UpdateExpression:
          'SET #closedAs = :as, #closedAt = :now, #expiresAt = :expiresAt REMOVE #gsi1pk, #gsi1sk, #claimUntil',
        ExpressionAttributeNames: {
          '#closedAs': 'closedAs',
          '#closedAt': 'closedAt',
          '#expiresAt': 'expiresAt',
          '#gsi1pk': 'gsi1pk',
          '#gsi1sk': 'gsi1sk',
          '#claimUntil': 'claimUntil',
        },
        ExpressionAttributeValues: {
          ':as': as,
          ':now': now.toISOString(),
          ':expiresAt': epochSeconds(now) + WEEK_SECONDS,
        },
      }),
    );
  }

  async get(key: AssemblyKey): Promise<StoredAssembly | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: assemblyKeys.item(key), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : fromItem(out.Item);
  }

  async listDue(now: Date, limit: number): Promise<StoredAssembly[]> {
    const pages = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
            ExpressionAttributeValues: { ':pk': assemblyKeys.dueShard(shard), ':now': now.toISOString() },
            Limit: limit,
          }),
        ),
      ),
    );
    return pages.flatMap((page) => (page.Items ?? []).map(fromItem));
  }
}
